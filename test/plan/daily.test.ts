import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractTasks } from '../../src/blog/tasks.js'
import {
  dailyMarker,
  listedReferences,
  parseDailyMarker,
  planDaily,
  planTitle,
  previousPost,
  progressChart,
  SUB_ISSUE_LIMIT,
  tomorrowKeys,
  type DailyInput,
  type DailyPost,
  type PlanIssue
} from '../../src/plan/daily.js'
import { addDays, languageOf, localDay } from '../../src/plan/calendar.js'
import { closingComment, dailyOperations } from '../../src/plan/daily-steps.js'
import { postingStreak, progressSeries, type TaskIssue } from '../../src/plan/progress.js'
import { mermaidBlocks, parseMermaid } from '../fixtures/daily/mermaid.js'

const dir = new URL('../fixtures/daily/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8')
const SEOUL = 'Asia/Seoul'

/** The previous post's tasks, read by the real extractor (the body starts after the 4-line front matter). */
const previousSource = read('previous-post.md')
const previousTasks = extractTasks(previousSource.split('\n').slice(4).join('\n'), 5)
const taskIssues = JSON.parse(read('task-issues.json')) as TaskIssue[]

const post = (day: string, time = '23:10:00', title = `${day} 학습 기록`): DailyPost => ({
  path: `_posts/${day}-log.md`,
  date: Date.parse(`${day}T${time}+09:00`),
  title,
  url: `https://blog.example/posts/${day}-log/`
})
const posts = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].map(d => post(d))
posts[3]!.title = '[Week 04 / Day 026] 학습 기록'

/** 00:30 in Seoul on 2026-11-28 (15:30 UTC the day before). */
const NOW = Date.parse('2026-11-28T00:30:00+09:00')

const input = (over: Partial<DailyInput> = {}): DailyInput => ({
  now: NOW,
  timeZone: SEOUL,
  titleTemplate: '📅 {date} 오늘의 할 일',
  always: false,
  posts,
  previousTasks,
  taskIssues,
  ...over
})

describe('calendar days in the blog timezone', () => {
  it.each([
    ['2026-11-27T23:30:00Z', SEOUL, '2026-11-28'],
    ['2026-11-27T23:30:00Z', 'UTC', '2026-11-27'],
    ['2026-11-27T14:59:59Z', SEOUL, '2026-11-27'],
    ['2026-11-27T15:00:00Z', SEOUL, '2026-11-28'],
    ['2026-11-28T07:00:00Z', 'America/Los_Angeles', '2026-11-27'],
    ['2026-03-08T10:30:00Z', 'America/New_York', '2026-03-08']
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(localDay(Date.parse(instant), zone)).toBe(day)
  })

  it('moves across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })
})

describe('the previous post', () => {
  it('is the latest post dated before today in the blog timezone, not in UTC', () => {
    // 00:20 on the 28th in Seoul is still the 27th in UTC: it is today's post, not the previous one.
    const early = post('2026-11-28', '00:20:00')
    expect(previousPost([...posts, early], '2026-11-28', SEOUL)?.path).toBe('_posts/2026-11-27-log.md')
    expect(previousPost([...posts, early], '2026-11-28', 'UTC')?.path).toBe('_posts/2026-11-28-log.md')
  })

  it('skips days without a post', () => {
    expect(previousPost(posts.slice(0, 2), '2026-11-28', SEOUL)?.path).toBe('_posts/2026-11-25-log.md')
    expect(previousPost([], '2026-11-28', SEOUL)).toBeUndefined()
  })

  it('lists the unchecked tasks under its "tomorrow" heading in order, each key once', () => {
    expect(tomorrowKeys(previousTasks)).toEqual(['과제 제출', '강의 수강 및 정리', '멘토링 질문 정리'])
  })
})

describe('what is due today', () => {
  const plan = planDaily(input())

  it('puts the previous post\'s "tomorrow" tasks first, in the order listed, then the rest oldest first', () => {
    expect(plan.date).toBe('2026-11-28')
    expect(plan.due.map(i => i.number)).toEqual([7, 12])
    expect(plan.open.map(i => [i.number, i.daysOpen])).toEqual([
      [3, 8],
      [9, 3]
    ])
    expect(plan.withoutIssue).toEqual(['멘토링 질문 정리'])
    expect(plan.wanted).toBe(true)
  })

  it('writes the body the fixture shows, ending in the dated marker', () => {
    expect(plan.body).toBe(read('plan-body.expected.md').replace(/\n$/, ''))
    expect(plan.body.split('\n').at(-1)).toBe('<!-- jekyll-post-ops:daily 2026-11-28 -->')
    expect(plan.title).toBe('📅 2026-11-28 오늘의 할 일')
  })

  it('renders every task as a bare issue reference so GitHub shows its state', () => {
    expect(listedReferences(plan.body)).toEqual(
      new Map([
        [7, false],
        [12, false],
        [3, false],
        [9, false]
      ])
    )
  })

  it('on a rerun the same day keeps an issue closed since the morning, ticked, in its place', () => {
    const later = taskIssues.map(i =>
      i.number === 7 ? { ...i, state: 'closed' as const, closedAt: '2026-11-28T03:00:00Z' } : i
    )
    const rerun = planDaily(
      input({
        taskIssues: later,
        existing: { body: plan.body },
        now: Date.parse('2026-11-28T13:00:00+09:00')
      })
    )
    expect(rerun.due.map(i => [i.number, i.checked])).toEqual([
      [7, true],
      [12, false]
    ])
    // Without today's issue listing it, a closed issue is not news: it is left out.
    const fresh = planDaily(input({ taskIssues: later }))
    expect(fresh.due.map(i => i.number)).toEqual([12])
  })

  it('keeps a box someone ticked in the plan issue', () => {
    const ticked = plan.body.replace('- [ ] #3 ', '- [x] #3 ')
    const rerun = planDaily(input({ existing: { body: ticked } }))
    expect(rerun.open.find(i => i.number === 3)?.checked).toBe(true)
    expect(rerun.body).toBe(ticked)
  })

  it('wants no issue when nothing is due and nothing is open, unless always', () => {
    const closed = taskIssues.filter(i => i.state === 'closed')
    expect(planDaily(input({ taskIssues: closed })).wanted).toBe(false)
    expect(planDaily(input({ taskIssues: [] })).wanted).toBe(false)
    expect(planDaily(input({ taskIssues: [], always: true })).wanted).toBe(true)
  })

  it('marks an open task whose due day has passed as overdue, and not one due today or closed', () => {
    const dated = taskIssues.map(i =>
      i.number === 3 ? { ...i, due: '2026-11-26' } : i.number === 9 ? { ...i, due: '2026-11-28' } : i
    )
    const ko = planDaily(input({ taskIssues: dated }))
    expect(ko.open.find(i => i.number === 3)?.overdue).toBe('2026-11-26')
    expect(ko.open.find(i => i.number === 9)?.overdue).toBeUndefined()
    expect(ko.body).toMatch(/^- \[ \] #3 · .* · \*\*기한 지남\*\* \(2026-11-26까지\)$/m)
    const en = planDaily(input({ taskIssues: dated, titleTemplate: 'Plan {date}' }))
    expect(en.body).toMatch(/^- \[ \] #3 · .* · \*\*overdue\*\* \(due 2026-11-26\)$/m)
    const ticked = planDaily(
      input({ taskIssues: dated, existing: { body: ko.body.replace('- [ ] #3 ', '- [x] #3 ') } })
    )
    expect(ticked.body).not.toMatch(/#3 .*기한 지남/)
  })

  it('says so when no earlier post exists', () => {
    const first = planDaily(input({ posts: [], previousTasks: [], titleTemplate: 'Daily plan {date}' }))
    expect(first.due).toEqual([])
    expect(first.open.map(i => i.number)).toEqual([3, 9, 7, 12])
    expect(first.body).toContain('No earlier post lists tasks for today.')
  })
})

describe('titles', () => {
  it.each([
    ['Daily plan {date}', 'Daily plan 2026-11-28'],
    ['{weekday}, {date}', 'Saturday, 2026-11-28'],
    ['📅 {date} ({weekday}) 오늘의 할 일', '📅 2026-11-28 (토요일) 오늘의 할 일'],
    ['Plan for @team {date}', 'Plan for @\u200bteam 2026-11-28']
  ])('%s -> %s', (template, title) => {
    expect(planTitle(template, '2026-11-28')).toBe(title)
  })

  it('picks the body language from the template', () => {
    expect(languageOf('📅 {date} 오늘의 할 일')).toBe('ko')
    expect(languageOf('Daily plan {date}')).toBe('en')
    expect(planDaily(input({ titleTemplate: 'Daily plan {date}' })).body).toContain('## Due today')
  })
})

describe('the dated marker', () => {
  it.each([
    [`text\n\n${dailyMarker('2026-11-28')}`, '2026-11-28'],
    [`text\r\n\r\n${dailyMarker('2026-11-28')}\r\n`, '2026-11-28'],
    [`${dailyMarker('2026-11-28')}\n\nmore text after it`, undefined],
    ['<!-- jekyll-post-ops:daily 2026-02-30 -->', undefined],
    ['<!-- jekyll-post-ops:task 과제%20제출 -->', undefined],
    ['', undefined]
  ])('%j -> %s', (body, date) => {
    expect(parseDailyMarker(body)).toBe(date)
  })
})

describe('the posting streak', () => {
  it.each([
    [['2026-11-25', '2026-11-26', '2026-11-27'], '2026-11-28', 3, '2026-11-25', false],
    [['2026-11-26', '2026-11-27', '2026-11-28'], '2026-11-28', 3, '2026-11-26', true],
    [['2026-11-24', '2026-11-26', '2026-11-27', '2026-11-27'], '2026-11-28', 2, '2026-11-26', false],
    [['2026-11-25', '2026-11-26'], '2026-11-28', 0, undefined, false],
    [['2026-12-31', '2027-01-01'], '2027-01-01', 2, '2026-12-31', true],
    [[], '2026-11-28', 0, undefined, false]
  ])('posts on %j, today %s: %i days since %s', (days, today, count, since, postedToday) => {
    const streak = postingStreak(days, today)
    expect(streak.days).toBe(count)
    expect(streak.since).toBe(since)
    expect(streak.postedToday).toBe(postedToday)
  })

  it('counts the days of the posts in the blog timezone', () => {
    expect(planDaily(input()).streak).toEqual({ days: 4, since: '2026-11-24', postedToday: false })
  })
})

describe('the progress chart', () => {
  const series = progressSeries(taskIssues, '2026-11-28', SEOUL)

  it('counts task issues opened and closed per day in the blog timezone over two weeks', () => {
    expect(series.days[0]).toBe('2026-11-15')
    expect(series.days.at(-1)).toBe('2026-11-28')
    const at = (day: string) => series.days.indexOf(day)
    expect(series.opened.reduce((a, b) => a + b)).toBe(7)
    expect(
      [at('2026-11-20'), at('2026-11-25'), at('2026-11-26'), at('2026-11-27')].map(i => series.opened[i])
    ).toEqual([1, 2, 3, 1])
    expect(series.closed[at('2026-11-27')]).toBe(3)
    expect(series.closed.reduce((a, b) => a + b)).toBe(3)
  })

  it('leaves out what happened before the fortnight', () => {
    const old: TaskIssue = {
      number: 1,
      key: 'x',
      state: 'closed',
      createdAt: '2026-10-01T00:00:00Z',
      closedAt: '2026-11-14T12:00:00Z'
    }
    const s = progressSeries([old], '2026-11-28', SEOUL)
    expect(s.opened.every(n => n === 0) && s.closed.every(n => n === 0)).toBe(true)
  })

  it.each([
    ['the fixture', series, 'en' as const],
    ['an empty fortnight', progressSeries([], '2026-11-28', SEOUL), 'en' as const],
    ['Korean text', series, 'ko' as const],
    [
      'large counts',
      { ...series, opened: series.opened.map(n => n * 250), closed: series.closed.map(n => n * 999) },
      'en' as const
    ]
  ])('is a chart mermaid parses: %s', async (_name, s, language) => {
    await expect(parseMermaid(progressChart(s, language))).resolves.toBe('xychart')
  })

  it('is the one chart in the body, and mermaid parses it', async () => {
    const blocks = mermaidBlocks(planDaily(input()).body)
    expect(blocks).toHaveLength(1)
    await expect(parseMermaid(blocks[0]!)).resolves.toBe('xychart')
  })

  it('is checked by a parser that rejects a broken chart', async () => {
    const broken = progressChart(series, 'en').replace('bar [', 'bar [oops, ')
    await expect(parseMermaid(broken)).rejects.toThrow(/Parse error/)
  })
})

describe('the steps to GitHub', () => {
  const plan = planDaily(input())
  const planIssue = (over: Partial<PlanIssue>): PlanIssue => ({
    number: 40,
    date: '2026-11-27',
    state: 'open',
    title: 'old',
    body: `old\n\n${dailyMarker('2026-11-27')}`,
    pinned: false,
    subIssues: [],
    closingCommented: false,
    ...over
  })
  const today = (over: Partial<PlanIssue> = {}) =>
    planIssue({ number: 41, date: '2026-11-28', title: plan.title, body: plan.body, ...over })
  const none = { pin: false, subIssues: false }

  it("creates today's issue, then closes yesterday's with a comment linking it", () => {
    expect(dailyOperations(plan, [planIssue({})], none)).toEqual([
      { kind: 'create', title: plan.title, body: plan.body },
      { kind: 'close-earlier', number: 40, date: '2026-11-27', comment: true, link: 'today' }
    ])
  })

  it("does nothing when today's issue already says the same", () => {
    expect(dailyOperations(plan, [today()], none)).toEqual([])
    expect(dailyOperations(plan, [today({ body: plan.body.replace(/\n/g, '\r\n') })], none)).toEqual([])
  })

  it('updates only what differs', () => {
    expect(dailyOperations(plan, [today({ title: 'Daily plan' })], none)).toEqual([
      { kind: 'update', number: 41, title: plan.title }
    ])
    expect(dailyOperations(plan, [today({ body: 'stale' })], none)).toEqual([
      { kind: 'update', number: 41, body: plan.body }
    ])
  })

  it("leaves today's issue alone when a person closed it, and makes no second one", () => {
    expect(
      dailyOperations(plan, [today({ state: 'closed' }), planIssue({})], { pin: true, subIssues: true })
    ).toEqual([{ kind: 'close-earlier', number: 40, date: '2026-11-27', comment: true, link: 41 }])
  })

  it('closes a second plan issue for today in favour of the oldest', () => {
    expect(dailyOperations(plan, [today({ number: 45 }), today()], none)).toEqual([
      { kind: 'close-duplicate', number: 45, keep: 41 }
    ])
  })

  it('does not comment twice on an earlier issue, and never touches a later one', () => {
    expect(
      dailyOperations(
        plan,
        [today(), planIssue({ closingCommented: true }), planIssue({ number: 50, date: '2026-11-29' })],
        none
      )
    ).toEqual([{ kind: 'close-earlier', number: 40, date: '2026-11-27', comment: false, link: 41 }])
  })

  it("closes yesterday's even when there is no plan today", () => {
    const empty = planDaily(input({ taskIssues: [] }))
    expect(dailyOperations(empty, [planIssue({})], none)).toEqual([
      { kind: 'close-earlier', number: 40, date: '2026-11-27', comment: true }
    ])
    expect(closingComment('2026-11-27', undefined, '2026-11-28', 'en')).toMatch(
      /Nothing is due or open on 2026-11-28/
    )
  })

  it("unpins the earlier plan before pinning today's, and pins only once", () => {
    expect(dailyOperations(plan, [planIssue({ pinned: true })], { pin: true, subIssues: false })).toEqual([
      { kind: 'create', title: plan.title, body: plan.body },
      { kind: 'close-earlier', number: 40, date: '2026-11-27', comment: true, link: 'today' },
      { kind: 'unpin', number: 40 },
      { kind: 'pin', issue: 'today' }
    ])
    expect(dailyOperations(plan, [today({ pinned: true })], { pin: true, subIssues: false })).toEqual([])
  })

  it('attaches the open listed task issues as sub-issues, skipping those attached already', () => {
    expect(dailyOperations(plan, [today({ subIssues: [12] })], { pin: false, subIssues: true })).toEqual([
      { kind: 'add-sub-issue', parent: 41, child: 7 },
      { kind: 'add-sub-issue', parent: 41, child: 3 },
      { kind: 'add-sub-issue', parent: 41, child: 9 }
    ])
  })

  it(`stops at GitHub's ${SUB_ISSUE_LIMIT} sub-issues per parent`, () => {
    const many: TaskIssue[] = Array.from({ length: 130 }, (_, i) => ({
      number: 100 + i,
      key: `task ${i}`,
      state: 'open',
      createdAt: `2026-11-2${i % 7}T00:00:00Z`,
      closedAt: null
    }))
    const big = planDaily(input({ taskIssues: many }))
    const ops = dailyOperations(big, [today({ body: big.body, subIssues: [100, 101] })], {
      pin: false,
      subIssues: true
    })
    expect(ops.filter(o => o.kind === 'add-sub-issue')).toHaveLength(SUB_ISSUE_LIMIT - 2)
  })
})
