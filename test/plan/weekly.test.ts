import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main as cli } from '../../src/cli.js'
import { weeklyOffline, readWeeklyBlog } from '../../src/jobs/weekly.js'
import { isoWeekOf, weekdayName, weekOf } from '../../src/plan/calendar.js'
import { parsePlanMarker, planMarker } from '../../src/plan/plan-issue.js'
import {
  planWeekly,
  reviewWeek,
  weekLabel,
  weeklyTitle,
  type WeeklyInput,
  type WeeklyReview,
  type WeeklyTaskIssue
} from '../../src/plan/weekly.js'
import { weeklyBody } from '../../src/plan/weekly-text.js'
import { readSettings } from '../../src/settings.js'
import { mermaidBlocks, parseMermaid } from '../fixtures/daily/mermaid.js'

// A fortnight of Korean daily logs (test/fixtures/weekly/blog, Seoul): week 01 ends with a post at 23:30 on Sunday,
// week 02 starts with one at 00:10 on Monday and ends with one at 23:30 on Sunday; Wednesday's log is written after
// midnight (Thursday 00:40); 논문 리뷰 작성 is carried across both weeks; the Docker task is closed by pull request
// #31, not by a post; a post at 00:20 the next Monday belongs to week 03. The review runs on Monday 2026-03-16.
const DIR = new URL('../fixtures/weekly/', import.meta.url)
const ROOT = fileURLToPath(new URL('blog/', DIR))
const SEOUL = 'Asia/Seoul'
const MONDAY = Date.parse('2026-03-16T07:00:00+09:00')
const taskIssues = JSON.parse(readFileSync(new URL('task-issues.json', DIR), 'utf8')) as WeeklyTaskIssue[]

const settings = (inputs: Record<string, string> = {}) => readSettings(name => inputs[name] ?? '')
const blog = readWeeklyBlog(ROOT, MONDAY, settings())
const input = (over: Partial<WeeklyInput> = {}): WeeklyInput => ({
  now: MONDAY,
  timeZone: blog.zone,
  weekStart: 'monday',
  titleTemplate: 'Weekly review {week}',
  weekPattern: /Week\s*(\d+)/i,
  posts: blog.posts,
  flags: blog.flags,
  taskIssues,
  ...over
})
const refs = (items: WeeklyReview['done']) => items.map(i => `- [${i.done ? 'x' : ' '}] #${i.number}`)
const texts = (items: WeeklyReview['done']) => items.map(i => `- [${i.done ? 'x' : ' '}] ${i.text}`)

describe('weeks in the blog zone', () => {
  it.each([
    ['2026-03-16T07:00:00+09:00', 'monday', '2026-03-09', '2026-03-15'],
    // Sunday 23:30 in Seoul is still Sunday: the week under review is the one before it.
    ['2026-03-15T23:30:00+09:00', 'monday', '2026-03-02', '2026-03-08'],
    // 00:10 on Monday in Seoul is Sunday 15:10 in UTC, but Monday here.
    ['2026-03-16T00:10:00+09:00', 'monday', '2026-03-09', '2026-03-15'],
    ['2026-03-16T07:00:00+09:00', 'sunday', '2026-03-08', '2026-03-14'],
    ['2026-03-21T07:00:00+09:00', 'saturday', '2026-03-14', '2026-03-20']
  ] as const)('%s, weeks from %s: %s .. %s', (now, start, first, last) => {
    expect(reviewWeek(Date.parse(now), SEOUL, start)).toEqual({ start: first, end: last })
  })

  it('names ISO weeks, across a year end too', () => {
    expect(isoWeekOf('2026-03-09')).toBe('2026-W11')
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01')
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01')
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53')
    expect(weekdayName('2026-03-16')).toBe('monday')
    expect(weekOf('2026-03-18', 'monday')).toEqual({ start: '2026-03-16', end: '2026-03-22' })
  })

  it('puts each post in the week of its day in Seoul', () => {
    const review = planWeekly(input())
    expect(review.posts.map(p => `${p.day} ${p.post.path}`)).toEqual([
      '2026-03-09 _posts/2026-03-09-week02-day008.md',
      '2026-03-10 _posts/2026-03-10-week02-day009.md',
      '2026-03-12 _posts/2026-03-12-week02-day010.md',
      '2026-03-12 _posts/2026-03-12-week02-day011.md',
      '2026-03-14 _posts/2026-03-14-week02-day012.md',
      '2026-03-15 _posts/2026-03-15-week02-day013.md'
    ])
    // Counted in UTC, 07:00 on Monday in Seoul is still Sunday: the review would be week 01's, and the Monday
    // 00:10 post (Sunday 15:10 UTC) would be in it.
    const utc = planWeekly(input({ timeZone: 'UTC' }))
    expect([utc.start, utc.posts.at(-1)?.post.path]).toEqual([
      '2026-03-02',
      '_posts/2026-03-09-week02-day008.md'
    ])
  })
})

describe('the review of week 02, with the task issues', () => {
  const review = planWeekly(input())

  it('lists done, opened and carried over exactly, as issue references', () => {
    expect([review.week, review.start, review.end, review.online]).toEqual([
      '2026-W11',
      '2026-03-09',
      '2026-03-15',
      true
    ])
    expect(refs(review.done)).toEqual(['- [x] #2', '- [x] #3', '- [x] #5', '- [x] #4', '- [x] #6'])
    expect(refs(review.opened)).toEqual(['- [x] #3', '- [x] #4', '- [x] #5', '- [x] #6', '- [ ] #7'])
    // #7 was closed at 00:25 on Monday: after the week's end, so carried; #8 was opened after it; #9 was dropped.
    expect(review.carried.map(i => [i.number, i.daysOpen])).toEqual([
      [1, 10],
      [7, 0]
    ])
  })

  it('says what closed each: the post that checked it, or the merged pull request', () => {
    expect(
      review.done.map(i => [
        i.number,
        i.closedBy?.kind === 'post'
          ? i.closedBy.post.path
          : i.closedBy?.kind === 'pull-request'
            ? `PR #${i.closedBy.number}`
            : '?'
      ])
    ).toEqual([
      [2, '_posts/2026-03-10-week02-day009.md'],
      [3, '_posts/2026-03-10-week02-day009.md'],
      [5, '_posts/2026-03-12-week02-day010.md'],
      [4, 'PR #31'],
      [6, '_posts/2026-03-14-week02-day012.md']
    ])
    const body = weeklyBody(review, 'en', SEOUL)
    expect(body).toContain('- [x] #4 · closed by pull request #31')
    expect(body).toContain(
      '- [x] #5 · checked in [\\[Week 02 / Day 010\\] 학습 기록](https://devlog.example.com/posts/week02-day010/)'
    )
    expect(body).toContain('- [ ] #1 · open 10 days')
  })

  it('counts each post’s checked and opened tasks, per day, and the streak at the week’s end', () => {
    expect(review.posts.map(p => [p.post.path.slice(7, 17), p.checked.length, p.opened.length])).toEqual([
      ['2026-03-09', 1, 1],
      ['2026-03-10', 2, 2],
      ['2026-03-12', 1, 1],
      ['2026-03-12', 1, 0],
      ['2026-03-14', 1, 0],
      ['2026-03-15', 1, 1]
    ])
    expect(review.days.map(d => [d.day.slice(5), d.posts, d.checked, d.opened])).toEqual([
      ['03-09', 1, 1, 1],
      ['03-10', 1, 2, 2],
      ['03-11', 0, 0, 0],
      ['03-12', 2, 2, 1],
      ['03-13', 0, 0, 0],
      ['03-14', 1, 1, 0],
      ['03-15', 1, 1, 1]
    ])
    expect(review.streak).toEqual({ days: 2, since: '2026-03-14', postedToday: true })
    expect(review.postedDays).toBe(5)
  })

  it('tallies the week’s categories and tags and flags the tag `check` would', () => {
    expect(review.categories).toEqual([
      ['부스트캠프 AI Tech', 6],
      ['Daily & Weekly Log', 6]
    ])
    expect(review.tags).toEqual([
      ['week02', 6],
      ['daily-log', 5],
      ['Docker', 1],
      ['weekly-log', 1]
    ])
    expect(review.flags.map(f => [f.rule, f.path, f.line])).toEqual([
      ['tags/lowercase', '_posts/2026-03-14-week02-day012.md', 5]
    ])
  })

  it('draws a chart mermaid’s own parser accepts, and ends with the dated marker', async () => {
    for (const language of ['en', 'ko'] as const) {
      const body = weeklyBody(review, language, SEOUL)
      const charts = mermaidBlocks(body)
      expect(charts).toHaveLength(1)
      await expect(parseMermaid(charts[0]!)).resolves.toBe('xychart')
      expect(body.split('\n').at(-1)).toBe('<!-- jekyll-post-ops:weekly 2026-03-09 -->')
      expect(parsePlanMarker('weekly', body)).toBe('2026-03-09')
      expect(parsePlanMarker('daily', body)).toBeUndefined()
    }
  })

  it('writes the same body on any later day of the next week (a rerun changes nothing)', () => {
    const later = planWeekly(input({ now: Date.parse('2026-03-22T22:00:00+09:00') }))
    expect(weeklyBody(later, 'en', SEOUL)).toBe(weeklyBody(review, 'en', SEOUL))
  })
})

describe('titles and language', () => {
  it('fills {week}, {start}, {end} and {label} (the week pattern’s capture, most frequent)', () => {
    expect(planWeekly(input()).title).toBe('Weekly review 2026-W11')
    expect(planWeekly(input({ titleTemplate: 'Week {label} 주간 회고 ({start} ~ {end})' })).title).toBe(
      'Week 02 주간 회고 (2026-03-09 ~ 2026-03-15)'
    )
    expect(weekLabel(['[Week 06 / Day 024]', 'week 6 회고', '[Week 06 / Day 025]'], /Week\s*(\d+)/i)).toBe(
      '06'
    )
    expect(weekLabel(['Day 24'], /Week\s*(\d+)/i)).toBeUndefined()
    expect(weeklyTitle('{label} review', { week: '2026-W11', start: '', end: '' })).toBe('2026-W11 review')
  })

  it('has Korean headings when the title has Hangul', () => {
    const body = weeklyBody(planWeekly(input({ titleTemplate: '{week} 주간 회고' })), 'ko', SEOUL)
    expect(body.match(/^## .*$/gm)).toEqual([
      '## 이번 주 글',
      '## 완료한 일',
      '## 새로 연 일',
      '## 이어지는 일',
      '## 요일별',
      '## 카테고리와 태그'
    ])
    expect(body).toContain('- [x] #4 · 풀 리퀘스트 #31 병합으로 닫힘')
    expect(body).toContain('- [ ] #1 · 10일째 열림')
  })
})

describe('offline, from the posts alone', () => {
  const offline = weeklyOffline(ROOT, MONDAY, settings())

  it('lists the same week by task text, and what only GitHub knows is unknown', () => {
    const r = offline.review
    expect(r.online).toBe(false)
    expect(texts(r.done)).toEqual([
      '- [x] 과제 제출',
      '- [x] 강의 수강 및 정리',
      '- [x] 강의 수강 및 정리',
      '- [x] 멘토링 질문 정리'
    ])
    expect(texts(r.opened)).toEqual([
      '- [x] 강의 수강 및 정리',
      '- [ ] Docker 이미지 용량 줄이기',
      '- [x] 강의 수강 및 정리',
      '- [x] 멘토링 질문 정리',
      '- [ ] 팀 회고 준비'
    ])
    // The pull request that closed the Docker task is on GitHub only: offline it is still carried over.
    expect(r.carried.map(i => [i.text, i.daysOpen])).toEqual([
      ['논문 리뷰 작성', 10],
      ['Docker 이미지 용량 줄이기', 5],
      ['팀 회고 준비', 0]
    ])
    expect(offline.body).toContain('issue numbers, and closes only GitHub knows')
    expect(offline.body.split('\n').at(-1)).toBe(planMarker('weekly', '2026-03-09'))
  })

  it('has the same posts, days, streak and taxonomy as the review with the task issues', () => {
    const online = planWeekly(input())
    const same = (r: WeeklyReview) => [r.posts.map(p => [p.checked, p.opened]), r.days, r.streak, r.tags]
    expect(same(offline.review)).toEqual(same(online))
  })
  it('is what `jekyll-post-ops weekly DIR` prints, with the clock the environment fixes', async () => {
    const lines: string[] = []
    const env = { JEKYLL_POST_OPS_NOW: '2026-03-16T07:00:00+09:00' }
    expect(await cli(['weekly', ROOT], env, line => lines.push(line))).toBe(0)
    expect(lines).toEqual([`# Weekly review 2026-W11\n\n${offline.body}`])
    const json: string[] = []
    expect(
      await cli(['weekly', ROOT, '--format', 'json', '--weekly-title', '{label}주차 회고'], env, l =>
        json.push(l)
      )
    ).toBe(0)
    const parsed = JSON.parse(json[0]!) as { title: string; done: unknown[]; body: string }
    expect([parsed.title, parsed.done.length]).toEqual(['02주차 회고', 4])
    expect(parsed.body).toContain('## 완료한 일')
    expect(await cli(['weekly', ROOT, '--weekly-start', 'funday'], env, () => {})).toBe(2)
  })
})
