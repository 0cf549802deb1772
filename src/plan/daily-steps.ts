// The steps that make GitHub show the daily plan or the weekly review (create or edit, close earlier and duplicate
// ones, pin, sub-issues) and the comments they leave. Pure: it decides, github/daily.ts carries out; never reaches GitHub.
import { isoWeekOf, type Language } from './calendar.js'
import { SUB_ISSUE_LIMIT, type DailyPlan, type PlanIssue } from './daily.js'
import { isNestedKey } from './nested-key.js'
import type { PlanKind } from './plan-issue.js'

/**
 * What the steps need of a plan: the day its marker names (for the weekly review, the week's first day), title, body,
 * whether it should exist; the daily plan's items become sub-issues when asked.
 */
export type PlanTarget = Pick<DailyPlan, 'date' | 'title' | 'body' | 'wanted'> &
  Partial<Pick<DailyPlan, 'due' | 'open'>>

// ---------------------------------------------------------------------------------------------------------
// Steps: what GitHub should do so that it shows the plan. `'today'` stands for today's plan issue, whose number
// a create only learns when it is applied.

export type IssueRef = number | 'today'

export type DailyOp =
  | { kind: 'create'; title: string; body: string }
  | { kind: 'update'; number: number; title?: string; body?: string }
  /** A second open plan issue for today (a race between two runs): closed in favour of the oldest. */
  | { kind: 'close-duplicate'; number: number; keep: number }
  /**
   * An open plan issue of an earlier day: a comment linking today's plan (`link`; none when there is no plan
   * today), unless one was left already, then closed.
   */
  | { kind: 'close-earlier'; number: number; date: string; comment: boolean; link?: IssueRef }
  | { kind: 'unpin'; number: number }
  | { kind: 'pin'; issue: IssueRef }
  | { kind: 'add-sub-issue'; parent: IssueRef; child: number }

export interface DailyOpsOptions {
  pin: boolean
  subIssues: boolean
}

/** The plan issue of `today` that the action keeps updating: the oldest one whose marker names today. */
export function todaysIssue<T extends PlanIssue>(planIssues: readonly T[], today: string): T | undefined {
  return [...planIssues].filter(i => i.date === today).sort((a, b) => a.number - b.number)[0]
}

/**
 * The steps from what GitHub shows (`planIssues`: the open plan issues and today's) to the plan, in the order they
 * must run: today's issue first (so the others can link it), then the earlier ones closed, unpins before the pin
 * (GitHub allows three pinned issues), sub-issues last. Empty when GitHub already agrees.
 */
export function dailyOperations(
  plan: PlanTarget,
  planIssues: readonly PlanIssue[],
  options: DailyOpsOptions
): DailyOp[] {
  const ops: DailyOp[] = []
  const keep = todaysIssue(planIssues, plan.date)
  // A plan issue a person closed is left alone: no edit, no second issue for the same day.
  let today: IssueRef | undefined
  if (keep === undefined) {
    if (plan.wanted) {
      ops.push({ kind: 'create', title: plan.title, body: plan.body })
      today = 'today'
    }
  } else if (keep.state === 'open') {
    today = keep.number
    const title = keep.title !== plan.title ? plan.title : undefined
    const body = normalizeNewlines(keep.body) !== plan.body ? plan.body : undefined
    if (title !== undefined || body !== undefined) {
      ops.push({
        kind: 'update',
        number: keep.number,
        ...(title !== undefined ? { title } : {}),
        ...(body !== undefined ? { body } : {})
      })
    }
  }
  for (const issue of planIssues) {
    if (issue.state !== 'open' || issue === keep) continue
    if (issue.date === plan.date && keep)
      ops.push({ kind: 'close-duplicate', number: issue.number, keep: keep.number })
    else if (issue.date < plan.date) {
      const link = keep?.number ?? today
      ops.push({
        kind: 'close-earlier',
        number: issue.number,
        date: issue.date,
        comment: !issue.closingCommented,
        ...(link !== undefined ? { link } : {})
      })
    }
  }
  if (options.pin && today !== undefined) {
    for (const issue of planIssues)
      if (issue.pinned && issue.date < plan.date) ops.push({ kind: 'unpin', number: issue.number })
    if (!(keep?.state === 'open' && keep.pinned)) ops.push({ kind: 'pin', issue: today })
  }
  if (options.subIssues && today !== undefined) {
    const attached = new Set(keep?.state === 'open' ? keep.subIssues : [])
    let room = SUB_ISSUE_LIMIT - attached.size
    for (const item of [...(plan.due ?? []), ...(plan.open ?? [])]) {
      if (room <= 0) break
      // A nested task issue's parent is its parent task's issue (an issue has one parent): it shows under that one.
      if (item.checked || attached.has(item.number) || isNestedKey(item.key)) continue
      ops.push({ kind: 'add-sub-issue', parent: today, child: item.number })
      attached.add(item.number)
      room--
    }
  }
  return ops
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

/** Hidden in the comment left on an earlier plan (or review) issue, so a rerun sees it has been left already. */
export function closingCommentMarker(kind: PlanKind): string {
  return `<!-- jekyll-post-ops:${kind}-closed -->`
}
export const CLOSING_COMMENT_MARKER = closingCommentMarker('daily')

/** The comment left on an earlier day's plan (an earlier week's review) as it is closed. */
export function closingComment(
  date: string,
  todayNumber: number | undefined,
  today: string,
  language: Language,
  kind: PlanKind = 'daily'
): string {
  const text = kind === 'weekly' ? weeklyClosing(date, todayNumber, today, language) : dailyClosing()
  return `${text}\n\n${closingCommentMarker(kind)}`

  function dailyClosing(): string {
    return language === 'ko'
      ? todayNumber === undefined
        ? `${date}의 계획을 닫습니다. ${today}에는 할 일도 열린 일도 없어 새 계획이 없습니다.`
        : `${date}의 계획을 닫습니다. 오늘(${today})의 계획은 #${todayNumber} 입니다.`
      : todayNumber === undefined
        ? `Closing the plan for ${date}. Nothing is due or open on ${today}, so there is no new plan.`
        : `Closing the plan for ${date}: today's (${today}) plan is #${todayNumber}.`
  }
}

function weeklyClosing(
  start: string,
  next: number | undefined,
  nextStart: string,
  language: Language
): string {
  const [week, nextWeek] = [isoWeekOf(start), isoWeekOf(nextStart)]
  return language === 'ko'
    ? next === undefined
      ? `${week} 주간 회고를 닫습니다. ${nextWeek}에는 글도 할 일도 없어 새 회고가 없습니다.`
      : `${week} 주간 회고를 닫습니다. 다음 회고(${nextWeek})는 #${next} 입니다.`
    : next === undefined
      ? `Closing the review of ${week}. ${nextWeek} had no posts and no tasks, so there is no new review.`
      : `Closing the review of ${week}: the review of ${nextWeek} is #${next}.`
}

/** The comment left on a second plan (review) issue for the same day (week). */
export function duplicateComment(keep: number, language: Language, kind: PlanKind = 'daily'): string {
  if (kind === 'weekly')
    return language === 'ko'
      ? `같은 주의 회고 #${keep} 과 겹쳐서 닫습니다.`
      : `Duplicate of #${keep}, the review of the same week: closing this one.`
  return language === 'ko'
    ? `같은 날의 계획 #${keep} 과 겹쳐서 닫습니다.`
    : `Duplicate of #${keep}, the plan for the same day: closing this one.`
}
