// The author's JSON Schema and the files its `$ref`s name, read only from inside the repository through a reader
// (the workspace on disk, or a pull request's base commit). Never reaches the network; never quotes a file's bytes.
import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { refusalLine, resolveInside, type Refusal } from './boundary.js'

/** A repository file as a reader found it: its text, nothing there, or refused by the trust boundary. */
export type SchemaSource =
  { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'outside'; rule: Refusal }

/** Reads a repository-relative posix path (`schema/front.json`). */
export type SchemaReader = (path: string) => SchemaSource

/** The schema file, and every file its `$ref`s reach, each with the `$id` the references resolve against. */
export interface SchemaSet {
  root: Record<string, unknown>
  referenced: Record<string, unknown>[]
  /** Repository-relative paths of every file read, the root first. */
  files: string[]
}

/** A schema (or a file it references) that cannot be used: the one line, naming the file and the rule. */
export class SchemaFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaFileError'
  }
}

/** Files in the workspace, symbolic links followed; a path whose real location is outside is refused, not read. */
export function diskReader(workspace: string): SchemaReader {
  return path => {
    const where = resolveInside(workspace, join(workspace, path))
    if (where.kind === 'outside') return { kind: 'outside', rule: where.rule }
    if (where.kind === 'missing') return { kind: 'missing' }
    try {
      return { kind: 'text', text: readFileSync(where.path, 'utf8') }
    } catch {
      return { kind: 'missing' }
    }
  }
}

/** Files of a commit already fetched (a pull request's base commit); a path not in `files` is missing there. */
export function mapReader(files: ReadonlyMap<string, string | undefined>): SchemaReader {
  return path => {
    const text = files.get(path)
    return text === undefined ? { kind: 'missing' } : { kind: 'text', text }
  }
}

/** The `$id` a file without its own is compiled under, so relative `$ref`s between files resolve as paths. */
export const fileId = (path: string): string => `file:///${path.split('/').map(encodeURIComponent).join('/')}`

/** Parses a schema file's text; a parse error names the file and the line, never the bytes. */
export function parseSchemaText(text: string, shown: string): Record<string, unknown> {
  let schema: unknown
  try {
    schema = JSON.parse(text)
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)?.[1]
    const line = at === undefined ? undefined : text.slice(0, Number(at)).split('\n').length
    throw new SchemaFileError(`'${shown}'${line ? ` line ${line}` : ''} is not valid JSON`)
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new SchemaFileError(`'${shown}' is not a JSON Schema object (its top level must be an object)`)
  return schema as Record<string, unknown>
}

/** Every `$ref` (and `$dynamicRef`) string in a schema, and every `$id` it declares. */
function walk(schema: unknown, refs: string[], ids: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) walk(item, refs, ids)
    return
  }
  if (!schema || typeof schema !== 'object') return
  for (const [key, value] of Object.entries(schema)) {
    if ((key === '$ref' || key === '$dynamicRef') && typeof value === 'string') refs.push(value)
    else if (key === '$id' && typeof value === 'string') ids.add(beforeHash(value))
    else walk(value, refs, ids)
  }
}

/** What one `$ref` in `file` names: itself (a fragment or a declared `$id`), a repository file, or a refusal. */
export type RefTarget = { kind: 'self' } | { kind: 'file'; path: string } | { kind: 'refused'; line: string }

const beforeHash = (text: string): string => (text.includes('#') ? text.slice(0, text.indexOf('#')) : text)

const SCHEME = /^[a-z][a-z\d+.-]*:/i

export function refTarget(
  ref: string,
  file: string,
  ownId: string | undefined,
  ids: ReadonlySet<string>
): RefTarget {
  const address = beforeHash(ref)
  if (address === '') return { kind: 'self' }
  const shown = `'${file}': $ref '${address.slice(0, 200)}'`
  // Relative to a file's own absolute `$id` (a URL), a reference is a URL too: only an `$id` declared here is known.
  const base = ownId && SCHEME.test(ownId) ? ownId : undefined
  if (SCHEME.test(address) || address.startsWith('//') || base) {
    let absolute = address
    try {
      absolute = new URL(address, base ?? 'file:///').href
    } catch {
      // Not a URL anyone can resolve: refused as one below.
    }
    if (ids.has(address) || ids.has(absolute)) return { kind: 'self' }
    return {
      kind: 'refused',
      line: `${shown} is a URL; a schema is never fetched, only files inside the repository are read.`
    }
  }
  if (address.startsWith('/') || /^[a-z]:[\\/]/i.test(address))
    return { kind: 'refused', line: refusalLine(shown, 'leaves the repository') }
  let decoded: string
  try {
    decoded = decodeURIComponent(address)
  } catch {
    decoded = address
  }
  const path = posix.normalize(posix.join(posix.dirname(file), decoded.replace(/\\/g, '/')))
  if (path === '..' || path.startsWith('../'))
    return { kind: 'refused', line: refusalLine(shown, 'leaves the repository') }
  return { kind: 'file', path }
}

/** The files `$ref`s in `schema` (read from `file`) reach, or the first refusal. */
export function refFiles(schema: Record<string, unknown>, file: string): string[] {
  const refs: string[] = []
  const ids = new Set<string>()
  walk(schema, refs, ids)
  const ownId = typeof schema.$id === 'string' ? schema.$id : undefined
  const paths = new Set<string>()
  for (const ref of refs) {
    const target = refTarget(ref, file, ownId, ids)
    if (target.kind === 'refused') throw new SchemaFileError(target.line)
    if (target.kind === 'file' && target.path !== file) paths.add(target.path)
  }
  return [...paths]
}

/** Reads `path` (repository-relative) and every file its `$ref`s reach through `read`. Throws SchemaFileError. */
export function loadSchemaSet(path: string, read: SchemaReader): SchemaSet {
  const root = normalizePath(path)
  const loaded = new Map<string, Record<string, unknown>>()
  const queue = [root]
  while (queue.length > 0) {
    const file = queue.shift()!
    if (loaded.has(file)) continue
    const source = read(file)
    const shown = file === root ? `'${file}'` : `'${file}' (named by a $ref)`
    if (source.kind === 'outside') throw new SchemaFileError(refusalLine(shown, source.rule))
    if (source.kind === 'missing') throw new SchemaFileError(`${shown} does not exist`)
    const schema = parseSchemaText(source.text, file)
    loaded.set(file, schema)
    if (loaded.size > 100) throw new SchemaFileError(`'${root}' reaches more than 100 files through $ref`)
    queue.push(...refFiles(schema, file))
  }
  const withId = ([file, schema]: [string, Record<string, unknown>]) =>
    typeof schema.$id === 'string' ? schema : { ...schema, $id: fileId(file) }
  const [first, ...rest] = [...loaded]
  return { root: withId(first!), referenced: rest.map(withId), files: [...loaded.keys()] }
}

/** `./a//b.json` -> `a/b.json`; a path that leaves the repository is refused before anything is read. */
function normalizePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '')
  if (normal === '..' || normal.startsWith('../') || posix.isAbsolute(normal))
    throw new SchemaFileError(refusalLine(`'${path}'`, 'leaves the repository'))
  return normal
}
