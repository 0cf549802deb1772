// The configuration file against the runner's real environment: every input present, empty when the workflow does
// not name it (action.yml declares no defaults). A file value takes effect for every key; a `with:` value beats it.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { INPUTS, NOT_FROM_FILE } from '../../src/inputs.js'
import { DEFAULT_TOKENS, startSimulator, defaultSeed, type Simulator } from '../github-sim/index.js'
import { actionDefaults, makeWorkspace, runAction, type ActionRun } from './harness.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
const NOW = '2026-11-28T09:00:00+09:00'
const CONFIG = '.github/jekyll-post-ops.yml'

/** A value other than the default for every key the file may set (the blog lives under `site/`). */
const FILE_VALUES: Record<string, unknown> = {
  jobs: 'check',
  'blog-path': 'site',
  'fail-on': 'never',
  severity: { 'tags/lowercase': 'off', 'date/future': 'error' },
  schema: 'front-matter.schema.json',
  since: '3 weeks',
  label: '할일',
  assignees: ['hubot'],
  'max-writes': 7,
  'dry-run': true,
  'today-headings': ['오늘\\s*한\\s*일', 'today'],
  'tomorrow-headings': ['내일\\s*할\\s*일', '다음\\s*계획'],
  project: 'https://github.com/users/octo/projects/3',
  'status-field': '상태',
  'todo-column': '할 일',
  'in-progress-column': '진행 중',
  'in-review-column': '리뷰 중',
  'done-column': '완료',
  'not-planned': 'todo',
  'branch-patterns': ['^task-(\\d+)'],
  timezone: 'Asia/Seoul',
  'daily-title': '{date} ({weekday}) 오늘의 계획',
  'daily-label': '계획',
  'sub-issues': true,
  pin: true,
  always: true,
  suggestions: false,
  'fix-pr': true,
  'due-field': '마감일',
  'week-field': '주차',
  'post-field': '글',
  'nested-tasks': 'sub-issues',
  'week-pattern': '(\\d+)주차',
  'weekly-day': 'sunday',
  'weekly-start': 'sunday',
  'weekly-title': '{week} 주간 회고',
  'weekly-label': '회고'
}

/** The value as the summary shows it: lists one per line (⏎), a severity map as rule=level pairs. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(' ⏎ ')
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ⏎ ')
  return String(value)
}

/** The summary's settings block as name -> { value, from }. */
function settingsIn(summary: string): Map<string, { value: string; from: string }> {
  const rows = new Map<string, { value: string; from: string }>()
  for (const match of summary.matchAll(/^\| `([^`]+)` \| <code>(.*?)<\/code> \| (.*) \|$/gm))
    rows.set(match[1]!, { value: match[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), from: match[3]! })
  return rows
}

function blogWorkspace(config: unknown): string {
  const source = mkdtempSync(join(tmpdir(), 'jpo-config-'))
  cpSync(EXAMPLE, join(source, 'site'), { recursive: true })
  writeFileSync(join(source, 'front-matter.schema.json'), JSON.stringify({ type: 'object', required: ['title'] }))
  mkdirSync(join(source, '.github'))
  writeFileSync(join(source, CONFIG), stringify(config))
  return makeWorkspace(source).path
}

const FILE_KEYS = INPUTS.map(i => i.name).filter(name => !NOT_FROM_FILE.has(name))

describe('the configuration file on GitHub (every input present, as the runner sets them)', () => {
  it('the harness sets every input of action.yml, as the runner does: empty unless action.yml declares a default', () => {
    const env = actionDefaults()
    expect(Object.keys(env)).toEqual(INPUTS.map(i => i.name))
    expect(Object.entries(env).filter(([, value]) => value !== '')).toEqual([])
  })

  it('sets every key the file may hold (there is one for each)', () => {
    expect(Object.keys(FILE_VALUES).sort()).toEqual([...FILE_KEYS].sort())
  })

  let fromFile: ActionRun
  beforeAll(async () => {
    fromFile = await runAction({
      workspace: blogWorkspace(FILE_VALUES),
      event: { name: 'workflow_dispatch', payload: {} },
      now: NOW
    })
  })

  it('takes effect for every key: the summary names the file as the source of each, with its value', () => {
    const rows = settingsIn(fromFile.summary)
    for (const key of FILE_KEYS) {
      expect(rows.get(key), key).toEqual({ value: shown(FILE_VALUES[key]), from: `<code>${CONFIG}</code>` })
    }
    expect(fromFile.summary).toContain(`<summary>Settings: ${FILE_KEYS.length} not at their default</summary>`)
  })

  it('changes what the check does: fail-on never passes the step, the severity map applies, in the blog path', () => {
    expect(fromFile.exitCode).toBe(0)
    expect(fromFile.annotations.some(a => a.title === 'tags/lowercase')).toBe(false)
    const future = fromFile.annotations.find(a => a.title === 'date/future')
    expect(future?.level).toBe('error')
    expect(future?.file).toMatch(/^site\/_posts\//)
  })

  it('a value given in the workflow beats the file, key by key', async () => {
    const withValues: Record<string, string> = {
      jobs: 'check',
      'blog-path': 'site',
      'fail-on': 'error',
      label: 'task-from-workflow',
      'todo-column': 'Backlog',
      'daily-title': 'Plan {date}',
      'max-writes': '3'
    }
    const run = await runAction({
      workspace: blogWorkspace(FILE_VALUES),
      event: { name: 'workflow_dispatch', payload: {} },
      inputs: withValues,
      now: NOW
    })
    expect(run.exitCode, 'fail-on: error from the workflow beats never from the file').toBe(1)
    const rows = settingsIn(run.summary)
    for (const [key, value] of Object.entries(withValues)) expect(rows.get(key), key).toEqual({ value, from: 'workflow <code>with:</code>' })
    for (const key of FILE_KEYS.filter(k => !(k in withValues)))
      expect(rows.get(key)?.from, key).toBe(`<code>${CONFIG}</code>`)
  })

  it('with no file, every setting is at its default and the summary says so', async () => {
    const run = await runAction({
      workspace: makeWorkspace(EXAMPLE).path,
      event: { name: 'workflow_dispatch', payload: {} },
      inputs: { jobs: 'check' },
      now: NOW
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('(fail-on: error)')
    expect([...settingsIn(run.summary).keys()]).toEqual(['jobs'])
  })
})

describe('the file sets the task label and the board of the tasks job', () => {
  let sim: Simulator
  beforeAll(async () => {
    sim = await startSimulator({ seed: defaultSeed(), now: () => Date.parse(NOW) })
    return () => sim.close()
  })

  it('opens task issues with the label of the file, not the default', async () => {
    const run = await runAction({
      workspace: blogWorkspace({ 'blog-path': 'site', label: '할일', since: '30 days', assignees: 'none' }),
      event: { name: 'workflow_dispatch', payload: {} },
      inputs: { jobs: 'tasks', token: DEFAULT_TOKENS.githubToken },
      apiUrl: sim.apiUrl,
      graphqlUrl: sim.graphqlUrl,
      now: NOW
    })
    expect(run.exitCode, run.stdout).toBe(0)
    const created = sim.state.issues.filter(i => i.kind === 'issue')
    expect(created.length).toBeGreaterThan(0)
    expect(created.every(i => i.labels.includes('할일') && !i.labels.includes('task'))).toBe(true)
  })
})
