// Screens a blog's post files against the cut-off by the dates they are written with, without parsing them.
// Reads only files findPosts lists under the blog; never decides a post's date where only parsing can tell.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATE_FILENAME_MATCHER, findPosts } from './jekyll/files.js'
import { readSite } from './jekyll/site.js'
import { sniffFrontMatter } from './jekyll/sniff.js'
import type { SiteConfig } from './model.js'
import { civilToUtcMs, daysInMonth } from './ruby/civil.js'
import { taskLines, type TaskLine } from './task-lines.js'
import { DAY_MS } from '../time.js'

/**
 * Slack around the cut-off when screening by written dates: a date as written is a calendar day, and its time and
 * offset (or the site's timezone) put the post less than a day before it or two days after it.
 */
export const SCREEN_MARGIN_MS = 2 * DAY_MS

/** Post files split by the cut-off without parsing them. */
export interface Screened {
  /** Posts that may be dated at or after the cut-off (or whose date only parsing can tell): read in full. */
  read: string[]
  /**
   * Posts Jekyll builds (as far as a look can tell) that are plainly older than the cut-off: never parsed, only
   * scanned line by line for their task lines (the count of stale tasks). `date` is the written date, to order them.
   */
  older: Array<{ path: string; date: number; lines: TaskLine[] }>
}

/**
 * Screens a blog's post files against the cut-off by the dates they are written with: the file name's date, then
 * (for a post older by name) the front matter's `date:` line. A post that could be dated on or after the cut-off,
 * or whose date needs the YAML parsed, is read in full; a file without a date in its name is not a post Jekyll
 * builds and is left out. Site defaults that set a date turn screening off (every post is read).
 */
export function screenPosts(root: string, options: { cutoff: number; timezone?: string }): Screened {
  const { site } = readSite(root)
  if (options.timezone !== undefined) site.timezone = options.timezone
  const paths = findPosts(root, site)
  if (defaultsSetDate(site)) return { read: paths, older: [] }
  const keepFrom = options.cutoff - SCREEN_MARGIN_MS
  const read: string[] = []
  const older: Screened['older'] = []
  for (const path of paths) {
    const named = DATE_FILENAME_MATCHER.exec(path.replace(/^(?:.*\/)?_posts\//, ''))
    if (!named) continue
    const fileDay = calendarDay(named[1]!)
    if (fileDay === undefined || fileDay >= keepFrom) {
      read.push(path)
      continue
    }
    let bytes: Buffer
    try {
      bytes = readFileSync(join(root, path))
    } catch {
      read.push(path) // readPost reports what is wrong with it
      continue
    }
    const sniff = sniffFrontMatter(bytes)
    if (sniff.date === 'unknown' || (sniff.date !== 'absent' && sniff.date.day >= keepFrom)) {
      read.push(path)
      continue
    }
    if (sniff.unpublished) continue
    older.push({
      path,
      date: sniff.date === 'absent' ? fileDay : sniff.date.approx,
      lines: taskLines(bytes.subarray(sniff.bodyOffset))
    })
  }
  return { read, older }
}

/** Epoch ms of `YYYY-MM-DD` (a file name's date) at 00:00 UTC, or undefined unless it is a real day of a 4-digit year. */
function calendarDay(ymd: string): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(ymd)
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return civilToUtcMs(year, month, day)
}

/** Whether the site's front matter defaults give posts a `date` (then no written date can be trusted alone). */
function defaultsSetDate(site: SiteConfig): boolean {
  const sets = site.raw['defaults']
  if (!Array.isArray(sets)) return false
  return sets.some(set => {
    const values = (set as { values?: unknown } | null)?.values
    return typeof values === 'object' && values !== null && 'date' in values
  })
}
