// The posting streak and the opened/closed series the daily plan charts. Pure: counts calendar days, reads nothing.
// Never renders text: the chart's words live with the plan body in plan/daily.ts.
import { addDays, localDay } from './calendar.js'

/** Days the progress chart covers, ending today. */
export const CHART_DAYS = 14

/** A managed task issue as the plan needs it (the job maps the GitHub read model to this). */
export interface TaskIssue {
  number: number
  key: string
  state: 'open' | 'closed'
  /** ISO 8601 instants. */
  createdAt: string
  closedAt: string | null
  /** The day the task is due (YYYY-MM-DD, plan/fields.ts's dueDay), when known. */
  due?: string
}

// ---------------------------------------------------------------------------------------------------------
// The streak and the series

export interface Streak {
  /** Consecutive days with a post, ending today or (when today has none yet) yesterday. */
  days: number
  /** The first day of the streak, when there is one. */
  since?: string
  /** Whether today already has a post. */
  postedToday: boolean
}

/** The current posting streak. `postDays` are the calendar days of the posts (any order, repeats allowed). */
export function postingStreak(postDays: Iterable<string>, today: string): Streak {
  const days = new Set(postDays)
  const postedToday = days.has(today)
  let day = postedToday ? today : addDays(today, -1)
  let count = 0
  while (days.has(day)) {
    count++
    day = addDays(day, -1)
  }
  return count === 0 ? { days: 0, postedToday } : { days: count, since: addDays(day, 1), postedToday }
}

export interface ProgressSeries {
  /** The calendar days covered, oldest first, ending today. */
  days: string[]
  /** Task issues opened on each day. */
  opened: number[]
  /** Task issues closed on each day. */
  closed: number[]
}

/** Task issues opened and closed per calendar day over the `CHART_DAYS` days ending today. */
export function progressSeries(
  issues: readonly TaskIssue[],
  today: string,
  timeZone: string,
  span = CHART_DAYS
): ProgressSeries {
  const days = Array.from({ length: span }, (_, i) => addDays(today, i - span + 1))
  const index = new Map(days.map((d, i) => [d, i]))
  const opened = days.map(() => 0)
  const closed = days.map(() => 0)
  for (const issue of issues) {
    const o = index.get(localDay(Date.parse(issue.createdAt), timeZone))
    if (o !== undefined) opened[o]!++
    if (issue.state === 'closed' && issue.closedAt) {
      const c = index.get(localDay(Date.parse(issue.closedAt), timeZone))
      if (c !== undefined) closed[c]!++
    }
  }
  return { days, opened, closed }
}
