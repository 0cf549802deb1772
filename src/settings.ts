// Turns the action's inputs (and the optional config file) into one typed, validated Settings value.
// Nothing deeper than main.ts/cli.ts reads inputs; an invalid input is a SettingsError that names the input.
import type { Severity } from './blog/model.js'
import { backtracking } from './pattern-check.js'
import { INPUTS, resolveInputs, type InputSource } from './inputs.js'
import { WEEKDAYS, type Weekday } from './plan/calendar.js'

export { INPUT_NAMES } from './inputs.js'

export type JobName = 'check' | 'tasks' | 'board' | 'daily' | 'weekly' | 'fixes'
export const JOB_NAMES: readonly JobName[] = ['check', 'tasks', 'board', 'daily', 'weekly', 'fixes']

export type SeverityOverride = Severity | 'off'

export interface Settings {
  /** `auto` (pick by event) or the jobs to force. */
  jobs: 'auto' | JobName[]
  /** Token for issues, pulls and contents ('' when none: local runs). */
  token: string
  /** Blog folder relative to the workspace, posix, '' for the root. */
  blogPath: string
  /** Which findings fail the step. */
  failOn: 'error' | 'warning' | 'never'
  /** Rule id -> severity or off. */
  severity: Record<string, SeverityOverride>
  /** Path of the author's JSON Schema relative to the workspace, '' for none. */
  schema: string
  /** Posts older than this instant open no task issues (resolved against the clock). */
  since: { days: number } | { date: string }
  /** Label marking managed task issues. */
  label: string
  /** undefined: the person who pushed; [] nobody; else these logins. */
  assignees: string[] | undefined
  /** Cap on issue writes per run. */
  maxWrites: number
  dryRun: boolean
  todayHeadings: RegExp[]
  tomorrowHeadings: RegExp[]
  /** Projects v2 board, parsed from its URL; undefined skips `board`. */
  project: ProjectRef | undefined
  projectToken: string
  statusField: string
  columns: { todo: string; inProgress: string; inReview: string; done: string }
  notPlanned: 'done' | 'todo'
  branchPatterns: RegExp[]
  /** Board fields the action fills on the cards it adds ('' = none): Date, Iteration/single-select/text, Text. */
  cardFields: { due: string; week: string; post: string }
  /** Finds the week label in a post title (first capture group: the week number). */
  weekPattern: RegExp
  /** Nested task items: lines of the parent's body, or task issues of their own under it. */
  nestedTasks: 'body' | 'sub-issues'
  /** IANA zone override ('' uses _config.yml). */
  timezone: string
  daily: { title: string; label: string; subIssues: boolean; pin: boolean; always: boolean }
  /** The weekly review: `jobs: auto` runs it on schedule on `day`; weeks start on `start`. Pinned with `daily.pin`. */
  weekly: { day: Weekday; start: Weekday; title: string; pattern: RegExp; label: string }
  /** On a pull request, certain fixes on its changed lines become suggested changes in one review. */
  suggestions: boolean
  /** On schedule and workflow_dispatch, `jobs: auto` also runs `fixes`: one pull request of certain fixes. */
  fixPr: boolean
  /** Each setting not left at its default: where it came from and its value (tokens masked). */
  sources: Record<string, { source: Exclude<InputSource, 'default'>; value: string }>
}

export interface ProjectRef {
  ownerType: 'User' | 'Organization'
  owner: string
  number: number
  url: string
}

export class SettingsError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${message}`)
    this.name = 'SettingsError'
  }
}

export type InputReader = (name: string) => string

const SECRETS = new Set(['token', 'project-token'])

/**
 * Reads every input through `read` (core.getInput in the action, flags in the CLI), then the configuration file's
 * values, then the defaults of the one table (src/inputs.ts), and validates each.
 */
export function readSettings(read: InputReader, fileValues: Record<string, string> = {}): Settings {
  const { values, sources } = resolveInputs(read, fileValues)
  const get = (name: string): string => values[name] ?? ''
  const supplied = (name: string): boolean => sources[name] !== 'default'
  const weekPattern =
    parsePatterns('week-pattern', get('week-pattern'), 'i', supplied('week-pattern'), false)[0] ??
    /Week\s*(\d+)/i
  return {
    jobs: parseJobs(get('jobs')),
    token: get('token'),
    blogPath: parseBlogPath(get('blog-path')),
    failOn: oneOf('fail-on', get('fail-on'), ['error', 'warning', 'never'] as const),
    severity: parseSeverity(get('severity')),
    schema: get('schema'),
    since: parseSince(get('since')),
    label: get('label'),
    assignees: parseAssignees(get('assignees')),
    maxWrites: parsePositiveInt('max-writes', get('max-writes')),
    dryRun: parseBool('dry-run', get('dry-run')),
    todayHeadings: parsePatterns('today-headings', get('today-headings'), 'i', supplied('today-headings')),
    tomorrowHeadings: parsePatterns(
      'tomorrow-headings',
      get('tomorrow-headings'),
      'i',
      supplied('tomorrow-headings')
    ),
    project: parseProject(get('project')),
    projectToken: get('project-token'),
    statusField: get('status-field'),
    columns: {
      todo: get('todo-column'),
      inProgress: get('in-progress-column'),
      inReview: get('in-review-column'),
      done: get('done-column')
    },
    notPlanned: oneOf('not-planned', get('not-planned'), ['done', 'todo'] as const),
    branchPatterns: parsePatterns('branch-patterns', get('branch-patterns'), '', supplied('branch-patterns')),
    cardFields: { due: get('due-field'), week: get('week-field'), post: get('post-field') },
    weekPattern,
    nestedTasks: oneOf('nested-tasks', get('nested-tasks'), ['body', 'sub-issues'] as const),
    timezone: parseTimezone(get('timezone')),
    daily: {
      title: get('daily-title'),
      label: get('daily-label'),
      subIssues: parseBool('sub-issues', get('sub-issues')),
      pin: parseBool('pin', get('pin')),
      always: parseBool('always', get('always'))
    },
    weekly: {
      day: oneOf('weekly-day', get('weekly-day').toLowerCase(), WEEKDAYS),
      start: oneOf('weekly-start', get('weekly-start').toLowerCase(), WEEKDAYS),
      title: get('weekly-title'),
      pattern: weekPattern,
      label: get('weekly-label')
    },
    suggestions: parseBool('suggestions', get('suggestions')),
    fixPr: parseBool('fix-pr', get('fix-pr')),
    sources: Object.fromEntries(
      Object.entries(sources).flatMap(([name, source]) =>
        source === 'default' ? [] : [[name, { source, value: SECRETS.has(name) ? '***' : get(name) }]]
      )
    )
  }
}

/** The instant before which posts open no issues. */
export function sinceInstant(since: Settings['since'], now: number): number {
  if ('days' in since) return now - since.days * 86_400_000
  return Date.parse(`${since.date}T00:00:00Z`)
}

function parseJobs(value: string): Settings['jobs'] {
  if (value === 'auto') return 'auto'
  const names = splitList(value)
  const jobs: JobName[] = []
  for (const name of names) {
    if (!(JOB_NAMES as readonly string[]).includes(name)) {
      throw new SettingsError('jobs', `unknown job '${name}'; use auto or a list of ${JOB_NAMES.join(', ')}`)
    }
    if (!jobs.includes(name as JobName)) jobs.push(name as JobName)
  }
  if (jobs.length === 0) throw new SettingsError('jobs', 'is empty; use auto or a list of jobs')
  return jobs
}

function parseBlogPath(value: string): string {
  const path = value
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\.$/, '')
    .replace(/(?<!\/)\/+$/, '')
  if (path.split('/').includes('..')) throw new SettingsError('blog-path', `'${value}' leaves the repository`)
  return path
}

function parseSeverity(value: string): Record<string, SeverityOverride> {
  const result: Record<string, SeverityOverride> = {}
  for (const pair of splitList(value)) {
    const match = /^([\w./-]+)\s*[=:]\s*(\w+)$/.exec(pair)
    if (!match) throw new SettingsError('severity', `'${pair}' is not of the form rule=level`)
    const level = match[2]!.toLowerCase()
    if (!['error', 'warning', 'notice', 'off'].includes(level)) {
      throw new SettingsError('severity', `'${pair}': level must be error, warning, notice or off`)
    }
    result[match[1]!] = level as SeverityOverride
  }
  return result
}

function parseSince(value: string): Settings['since'] {
  const relative = /^(\d+)\s*(day|days|d|week|weeks|w)$/i.exec(value)
  if (relative) {
    const n = Number(relative[1])
    return { days: /^w/i.test(relative[2]!) ? n * 7 : n }
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    return { date: value }
  throw new SettingsError(
    'since',
    `'${value}' is neither a duration like '14 days' / '2 weeks' nor a date YYYY-MM-DD`
  )
}

function parseAssignees(value: string): string[] | undefined {
  if (value === '') return undefined
  if (value.toLowerCase() === 'none') return []
  const logins = splitList(value).map(login => login.replace(/^@/, ''))
  for (const login of logins) {
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login)) {
      throw new SettingsError('assignees', `'${login}' is not a GitHub login`)
    }
  }
  return logins
}

function parsePositiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new SettingsError(name, `'${value}' is not a positive whole number`)
  return Number(value)
}

function parseBool(name: string, value: string): boolean {
  // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
  if (value === '' || /^(false|False|FALSE)$/.test(value)) return false
  if (/^(true|True|TRUE)$/.test(value)) return true
  throw new SettingsError(name, `'${value}' is not true or false`)
}

/**
 * Patterns of an input. A supplied one (the defaults are measured in bench/patterns.ts) is also run on 10,000-character
 * probes: one that takes over 100 ms on any of them would let a post's heading or a branch name hang the run.
 */
function parsePatterns(name: string, value: string, flags: string, probe: boolean, many = true): RegExp[] {
  // Patterns may contain commas (`\d{1,3}`): they are separated by a newline, or a comma and a space.
  const sources = (many ? value.split(/\n|,\s+/) : [value])
    .map(part => part.trim())
    .filter(part => part !== '')
  return sources.map(source => {
    let pattern: RegExp
    try {
      pattern = new RegExp(source, flags)
    } catch (error) {
      throw new SettingsError(
        name,
        `'${source}' is not a valid regular expression (${(error as Error).message})`
      )
    }
    const slow = probe ? backtracking(pattern) : undefined
    if (slow !== undefined) throw new SettingsError(name, `'${source}' ${slow}`)
    return pattern
  })
}

function parseProject(value: string): ProjectRef | undefined {
  if (value === '') return undefined
  const match = /^https?:\/\/[^/]+\/(users|orgs)\/([^/]+)\/projects\/(\d+)(?:\/.*)?$/.exec(value)
  if (!match) {
    throw new SettingsError(
      'project',
      `'${value}' is not a project URL like https://github.com/users/NAME/projects/1 or https://github.com/orgs/ORG/projects/1`
    )
  }
  return {
    ownerType: match[1] === 'orgs' ? 'Organization' : 'User',
    owner: match[2]!,
    number: Number(match[3]),
    url: value
  }
}

function parseTimezone(value: string): string {
  if (value === '') return ''
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
  } catch {
    throw new SettingsError('timezone', `'${value}' is not an IANA timezone such as Asia/Seoul`)
  }
  return value
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new SettingsError(name, `'${value}' must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** Splits on commas and newlines, trims, drops empties. */
function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map(part => part.trim())
    .filter(part => part !== '')
}

/** The configuration file's path when the workflow does not name one. */
export const DEFAULT_CONFIG_FILE = INPUTS.find(input => input.name === 'config-file')!.default

/**
 * One collapsed block for the summary: each setting not left at its default, its value and where it came from, so
 * a person can see why a setting did or did not apply. Values are shown as code (HTML-escaped), never as markdown.
 */
export function settingsSourcesMarkdown(settings: Settings, configPath: string): string {
  const entries = Object.entries(settings.sources)
  const code = (text: string) =>
    `<code>${text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '&#124;')
      .replace(/\n/g, ' ⏎ ')}</code>`
  const rows = entries.map(
    ([name, { source, value }]) =>
      `| \`${name}\` | ${code(value)} | ${source === 'file' ? code(configPath) : 'workflow <code>with:</code>'} |`
  )
  const body =
    rows.length === 0
      ? 'Every setting is at its default.'
      : ['| setting | value | from |', '| --- | --- | --- |', ...rows].join('\n')
  return `<details><summary>Settings: ${rows.length} not at their default</summary>\n\n${body}\n\n</details>\n`
}
