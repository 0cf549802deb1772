import { describe, expect, it } from 'vitest'
import { issueBody, issueTitle } from '../../src/plan/issue-text.js'
import { markerLine } from '../../src/plan/marker.js'
import type { LedgerPost } from '../../src/plan/ledger.js'
import { buildLedger } from '../../src/plan/ledger.js'
import type { ManagedIssue, Operation } from '../../src/plan/reconcile.js'
import { applyCap, isWrite, oldestOpenSourceDate, reconcile } from '../../src/plan/reconcile.js'
import { formatPlan } from '../../src/plan/plan-text.js'
import { applyOps, issue, kst, post, repoFileUrl, summary } from './helpers.js'

const options = { labels: ['jekyll-post-ops', 'task'], repoFileUrl }
const since = kst('2026-03-01')
const plan = (posts: LedgerPost[], actual: ManagedIssue[], s = since): Operation[] =>
  reconcile(buildLedger(posts, { since: s }), actual, options)
/** The issues a run over `posts` would leave, starting from `state`, run at `now`. */
const runOver = (posts: LedgerPost[], now: string, state: ManagedIssue[] = []): ManagedIssue[] =>
  applyOps(state, plan(posts, state), now)

const d2 = post('2026-03-02', '## 내일 할 일\n- [ ] 과제 제출')
const d3carry = post('2026-03-03', '## 내일 할 일\n- [ ] 과제 제출')
const d3check = post('2026-03-03', '## 오늘 한 일\n- [x] 과제 제출')
const d3recur = post('2026-03-03', '## 오늘 한 일\n- [x] 과제 제출\n## 내일 할 일\n- [ ] 과제 제출')
const d5list = post('2026-03-05', '## 내일 할 일\n- [ ] 과제 제출')

describe('reconcile', () => {
  it('an open task with no issue: create, with title, body, labels and reason', () => {
    const ops = plan([d2], [])
    const instance = buildLedger([d2], { since }).tasks.get('과제 제출')!.instances[0]!
    expect(ops).toEqual([
      {
        kind: 'create',
        key: '과제 제출',
        title: '과제 제출',
        body: issueBody(instance, repoFileUrl),
        labels: ['jekyll-post-ops', 'task'],
        reason: 'listed unchecked with no open issue'
      }
    ])
  })

  it('an open task whose issue says the same: nothing', () => {
    const state = runOver([d2], '2026-03-02T15:00:00Z')
    expect(plan([d2], state)).toEqual([])
  })

  it.each<[string, Partial<ManagedIssue>, string[]]>([
    ['title edited by a person', { title: '다른 제목' }, ['title']],
    ['body lost its text', { body: `옛 본문\n\n${markerLine('과제 제출')}` }, ['body']],
    ['both', { title: 'x', body: `x\n${markerLine('과제 제출')}` }, ['title', 'body']]
  ])('an open task whose issue differs (%s): update only what differs', (_name, change, fields) => {
    const [created] = runOver([d2], '2026-03-02T15:00:00Z')
    const ops = plan([d2], [{ ...created!, ...change }])
    expect(ops).toHaveLength(1)
    const op = ops[0]!
    expect(op).toMatchObject({ kind: 'update', number: 1 })
    expect(['title', 'body'].filter(f => f in op)).toEqual(fields)
  })

  it('CRLF and trailing whitespace from the web editor are no difference', () => {
    const [created] = runOver([d2], '2026-03-02T15:00:00Z')
    const edited = { ...created!, body: created!.body.replace(/\n/g, '\r\n') + '\r\n' }
    expect(plan([d2], [edited])).toEqual([])
  })

  it('a carried task: the body is updated (latest listing, days carried)', () => {
    const state = runOver([d2], '2026-03-02T15:00:00Z')
    const ops = plan([d2, d3carry], state)
    expect(summary(ops)).toEqual(['update #1 과제 제출'])
    expect((ops[0] as { body: string }).body).toContain('- Carried 1 day: first listed 2026-03-02')
    expect(ops[0]).not.toHaveProperty('title')
  })

  it('several open issues for one key: keep the oldest, close the newer as duplicates naming it', () => {
    const [created] = runOver([d2], '2026-03-02T15:00:00Z')
    const newer = { ...created!, number: 7, nodeId: 'I_7', createdAt: '2026-03-02T15:00:01Z' }
    const newest = { ...created!, number: 5, nodeId: 'I_5', createdAt: '2026-03-02T15:00:02Z' }
    const ops = plan([d2], [newest, created!, newer])
    expect(ops).toEqual([
      expect.objectContaining({
        kind: 'close-duplicate',
        number: 7,
        duplicateOf: 1,
        comment: expect.stringContaining('#1')
      }),
      expect.objectContaining({ kind: 'close-duplicate', number: 5, duplicateOf: 1 })
    ])
  })

  it('a task last listed before since: nothing, only counted', () => {
    const ledger = buildLedger([post('2026-02-10', '- [ ] 옛 과제')], { since })
    expect(reconcile(ledger, [], options)).toEqual([])
    expect(ledger.staleUnchecked).toBe(1)
  })

  it('a task opened before since but listed again after it: create', () => {
    expect(summary(plan([post('2026-02-10', '- [ ] 과제 제출'), d2], []))).toEqual(['create 과제 제출'])
  })

  it('closed by a person and not listed again since: left closed (a note, no write)', () => {
    const [created] = runOver([d2], '2026-03-02T15:00:00Z')
    const closed = {
      ...created!,
      state: 'closed' as const,
      stateReason: 'not_planned' as const,
      closedAt: '2026-03-04T00:00:00Z'
    }
    const ops = plan([d2, d3carry], [closed])
    expect(ops.filter(isWrite)).toEqual([])
    expect(ops).toEqual([expect.objectContaining({ kind: 'note', number: 1 })])
  })

  it('closed by a person, then a later post lists it unchecked: reopen with the body refreshed (one write), say why', () => {
    const [created] = runOver([d2], '2026-03-02T15:00:00Z')
    const closed = {
      ...created!,
      state: 'closed' as const,
      stateReason: 'completed' as const,
      closedAt: '2026-03-04T00:00:00Z'
    }
    const ops = plan([d2, d3carry, d5list], [closed])
    expect(summary(ops)).toEqual(['reopen #1 과제 제출', 'comment #1 과제 제출'])
    // The reopen carries the refreshed body: one request, not a reopen and then an update.
    expect(ops[0]).toMatchObject({
      kind: 'reopen',
      body: expect.stringContaining('https://blog.example/posts/2026-03-05-log/')
    })
    expect(ops[0]).not.toHaveProperty('title')
    expect(ops[1]).toMatchObject({
      body: expect.stringContaining('https://blog.example/posts/2026-03-05-log/')
    })
  })

  it('closed by the action, then listed again: a new issue (recurring tasks get one per round)', () => {
    const state = runOver([d2, d3check], '2026-03-03T15:00:00Z', runOver([d2], '2026-03-02T15:00:00Z'))
    expect(state).toEqual([expect.objectContaining({ state: 'closed', closedByAction: true })])
    expect(summary(plan([d2, d3check, d5list], state))).toEqual(['create 과제 제출'])
  })

  it('a checked task with an open issue: close as completed, linking the post that checked it', () => {
    const state = runOver([d2], '2026-03-02T15:00:00Z')
    const ops = plan([d2, d3check], state)
    expect(ops).toEqual([
      expect.objectContaining({
        kind: 'close',
        number: 1,
        stateReason: 'completed',
        comment: expect.stringContaining('[2026-03-03 학습 기록](https://blog.example/posts/2026-03-03-log/)')
      })
    ])
  })

  it('a task opened and checked before any run: no issue at all', () => {
    expect(plan([d2, d3check], [])).toEqual([])
    expect(plan([post('2026-03-02', '- [ ] 과제 제출\n- [x] 과제 제출')], [])).toEqual([])
  })

  it('checked under today and relisted under tomorrow since the last run: close the old issue, open the next', () => {
    const state = runOver([d2], '2026-03-02T15:00:00Z')
    const ops = plan([d2, d3recur], state)
    expect(summary(ops)).toEqual(['close #1 과제 제출', 'create 과제 제출'])
    expect(ops[0]).toMatchObject({ comment: expect.stringContaining('2026-03-03-log') })
  })

  it('an issue whose task no post lists any more: left alone, with a note', () => {
    const state = runOver([d2], '2026-03-02T15:00:00Z')
    const ops = plan([post('2026-03-03', '- [ ] 다른 일')], state)
    expect(summary(ops)).toEqual(['create 다른 일', 'note #1 과제 제출'])
  })

  it('never touches an issue without a marker key', () => {
    const stranger = issue({ number: 9, title: '과제 제출', body: '사람이 쓴 이슈' })
    expect(stranger.key).toBeNull()
    expect(plan([d3check], [stranger])).toEqual([])
    expect(summary(plan([d2], [stranger]))).toEqual(['create 과제 제출'])
  })

  it('orders closes, then reopens, then creates, then updates, then notes', () => {
    const day1 = post('2026-03-02', '- [ ] 가\n- [ ] 나\n- [ ] 다\n- [ ] 라')
    let state = runOver([day1], '2026-03-02T15:00:00Z')
    state = state.map(i => (i.key === '라' ? { ...i, state: 'closed', closedAt: '2026-03-02T16:00:00Z' } : i))
    state.push(issue({ number: 20, body: `x\n${markerLine('사라진 일')}` }))
    const day2 = post('2026-03-03', '- [ ] 마\n- [ ] 가\n- [x] 나\n- [ ] 라')
    expect(summary(plan([day1, day2], state))).toEqual([
      'close #2 나',
      'reopen #4 라',
      'comment #4 라',
      'create 마',
      'update #1 가',
      'note #20 사라진 일'
    ])
  })

  it('a rerun after applying the plan plans nothing', () => {
    const day1 = post('2026-03-02', '- [ ] 가\n- [ ] 나')
    const day2 = post('2026-03-03', '- [x] 가\n- [ ] 가\n- [ ] 나\n- [ ] 다')
    let state = runOver([day1], '2026-03-02T15:00:00Z')
    state = runOver([day1, day2], '2026-03-03T15:00:00Z', state)
    expect(plan([day1, day2], state)).toEqual([])
  })
})

describe('oldestOpenSourceDate', () => {
  it('reads the source line of open managed issues only', () => {
    const state = runOver([d2, post('2026-03-04', '- [ ] 다른 일')], '2026-03-04T15:00:00Z')
    expect(oldestOpenSourceDate(state)).toBe(d2.date)
    const closedFirst = state.map(i => (i.number === 1 ? { ...i, state: 'closed' as const } : i))
    expect(oldestOpenSourceDate(closedFirst)).toBe(kst('2026-03-04', '23:00:00'))
    expect(oldestOpenSourceDate([issue({ number: 3, body: '손으로 쓴 본문' })])).toBeUndefined()
  })
})

describe('applyCap', () => {
  const ops: Operation[] = [
    { kind: 'close', key: 'a', number: 1, stateReason: 'completed', comment: 'c', reason: 'r' },
    { kind: 'reopen', key: 'b', number: 2, reason: 'r' },
    { kind: 'comment', key: 'b', number: 2, body: 'why', reason: 'r' },
    { kind: 'create', key: 'c', title: 'c', body: 'b', labels: [], reason: 'r' },
    { kind: 'update', key: 'd', number: 4, title: 't', reason: 'r' },
    { kind: 'note', key: 'e', reason: 'r' }
  ]
  it.each<[number, string[], string[]]>([
    [0, ['note'], ['close', 'reopen', 'comment', 'create', 'update']],
    [1, ['close', 'note'], ['reopen', 'comment', 'create', 'update']],
    [2, ['close', 'reopen', 'comment', 'note'], ['create', 'update']],
    [3, ['close', 'reopen', 'comment', 'create', 'note'], ['update']],
    [4, ['close', 'reopen', 'comment', 'create', 'update', 'note'], []],
    [Infinity, ['close', 'reopen', 'comment', 'create', 'update', 'note'], []]
  ])('max %s writes', (max, now, deferred) => {
    const got = applyCap(ops, max)
    expect(got.now.map(o => o.kind)).toEqual(now)
    expect(got.deferred.map(o => o.kind)).toEqual(deferred)
  })
})

describe('formatPlan', () => {
  it('prints one line per operation, terraform style', () => {
    const state = runOver([d2], '2026-03-02T15:00:00Z')
    const text = formatPlan(plan([d2, d3recur, post('2026-03-04', '- [ ] @bob 과 회의')], state))
    expect(text).toBe(
      [
        '- close #1 as completed (its task was checked and then listed again)',
        '+ create "과제 제출" (listed again after it was checked)',
        `+ create "${issueTitle('@bob 과 회의')}" (listed unchecked with no open issue)`
      ].join('\n')
    )
    expect(formatPlan([])).toBe('No changes: the issues agree with the posts.')
  })
})
