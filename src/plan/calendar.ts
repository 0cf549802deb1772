// Calendar days in an IANA timezone (today, +n days, days between, weekday, ISO week, the week a day is in), the zone
// a blog's days are counted in, and the plan's language. Pure: days are YYYY-MM-DD strings; never reads the clock.
import { posixFixedOffset } from '../blog/ruby/zones.js'
import { DAY_MS } from '../time.js'

// ---------------------------------------------------------------------------------------------------------
// Calendar days in a timezone

/** The calendar day (YYYY-MM-DD) of an instant in an IANA timezone. */
export function localDay(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  }).formatToParts(instant)
  const get = (type: string) => parts.find(p => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(dayStart(day) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayStart(to) - dayStart(from)) / DAY_MS)
}

function dayStart(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new Error(`'${day}' is not a calendar day YYYY-MM-DD`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

export type Language = 'en' | 'ko'

/** Korean when the title template is written in Hangul, else English. */
export function languageOf(template: string): Language {
  return /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(template) ? 'ko' : 'en'
}

/** The weekday of a calendar day, e.g. `Saturday` or `토요일`. */
export function weekdayOf(day: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-US', {
    weekday: 'long',
    timeZone: 'UTC'
  }).format(dayStart(day) + DAY_MS / 2)
}

/** Weekday names as the inputs spell them, Monday first (the ISO order). */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday'
] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** The weekday of a calendar day as an input spells it (`monday`). */
export function weekdayName(day: string): Weekday {
  // 1970-01-05 was a Monday.
  return WEEKDAYS[((daysBetween('1970-01-05', day) % 7) + 7) % 7]!
}

/** The first and last day of the week `day` is in, for weeks that start on `start`. */
export function weekOf(day: string, start: Weekday): { start: string; end: string } {
  const back = (WEEKDAYS.indexOf(weekdayName(day)) - WEEKDAYS.indexOf(start) + 7) % 7
  const first = addDays(day, -back)
  return { start: first, end: addDays(first, 6) }
}

/**
 * The ISO week (`2026-W11`) a week starting on `start` is counted as: the ISO week of its fourth day, the one a
 * week of any start shares the most days with.
 */
export function isoWeekOf(start: string): string {
  const thursdayish = addDays(start, 3)
  // ISO weeks: the week with the year's first Thursday is week 1; the Thursday of a day's ISO week names its year.
  const monday = addDays(thursdayish, -WEEKDAYS.indexOf(weekdayName(thursdayish)))
  const thursday = addDays(monday, 3)
  const year = thursday.slice(0, 4)
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The zone the blog's days are counted in: input `timezone`, else `_config.yml`'s, else UTC; with why, for the log. */
export function blogTimeZone(input: string, site: string | undefined): { zone: string; note?: string } {
  if (input !== '') return { zone: input }
  if (site === undefined || site === '') return { zone: 'UTC', note: '_config.yml sets no timezone' }
  if (isIanaZone(site)) return { zone: site }
  // A POSIX zone such as `KST-9`: whole hours map to the IANA fixed-offset zones (Etc/GMT-9 is UTC+9).
  const east = posixFixedOffset(site)
  if (east !== undefined && east % 60 === 0 && Math.abs(east) <= 14 * 60) {
    const hours = -east / 60
    return { zone: hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '+' : '-'}${Math.abs(hours)}` }
  }
  return { zone: 'UTC', note: `_config.yml's timezone '${site}' is not one this runner knows` }
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
