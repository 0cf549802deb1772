// Folds the tasks of the posts that can matter, in date order, into task instances per key: the desired issues.
// Pure: takes plain values, never reads files, the network or process.env, and never parses markdown itself.
//
// Semantics (DESIGN.md "Task semantics"):
// - Posts are folded by date, then path; tasks within a post in document order.
// - An unchecked occurrence with no open instance opens one; a checked occurrence closes the open instance
//   (recording where); an unchecked occurrence while open "carries" it (latest listing, section and sub-items
//   remembered). So `- [x] T` under today and `- [ ] T` under tomorrow in one post close one instance and open the next.
// - A checked occurrence with nothing open changes no instance, but is kept in `checks` (it still closes an issue).
// - Sub-items merge across listings of one instance: first-seen order, the latest listing's text/state/depth winning.
// - `carriedDays` counts calendar days (in the site's timezone, from `dateIso`) from the opening post to the latest.
// - An instance is stale when it is open but last listed before `since`: it wants no new issue, only a count.
import type { SectionKind, SubItem, Task } from '../blog/tasks.js'
import { taskKey } from '../blog/tasks.js'
import { DAY_MS } from '../time.js'

/** A post reduced to what the ledger needs (the caller reads and parses it). */
export interface LedgerPost {
  /** Path relative to the blog root, e.g. `_posts/2026-03-12-day-012.md`. */
  path: string
  /** Epoch ms of the post's date as Jekyll sees it. */
  date: number
  /** The same date, ISO 8601 with the site-timezone offset (its YYYY-MM-DD is the post's calendar day). */
  dateIso: string
  /** Absolute URL of the post on the site. */
  url: string
  title: string
  tasks: Task[]
}

/** One listing of a task in a post. */
export interface Occurrence {
  path: string
  date: number
  dateIso: string
  url: string
  postTitle: string
  /** 1-based file line of the task item. */
  line: number
  /** The task text as written in this listing. */
  text: string
  checked: boolean
  section?: string
  sectionKind: SectionKind
  /** Position in fold order across all posts (0-based); orders occurrences within one post too. */
  seq: number
}

/** One run of a task from an unchecked listing to the check that ends it (if any). */
export interface TaskInstance {
  key: string
  /** Text of the latest listing. */
  text: string
  /** The unchecked listing that opened the instance. */
  opened: Occurrence
  /** The latest unchecked listing (the opening one until the task is carried). */
  lastSeen: Occurrence
  /** The checked listing that closed the instance. */
  closed?: Occurrence
  subItems: SubItem[]
  /** Unchecked listings so far (1 = never carried). */
  listings: number
  /** Calendar days from the opening post to the latest listing (0 = not carried to another day). */
  carriedDays: number
}

export interface TaskHistory {
  key: string
  /** In fold order; only the last can be open. */
  instances: TaskInstance[]
  /** Every checked listing of the key in fold order, including those that closed nothing. */
  checks: Occurrence[]
}

export interface Ledger {
  /** Keys in order of first appearance. */
  tasks: Map<string, TaskHistory>
  /** The `since` the ledger was built with (epoch ms). */
  since: number
  /** Keys whose latest instance is open but was last listed before `since`: they open no issue. */
  stale: string[]
  /** `stale.length`, for the summary. */
  staleUnchecked: number
}

export interface LedgerOptions {
  /** Epoch ms: only tasks listed unchecked at or after this instant may open issues. */
  since: number
}

/** Posts sorted the way the ledger folds them: by date, then path. Does not modify its argument. */
export function foldOrder<T extends { date: number; path: string }>(posts: readonly T[]): T[] {
  return [...posts].sort((a, b) => a.date - b.date || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

export function buildLedger(posts: readonly LedgerPost[], options: LedgerOptions): Ledger {
  const tasks = new Map<string, TaskHistory>()
  let seq = 0
  for (const post of foldOrder(posts)) {
    for (const task of post.tasks) {
      const key = task.key || taskKey(task.text)
      if (key === '') continue
      const occ: Occurrence = {
        path: post.path,
        date: post.date,
        dateIso: post.dateIso,
        url: post.url,
        postTitle: post.title,
        line: task.line,
        text: task.text,
        checked: task.checked,
        section: task.section,
        sectionKind: task.sectionKind,
        seq: seq++
      }
      let history = tasks.get(key)
      if (history === undefined) {
        history = { key, instances: [], checks: [] }
        tasks.set(key, history)
      }
      fold(history, occ, task.subItems)
    }
  }
  const stale = [...tasks.values()]
    .filter(h => {
      const last = h.instances.at(-1)
      return last !== undefined && last.closed === undefined && last.lastSeen.date < options.since
    })
    .map(h => h.key)
  return { tasks, since: options.since, stale, staleUnchecked: stale.length }
}

function fold(history: TaskHistory, occ: Occurrence, subItems: SubItem[]): void {
  const last = history.instances.at(-1)
  const open = last !== undefined && last.closed === undefined ? last : undefined
  if (occ.checked) {
    history.checks.push(occ)
    if (open !== undefined) open.closed = occ
    return
  }
  if (open === undefined) {
    history.instances.push({
      key: history.key,
      text: occ.text,
      opened: occ,
      lastSeen: occ,
      subItems: subItems.map(s => ({ ...s })),
      listings: 1,
      carriedDays: 0
    })
    return
  }
  open.text = occ.text
  open.lastSeen = occ
  open.listings++
  open.carriedDays = calendarDaysBetween(open.opened, occ)
  open.subItems = mergeSubItems(open.subItems, subItems)
}

/** First-seen order; an item listed again takes the new text, state, depth and line. */
export function mergeSubItems(earlier: readonly SubItem[], latest: readonly SubItem[]): SubItem[] {
  // Map.set on an existing key keeps its place: first-seen order, latest value.
  const byKey = new Map<string, SubItem>()
  for (const item of [...earlier, ...latest]) byKey.set(taskKey(item.text), { ...item })
  return [...byKey.values()]
}

function calendarDaysBetween(
  a: Pick<Occurrence, 'date' | 'dateIso'>,
  b: Pick<Occurrence, 'date' | 'dateIso'>
) {
  const da = calendarDay(a.dateIso)
  const db = calendarDay(b.dateIso)
  if (da === undefined || db === undefined) return Math.max(0, Math.floor((b.date - a.date) / DAY_MS))
  return Math.max(0, Math.round((db - da) / DAY_MS))
}

function calendarDay(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (m === null) return undefined
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

/** The latest instance of each key that should have an open issue now: open, and listed at or after `since`. */
export function desiredOpen(ledger: Ledger): TaskInstance[] {
  const out: TaskInstance[] = []
  for (const history of ledger.tasks.values()) {
    const last = history.instances.at(-1)
    if (last !== undefined && last.closed === undefined && last.lastSeen.date >= ledger.since) out.push(last)
  }
  return out
}

export interface CutoffOptions {
  since: number
  /** Epoch ms of the source post of the oldest open managed issue (undefined when none is open). */
  oldestOpenIssueSourceDate?: number
}

/**
 * Which posts can change the plan: a post older than both `since` and the oldest open task issue's source post
 * cannot (it opens nothing new and every open issue's history starts at or after it), so it need not be parsed.
 * Returns the cut-off (posts dated before it are dropped) and the posts at or after it, in the given order.
 */
export function postsThatMatter<T extends { date: number }>(
  posts: readonly T[],
  options: CutoffOptions
): { cutoff: number; posts: T[] } {
  const oldest = options.oldestOpenIssueSourceDate
  const cutoff = oldest === undefined ? options.since : Math.min(options.since, oldest)
  return { cutoff, posts: posts.filter(p => p.date >= cutoff) }
}
