// The daily plan, computed: which task issues are due today and in what order, the plan issue's title and body
// (dated marker, mermaid progress chart, posting streak). Pure: no network; the steps that make GitHub agree are
// plan/daily-steps.ts, the calendar plan/calendar.ts, the streak and series plan/progress.ts.
//
// Choices (tested in test/plan/daily.test.ts):
// - "Today" is the calendar day of `now` in the blog's timezone (IANA). Days are compared as YYYY-MM-DD strings.
// - Due first: the open task issues whose key was listed under a "tomorrow" heading of the previous post (the
//   latest post dated before today), in the order listed; then every other open task issue, oldest first (created,
//   then number), with the days it has been open. Each is a `- [ ] #N` reference so GitHub shows its state.
// - A rerun the same day keeps what happened since the morning: an issue listed earlier today that is now closed
//   stays in its place as `- [x] #N`, and a box someone ticked in the plan issue stays ticked.
// - Language follows the title template: Hangul in it gives Korean headings and weekday, else English.
// - The body's last line is `<!-- jekyll-post-ops:daily YYYY-MM-DD -->`; with the label it is the issue's identity.
import type { SectionKind } from '../blog/tasks.js'
import { neutralize, truncate, TITLE_LIMIT } from './safe-text.js'
import { daysBetween, languageOf, localDay, weekdayOf, type Language } from './calendar.js'
import { isOverdue } from './fields.js'
import { parsePlanMarker, planMarker, plainText, postLink, xyChart } from './plan-issue.js'
import {
  postingStreak,
  progressSeries,
  type ProgressSeries,
  type Streak,
  type TaskIssue
} from './progress.js'

/** GitHub accepts at most this many sub-issues under one parent. */
export const SUB_ISSUE_LIMIT = 100
/** At most this many "still open" references are listed; the rest are counted. */
export const OPEN_LIST_LIMIT = 200

/** The plan issue's title: `{date}` and `{weekday}` filled in, neutralised and cut to GitHub's limit. */
export function planTitle(template: string, day: string): string {
  const language = languageOf(template)
  const title = template.replace(/\{date\}/g, day).replace(/\{weekday\}/g, weekdayOf(day, language))
  return truncate(neutralize(title.replace(/\s+/g, ' ').trim()), TITLE_LIMIT)
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

/** A post reduced to what the daily plan needs (the job reads the blog). */
export interface DailyPost {
  path: string
  /** Epoch ms of the post's date as Jekyll sees it. */
  date: number
  title: string
  /** Absolute URL on the site, '' when the site has no `url`. */
  url: string
}

/** A task listed in a post (from blog/tasks' extractTasks). */
export interface ListedTask {
  key: string
  checked: boolean
  sectionKind: SectionKind
  section?: string
}

/** A plan issue found on GitHub: it has the daily label and a dated marker as its last line. */
export interface PlanIssue {
  number: number
  /** The date in its marker. */
  date: string
  state: 'open' | 'closed'
  title: string
  body: string
  pinned: boolean
  /** Numbers of its sub-issues (only read when sub-issues are wanted). */
  subIssues: number[]
  /** True when a comment left by this action already links the plan that replaced it. */
  closingCommented: boolean
}

/** The previous post: the latest post dated before `today` (in `timeZone`), or undefined. */
export function previousPost<T extends { date: number; path: string }>(
  posts: readonly T[],
  today: string,
  timeZone: string
): T | undefined {
  let best: T | undefined
  for (const post of posts) {
    if (localDay(post.date, timeZone) >= today) continue
    if (best === undefined || post.date > best.date || (post.date === best.date && post.path > best.path))
      best = post
  }
  return best
}

/** Keys of the unchecked tasks listed under a "tomorrow" heading, in the order listed, each once. */
export function tomorrowKeys(tasks: readonly ListedTask[]): string[] {
  const keys: string[] = []
  for (const task of tasks) {
    if (task.sectionKind === 'tomorrow' && !task.checked && task.key !== '' && !keys.includes(task.key))
      keys.push(task.key)
  }
  return keys
}

/**
 * A mermaid `xychart-beta` of the series: bars for issues opened, a line for issues closed. Labels are
 * `MM-DD`; the y axis starts at 0 so an empty fortnight still draws.
 */
export function progressChart(series: ProgressSeries, language: Language): string {
  const t = TEXT[language]
  return xyChart({
    title: t.chartTitle,
    axis: t.chartAxis,
    x: series.days.map(d => d.slice(5)),
    bars: [series.opened],
    lines: [series.closed]
  })
}

// ---------------------------------------------------------------------------------------------------------
// The plan

export interface PlanItem {
  number: number
  key: string
  /** Rendered `- [x]`: the issue is closed, or someone ticked the box in today's plan. */
  checked: boolean
  /** Calendar days since the issue was created (0 = today). */
  daysOpen: number
  /** The due day (YYYY-MM-DD) when it has passed and the issue is still open. */
  overdue?: string
}

export interface DailyInput {
  now: number
  /** IANA timezone of the blog. */
  timeZone: string
  titleTemplate: string
  always: boolean
  /** Built posts, dated at or before now (for the previous post and the streak). */
  posts: readonly DailyPost[]
  /** Tasks of the previous post (see `previousPost`), in document order. */
  previousTasks: readonly ListedTask[]
  /** Managed task issues: every open one and those closed within the chart's span. */
  taskIssues: readonly TaskIssue[]
  /** Today's plan issue, when one exists already. */
  existing?: Pick<PlanIssue, 'body'>
}

export interface DailyPlan {
  date: string
  title: string
  /** The plan issue's body; its last line is the dated marker. */
  body: string
  /** From the previous post's "tomorrow" heading, in the order listed. */
  due: PlanItem[]
  /** The other open task issues, oldest first (limited to OPEN_LIST_LIMIT). */
  open: PlanItem[]
  /** Open task issues left out of `open` by the limit. */
  openNotListed: number
  /** The post whose "tomorrow" heading `due` comes from, and its calendar day. */
  previous?: DailyPost
  previousDay?: string
  /** Keys listed under its "tomorrow" heading that have no task issue, open or closed. */
  withoutIssue: string[]
  streak: Streak
  series: ProgressSeries
  /** Whether a plan issue should exist today: something is due or open, or `always`. */
  wanted: boolean
}

export function planDaily(input: DailyInput): DailyPlan {
  const { timeZone } = input
  const today = localDay(input.now, timeZone)
  const language = languageOf(input.titleTemplate)
  const previous = previousPost(input.posts, today, timeZone)
  const keys = previous ? tomorrowKeys(input.previousTasks) : []
  const ticked = input.existing ? listedReferences(input.existing.body) : new Map<number, boolean>()

  // Oldest first: the order "still open" is listed in, and the issue a duplicated key resolves to.
  const byAge = [...input.taskIssues].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number
  )
  const item = (issue: TaskIssue): PlanItem => ({
    number: issue.number,
    key: issue.key,
    checked: issue.state === 'closed' || ticked.get(issue.number) === true,
    daysOpen: Math.max(0, daysBetween(localDay(Date.parse(issue.createdAt), timeZone), today)),
    ...(issue.state === 'open' && isOverdue(issue.due, today) ? { overdue: issue.due } : {})
  })
  // An issue is listed when open, or when today's plan already listed it and it has been closed since.
  const listable = (issue: TaskIssue) => issue.state === 'open' || ticked.has(issue.number)

  const due: PlanItem[] = []
  const withoutIssue: string[] = []
  const taken = new Set<number>()
  for (const key of keys) {
    const candidates = byAge.filter(i => i.key === key)
    const chosen = candidates.find(i => i.state === 'open') ?? candidates.find(listable)
    if (candidates.length === 0) withoutIssue.push(key)
    if (chosen && listable(chosen)) {
      due.push(item(chosen))
      taken.add(chosen.number)
    }
  }
  const rest = byAge.filter(i => !taken.has(i.number) && listable(i))
  const open = rest.slice(0, OPEN_LIST_LIMIT).map(item)
  const openNotListed = rest.length - open.length

  const days = input.posts.map(p => localDay(p.date, timeZone)).filter(d => d <= today)
  const streak = postingStreak(days, today)
  const series = progressSeries(input.taskIssues, today, timeZone)
  const anyOpen = input.taskIssues.some(i => i.state === 'open')
  const plan: Omit<DailyPlan, 'body' | 'title'> = {
    date: today,
    due,
    open,
    openNotListed,
    ...(previous ? { previous, previousDay: localDay(previous.date, timeZone) } : {}),
    withoutIssue,
    streak,
    series,
    wanted: input.always || anyOpen || input.existing !== undefined
  }
  return {
    ...plan,
    title: planTitle(input.titleTemplate, today),
    body: planBody(plan, language, previous ? sectionOf(input.previousTasks) : undefined)
  }
}

/** The heading the "tomorrow" tasks were listed under (the first such section), for the body's note. */
function sectionOf(tasks: readonly ListedTask[]): string | undefined {
  return tasks.find(t => t.sectionKind === 'tomorrow' && t.section !== undefined)?.section
}

/** `#N` -> ticked, for every `- [ ] #N` / `- [x] #N` line of a plan body this action wrote. */
export function listedReferences(body: string): Map<number, boolean> {
  const refs = new Map<number, boolean>()
  for (const line of body.split(/\r?\n|\r/)) {
    const m = /^- \[([ xX])\] #(\d+)(?!\d)/.exec(line)
    if (m) refs.set(Number(m[2]), m[1] !== ' ')
  }
  return refs
}

// ---------------------------------------------------------------------------------------------------------
// Text

const TEXT = {
  en: {
    due: 'Due today',
    dueFrom: (heading: string, post: string, day: string) => `Listed under “${heading}” in ${post} (${day}).`,
    dueNone: (post: string, day: string) => `Nothing open was listed for today in ${post} (${day}).`,
    noPrevious: 'No earlier post lists tasks for today.',
    open: 'Still open',
    openNone: 'Nothing else is open.',
    more: (n: number) => `… and ${n} more open task issue${n === 1 ? '' : 's'}.`,
    age: (days: number) => (days === 0 ? 'opened today' : days === 1 ? 'open 1 day' : `open ${days} days`),
    overdue: (due: string) => `**overdue** (due ${due})`,
    progress: 'Progress',
    chartTitle: 'Task issues opened (bars) and closed (line), last 14 days',
    chartAxis: 'issues',
    totals: (o: number, c: number) => `Last 14 days: ${o} opened, ${c} closed.`,
    streak: (s: Streak) =>
      s.days === 0
        ? 'Posting streak: none yet. The next post starts one.'
        : `Posting streak: ${s.days} day${s.days === 1 ? '' : 's'} in a row since ${s.since}${s.postedToday ? '' : ' (no post today yet)'}.`
  },
  ko: {
    due: '오늘 할 일',
    dueFrom: (heading: string, post: string, day: string) => `${day} ${post}의 “${heading}”에 적은 일입니다.`,
    dueNone: (post: string, day: string) => `${day} ${post}에 오늘 할 일로 남은 것이 없습니다.`,
    noPrevious: '오늘 할 일을 적은 이전 글이 없습니다.',
    open: '아직 열린 일',
    openNone: '그 밖에 열린 일은 없습니다.',
    more: (n: number) => `… 그 밖에 열린 할 일 ${n}개.`,
    age: (days: number) => (days === 0 ? '오늘 열림' : `${days}일째 열림`),
    overdue: (due: string) => `**기한 지남** (${due}까지)`,
    progress: '진행 상황',
    chartTitle: '최근 14일 할 일 이슈: 열림(막대), 닫힘(선)',
    chartAxis: '이슈',
    totals: (o: number, c: number) => `최근 14일: ${o}개 열림, ${c}개 닫힘.`,
    streak: (s: Streak) =>
      s.days === 0
        ? '연속 작성: 아직 없습니다. 다음 글부터 시작됩니다.'
        : `연속 작성: ${s.since}부터 ${s.days}일째${s.postedToday ? '' : ' (오늘 글은 아직)'}.`
  }
} as const

function itemLine(item: PlanItem, language: Language, withAge: boolean): string {
  const box = item.checked ? '[x]' : '[ ]'
  const overdue =
    item.overdue !== undefined && !item.checked ? ` · ${TEXT[language].overdue(item.overdue)}` : ''
  return withAge
    ? `- ${box} #${item.number} · ${TEXT[language].age(item.daysOpen)}${overdue}`
    : `- ${box} #${item.number}${overdue}`
}

function planBody(
  plan: Omit<DailyPlan, 'body' | 'title'>,
  language: Language,
  heading: string | undefined
): string {
  const t = TEXT[language]
  const parts: string[] = []
  const sectionName = plainText(heading ?? 'tomorrow')
  parts.push(`## ${t.due}`)
  if (!plan.previous) parts.push(t.noPrevious)
  else {
    const day = plan.previousDay ?? ''
    if (plan.due.length === 0) parts.push(t.dueNone(postLink(plan.previous), day))
    else
      parts.push(
        t.dueFrom(sectionName, postLink(plan.previous), day),
        plan.due.map(i => itemLine(i, language, false)).join('\n')
      )
  }
  parts.push(`## ${t.open}`)
  if (plan.open.length === 0) parts.push(t.openNone)
  else {
    const lines = plan.open.map(i => itemLine(i, language, true))
    if (plan.openNotListed > 0) lines.push('', t.more(plan.openNotListed))
    parts.push(lines.join('\n'))
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  parts.push(
    `## ${t.progress}`,
    '```mermaid\n' + progressChart(plan.series, language) + '\n```',
    `${t.totals(sum(plan.series.opened), sum(plan.series.closed))} ${t.streak(plan.streak)}`
  )
  parts.push(dailyMarker(plan.date))
  return parts.join('\n\n')
}

// ---------------------------------------------------------------------------------------------------------
// Identity

export function dailyMarker(day: string): string {
  return planMarker('daily', day)
}

/** The date in a body's final marker line, or undefined. A marker anywhere else does not count. */
export function parseDailyMarker(body: string | null | undefined): string | undefined {
  return parsePlanMarker('daily', body)
}
