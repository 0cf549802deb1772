// GitHub's REST contract, from @octokit/openapi's api.github.com.json (read once per process, lazily): finds
// the operation a request means, validates its parameters and body, and checks responses. Decides nothing else.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { RestFieldError } from './errors.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

interface ParamSpec {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  schema: JsonObject
}

export interface Operation {
  operationId: string
  method: string
  template: string
  params: ParamSpec[]
  body: { schema: JsonObject; required: boolean } | null
  responses: Record<string, JsonObject>
  docUrl: string
  /** Matches the path with every parameter inside one segment; groups in `paramNames` order. */
  strict: RegExp
  /** As `strict` but the last parameter may span segments or be empty (`git/ref/heads/a/b`, `contents/`). */
  loose: RegExp
  paramNames: string[]
  literalSegments: number
}

interface Spec {
  operations: Operation[]
  byId: Map<string, Operation>
  ajv: Ajv
  paramAjv: Ajv
  raw: RawSpec
  /** Component schemas already registered, per ajv instance. */
  added: Map<Ajv, Set<string>>
}

let cached: Spec | undefined

/** Where the one spec file lives (not the package index, which would load every GitHub flavour). */
export function specPath(): string {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve('@octokit/openapi/package.json')
  return join(dirname(pkg), 'generated', 'api.github.com.json')
}

/**
 * OpenAPI 3.0's `nullable` is not JSON Schema: `{type: string, nullable: true}` becomes
 * `{type: [string, null]}`, and a nullable schema without `type` becomes `anyOf [schema, null]`.
 */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(node)) out[k] = toJsonSchema(v)
  if (out.nullable === true) {
    delete out.nullable
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    } else {
      return { anyOf: [out, { type: 'null' }] }
    }
  } else if (out.nullable === false) {
    delete out.nullable
  }
  return out
}

const SCHEMA_BASE = 'https://github-sim.invalid/schemas/'

/** Points `#/components/schemas/X...` references at the schema registered under its own id, and notes X. */
function rebase(node: Json, seen: Set<string>): Json {
  if (Array.isArray(node)) return node.map(n => rebase(n, seen))
  if (node === null || typeof node !== 'object') return node
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(node)) {
    const m =
      k === '$ref' && typeof v === 'string' ? /^#\/components\/schemas\/([^/]+)(\/.*)?$/.exec(v) : null
    if (m) {
      seen.add(m[1]!)
      out[k] = `${SCHEMA_BASE}${m[1]}${m[2] ? `#${m[2]}` : ''}`
    } else {
      out[k] = rebase(v, seen)
    }
  }
  return out
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Path parameters whose values may hold `/`. */
const SLASHED = new Set(['path', 'ref', 'branch', 'basehead', 'tag', 'file_path'])

/** Stands for a path parameter while a template is turned into a regular expression. */
const PARAM = '\uE000'

function compileTemplate(
  template: string
): Pick<Operation, 'strict' | 'loose' | 'paramNames' | 'literalSegments'> {
  const paramNames: string[] = []
  const segments = template.split('/').slice(1)
  let literalSegments = 0
  const parts = segments.map(seg => {
    if (!seg.includes('{')) literalSegments++
    return seg
      .split(/(\{[^}]+\})/)
      .filter(Boolean)
      .map(piece => {
        if (piece.startsWith('{')) {
          paramNames.push(piece.slice(1, -1))
          return PARAM
        }
        return escapeRegex(piece)
      })
      .join('')
  })
  const pieces = parts.join('/').split(PARAM)
  const strict = new RegExp(`^/${pieces.join('([^/]+?)')}/?$`)
  // Only a parameter that names a path, ref or branch may carry slashes (`contents/_posts/a.md`,
  // `git/refs/heads/feat/x`); `/repos/o/r/git/refs/` is not `repos/get` with a repo named `r/git/refs`
  // (api.github.com answered it as a list of refs: @octokit/fixtures git-refs).
  const loose =
    pieces.length < 2 || !SLASHED.has(paramNames.at(-1) ?? '')
      ? strict
      : new RegExp(`^/${pieces.slice(0, -1).join('([^/]+?)')}(.*?)${pieces.at(-1)}/?$`)
  return { strict, loose, paramNames, literalSegments }
}

interface RawSpec {
  paths: Record<string, Record<string, JsonObject>>
  components: {
    schemas: Record<string, Json>
    parameters: Record<string, JsonObject>
    responses: Record<string, JsonObject>
  }
}

/**
 * Loads and indexes the spec once per process. Schemas are converted and handed to ajv only when an
 * operation that uses them is first validated, so a run pays for the operations it touches.
 */
export function loadSpec(): Spec {
  if (cached) return cached
  const raw = JSON.parse(readFileSync(specPath(), 'utf8')) as RawSpec
  const operations: Operation[] = []
  for (const [template, item] of Object.entries(raw.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== 'object' || op === null || typeof op.operationId !== 'string') continue
      const docs = op.externalDocs as JsonObject | undefined
      let details: Pick<Operation, 'params' | 'body' | 'responses'> | undefined
      const detail = () => (details ??= operationDetails(raw, op))
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        get params() {
          return detail().params
        },
        get body() {
          return detail().body
        },
        get responses() {
          return detail().responses
        },
        docUrl: typeof docs?.url === 'string' ? docs.url : 'https://docs.github.com/rest',
        ...compileTemplate(template)
      })
    }
  }
  // Most literal segments first, so `/issues/comments` wins over `/issues/{issue_number}`.
  operations.sort((a, b) => b.literalSegments - a.literalSegments)
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    validateFormats: true,
    inlineRefs: false
  })
  addFormats(ajv)
  const paramAjv = new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    coerceTypes: 'array',
    useDefaults: true,
    inlineRefs: false
  })
  addFormats(paramAjv)
  cached = {
    operations,
    byId: new Map(operations.map(o => [o.operationId, o])),
    ajv,
    paramAjv,
    raw,
    added: new Map()
  }
  return cached
}

function operationDetails(raw: RawSpec, op: JsonObject): Pick<Operation, 'params' | 'body' | 'responses'> {
  const params = ((op.parameters as JsonObject[] | undefined) ?? []).map(p => {
    const ref = typeof p.$ref === 'string' ? p.$ref : undefined
    const resolved = toJsonSchema(ref ? raw.components.parameters[ref.split('/').pop()!]! : p) as JsonObject
    return {
      name: String(resolved.name),
      in: resolved.in as ParamSpec['in'],
      required: resolved.required === true,
      schema: (resolved.schema as JsonObject) ?? {}
    }
  })
  const content = (op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined
  const bodySchema = (content?.['application/json'] as JsonObject | undefined)?.schema as
    JsonObject | undefined
  const responses: Record<string, JsonObject> = {}
  for (const [code, r] of Object.entries((op.responses as JsonObject) ?? {})) {
    const resp = r as JsonObject
    const ref = typeof resp.$ref === 'string' ? resp.$ref : undefined
    const resolved = ref ? raw.components.responses[ref.split('/').pop()!]! : resp
    const schema = (
      (resolved.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined
    )?.schema
    if (schema && typeof schema === 'object' && !Array.isArray(schema))
      responses[code] = toJsonSchema(schema) as JsonObject
  }
  return {
    params,
    body: bodySchema
      ? {
          schema: toJsonSchema(bodySchema) as JsonObject,
          required: (op.requestBody as JsonObject).required === true
        }
      : null,
    responses
  }
}

/** Registers component schema `name` (and those it references) with an ajv instance, once. */
function addComponent(spec: Spec, ajv: Ajv, name: string): void {
  let done = spec.added.get(ajv)
  if (!done) spec.added.set(ajv, (done = new Set()))
  const pending = [name]
  while (pending.length) {
    const next = pending.pop()!
    if (done.has(next)) continue
    done.add(next)
    const source = spec.raw.components.schemas[next]
    if (source === undefined) throw new Error(`github-sim: the spec has no schema ${next}`)
    const refs = new Set<string>()
    const schema = rebase(toJsonSchema(source), refs) as JsonObject
    ajv.addSchema({ ...schema, $id: `${SCHEMA_BASE}${next}` })
    pending.push(...refs)
  }
}

/** A validator for `schema` (OpenAPI refs allowed), compiled once per key. */
function compileSchema(spec: Spec, ajv: Ajv, key: string, schema: () => Json): ValidateFunction {
  let v = validators.get(key)
  if (!v) {
    const refs = new Set<string>()
    const rebased = rebase(schema(), refs)
    for (const name of refs) addComponent(spec, ajv, name)
    v = ajv.compile(rebased as object)
    validators.set(key, v)
  }
  return v
}

export interface RouteMatch {
  operation: Operation
  pathParams: Record<string, string>
}

/** The operation GitHub's description assigns to `method pathname`, or null (GitHub answers 404). */
export function matchRoute(method: string, pathname: string): RouteMatch | null {
  const spec = loadSpec()
  const m = method === 'HEAD' ? 'GET' : method
  for (const pass of ['strict', 'loose'] as const) {
    for (const op of spec.operations) {
      if (op.method !== m) continue
      const found = op[pass].exec(pathname)
      if (!found) continue
      const pathParams: Record<string, string> = {}
      let ok = true
      op.paramNames.forEach((name, i) => {
        try {
          pathParams[name] = decodeURIComponent(found[i + 1] ?? '')
        } catch {
          ok = false
        }
      })
      if (ok) return { operation: op, pathParams }
    }
  }
  return null
}

export function operationById(operationId: string): Operation | undefined {
  return loadSpec().byId.get(operationId)
}

const validators = new Map<string, ValidateFunction>()

export type RequestCheck =
  | { ok: true; path: Record<string, unknown>; query: Record<string, unknown>; body: unknown }
  | { ok: false; status: 404 | 422; message: string; errors?: RestFieldError[] }

function describe(value: unknown): string {
  return value === undefined ? 'nil' : value === null ? 'nil' : JSON.stringify(value)
}

/** GitHub's wording for a schema violation: "For 'properties/title', 5 is not a string." */
function explain(errors: ErrorObject[], data: unknown): { text: string; fieldErrors: RestFieldError[] } {
  const missing = errors.filter(e => e.keyword === 'required')
  if (missing.length) {
    const names = missing.map(e => String((e.params as { missingProperty: string }).missingProperty))
    return {
      text: names.map(n => `"${n}" wasn't supplied.`).join('\n'),
      fieldErrors: names.map(n => ({ resource: 'Request', field: n, code: 'missing_field' }))
    }
  }
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)
  const first =
    deepest.find(e => e.keyword === 'type') ??
    deepest.find(e => e.keyword !== 'oneOf' && e.keyword !== 'anyOf') ??
    deepest[0]!
  const segments = first.instancePath.split('/').filter(Boolean)
  let value: unknown = data
  for (const s of segments) value = (value as Record<string, unknown> | undefined)?.[s]
  const where = segments.length ? `properties/${segments.join('/')}` : 'body'
  const detail =
    first.keyword === 'type'
      ? `${describe(value)} is not ${/^[aeiou]/.test(String((first.params as { type: string }).type)) ? 'an' : 'a'} ${String((first.params as { type: string }).type).replace(/,null$/, '')}.`
      : first.keyword === 'enum'
        ? `${describe(value)} is not a member of ${JSON.stringify((first.params as { allowedValues: unknown[] }).allowedValues)}.`
        : `${describe(value)} ${first.message ?? 'is invalid'}.`
  return {
    text: `For '${where}', ${detail}`,
    fieldErrors: [
      {
        resource: 'Request',
        field: segments.join('.') || undefined,
        code: 'invalid',
        value,
        message: first.message
      }
    ]
  }
}

/** Validates path and query parameters (coerced from strings) and the JSON body against the operation. */
export function checkRequest(
  op: Operation,
  pathParams: Record<string, string>,
  search: URLSearchParams,
  body: unknown
): RequestCheck {
  const spec = loadSpec()
  const path: Record<string, unknown> = { ...pathParams }
  const query: Record<string, unknown> = {}
  for (const p of op.params.filter(p => p.in === 'query')) {
    const all = search.getAll(p.name)
    const arrayName = search.getAll(`${p.name}[]`)
    if (all.length || arrayName.length)
      query[p.name] = p.schema.type === 'array' ? [...all, ...arrayName] : all.at(-1)
  }
  const schemaOf = (where: 'path' | 'query'): Json => ({
    type: 'object',
    properties: Object.fromEntries(op.params.filter(p => p.in === where).map(p => [p.name, p.schema])),
    required: op.params.filter(p => p.in === where && p.required).map(p => p.name)
  })
  const pathCheck = compileSchema(spec, spec.paramAjv, `${op.operationId}#path`, () => schemaOf('path'))
  if (!pathCheck(path)) return { ok: false, status: 404, message: 'Not Found' }
  const queryCheck = compileSchema(spec, spec.paramAjv, `${op.operationId}#query`, () => schemaOf('query'))
  if (!queryCheck(query)) {
    const { text, fieldErrors } = explain(queryCheck.errors ?? [], query)
    return { ok: false, status: 422, message: `Invalid request.\n\n${text}`, errors: fieldErrors }
  }
  if (op.body && !['GET', 'HEAD'].includes(op.method)) {
    if (body === undefined) {
      if (op.body.required) {
        return {
          ok: false,
          status: 422,
          message: 'Invalid request.\n\nNo body was supplied.',
          errors: [{ resource: 'Request', code: 'missing', message: 'No body was supplied.' }]
        }
      }
    } else {
      const bodyCheck = compileSchema(spec, spec.ajv, `${op.operationId}#body`, () => op.body!.schema)
      if (!bodyCheck(body)) {
        const { text, fieldErrors } = explain(bodyCheck.errors ?? [], body)
        return { ok: false, status: 422, message: `Invalid request.\n\n${text}`, errors: fieldErrors }
      }
    }
  }
  return { ok: true, path, query, body }
}

/**
 * Checks a response body against the schema the spec gives for that operation and status. Returns the
 * violations (empty: conforms), or null when the spec has no JSON schema for that status.
 */
export function checkResponse(operationId: string, status: number, body: unknown): string[] | null {
  const spec = loadSpec()
  const op = spec.byId.get(operationId)
  if (!op) throw new Error(`github-sim: no operation ${operationId} in the spec`)
  const schema = op.responses[String(status)]
  if (!schema) return null
  const v = compileSchema(spec, spec.ajv, `${operationId}#response${status}`, () => schema)
  if (v(body)) return []
  return (v.errors ?? [])
    .slice(0, 10)
    .map(e => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}
