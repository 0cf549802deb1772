// Writes what is generated from the table of inputs (src/inputs.ts), the rule catalogue, the checked fixtures and real
// README's blocks and the configuration file's JSON Schema. `npm run docs` rewrites them; a test fails on drift.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, Scalar, stringify } from 'yaml'
import { INPUTS, NOT_FROM_FILE, type InputSpec } from '../src/inputs.js'
import { JOB_NAMES } from '../src/settings.js'
import { TRAPS, type Trap } from './traps.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

interface ActionSpec {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const cell = (text: string) =>
  text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

/** The README's input table, from the one table of inputs (src/inputs.ts). */
export function renderInputs(inputs: readonly InputSpec[] = INPUTS): string {
  const rows = ['| input | default | what it does |', '| --- | --- | --- |']
  for (const input of inputs) {
    const shown = input.actionDefault ?? input.default
    const def = shown === '' ? '' : `\`${cell(shown)}\``
    rows.push(`| \`${input.name}\` | ${def} | ${cell(input.description)} |`)
  }
  return rows.join('\n')
}

/**
 * action.yml with its `inputs:` block generated from the table. No input carries a `default:` (an empty input means
 * "not given", so the configuration file can apply), except the token's `${{ github.token }}`, which only the runner
 * can expand; each description states the default.
 */
export function renderActionYml(actionYml: string, inputs: readonly InputSpec[] = INPUTS): string {
  const start = actionYml.indexOf('\ninputs:\n')
  const end = actionYml.indexOf('\noutputs:\n')
  if (start < 0 || end < start) throw new Error('action.yml has no inputs: block followed by outputs:')
  const block: Record<string, Record<string, unknown>> = {}
  for (const input of inputs) {
    const stated = input.default === '' ? '' : ` Default: \`${input.default}\`.`
    const description = new Scalar(
      input.description + (input.actionDefault ? ` Default: \`${input.actionDefault}\`.` : stated)
    )
    description.type = Scalar.BLOCK_FOLDED
    block[input.name] = {
      description,
      required: false,
      ...(input.actionDefault ? { default: input.actionDefault } : {})
    }
  }
  const text = stringify({ inputs: block }, { lineWidth: 116, minContentWidth: 40 })
  return actionYml.slice(0, start + 1) + text + actionYml.slice(end)
}

export function renderOutputs(actionYml: string): string {
  const action = parse(actionYml) as ActionSpec
  const rows = ['| output | what it holds |', '| --- | --- |']
  for (const [name, spec] of Object.entries(action.outputs))
    rows.push(`| \`${name}\` | ${cell(spec.description)} |`)
  return rows.join('\n')
}

export interface RuleRow {
  id: string
  severity: string
  description: string
  fixable?: boolean
}

export function renderRules(rules: RuleRow[]): string {
  const rows = ['| rule | default | what it finds | fix |', '| --- | --- | --- | --- |']
  for (const rule of rules)
    rows.push(
      `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.description)} | ${rule.fixable ? 'yes' : ''} |`
    )
  return rows.join('\n')
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function replaceBlock(readme: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const a = readme.indexOf(start)
  const b = readme.indexOf(end)
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} block`)
  return readme.slice(0, a + start.length) + '\n' + content + '\n' + readme.slice(b)
}

export interface Example {
  rule: string
  /** Where the finding comes from, relative to the repository root (`examples/blog/_posts/…:5`). */
  where: string
  severity: string
  message: string
}

/**
 * Blogs whose findings serve as examples, each with the instant it is checked at (its `time:`, else a fixed one):
 * examples/blog, the conformance fixtures, then docs/rule-examples (checked with its own front matter schema).
 */
export function exampleSites(): Array<{ root: string; now: number; schemaPath?: string }> {
  const timeOf = (root: string): number => {
    const time = /^time:\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ?([+-]\d{2})(\d{2})\s*$/m.exec(
      readFileSync(join(root, '_config.yml'), 'utf8')
    )
    return time
      ? Date.parse(`${time[1]}T${time[2]}${time[3]}:${time[4]}`)
      : Date.parse('2026-03-20T12:00:00+09:00')
  }
  const sites: Array<{ root: string; now: number; schemaPath?: string }> = [
    { root: join(ROOT, 'examples', 'blog'), now: Date.parse('2026-11-28T09:00:00+09:00') }
  ]
  const fixtures = join(ROOT, 'test', 'conformance', 'fixtures')
  for (const name of existsSync(fixtures) ? readdirSync(fixtures).sort() : []) {
    const root = join(fixtures, name)
    if (existsSync(join(root, '_config.yml'))) sites.push({ root, now: timeOf(root) })
  }
  const docs = join(ROOT, 'docs', 'rule-examples')
  sites.push({ root: docs, now: timeOf(docs), schemaPath: join(docs, 'front-matter.schema.json') })
  return sites
}

/** The first finding of each rule in the example blogs (examples/blog first, then the conformance fixtures). */
export async function collectExamples(): Promise<Map<string, Example>> {
  const { runCheck } = (await import('../src/jobs/check.js')) as {
    runCheck: (options: {
      root: string
      now: number
      severity: Record<string, string>
      schemaPath?: string
    }) => {
      diagnostics: Array<{ file: string; line: number; rule: string; severity: string; message: string }>
    }
  }
  const found = new Map<string, Example>()
  for (const site of exampleSites()) {
    const { diagnostics } = runCheck({
      root: site.root,
      now: site.now,
      severity: {},
      schemaPath: site.schemaPath
    })
    for (const d of diagnostics) {
      if (found.has(d.rule)) continue
      const where = `${relative(ROOT, join(site.root, d.file)).split('\\').join('/')}:${d.line}`
      found.set(d.rule, { rule: d.rule, where, severity: d.severity, message: d.message })
    }
  }
  return found
}

export function renderExamples(rules: RuleRow[], examples: Map<string, Example>): string {
  const rows = ['| rule | example finding | from |', '| --- | --- | --- |']
  for (const rule of rules) {
    const example = examples.get(rule.id)
    if (!example) continue
    rows.push(
      `| \`${rule.id}\` | ${example.severity}: ${cell(example.message)} | \`${cell(example.where)}\` |`
    )
  }
  const missing = rules.filter(rule => !examples.has(rule.id)).map(rule => `\`${rule.id}\``)
  if (missing.length > 0) {
    rows.push(
      '',
      `No post of these blogs triggers ${missing.join(', ')}; the rule table above says what they find.`
    )
  }
  return rows.join('\n')
}

interface Golden {
  site: string
  jekyll?: string
  build: 'ok' | 'failed'
  error?: string
  posts?: Array<{ path: string; date: string; url: string; categories: string[]; tags: string[] }>
  notBuilt?: string[]
  log?: string[]
}

/** What real Jekyll did with the trap's post, from the site's golden. */
export function jekyllDid(golden: Golden, path: string): string {
  if (golden.build === 'failed') return `the whole site fails to build: ${golden.error ?? 'error'}`
  const complaint = (golden.log ?? []).find(line => line.includes(path))
  const post = golden.posts?.find(p => p.path === path)
  if (post) {
    const parts = [`built, dated ${post.date}, URL \`${post.url}\``]
    if (post.categories.length > 0) parts.push(`categories ${JSON.stringify(post.categories)}`)
    if (post.tags.length > 0) parts.push(`tags ${JSON.stringify(post.tags)}`)
    return (complaint ? `says "${complaint}", then ` : '') + parts.join(', ')
  }
  if (golden.notBuilt?.includes(path))
    return complaint ? `not built: "${complaint}"` : 'not built, and says nothing'
  throw new Error(`the golden of ${golden.site} does not mention ${path}`)
}

export async function renderConformance(traps: Trap[] = TRAPS): Promise<string> {
  const base = join(ROOT, 'test', 'conformance')
  const goldens = new Map<string, Golden>()
  const golden = (site: string): Golden => {
    if (!goldens.has(site))
      goldens.set(site, JSON.parse(readFileSync(join(base, 'golden', `${site}.json`), 'utf8')) as Golden)
    return goldens.get(site)!
  }
  const { runCheck } = (await import('../src/jobs/check.js')) as {
    runCheck: (options: { root: string; now: number; severity: Record<string, string> }) => {
      diagnostics: Array<{ file: string; rule: string }>
    }
  }
  const nows = new Map(exampleSites().map(s => [s.root, s.now]))
  const findings = new Map<string, Array<{ file: string; rule: string }>>()
  const rulesAt = (site: string, path: string): string[] => {
    const root = join(base, 'fixtures', site)
    if (!findings.has(site))
      findings.set(site, runCheck({ root, now: nows.get(root) ?? Date.now(), severity: {} }).diagnostics)
    return [
      ...new Set(
        findings
          .get(site)!
          .filter(d => d.file === path)
          .map(d => d.rule)
      )
    ]
  }
  const versions = new Set(
    [...new Set(traps.map(t => t.site))].map(site => golden(site).jekyll).filter(Boolean)
  )
  const rows = [
    `| trap | in the post | ${[...versions].join(', ') || 'Jekyll'} does | \`check\` reports |`,
    '| --- | --- | --- | --- |'
  ]
  for (const trap of traps) {
    const file = join(base, 'fixtures', trap.site, trap.path)
    const text = readFileSync(file).toString('latin1')
    const line = trap.key ? text.split(/\r?\n/).find(l => l.startsWith(`${trap.key}:`)) : undefined
    const shown = line
      ? Buffer.from(line, 'latin1').toString('utf8')
      : `file \`${trap.path.split('/').pop()}\``
    const rules = rulesAt(trap.site, trap.path)
    rows.push(
      `| ${cell(trap.trap)} | ${line ? `\`${cell(shown)}\`` : shown} | ${cell(jekyllDid(golden(trap.site), trap.path))} | ${rules.map(r => `\`${r}\``).join(', ') || 'nothing'} |`
    )
  }
  return rows.join('\n')
}

/** Inputs the configuration file may not set (settings.ts refuses them): secrets, and the file's own path. */
export const NOT_IN_FILE = [...NOT_FROM_FILE]

const BOOLEAN = {
  anyOf: [{ type: 'boolean' }, { enum: ['true', 'false', 'True', 'False', 'TRUE', 'FALSE'] }]
}
const LIST = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }
const PATTERNS = {
  anyOf: [
    { type: 'string' },
    {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'One regular expression per item.'
    }
  ]
}

/** The JSON Schema of each input's value in the file, beyond "a string" (the default). */
const VALUE_SCHEMAS: Record<string, object> = {
  jobs: {
    anyOf: [
      { enum: ['auto'] },
      {
        type: 'string',
        pattern: `^\\s*(${JOB_NAMES.join('|')})\\s*(,\\s*(${JOB_NAMES.join('|')})\\s*)*$`
      },
      { type: 'array', items: { enum: [...JOB_NAMES] }, minItems: 1, uniqueItems: true }
    ]
  },
  'fail-on': { enum: ['error', 'warning', 'never'] },
  since: {
    anyOf: [
      { type: 'string', pattern: '^\\d+\\s*(day|days|d|week|weeks|w)$' },
      { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }
    ]
  },
  assignees: LIST,
  'max-writes': {
    anyOf: [
      { type: 'integer', minimum: 1 },
      { type: 'string', pattern: '^[1-9]\\d*$' }
    ]
  },
  'dry-run': BOOLEAN,
  'today-headings': PATTERNS,
  'tomorrow-headings': PATTERNS,
  'branch-patterns': PATTERNS,
  project: { type: 'string', pattern: '^(https?://[^/]+/(users|orgs)/[^/]+/projects/\\d+(/.*)?)?$' },
  'not-planned': { enum: ['done', 'todo'] },
  'sub-issues': BOOLEAN,
  pin: BOOLEAN,
  always: BOOLEAN,
  suggestions: BOOLEAN,
  'fix-pr': BOOLEAN
}

/**
 * The JSON Schema of `.github/jekyll-post-ops.yml`: one property per input the file may set (descriptions and
 * defaults from action.yml), `severity` as a string or a map of rule id to level, no other key.
 */
export function renderSchema(ruleIds: string[], inputs: readonly InputSpec[] = INPUTS): string {
  const level = { enum: ['error', 'warning', 'notice', 'off'] }
  const properties: Record<string, object> = {}
  for (const { name, description, default: byDefault } of inputs) {
    if (NOT_IN_FILE.includes(name)) continue
    const value =
      name === 'severity'
        ? {
            anyOf: [
              { type: 'string' },
              { type: 'object', propertyNames: { enum: ruleIds }, additionalProperties: level }
            ]
          }
        : (VALUE_SCHEMAS[name] ?? { type: 'string' })
    const def = byDefault === '' ? {} : { default: byDefault }
    properties[name] = { description, ...def, ...value }
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://raw.githubusercontent.com/jekyll-post-ops/jekyll-post-ops/v1/schema/jekyll-post-ops.schema.json',
    title: 'jekyll-post-ops configuration (.github/jekyll-post-ops.yml)',
    description:
      "Settings of the jekyll-post-ops action. Keys are the action's input names; an input given in the workflow overrides the file. Tokens cannot be set here. Generated from the action's table of inputs (src/inputs.ts) by `npm run docs`.",
    type: ['object', 'null'],
    additionalProperties: false,
    properties
  }
  return JSON.stringify(schema, null, 2) + '\n'
}

export async function renderReadme(readme: string): Promise<string> {
  const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
  const { RULES } = (await import('../src/blog/rules/catalogue.js')) as { RULES: RuleRow[] }
  let text = replaceBlock(readme, 'inputs', renderInputs())
  text = replaceBlock(text, 'outputs', renderOutputs(actionYml))
  text = replaceBlock(text, 'rules', renderRules(RULES))
  text = replaceBlock(text, 'rule-examples', renderExamples(RULES, await collectExamples()))
  text = replaceBlock(text, 'conformance', await renderConformance())
  return text
}

export const SCHEMA_PATH = join(ROOT, 'schema', 'jekyll-post-ops.schema.json')

/** The schema as `npm run docs` writes it: rendered, then laid out by prettier as `npm run format` would. */
export async function currentSchema(): Promise<string> {
  const { RULES } = (await import('../src/blog/rules/catalogue.js')) as { RULES: RuleRow[] }
  const { format, resolveConfig } = await import('prettier')
  const text = renderSchema(RULES.map(r => r.id))
  return format(text, { ...(await resolveConfig(SCHEMA_PATH)), filepath: SCHEMA_PATH })
}

export const ACTION_PATH = join(ROOT, 'action.yml')

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const actionBefore = readFileSync(ACTION_PATH, 'utf8')
  const actionAfter = renderActionYml(actionBefore)
  if (actionAfter !== actionBefore) writeFileSync(ACTION_PATH, actionAfter)
  console.log(actionAfter === actionBefore ? 'action.yml is up to date.' : 'action.yml updated.')
  const path = join(ROOT, 'README.md')
  const before = readFileSync(path, 'utf8')
  const after = await renderReadme(before)
  if (after !== before) writeFileSync(path, after)
  console.log(after === before ? 'README.md is up to date.' : 'README.md updated.')
  const schema = await currentSchema()
  const old = existsSync(SCHEMA_PATH) ? readFileSync(SCHEMA_PATH, 'utf8') : ''
  if (schema !== old) writeFileSync(SCHEMA_PATH, schema)
  console.log(
    schema === old
      ? 'schema/jekyll-post-ops.schema.json is up to date.'
      : 'schema/jekyll-post-ops.schema.json updated.'
  )
}
