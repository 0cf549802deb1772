// The weekly review, computed: the week that just ended (in the blog's zone), its posts with the tasks each checked
// and opened, what was done, opened and carried over, per day, the streak, the taxonomy. Pure: no network, no clock
// (the instant is passed in); the body's words are plan/weekly-text.ts, the steps to GitHub plan/daily-steps.ts.
//
// Choices (tested in test/plan/weekly.test.ts):
// - The week is the last whole one before today: `weekly-start` gives its first weekday; a post belongs to the week
//   of its calendar day in the blog's zone (23:30 on Sunday in Seoul is Sunday, whatever UTC says).
// - Everything is as of the week's end, so a rerun on any later day writes the same body: "done" is closed as
//   completed within the week, "opened" created within it (ticked when closed by its end), "carried over" created
//   by its end and not closed by it, with the days it had been open on the week's last day.
// - With the task issues (online) the lists are issue references; without them (offline: the CLI) they come from
//   the posts alone (the task ledger), by text, and what only GitHub knows (numbers, pull requests) is unknown.
// - Per post and per day, "checked" is the tasks a post checks (each key once), "opened" the tasks it starts.
import { weekMatch } from './fields.js'
import { taskKey } from '../blog/tasks.js'
import { addDays, daysBetween, isoWeekOf, localDay, weekOf, type Weekday } from './calendar.js'
import { neutralize, truncate, TITLE_LIMIT } from './safe-text.js'
import { buildLedger, foldOrder, type LedgerPost, type Occurrence } from './ledger.js'
import { postingStreak, type Streak, type TaskIssue } from './progress.js'

/** A built post as the review needs it (the job reads the blog and extracts the tasks). */
export interface WeeklyPost extends LedgerPost {
  categories: string[]
  tags: string[]
}

/** Who closed a task issue, as the job maps GitHub's answer (`action`: this action, for a post's check). */
export type Closer =
  | { kind: 'action' }
  | { kind: 'pull-request'; number: number }
  | { kind: 'person'; login: string }
  | { kind: 'other'; text: string }

/** A managed task issue with how it was closed. */
export interface WeeklyTaskIssue extends TaskIssue {
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  closer?: Closer
}

/** A `check` finding on the categories or tags of one of the week's posts. */
export interface TaxonomyFlag {
  path: string
  line: number
  rule: string
  message: string
}

export interface WeeklyInput {
  now: number
  /** IANA zone of the blog. */
  timeZone: string
  weekStart: Weekday
  titleTemplate: string
  /** Finds the week label in a post title (first capture group, else the whole match). */
  weekPattern: RegExp
  /** Built posts, any date (those after the week's end are left out). */
  posts: readonly WeeklyPost[]
  /** The managed task issues (every open one, those closed since the week began); undefined offline. */
  taskIssues?: readonly WeeklyTaskIssue[]
  flags?: readonly TaxonomyFlag[]
  /** The week's review issue exists already (it is kept up to date even when the week was empty). */
  existing?: boolean
}

export type ClosedBy =
  | { kind: 'post'; post: Pick<WeeklyPost, 'path' | 'title' | 'url'> }
  | { kind: 'pull-request'; number: number }
  | { kind: 'person'; login: string }
  | { kind: 'other'; text: string }

export interface ReviewItem {
  /** The task issue; undefined offline. */
  number?: number
  key: string
  /** The task as last written in a post (offline) or the key (online). */
  text: string
  /** Closed as completed by the week's end. */
  done: boolean
  /** Calendar days from its opening to the week's last day. */
  daysOpen: number
  closedBy?: ClosedBy
}

export interface PostLine {
  post: WeeklyPost
  day: string
  /** Keys of the tasks it checks, each once, in document order. */
  checked: string[]
  /** Keys of the tasks it starts (an unchecked task with nothing open for it). */
  opened: string[]
}

export interface DayRow {
  day: string
  posts: number
  checked: number
  opened: number
}

export interface WeeklyReview {
  /** First and last day of the week, and its ISO week (`2026-W11`). */
  start: string
  end: string
  week: string
  /** From the week's post titles with the week pattern; undefined when none matches. */
  label?: string
  title: string
  /** Whether the lists come from the task issues (false: from the posts alone). */
  online: boolean
  posts: PostLine[]
  done: ReviewItem[]
  opened: ReviewItem[]
  carried: ReviewItem[]
  days: DayRow[]
  /** As of the week's last day. */
  streak: Streak
  postedDays: number
  /** Name and how many of the week's posts carry it, most used first. */
  categories: Array<[string, number]>
  tags: Array<[string, number]>
  flags: TaxonomyFlag[]
  /** Whether a review issue should exist: the week had posts or tasks, or it exists already. */
  wanted: boolean
}

/** The week the review covers: the last whole week before `now`'s day in `timeZone`. */
export function reviewWeek(now: number, timeZone: string, start: Weekday): { start: string; end: string } {
  const current = weekOf(localDay(now, timeZone), start)
  return { start: addDays(current.start, -7), end: addDays(current.start, -1) }
}

/** The week label: the most frequent match of `pattern` in the titles (first capture, else the match), ties first. */
export function weekLabel(titles: readonly string[], pattern: RegExp): string | undefined {
  const counts = new Map<string, number>()
  for (const title of titles) {
    const m = weekMatch(title, pattern)
    if (!m) continue
    const label = (m[1] ?? m[0]).replace(/\s+/g, ' ').trim()
    if (label !== '') counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  let best: string | undefined
  for (const [label, n] of counts) if (best === undefined || n > counts.get(best)!) best = label
  return best
}

/** The title: `{week}`, `{start}`, `{end}` and `{label}` (the ISO week when no title has one) filled in. */
export function weeklyTitle(
  template: string,
  week: { week: string; start: string; end: string; label?: string }
): string {
  const title = template
    .replace(/\{week\}/g, week.week)
    .replace(/\{start\}/g, week.start)
    .replace(/\{end\}/g, week.end)
    .replace(/\{label\}/g, week.label ?? week.week)
  return truncate(neutralize(title.replace(/\s+/g, ' ').trim()), TITLE_LIMIT)
}

const keyOf = (task: { key: string; text: string }) => task.key || taskKey(task.text)

export function planWeekly(input: WeeklyInput): WeeklyReview {
  const { timeZone } = input
  const { start, end } = reviewWeek(input.now, timeZone, input.weekStart)
  const dayOf = (instant: number) => localDay(instant, timeZone)
  const inWeek = (day: string) => day >= start && day <= end
  const upToEnd = foldOrder(input.posts.filter(p => dayOf(p.date) <= end))
  const weekPosts = upToEnd.filter(p => inWeek(dayOf(p.date)))
  const ledger = buildLedger(upToEnd, { since: 0 })
  const instances = [...ledger.tasks.values()].flatMap(h => h.instances)

  const posts: PostLine[] = weekPosts.map(post => {
    const checked: string[] = []
    for (const task of post.tasks) {
      const key = keyOf(task)
      if (task.checked && key !== '' && !checked.includes(key)) checked.push(key)
    }
    const opened = instances.filter(i => i.opened.path === post.path).map(i => i.key)
    return { post, day: dayOf(post.date), checked, opened }
  })
  const days: DayRow[] = Array.from({ length: 7 }, (_, n) => {
    const day = addDays(start, n)
    const of = posts.filter(p => p.day === day)
    const sum = (pick: (p: PostLine) => string[]) => of.reduce((a, p) => a + pick(p).length, 0)
    return { day, posts: of.length, checked: sum(p => p.checked), opened: sum(p => p.opened) }
  })

  const postOf = (occ: Occurrence) => ({ path: occ.path, title: occ.postTitle, url: occ.url })
  let done: ReviewItem[]
  let opened: ReviewItem[]
  let carried: ReviewItem[]
  if (input.taskIssues === undefined) {
    // Offline: the ledger's instances, in the order the posts wrote them.
    const item = (i: (typeof instances)[number]): ReviewItem => ({
      key: i.key,
      text: i.text,
      done: i.closed !== undefined,
      daysOpen: Math.max(0, daysBetween(dayOf(i.opened.date), end)),
      ...(i.closed ? { closedBy: { kind: 'post' as const, post: postOf(i.closed) } } : {})
    })
    const bySeq = (at: (i: (typeof instances)[number]) => Occurrence | undefined) =>
      instances.filter(i => at(i) !== undefined).sort((a, b) => at(a)!.seq - at(b)!.seq)
    done = bySeq(i => (i.closed && inWeek(dayOf(i.closed.date)) ? i.closed : undefined)).map(item)
    opened = bySeq(i => (inWeek(dayOf(i.opened.date)) ? i.opened : undefined)).map(item)
    carried = bySeq(i => (i.closed === undefined ? i.opened : undefined)).map(item)
  } else {
    const issues = input.taskIssues
    const at = (iso: string) => dayOf(Date.parse(iso))
    const closedBy = (issue: WeeklyTaskIssue): ClosedBy | undefined => {
      const closer = issue.closer
      if (closer === undefined || issue.closedAt === null) return undefined
      if (closer.kind !== 'action') return closer
      // This action closes a task when a post checks it: the latest post checking the key before the close.
      const closedAt = Date.parse(issue.closedAt)
      const checks = ledger.tasks.get(issue.key)?.checks ?? []
      const check = checks.filter(c => c.date <= closedAt).at(-1) ?? checks.at(-1)
      return check ? { kind: 'post', post: postOf(check) } : { kind: 'other', text: 'this action' }
    }
    const doneBy = (i: WeeklyTaskIssue) =>
      i.state === 'closed' &&
      i.closedAt !== null &&
      at(i.closedAt) <= end &&
      i.stateReason !== 'not_planned' &&
      i.stateReason !== 'duplicate'
    const item = (i: WeeklyTaskIssue): ReviewItem => {
      const by = doneBy(i) ? closedBy(i) : undefined
      return {
        number: i.number,
        key: i.key,
        text: i.key,
        done: doneBy(i),
        daysOpen: Math.max(0, daysBetween(at(i.createdAt), end)),
        ...(by ? { closedBy: by } : {})
      }
    }
    const order = (pick: (i: WeeklyTaskIssue) => string | null) => (a: WeeklyTaskIssue, b: WeeklyTaskIssue) =>
      Date.parse(pick(a)!) - Date.parse(pick(b)!) || a.number - b.number
    done = issues
      .filter(i => doneBy(i) && inWeek(at(i.closedAt!)))
      .sort(order(i => i.closedAt))
      .map(item)
    opened = issues
      .filter(i => inWeek(at(i.createdAt)))
      .sort(order(i => i.createdAt))
      .map(item)
    carried = issues
      .filter(
        i => at(i.createdAt) <= end && !(i.state === 'closed' && i.closedAt !== null && at(i.closedAt) <= end)
      )
      .sort(order(i => i.createdAt))
      .map(item)
  }

  const postDays = upToEnd.map(p => dayOf(p.date))
  const tally = (pick: (p: WeeklyPost) => string[]) => {
    const counts = new Map<string, number>()
    for (const post of weekPosts)
      for (const name of new Set(pick(post))) counts.set(name, (counts.get(name) ?? 0) + 1)
    return [...counts].sort((a, b) => b[1] - a[1])
  }
  const week = isoWeekOf(start)
  const label = weekLabel(
    weekPosts.map(p => p.title),
    input.weekPattern
  )
  const weekPaths = new Set(weekPosts.map(p => p.path))
  return {
    start,
    end,
    week,
    ...(label !== undefined ? { label } : {}),
    title: weeklyTitle(input.titleTemplate, { week, start, end, ...(label !== undefined ? { label } : {}) }),
    online: input.taskIssues !== undefined,
    posts,
    done,
    opened,
    carried,
    days,
    streak: postingStreak(postDays, end),
    postedDays: days.filter(d => d.posts > 0).length,
    categories: tally(p => p.categories),
    tags: tally(p => p.tags),
    flags: (input.flags ?? []).filter(f => weekPaths.has(f.path)),
    wanted:
      weekPosts.length > 0 || done.length + opened.length + carried.length > 0 || input.existing === true
  }
}
