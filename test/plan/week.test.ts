import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { issueTitle } from '../../src/plan/issue-text.js'
import type { TaskInstance } from '../../src/plan/ledger.js'
import { buildLedger, desiredOpen, postsThatMatter } from '../../src/plan/ledger.js'
import type { ManagedIssue } from '../../src/plan/reconcile.js'
import { isWrite, oldestOpenSourceDate, reconcile } from '../../src/plan/reconcile.js'
import { applyOps, kst, readFixtureDir, repoFileUrl, summary } from './helpers.js'

// A week of Korean daily logs (2026-03-09 .. 2026-03-15): a task checked under today and listed again under
// tomorrow every day, a paper carried for three days and then done, a project task carried three days and still
// open, a task with an @mention, one with a #ref, a code fence and a Liquid raw block with look-alike tasks.
const dir = new URL('../fixtures/tasks/week/', import.meta.url)
const posts = readFixtureDir(dir)
const expected = JSON.parse(readFileSync(new URL('desired.expected.json', dir), 'utf8')) as {
  desired: unknown[]
  instances: Record<string, number>
}
const options = { labels: ['task'], repoFileUrl }
const since = kst('2026-03-09')

const subItemLine = (s: TaskInstance['subItems'][number]): string =>
  `${'  '.repeat(s.depth - 1)}- ${s.checked === null ? '' : s.checked ? '[x] ' : '[ ] '}${s.text}`

describe('a week of daily logs', () => {
  const ledger = buildLedger(posts, { since })

  it('wants exactly the expected issues open at the end of the week', () => {
    const desired = desiredOpen(ledger).map(i => ({
      key: i.key,
      title: issueTitle(i.text),
      opened: i.opened.path,
      lastSeen: i.lastSeen.path,
      line: i.lastSeen.line,
      section: i.lastSeen.section,
      carriedDays: i.carriedDays,
      listings: i.listings,
      subItems: i.subItems.map(subItemLine)
    }))
    expect(desired).toEqual(expected.desired)
  })

  it('folds each task into the expected number of instances', () => {
    const counts = Object.fromEntries([...ledger.tasks.values()].map(h => [h.key, h.instances.length]))
    expect(counts).toEqual(expected.instances)
  })

  it('run after every post: closes one issue of a recurring task and opens the next, carries, closes', () => {
    const lines = readFileSync(new URL('daily-runs.expected.txt', dir), 'utf8').split('\n')
    const want = new Map<string, string[]>()
    let current: string[] = []
    for (const line of lines) {
      const head = /^## after (.+)$/.exec(line)
      if (head !== null) want.set(head[1] as string, (current = []))
      else if (line !== '' && !line.startsWith('#')) current.push(line)
    }
    let state: ManagedIssue[] = []
    const got = new Map<string, string[]>()
    for (let n = 1; n <= posts.length; n++) {
      const latest = posts[n - 1]!
      const ops = reconcile(buildLedger(posts.slice(0, n), { since }), state, options)
      got.set(latest.path, summary(ops))
      state = applyOps(state, ops, new Date(latest.date + 600_000).toISOString())
    }
    expect(got).toEqual(want)
    const open = state.filter(i => i.state === 'open').map(i => i.key)
    expect(open).toEqual(expect.arrayContaining(desiredOpen(ledger).map(i => i.key)))
    expect(open).toHaveLength(desiredOpen(ledger).length)
  })

  it('a first run at the end of the week creates only the open tasks, and a rerun plans nothing', () => {
    const ops = reconcile(ledger, [], options)
    expect(summary(ops)).toEqual([
      'create 강의 수강 및 정리',
      'create 프로젝트 주제 정하기 @team-lead 와 상의',
      'create 과제 2 제출'
    ])
    const state = applyOps([], ops, '2026-03-16T00:00:00Z')
    expect(reconcile(ledger, state, options)).toEqual([])
  })

  it('a first run long after the week floods nothing: the open tasks are only counted', () => {
    const late = buildLedger(posts, { since: kst('2026-03-20') })
    expect(reconcile(late, [], options)).toEqual([])
    expect(late.staleUnchecked).toBe(3)
    expect(late.stale).toEqual([
      '강의 수강 및 정리',
      '프로젝트 주제 정하기 @team-lead 와 상의',
      '과제 2 제출'
    ])
  })

  it('posts before the cut-off are not needed: the plan from the posts that matter is the same', () => {
    const state = applyOps([], reconcile(ledger, [], options), '2026-03-16T00:00:00Z')
    const laterSince = kst('2026-03-14')
    const oldest = oldestOpenSourceDate(state)
    expect(oldest).toBe(Date.parse('2026-03-12T23:10:00+09:00'))
    const { cutoff, posts: matter } = postsThatMatter(posts, {
      since: laterSince,
      oldestOpenIssueSourceDate: oldest
    })
    expect(cutoff).toBe(oldest)
    expect(matter.map(p => p.path)).toEqual(posts.slice(3).map(p => p.path))
    const cut = reconcile(buildLedger(matter, { since: laterSince }), state, options)
    expect(cut.filter(isWrite)).toEqual([])
  })
})
