// The author's own JSON Schema for front matter, checked with ajv (+ ajv-formats), each error placed on the YAML
// node it concerns. Compiles a schema once, never per post; never reads a file nor fetches a `$ref` (schema-file.ts).
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import * as formatsModule from 'ajv-formats'
import type { Diagnostic, Post, PostRule, Range, RubyTime } from '../model.js'
import { isRubyDate, isRubyTime, RubyFloat } from '../ruby/values.js'
import { diagnosticAt } from '../diagnostic.js'

/** The schema itself is unusable (not a schema, an unsupported draft, a broken `$ref`): a setup error, not a post's. */
export class SchemaError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaError'
  }
}

const compiled = new WeakMap<object, ValidateFunction>()

/**
 * Compiles the author's schema with the ajv class its `$schema` names (draft 2020-12, 2019-09, else draft-07),
 * formats from ajv-formats, all errors. The result is cached for the schema object, so a run compiles once.
 * Throws SchemaError when the schema cannot be compiled.
 */
export function compileFrontMatterSchema(
  schema: Record<string, unknown>,
  referenced: readonly Record<string, unknown>[] = []
): ValidateFunction {
  const cached = compiled.get(schema)
  if (cached) return cached
  const declared = typeof schema.$schema === 'string' ? schema.$schema : ''
  const options: Options = { allErrors: true, strict: false, logger: false }
  const ajv = declared.includes('2020-12')
    ? new Ajv2020(options)
    : declared.includes('2019-09')
      ? new Ajv2019(options)
      : new Ajv(options)
  addFormats(ajv)
  let validate: ValidateFunction
  try {
    // The files the schema's `$ref`s name, already read from inside the repository: ajv never loads one itself.
    for (const other of referenced) ajv.addSchema(other)
    validate = ajv.compile(schema)
  } catch (error) {
    throw new SchemaError(`The front-matter schema cannot be used: ${(error as Error).message}`)
  }
  compiled.set(schema, validate)
  return validate
}

function addFormats(ajv: Ajv | Ajv2019 | Ajv2020): void {
  const mod = formatsModule as unknown as { default: unknown }
  const plugin = (
    typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default
  ) as (a: unknown) => void
  plugin(ajv)
}

/**
 * Front matter as ajv sees it: the values Ruby reads, in JSON terms. A YAML timestamp (a Ruby Time) becomes its
 * RFC 3339 text with the offset written in the post (`2026-03-12 23:10:00 +0900` -> `2026-03-12T23:10:00+09:00`;
 * no offset written -> UTC, `Z`, as Psych reads it), so `format: date-time` accepts it; a YAML date (a Ruby Date)
 * becomes `YYYY-MM-DD`, so `format: date` accepts it. Both are strings to `type`. A Ruby Float is a number.
 */
export function toSchemaValue(value: unknown): unknown {
  if (isRubyTime(value)) return rfc3339(value)
  if (isRubyDate(value)) return `${pad(value.year, 4)}-${pad(value.month, 2)}-${pad(value.day, 2)}`
  if (value instanceof RubyFloat) return value.value
  if (Array.isArray(value)) return value.map(toSchemaValue)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = toSchemaValue(v)
    return out
  }
  return value
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function rfc3339(time: RubyTime): string {
  const offset = time.offsetMinutes ?? 0
  const local = new Date(time.epochMs + offset * 60_000).toISOString().replace(/\.000Z$|Z$/, '')
  if (offset === 0) return `${local}Z`
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${local}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`
}

export const schemaRules: PostRule = (post, ctx) => {
  if (!ctx.schema || !post.frontMatter) return []
  const validate = compileFrontMatterSchema(ctx.schema, ctx.schemaRefs)
  const data = toSchemaValue(post.frontMatter.data)
  if (validate(data)) return []
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const error of validate.errors ?? []) {
    const d = placeError(post, data, error)
    const id = `${d.line}:${d.column}:${d.message}`
    if (seen.has(id)) continue
    seen.add(id)
    out.push(d)
  }
  return out
}

/** `/tags/2` -> ['tags', 2]: JSON Pointer segments, numbers where the data there is an array. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return []
  const path: (string | number)[] = []
  let here: unknown = data
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(here) && /^\d+$/.test(segment)) {
      path.push(Number(segment))
      here = here[Number(segment)]
    } else {
      path.push(segment)
      here = here && typeof here === 'object' ? (here as Record<string, unknown>)[segment] : undefined
    }
  }
  return path
}

function placeError(post: Post, data: unknown, error: ErrorObject): Diagnostic {
  const fm = post.frontMatter!
  const path = pointerToPath(error.instancePath, data)
  const params = error.params as Record<string, unknown>
  const named =
    (params.additionalProperty as string | undefined) ??
    (params.unevaluatedProperty as string | undefined) ??
    (params.propertyName as string | undefined)
  let range: Range | undefined
  let subject = path
  if (named !== undefined) {
    subject = [...path, named]
    range = fm.locate(subject)?.key
  } else if (
    error.keyword === 'required' ||
    error.keyword === 'dependentRequired' ||
    error.keyword === 'dependencies'
  ) {
    const at = fm.locate(path)
    range = path.length === 0 ? undefined : (at?.key ?? at?.value)
  } else {
    const at = fm.locate(path)
    range = at?.value ?? at?.key
  }
  // A node that cannot be located (e.g. reached through an alias): the nearest ancestor that can.
  for (let up = subject.length - 1; !range && up > 0; up--) {
    const at = fm.locate(subject.slice(0, up))
    range = at?.key ?? at?.value
  }
  return diagnosticAt(post, range, 'schema/invalid', 'error', messageOf(path, error, params))
}

function messageOf(path: (string | number)[], error: ErrorObject, params: Record<string, unknown>): string {
  const where = path.length === 0 ? 'front matter' : `\`${path.join('.')}\``
  const keyword = ` (schema: ${error.keyword} at ${error.schemaPath})`
  switch (error.keyword) {
    case 'required':
      return `${where}: \`${String(params.missingProperty)}\` is required${keyword}`
    case 'additionalProperties':
      return `${where}: \`${String(params.additionalProperty)}\` is not allowed${keyword}`
    case 'unevaluatedProperties':
      return `${where}: \`${String(params.unevaluatedProperty)}\` is not allowed${keyword}`
    case 'enum':
      return `${where} ${error.message}: ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}${keyword}`
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}${keyword}`
    default:
      return `${where} ${error.message ?? 'is invalid'}${keyword}`
  }
}
