// Calendar days in an IANA timezone (today, +n days, days between, weekday) and the plan's language. Pure.
// Days are YYYY-MM-DD strings; never reads the clock (callers pass the instant).
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
