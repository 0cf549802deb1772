import { describe, expect, it } from 'vitest'
import { readSettings, SettingsError, sinceInstant } from '../src/settings.js'

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
    expect(s.tomorrowHeadings.some(re => re.test('내일 할 일'))).toBe(true)
    expect(s.branchPatterns.map(re => '12-special-mission'.match(re)?.[1]).filter(Boolean)).toEqual(['12'])
  })

  it.each([
    ['jobs', 'check, tasks', ['check', 'tasks']],
    ['since', '3 weeks', { days: 21 }],
    ['since', '2026-01-01', { date: '2026-01-01' }],
    ['assignees', '@alice, bob', ['alice', 'bob']],
    ['assignees', 'none', []],
    ['blog-path', './site/', 'site']
  ] as const)('%s = %j', (input, value, expected) => {
    const s = readSettings(reader({ [input]: value }))
    const key = { jobs: 'jobs', since: 'since', assignees: 'assignees', 'blog-path': 'blogPath' }[input] as keyof typeof s
    expect(s[key]).toEqual(expected)
  })

  it('parses user and organization project URLs', () => {
    expect(readSettings(reader({ project: 'https://github.com/orgs/camp/projects/7' })).project).toEqual({
      ownerType: 'Organization',
      owner: 'camp',
      number: 7,
      url: 'https://github.com/orgs/camp/projects/7'
    })
    expect(readSettings(reader({ project: 'https://github.com/users/octo/projects/1/views/2' })).project?.number).toBe(1)
  })

  it('parses severity overrides', () => {
    const s = readSettings(reader({ severity: 'tags/lowercase=warning, date/future=off\nchirpy/unknown-key: notice' }))
    expect(s.severity).toEqual({ 'tags/lowercase': 'warning', 'date/future': 'off', 'chirpy/unknown-key': 'notice' })
  })

  it('keeps commas inside a pattern when patterns are separated by comma and space', () => {
    const s = readSettings(reader({ 'branch-patterns': '^(\\d{1,5})-, ^task/(\\d+)' }))
    expect(s.branchPatterns.map(re => re.source)).toEqual(['^(\\d{1,5})-', '^task\\/(\\d+)'])
  })

  it('lets inputs override the config file', () => {
    const s = readSettings(reader({ label: 'todo' }), { label: 'from-file', 'done-column': '완료' })
    expect(s.label).toBe('todo')
    expect(s.columns.done).toBe('완료')
  })

  it.each([
    ['jobs', 'check,deploy', "Input 'jobs': unknown job 'deploy'"],
    ['fail-on', 'sometimes', "Input 'fail-on': 'sometimes' must be one of error, warning, never"],
    ['since', 'yesterday', "Input 'since': 'yesterday' is neither"],
    ['max-writes', '0', "Input 'max-writes': '0' is not a positive whole number"],
    ['dry-run', 'yes please', "Input 'dry-run': 'yes please' is not true or false"],
    ['project', 'https://github.com/octo/blog', "Input 'project': 'https://github.com/octo/blog' is not a project URL"],
    ['severity', 'tags/lowercase=loud', "Input 'severity': 'tags/lowercase=loud': level must be"],
    ['timezone', 'Mars/Olympus', "Input 'timezone': 'Mars/Olympus' is not an IANA timezone"],
    ['blog-path', '../other', "Input 'blog-path': '../other' leaves the repository"],
    ['branch-patterns', '^(\\d+', "Input 'branch-patterns': '^(\\d+' is not a valid regular expression"]
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
