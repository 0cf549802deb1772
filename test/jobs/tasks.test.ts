// The tasks job's planning: from the fixture week of posts (which posts are read, what is planned, what is counted),
// links and assignees, the run clock's since, and the plan output's size; no GitHub (tasks-job.test.ts has it).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { assigneesFor } from '../../src/jobs/tasks.js'
import { PLAN_OUTPUT_LIMIT, planOutput } from '../../src/jobs/tasks-report.js'
import { lineKey, olderUnchecked, taskLines } from '../../src/blog/task-lines.js'
import { planTasks, postUrl, repoFileLinker } from '../../src/jobs/task-plan.js'
import { screenPosts } from '../../src/blog/screen.js'
import { taskKey } from '../../src/blog/tasks.js'
import type { ManagedIssue, Operation } from '../../src/plan/reconcile.js'
import { sinceInstant } from '../../src/settings.js'

const WEEK = fileURLToPath(new URL('../fixtures/week/', import.meta.url))
const BLOG = join(WEEK, 'blog')
const SCREEN = fileURLToPath(new URL('../fixtures/screen/blog/', import.meta.url))
const expectedOpen = parse(readFileSync(join(WEEK, 'expected-open.yml'), 'utf8')) as string[]
const at = (iso: string) => Date.parse(iso)
const DAY = 86_400_000
const linker = repoFileLinker('https://github.com', { owner: 'octo', repo: 'blog' }, 'main', '')

function plan(now: string, issues: ManagedIssue[] = []) {
  return planTasks({
    root: BLOG,
    now: at(now),
    since: at(now) - 14 * DAY,
    label: 'task',
    repoFileUrl: linker,
    issues
  })
}

describe('planTasks on the fixture week', () => {
  it('a first plan on 03-16 creates the four tasks still open, from all seven posts', () => {
    const result = plan('2026-03-16T09:00:00+09:00')
    expect(result.operations.map(op => op.kind)).toEqual(['create', 'create', 'create', 'create'])
    expect(result.operations.map(op => (op.kind === 'create' ? op.title : '')).sort()).toEqual(
      [...expectedOpen].sort()
    )
    expect(result.postsBuilt).toBe(7)
    expect(result.postsRead).toBe(7)
    expect(result.staleUnchecked).toBe(0)
  })

  it('two weeks later nothing is planned, no post is parsed, and the four unchecked tasks are counted', () => {
    const result = plan('2026-03-30T09:00:00+09:00')
    expect(result.operations).toEqual([])
    expect(result.postsRead).toBe(0)
    expect(result.staleUnchecked).toBe(4)
  })

  it('an open issue keeps its source post and those after it in the plan; it is not counted as stale', () => {
    const first = plan('2026-03-16T09:00:00+09:00')
    const docker = first.operations.find(op => op.kind === 'create' && op.title.startsWith('Docker'))
    if (docker?.kind !== 'create') throw new Error('no create for Docker in the first plan')
    const issue: ManagedIssue = {
      number: 9,
      nodeId: 'I_9',
      title: docker.title,
      body: docker.body,
      state: 'open',
      stateReason: null,
      createdAt: '2026-03-16T00:00:00Z',
      closedAt: null,
      closedByAction: false,
      key: docker.key
    }
    const later = plan('2026-03-30T09:00:00+09:00', [issue])
    expect(later.cutoff).toBe(at('2026-03-12T23:55:00+09:00')) // Day 018, where Docker was first listed
    expect(later.postsRead).toBe(4)
    expect(later.operations.filter(op => op.kind !== 'note')).toEqual([])
    expect(later.staleUnchecked).toBe(3)
  })
})

describe('screening posts by their written dates (test/fixtures/screen: runs on 03-30, cut-off 03-16)', () => {
  const now = at('2026-03-30T09:00:00+09:00')
  const since = now - 14 * DAY
  const screened = (root = SCREEN, screen = true) =>
    planTasks({ root, now, since, label: 'task', repoFileUrl: linker, issues: [], screen })
  const creates = (ops: Operation[]) => ops.flatMap(op => (op.kind === 'create' ? [op.key] : [])).sort()

  it('reads in full what may be on or after the cut-off, looks at the rest, and skips files Jekyll does not build', () => {
    const screen = screenPosts(SCREEN, { cutoff: since })
    expect(screen.read).toEqual([
      '_posts/2026-01-06-moved.md', // its front matter moves it to 03-20
      '_posts/2026-01-07-words.md', // a date written in words: only parsing tells
      '_posts/2026-03-15-edge.md', // within two days of the cut-off
      '_posts/2026-03-20-today.md',
      '_posts/2026-03-25-backdated.md' // recent by name; its front matter says 01-08
    ])
    expect(screen.older.map(p => [p.path, p.lines])).toEqual([
      [
        '_posts/2026-01-05-old.md',
        [
          { checked: false, text: '오래된 할 일' },
          { checked: true, text: '끝난 일' }
        ]
      ],
      ['_posts/2026-01-10-broken.md', [{ checked: false, text: '깨진 글의 할 일' }]]
    ])
  })

  it('opens issues for the tasks a front matter date moves into the window and counts those it moves out', () => {
    const plan = screened()
    expect(creates(plan.operations)).toEqual(
      ['날짜를 글로 쓴 글의 할 일', '옮겨진 글의 할 일', '이번 주 할 일'].sort()
    )
    // 오래된 할 일, 깨진 글의 할 일 (looked at), 경계의 할 일 and 뒤로 간 글의 할 일 (read, older than the cut-off).
    expect(plan.staleUnchecked).toBe(4)
    expect({ built: plan.postsBuilt, read: plan.postsRead, parsed: plan.postsParsed }).toEqual({
      built: 7,
      read: 3,
      parsed: 5
    })
  })

  it('an old post whose YAML Jekyll cannot read counts by its written date, not as a post written at build time', () => {
    // Jekyll dates such a post at build time, so reading every post in full opens its task on every run.
    const full = screened(SCREEN, false)
    expect(creates(full.operations)).toContain('깨진 글의 할 일')
    expect(creates(screened().operations)).not.toContain('깨진 글의 할 일')
    const broken = mkdtempSync(join(tmpdir(), 'jpo-screen-'))
    cpSync(SCREEN, broken, { recursive: true })
    writeFileSync(
      join(broken, '_posts', '2026-01-10-broken.md'),
      '---\ntitle: 고친 글\n---\n- [ ] 깨진 글의 할 일\n'
    )
    expect(screened(broken).operations).toEqual(screened(broken, false).operations)
    expect(screened(broken).staleUnchecked).toBe(screened(broken, false).staleUnchecked)
  })

  it('site defaults that give posts a date turn screening off: every post is read', () => {
    const root = mkdtempSync(join(tmpdir(), 'jpo-screen-'))
    cpSync(SCREEN, root, { recursive: true })
    writeFileSync(
      join(root, '_config.yml'),
      "timezone: Asia/Seoul\ndefaults:\n  - scope: { path: '' }\n    values: { date: 2026-03-29 }\n"
    )
    expect(screenPosts(root, { cutoff: since }).older).toEqual([])
    expect(screenPosts(root, { cutoff: since }).read).toHaveLength(9)
  })

  const days = Array.from({ length: 22 }, (_, i) =>
    new Date(Date.UTC(2026, 2, 10 + i)).toISOString().slice(0, 10)
  )
  it.each(days)('the fixture week on %s: the plan is the one made from every post read in full', iso => {
    const when = at(`${iso}T09:00:00+09:00`)
    const opened = planTasks({
      root: BLOG,
      now: at('2026-03-16T09:00:00+09:00'),
      since: at('2026-03-02T09:00:00+09:00'),
      label: 'task',
      repoFileUrl: linker,
      issues: []
    })
    const issues: ManagedIssue[] = opened.operations.flatMap((op, n) =>
      op.kind === 'create'
        ? [
            {
              number: n + 1,
              nodeId: `I_${n + 1}`,
              title: op.title,
              body: op.body,
              state: 'open' as const,
              stateReason: null,
              createdAt: '2026-03-16T00:00:00Z',
              closedAt: null,
              closedByAction: false,
              key: op.key
            }
          ]
        : []
    )
    for (const known of [[], issues]) {
      const options = {
        root: BLOG,
        now: when,
        since: when - 14 * DAY,
        label: 'task',
        repoFileUrl: linker,
        issues: known
      }
      const fast = planTasks(options)
      const full = planTasks({ ...options, screen: false })
      expect(fast.operations).toEqual(full.operations)
      expect([fast.cutoff, fast.postsRead, fast.postsBuilt, fast.staleUnchecked]).toEqual([
        full.cutoff,
        full.postsRead,
        full.postsBuilt,
        full.staleUnchecked
      ])
    }
  })
})

describe('olderUnchecked', () => {
  it.each([
    ['an unchecked task', ['- [ ] 과제 제출'], [], 1],
    ['checked in a later post', ['- [ ] 과제 제출', '* [x] **과제** 제출'], [], 0],
    ['listed again after the check', ['- [ ] A', '- [x] A', '1. [ ] A'], [], 1],
    ['inside a code fence', ['```markdown\n- [ ] 템플릿\n```\n- [ ] B'], [], 1],
    ['a sub-item indented under a task', ['- [ ] A\n    - [ ] A의 세부 항목'], [], 1],
    ['a plain item that looks like a link', ['- [이미지 분류] 9, 10강'], [], 0],
    ['a key the window decides', ['- [ ] A', '- [ ] B'], ['a'], 1],
    ['no task marker at all', ['그냥 글'], [], 0]
  ])('%s', (_name, bodies, exclude, count) => {
    expect(olderUnchecked(bodies, new Set(exclude))).toBe(count)
  })
})

describe('taskLines and lineKey: the line scan of older posts', () => {
  const body = [
    '## 오늘 한 일',
    '- [x] **실험 12** 결과 정리',
    '```markdown',
    '- [ ] 코드 안의 할 일',
    '```',
    '1. [ ] `trainer-3` 고치기',
    '    - [ ] 하위 항목',
    '* [X] [자연어 처리] 심화 과제'
  ].join('\r\n')

  it('reads bytes as it reads text: only the task texts are decoded', () => {
    const lines = taskLines(body)
    expect(lines).toEqual([
      { checked: true, text: '**실험 12** 결과 정리' },
      { checked: false, text: '`trainer-3` 고치기' },
      { checked: true, text: '[자연어 처리] 심화 과제' }
    ])
    expect(taskLines(Buffer.from(body))).toEqual(lines)
    expect(olderUnchecked([Buffer.from(body)], new Set())).toBe(1)
  })

  it.each([
    '강의 수강 및 정리',
    '**실험 10562** 결과 정리하고 팀에 공유',
    'Fix flaky test in `trainer-10661`',
    'Review pull request 1356 from @teammate',
    '[자연어 처리] 심화 과제 5017 정리',
    '*a *b* c*',
    '**a `b` c**',
    'x `*y*` z',
    '` a `',
    '`` a ``',
    '[a **b] c**',
    '**[a]** b',
    'e`\u0301`',
    '**a\u00a0**',
    '_a_ __b__ snake_case',
    '*a*b',
    '**bold**text',
    'mail foo@bar.com',
    '[^1] note',
    '[link](https://example.com)',
    'İstanbul **Straße**',
    '**',
    '  '
  ])('lineKey(%j) is taskKey', text => {
    expect(lineKey(text)).toBe(taskKey(text))
  })

  it('lineKey is taskKey on 3,000 generated mixes of text and markup', () => {
    const parts = [
      'a',
      'B',
      ' ',
      '*',
      '**',
      '_',
      '`',
      '[',
      ']',
      '@',
      '강의',
      '\u00a0',
      '.',
      '(',
      ')',
      'e\u0301',
      '\t',
      '-',
      '!',
      '&',
      '<'
    ]
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32
    for (let n = 0; n < 3000; n++) {
      let text = ''
      for (let i = 1 + Math.floor(next() * 9); i > 0; i--) text += parts[Math.floor(next() * parts.length)]
      expect(lineKey(text), JSON.stringify(text)).toBe(taskKey(text))
    }
  })
})

describe('links and assignees', () => {
  it.each([
    [
      { url: 'https://devlog.example.com', baseurl: '' },
      '/posts/day-015/',
      'https://devlog.example.com/posts/day-015/'
    ],
    [
      { url: 'https://me.github.io', baseurl: '/blog' },
      '/posts/day-015/',
      'https://me.github.io/blog/posts/day-015/'
    ],
    [{ url: '', baseurl: '' }, 'posts/a/', '/posts/a/']
  ])('post URL %o + %s', (site, path, url) => {
    expect(postUrl(site, path)).toBe(url)
  })

  it.each([
    [
      '',
      '_posts/2026-03-09-day-015.md',
      'https://github.com/octo/blog/blob/main/_posts/2026-03-09-day-015.md#L7'
    ],
    [
      'blog',
      '_posts/2026-03-09-day-015.md',
      'https://github.com/octo/blog/blob/main/blog/_posts/2026-03-09-day-015.md#L7'
    ],
    [
      '',
      '_posts/2026-03-09-학습 기록.md',
      'https://github.com/octo/blog/blob/main/_posts/2026-03-09-%ED%95%99%EC%8A%B5%20%EA%B8%B0%EB%A1%9D.md#L7'
    ]
  ])('file link under blog-path %j: %s', (blogPath, path, url) => {
    expect(
      repoFileLinker('https://github.com/', { owner: 'octo', repo: 'blog' }, 'main', blogPath)(path, 7)
    ).toBe(url)
  })

  it.each([
    [undefined, 'octo', ['octo']],
    [undefined, 'dependabot[bot]', []],
    [undefined, undefined, []],
    [[], 'octo', []],
    [['hubot', 'octo'], 'someone', ['hubot', 'octo']]
  ])('assignees input %j, actor %j -> %j', (assignees, actor, expected) => {
    expect(assigneesFor({ assignees }, actor)).toEqual(expected)
  })
})

it('since resolves against the run clock', () => {
  expect(sinceInstant({ days: 14 }, at('2026-03-16T09:00:00+09:00'))).toBe(at('2026-03-02T09:00:00+09:00'))
})

describe('the plan output', () => {
  const create = (n: number, bodyChars: number) => ({
    kind: 'create' as const,
    key: `k${n}`,
    title: `T${n}`,
    body: 'x'.repeat(bodyChars),
    labels: ['task'],
    reason: 'r'
  })
  const json = (bodyChars: number) => ({
    dryRun: true,
    operations: [1, 2, 3].map(n => create(n, bodyChars)),
    deferred: [create(4, bodyChars)],
    notes: [],
    staleUnchecked: 0,
    since: '2026-03-02T00:00:00.000Z',
    cutoff: '2026-03-02T00:00:00.000Z'
  })

  it('keeps bodies while the plan is small', () => {
    expect(JSON.parse(planOutput(json(100))).operations[0].body).toBe('x'.repeat(100))
  })

  it('drops bodies, never operations, past the size GitHub keeps', () => {
    const out = planOutput(json(PLAN_OUTPUT_LIMIT / 2))
    expect(out.length).toBeLessThan(PLAN_OUTPUT_LIMIT)
    const parsed = JSON.parse(out) as ReturnType<typeof json>
    expect(parsed.operations.map(op => [op.title, op.body])).toEqual([
      ['T1', '…'],
      ['T2', '…'],
      ['T3', '…']
    ])
    expect(parsed.deferred).toHaveLength(1)
  })
})
