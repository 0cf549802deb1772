// Replays the exchanges @octokit/fixtures recorded against api.github.com on the simulator and lists where
// the simulator answers differently. Test support only: it compares and reports, it never edits either side.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { matchRoute, startSimulator, type Seed, type Simulator } from './index.js'
import { loadSpec, operationById } from './openapi.js'
import { restHandler } from './rest.js'

/** One recorded request and GitHub's answer, as the fixtures normalise them. */
export interface Exchange {
  method: string
  path: string
  body?: unknown
  status: number
  response: unknown
  reqheaders: Record<string, string | number>
  headers: Record<string, string | number>
}

export interface Scenario {
  name: string
  exchanges: Exchange[]
}

const require = createRequire(import.meta.url)
const SCENARIOS = join(
  dirname(require.resolve('@octokit/fixtures/package.json')),
  'scenarios',
  'api.github.com'
)

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIOS)
    .sort()
    .map(name => ({
      name,
      exchanges: JSON.parse(
        readFileSync(join(SCENARIOS, name, 'normalized-fixture.json'), 'utf8')
      ) as Exchange[]
    }))
}

// ---- where each recording starts --------------------------------------------------------------------

const ORG = 'octokit-fixture-org'
const USER = 'octokit-fixture-user-a'
/** The fixtures' normalised token (`authorization: token 000…1`), a classic PAT with these scopes. */
const TOKEN = '0000000000000000000000000000000000000001'
const SCOPES = ['admin:org', 'delete_repo', 'gist', 'notifications', 'repo', 'user', 'workflow']

/** The labels GitHub gives every new repository (the `labels` recording lists them). */
const DEFAULT_LABELS = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on']
].map(([name, color, description]) => ({ name: name!, color, description, default: true }))

interface Setup {
  seed: Seed
  /** After start: acts the recording's ignored set-up requests; returns fixture sha -> simulator sha. */
  prepare?: (sim: Simulator) => Promise<Record<string, string>>
}

function orgSeed(repo: string, more: Partial<Seed> = {}, defaultBranch = 'main'): Seed {
  return {
    repo: { owner: ORG, name: repo, defaultBranch, files: { 'README.md': `# ${repo}` } },
    organizations: [{ login: ORG, members: [USER] }],
    users: [{ login: USER }],
    tokens: [{ token: TOKEN, login: USER, scopes: SCOPES, kind: 'pat' }],
    ...more
  }
}

const sha = (n: number) => String(n).padStart(40, '0')

/** Each scenario's starting state, read from its record.js (the requests it sends marked "Ignore"). */
const SETUPS: Record<string, () => Setup> = {
  'add-labels-to-issue': () => ({ seed: orgSeed('add-labels-to-issue', { labels: DEFAULT_LABELS }) }),
  errors: () => ({ seed: orgSeed('errors', { labels: DEFAULT_LABELS }) }),
  labels: () => ({ seed: orgSeed('labels', { labels: DEFAULT_LABELS }) }),
  'lock-issue': () => ({
    seed: orgSeed('lock-issue', { issues: [{ title: 'Issue without a label', author: USER }] })
  }),
  'paginate-issues': () => ({
    seed: orgSeed('paginate-issues', {
      issues: Array.from({ length: 13 }, (_, i) => ({
        title: `Test issue ${i + 1}`,
        author: USER,
        createdAt: new Date(Date.UTC(2022, 6, 19, 4, 36, i)).toISOString()
      }))
    })
  }),
  'get-content': () => ({ seed: orgSeed('hello-world', {}, 'master') }),
  'get-repository': () => ({ seed: orgSeed('hello-world', {}, 'master') }),
  'git-refs': () => ({
    seed: {
      ...orgSeed('git-refs'),
      repo: {
        owner: ORG,
        name: 'git-refs',
        defaultBranch: 'main',
        files: { '1.md': '# git-refs\ncreated with initial commit' }
      }
    },
    // The fixtures number shas in order of appearance: main's head (the 2nd commit) is 1, the first is 2.
    prepare: async sim => {
      const first = (await sim.flows.git.resolve('main'))!
      const second = await sim.commitFiles('main', { '2.md': '# git-refs\ncreated with 2nd commit' }, '2nd')
      return { [sha(1)]: second, [sha(2)]: first }
    }
  })
}

/** Scenarios that touch an implemented operation but are not replayed, and why. */
const NOT_REPLAYED: Record<string, string> = {
  'rename-repository':
    'out of scope: renames the repository (repos/update, not implemented; the action never renames), then reads it through the 301/307 redirects GitHub leaves behind'
}

// ---- comparing --------------------------------------------------------------------------------------

export interface Difference {
  /** Where: `status`, `body.labels[0].color`, `header link`, ... */
  where: string
  recorded: string
  simulated: string
  /** Why this one is left as it is (the recording is older than the field, ...); none: a simulator bug. */
  reason?: string
}

export interface ExchangeResult {
  index: number
  method: string
  path: string
  operationId: string | null
  /** Not sent: why (the route is gone from GitHub's description; the simulator has no handler). */
  skipped?: string
  differences: Difference[]
}

export interface ScenarioResult {
  name: string
  /** Not replayed at all: why. */
  skipped?: string
  exchanges: ExchangeResult[]
}

/** Counts the fixtures' normaliser sets to 42: compared by type. */
const NORMALISED_COUNTS = new Set([
  'comments',
  'forks_count',
  'forks',
  'network_count',
  'open_issues_count',
  'open_issues',
  'stargazers_count',
  'subscribers_count',
  'watchers_count',
  'watchers',
  'public_repos',
  'download_count',
  'score'
])

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/** Ids, URLs, node ids, timestamps, shas and ETags vary between any two GitHubs: compared by type only. */
function byTypeOnly(key: string, recorded: unknown): boolean {
  if (NORMALISED_COUNTS.has(key)) return true
  if (['id', 'node_id', 'sha', 'etag', 'gravatar_id', 'avatar_url'].includes(key)) return true
  if (key === 'url' || key.endsWith('_url') || key.endsWith('_at') || key.endsWith('_id')) return true
  if (typeof recorded !== 'string') return false
  return (
    /^(https?|git|ssh):\/\//.test(recorded) ||
    /^git@/.test(recorded) ||
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(recorded) ||
    /^[0-9a-f]{40}$/.test(recorded)
  )
}

const show = (v: unknown): string => {
  const s = v === undefined ? '(absent)' : JSON.stringify(v)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

export function compareBody(recorded: unknown, simulated: unknown, where: string, out: Difference[]): void {
  const key =
    where
      .replace(/\[\d+\]$/, '')
      .split('.')
      .at(-1) ?? ''
  if (jsonType(recorded) !== jsonType(simulated)) {
    out.push({ where, recorded: jsonType(recorded), simulated: jsonType(simulated) })
    return
  }
  if (Array.isArray(recorded)) {
    const sim = simulated as unknown[]
    if (recorded.length !== sim.length)
      out.push({ where: `${where}.length`, recorded: String(recorded.length), simulated: String(sim.length) })
    recorded.slice(0, sim.length).forEach((r, i) => compareBody(r, sim[i], `${where}[${i}]`, out))
    return
  }
  if (recorded && typeof recorded === 'object') {
    const rec = recorded as Record<string, unknown>
    const sim = simulated as Record<string, unknown>
    for (const k of new Set([...Object.keys(rec), ...Object.keys(sim)])) {
      if (!(k in sim)) out.push({ where: `${where}.${k}`, recorded: show(rec[k]), simulated: '(absent)' })
      else if (!(k in rec))
        out.push({ where: `${where}.${k}`, recorded: '(absent)', simulated: show(sim[k]) })
      else compareBody(rec[k], sim[k], `${where}.${k}`, out)
    }
    return
  }
  if (byTypeOnly(key, recorded)) return
  if (key === 'documentation_url') return
  if (recorded !== simulated) out.push({ where, recorded: show(recorded), simulated: show(simulated) })
}

/** `rel -> page` of a Link header. */
export function linkPages(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part)
    if (m) out[m[2]!] = new URL(m[1]!).searchParams.get('page') ?? '1'
  }
  return out
}

/** A documentation URL's operation anchor (GitHub has moved its pages; the anchor names the operation). */
const anchor = (u: unknown) => (typeof u === 'string' ? (u.split('#')[1] ?? '') : '')

function compareHeaders(x: Exchange, headers: Headers, out: Difference[]): void {
  const rec = (k: string) => (x.headers[k] === undefined ? undefined : String(x.headers[k]))
  const recType = rec('content-type')
  if ((recType ?? null) !== headers.get('content-type'))
    out.push({
      where: 'header content-type',
      recorded: show(recType),
      simulated: show(headers.get('content-type'))
    })
  const recLinks = JSON.stringify(linkPages(rec('link')))
  const simLinks = JSON.stringify(linkPages(headers.get('link')))
  if (recLinks !== simLinks) out.push({ where: 'header link', recorded: recLinks, simulated: simLinks })
  for (const k of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-used']) {
    if (rec(k) !== undefined && !headers.has(k))
      out.push({ where: `header ${k}`, recorded: 'present', simulated: '(absent)' })
  }
  if (
    rec('x-ratelimit-resource') !== undefined &&
    rec('x-ratelimit-resource') !== headers.get('x-ratelimit-resource')
  )
    out.push({
      where: 'header x-ratelimit-resource',
      recorded: show(rec('x-ratelimit-resource')),
      simulated: show(headers.get('x-ratelimit-resource'))
    })
  const recLocation = rec('location')
  const simLocation = headers.get('location')
  const pathOf = (u: string | null | undefined) => (u ? new URL(u).pathname : '(absent)')
  if (pathOf(recLocation) !== pathOf(simLocation))
    out.push({ where: 'header location', recorded: pathOf(recLocation), simulated: pathOf(simLocation) })
}

function compareError(x: Exchange, body: unknown, out: Difference[]): void {
  const rec = x.response as Record<string, unknown>
  const sim = (body ?? {}) as Record<string, unknown>
  if (rec.message !== sim.message)
    out.push({ where: 'body.message', recorded: show(rec.message), simulated: show(sim.message) })
  if (anchor(rec.documentation_url) !== anchor(sim.documentation_url))
    out.push({
      where: 'body.documentation_url',
      recorded: show(rec.documentation_url),
      simulated: show(sim.documentation_url)
    })
  const fields = (v: unknown) =>
    JSON.stringify(
      (Array.isArray(v) ? v : []).map((e: Record<string, unknown>) => [e.resource, e.field, e.code])
    )
  if (fields(rec.errors) !== fields(sim.errors))
    out.push({ where: 'body.errors[]', recorded: fields(rec.errors), simulated: fields(sim.errors) })
  compareBody(rec, sim, 'body', out)
}

// ---- replaying --------------------------------------------------------------------------------------

function swapShas(value: unknown, map: Record<string, string>): unknown {
  if (typeof value === 'string') return map[value] ?? value
  if (Array.isArray(value)) return value.map(v => swapShas(v, map))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapShas(v, map)]))
  return value
}

const templated = (path: string) => path.replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')

function routeOf(x: Exchange): { operationId: string | null; implemented: boolean } {
  const url = new URL(x.path, 'https://api.github.com')
  const route = matchRoute(x.method.toUpperCase(), url.pathname)
  const operationId = route?.operation.operationId ?? null
  return { operationId, implemented: !!operationId && !!restHandler(operationId) }
}

export async function replayScenario(scenario: Scenario): Promise<ScenarioResult> {
  const routes = scenario.exchanges.map(routeOf)
  const setup = SETUPS[scenario.name]
  if (!setup) {
    const ops = [...new Set(routes.map(r => r.operationId).filter(Boolean))]
    const gone = routes.filter(r => !r.operationId).length
    const why =
      NOT_REPLAYED[scenario.name] ??
      (ops.length
        ? `out of scope: the simulator implements none of its operations and the action calls none (${ops.join(', ')})`
        : '') +
        (gone
          ? `${ops.length ? '; ' : ''}recording too old: ${gone} of its requests are on routes GitHub's current description no longer has (${recordedWhen(scenario)})`
          : '')
    return { name: scenario.name, skipped: why, exchanges: [] }
  }
  const { seed, prepare } = setup()
  const sim = await startSimulator({ seed })
  try {
    const shas = (await prepare?.(sim)) ?? {}
    const results: ExchangeResult[] = []
    let next: string | null = null
    const age = recordedWhen(scenario)
    for (const [index, x] of scenario.exchanges.entries()) {
      const { operationId, implemented } = routes[index]!
      const result: ExchangeResult = { index, method: x.method, path: x.path, operationId, differences: [] }
      results.push(result)
      // The recording followed GitHub's `rel="next"` links (`/repositories/{id}/…`); follow the simulator's.
      const followed: string | null = x.path.startsWith('/repositories/') ? next : null
      if (!followed && !implemented) {
        result.skipped = operationId
          ? `the simulator does not implement ${operationId}`
          : `recording too old: GitHub's current OpenAPI description has no ${x.method.toUpperCase()} ${templated(x.path)} (${age})`
        continue
      }
      const url: string = followed ?? `${sim.apiUrl}${x.path}`
      if (followed)
        result.operationId = matchRoute('GET', new URL(url).pathname)?.operation.operationId ?? null
      const accept = String(x.reqheaders.accept ?? 'application/vnd.github.v3+json')
      const body = x.body === undefined || x.body === '' ? undefined : JSON.stringify(swapShas(x.body, shas))
      const res: Response = await fetch(url, {
        method: x.method.toUpperCase(),
        headers: {
          accept,
          authorization: `token ${TOKEN}`,
          ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {})
        },
        body
      })
      const text = await res.text()
      const json: unknown =
        text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
      const links = linkPages(res.headers.get('link'))
      next = links.next ? (/<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link')!)?.[1] ?? null) : null
      const out = result.differences
      if (res.status !== x.status) {
        out.push({ where: 'status', recorded: String(x.status), simulated: `${res.status} ${show(json)}` })
        continue
      }
      compareHeaders(x, res.headers, out)
      if (x.status >= 400) compareError(x, json, out)
      else if (x.status !== 204) compareBody(x.response, json, 'body', out)
      for (const d of out) d.reason = explain(scenario.name, result.operationId, x.status, d, age)
    }
    return { name: scenario.name, exchanges: results }
  } finally {
    await sim.close()
  }
}

// ---- what is left, and why -------------------------------------------------------------------------

/** When a scenario was recorded, and how we know. */
export function recordedWhen(scenario: Scenario): string {
  const raw = readFileSync(join(SCENARIOS, scenario.name, 'raw-fixture.json'), 'utf8')
  const stamp = /tmp-scenario-[a-z-]+-(\d{4})(\d\d)(\d\d)\d{9}/.exec(raw)
  const versioned = scenario.exchanges.some(x => 'x-github-api-version-selected' in x.headers)
  if (stamp)
    return `recorded ${stamp[1]}-${stamp[2]}-${stamp[3]}, the date in its temporary repository's name`
  if (!versioned)
    return 'recorded before 2022-11-28: no x-github-api-version-selected header, sent since REST API versioning'
  return 'recording date unknown'
}

const described = new Map<string, Set<string>>()

/** Every property name GitHub's current description gives an operation's answer (nested ones included). */
function describedProperties(operationId: string, status: number): Set<string> {
  const key = `${operationId} ${status}`
  const known = described.get(key)
  if (known) return known
  const schemas = (loadSpec().raw as unknown as { components: { schemas: Record<string, unknown> } })
    .components.schemas
  const names = new Set<string>()
  const seen = new Set<unknown>()
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return
    seen.add(node)
    const o = node as Record<string, unknown>
    if (typeof o.$ref === 'string') walk(schemas[o.$ref.split('/').pop()!])
    if (o.properties && typeof o.properties === 'object') {
      for (const [k, v] of Object.entries(o.properties)) {
        names.add(k)
        walk(v)
      }
    }
    for (const k of ['items', 'allOf', 'anyOf', 'oneOf', 'additionalProperties']) [o[k]].flat().forEach(walk)
  }
  walk(operationById(operationId)?.responses[String(status)])
  // GitHub's error answers: the description's basic-error (message, documentation_url, url, status).
  if (status >= 400) walk(schemas['basic-error'])
  described.set(key, names)
  return names
}

/**
 * Fields GitHub added after these recordings (mid-2022), present in its current description: an absence
 * from the recording is its age. (`value` of a 422 entry is described too, but optional, so its absence is
 * GitHub's answer, not age.)
 */
const NEWER_FIELDS = new Set(['user_view_type', 'type', 'sub_issues_summary', 'has_discussions', 'status'])

/** Properties of the recorded hello-world repository itself, not of GitHub's behaviour. */
const REPOSITORY_SETTINGS = ['size', 'language', 'has_wiki', 'has_pages', 'topics']

function explain(
  scenario: string,
  operationId: string | null,
  status: number,
  d: Difference,
  age: string
): string | undefined {
  const key = d.where
    .replace(/\.length$/, '')
    .split('.')
    .at(-1)!
  if (
    d.recorded === '(absent)' &&
    operationId &&
    NEWER_FIELDS.has(key) &&
    describedProperties(operationId, status).has(key)
  )
    return `recording too old: GitHub's current OpenAPI description has \`${key}\`; the recording lacks it (${age})`
  if (scenario === 'get-repository' && REPOSITORY_SETTINGS.includes(key))
    return 'state of the recorded repository (wiki on, no Pages, 3 topics, no language, empty), which a seed does not set; the action reads only default_branch from repos/get'
  return undefined
}

// ---- the table --------------------------------------------------------------------------------------

export interface Totals {
  scenarios: number
  replayed: number
  requests: number
  agreeing: number
  /** Requests whose every difference has a reason to be left. */
  explained: number
  disagreeing: number
  notSent: number
}

export function totals(results: ScenarioResult[]): Totals {
  const sent = results.flatMap(r => r.exchanges.filter(x => !x.skipped))
  const clean = sent.filter(x => !x.differences.length)
  const bugs = sent.filter(x => x.differences.some(d => !d.reason))
  return {
    scenarios: results.length,
    replayed: results.filter(r => !r.skipped).length,
    requests: sent.length,
    agreeing: clean.length,
    explained: sent.length - clean.length - bugs.length,
    disagreeing: bugs.length,
    notSent: results.flatMap(r => r.exchanges.filter(x => x.skipped)).length
  }
}

/** scenario, requests replayed, agreeing, and each difference (a bug, or left with its reason). */
export function table(results: ScenarioResult[]): string {
  const rows: string[] = [`${'scenario'.padEnd(40)}replayed  agreeing  differences`]
  for (const r of results) {
    if (r.skipped) {
      rows.push(`${r.name.padEnd(40)}${'-'.padEnd(10)}${'-'.padEnd(10)}not replayed: ${r.skipped}`)
      continue
    }
    const sent = r.exchanges.filter(x => !x.skipped)
    const agreeing = sent.filter(x => !x.differences.length)
    rows.push(`${r.name.padEnd(40)}${String(sent.length).padEnd(10)}${String(agreeing.length).padEnd(10)}`)
    for (const x of r.exchanges) {
      const label = `  #${x.index + 1} ${x.method.toUpperCase()} ${x.operationId ?? x.path}`
      if (x.skipped) rows.push(`${label}: not sent: ${x.skipped}`)
      // The same difference on every item of a list is one line.
      const lines = new Map<string, number>()
      for (const d of x.differences) {
        const what = `${d.where.replace(/\[\d+\]/g, '[*]')}: GitHub ${d.recorded}, simulator ${d.simulated}`
        const line = `${label}: ${d.reason ? `left: ${what} -- ${d.reason}` : `DISAGREES: ${what}`}`
        lines.set(line, (lines.get(line) ?? 0) + 1)
      }
      for (const [line, n] of lines) rows.push(n > 1 ? `${line} (x${n})` : line)
    }
  }
  const t = totals(results)
  rows.push(
    `total: ${t.replayed} of ${t.scenarios} scenarios replayed, ${t.requests} requests, ${t.agreeing} agreeing, ` +
      `${t.explained} differing only where the recording is older or the repository's own state, ` +
      `${t.disagreeing} disagreeing; ${t.notSent} recorded requests not sent`
  )
  return rows.join('\n')
}
