import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  INPUT_NAMES,
  readSettings,
  settingsSourcesMarkdown,
  SettingsError,
  sinceInstant
} from '../src/settings.js'
import { readConfigFile } from '../src/config-file.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''

describe('readSettings', () => {
  it('gives the documented defaults when every input is empty', () => {
    const s = readSettings(reader({}))
    expect(s.jobs).toBe('auto')
    expect(s.failOn).toBe('error')
    expect(s.since).toEqual({ days: 14 })
    expect(s.label).toBe('task')
    expect(s.assignees).toBeUndefined()
    expect(s.maxWrites).toBe(50)
    expect(s.columns).toEqual({ todo: 'Todo', inProgress: 'In Progress', inReview: '', done: 'Done' })
    expect(s.project).toBeUndefined()
    expect(s.suggestions).toBe(true)
    expect(s.fixPr).toBe(false)
    expect(s.tomorrowHeadings.some(re => re.test('내일 할 일'))).toBe(true)
    expect(s.branchPatterns.map(re => '12-special-mission'.match(re)?.[1]).filter(Boolean)).toEqual(['12'])
  })

  it.each([
    ['jobs', 'check, tasks', ['check', 'tasks']],
    ['jobs', 'fixes', ['fixes']],
    ['suggestions', 'false', false],
    ['fix-pr', 'true', true],
    ['since', '3 weeks', { days: 21 }],
    ['since', '2026-01-01', { date: '2026-01-01' }],
    ['assignees', '@alice, bob', ['alice', 'bob']],
    ['assignees', 'none', []],
    ['blog-path', './site/', 'site']
  ] as const)('%s = %j', (input, value, expected) => {
    const s = readSettings(reader({ [input]: value }))
    const key = {
      jobs: 'jobs',
      since: 'since',
      assignees: 'assignees',
      'blog-path': 'blogPath',
      suggestions: 'suggestions',
      'fix-pr': 'fixPr'
    }[input] as keyof typeof s
    expect(s[key]).toEqual(expected)
  })

  it('parses user and organization project URLs', () => {
    expect(readSettings(reader({ project: 'https://github.com/orgs/camp/projects/7' })).project).toEqual({
      ownerType: 'Organization',
      owner: 'camp',
      number: 7,
      url: 'https://github.com/orgs/camp/projects/7'
    })
    expect(
      readSettings(reader({ project: 'https://github.com/users/octo/projects/1/views/2' })).project?.number
    ).toBe(1)
  })

  it('parses severity overrides', () => {
    const s = readSettings(
      reader({ severity: 'tags/lowercase=warning, date/future=off\nchirpy/unknown-key: notice' })
    )
    expect(s.severity).toEqual({
      'tags/lowercase': 'warning',
      'date/future': 'off',
      'chirpy/unknown-key': 'notice'
    })
  })

  it('keeps commas inside a pattern when patterns are separated by comma and space', () => {
    const s = readSettings(reader({ 'branch-patterns': '^(\\d{1,5})-, ^task/(\\d+)' }))
    expect(s.branchPatterns.map(re => re.source)).toEqual(['^(\\d{1,5})-', '^task\\/(\\d+)'])
  })

  it('takes the file over the table default when the input is empty, as the runner passes every input', () => {
    const everyInputEmpty = (name: string) => (name === 'label' ? 'todo' : '')
    const s = readSettings(everyInputEmpty, {
      'fail-on': 'never',
      label: 'from-file',
      'todo-column': '할 일'
    })
    expect(s.failOn).toBe('never')
    expect(s.label).toBe('todo')
    expect(s.columns.todo).toBe('할 일')
    expect(s.columns.done).toBe('Done')
    expect(s.sources).toEqual({
      'fail-on': { source: 'file', value: 'never' },
      label: { source: 'workflow', value: 'todo' },
      'todo-column': { source: 'file', value: '할 일' }
    })
  })

  it('never shows a token in the sources, and shows file values as escaped code, never as markdown', () => {
    const s = readSettings(name => (name === 'token' ? 'ghs_secret' : ''), {
      'daily-title': '<img src=x> | @octo'
    })
    expect(s.sources.token).toEqual({ source: 'workflow', value: '***' })
    const md = settingsSourcesMarkdown(s, '.github/jekyll-post-ops.yml')
    expect(md).not.toContain('ghs_secret')
    expect(md).toContain(
      '| `daily-title` | <code>&lt;img src=x&gt; &#124; @octo</code> | <code>.github/jekyll-post-ops.yml</code> |'
    )
    expect(md).toContain('<summary>Settings: 2 not at their default</summary>')
  })

  it('lets inputs override the config file', () => {
    const s = readSettings(reader({ label: 'todo' }), { label: 'from-file', 'done-column': '완료' })
    expect(s.label).toBe('todo')
    expect(s.columns.done).toBe('완료')
  })

  it('reads the weekly review inputs: weekdays in any case, one week pattern with commas kept', () => {
    const s = readSettings(reader({ 'weekly-day': 'Sunday', 'week-pattern': '(\\d{1,2}), Week' }))
    expect([s.weekly.day, s.weekly.start, s.weekly.title, s.weekly.label]).toEqual([
      'sunday',
      'monday',
      'Weekly review {week}',
      'weekly-review'
    ])
    expect(s.weekly.pattern.exec('[06, Week]')?.[1]).toBe('06')
    expect(readSettings(reader({})).weekly.pattern.exec('[week 06 / Day 024]')?.[1]).toBe('06')
  })

  it.each([
    ['jobs', 'check,deploy', "Input 'jobs': unknown job 'deploy'"],
    ['fail-on', 'sometimes', "Input 'fail-on': 'sometimes' must be one of error, warning, never"],
    ['since', 'yesterday', "Input 'since': 'yesterday' is neither"],
    ['max-writes', '0', "Input 'max-writes': '0' is not a positive whole number"],
    ['dry-run', 'yes please', "Input 'dry-run': 'yes please' is not true or false"],
    [
      'project',
      'https://github.com/octo/blog',
      "Input 'project': 'https://github.com/octo/blog' is not a project URL"
    ],
    ['severity', 'tags/lowercase=loud', "Input 'severity': 'tags/lowercase=loud': level must be"],
    ['timezone', 'Mars/Olympus', "Input 'timezone': 'Mars/Olympus' is not an IANA timezone"],
    ['blog-path', '../other', "Input 'blog-path': '../other' leaves the repository"],
    ['branch-patterns', '^(\\d+', "Input 'branch-patterns': '^(\\d+' is not a valid regular expression"],
    ['weekly-day', 'mon', "Input 'weekly-day': 'mon' must be one of monday, tuesday"],
    ['weekly-start', 'someday', "Input 'weekly-start': 'someday' must be one of monday"],
    ['week-pattern', 'Week (\\d+', "Input 'week-pattern': 'Week (\\d+' is not a valid regular expression"]
  ])('names the input when %s is %j', (input, value, message) => {
    expect(() => readSettings(reader({ [input]: value }))).toThrow(SettingsError)
    expect(() => readSettings(reader({ [input]: value }))).toThrow(message)
  })
})

describe('sinceInstant', () => {
  it('counts days back from now, or takes a date at midnight UTC', () => {
    const now = Date.parse('2026-11-28T00:00:00Z')
    expect(new Date(sinceInstant({ days: 14 }, now)).toISOString()).toBe('2026-11-14T00:00:00.000Z')
    expect(new Date(sinceInstant({ date: '2026-01-01' }, now)).toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })
})

describe('config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jpo-config-'))
  const write = (text: string) => {
    const path = join(dir, 'jekyll-post-ops.yml')
    writeFileSync(path, text)
    return readConfigFile(path, '.github/jekyll-post-ops.yml')
  }

  it('is optional', () => {
    expect(readConfigFile(join(dir, 'missing.yml'), 'missing.yml')).toEqual({})
  })

  it('reads input names, lists and a severity map', () => {
    const values = write(
      'label: 할일\ntomorrow-headings:\n  - 내일\n  - next day\nseverity:\n  tags/lowercase: warning\n  date/future: off\nmax-writes: 20\n'
    )
    expect(values).toEqual({
      label: '할일',
      'tomorrow-headings': '내일\nnext day',
      severity: 'tags/lowercase=warning\ndate/future=off',
      'max-writes': '20'
    })
  })

  it('names the nearest known key for a typo, and refuses tokens', () => {
    expect(() => write('done-colum: 완료\n')).toThrow(
      "Input 'config-file': .github/jekyll-post-ops.yml: unknown key 'done-colum'; did you mean 'done-column'?"
    )
    expect(() => write('project-token: abc\n')).toThrow("'project-token' cannot be set in a file")
    expect(() => write('label: [unclosed\n')).toThrow(/jekyll-post-ops.yml:\d+: /)
  })
})

describe('action.yml', () => {
  it('declares exactly the inputs the settings read', () => {
    const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
  })
})
