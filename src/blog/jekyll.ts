// Jekyll 4.3's own semantics for a post, as real Jekyll settles them: which files it builds, the date it uses
// (Psych typing, then Ruby's Time.parse in the site time zone), URL, categories, tags. Pure: no I/O, no clock.
import type { JekyllPost, RubyTime, SiteConfig } from './model.js'
import {
  civilToUtcMs,
  DATE_FILENAME_MATCHER,
  DEFAULT_MARKDOWN_EXT,
  daysInMonth,
  isRubyDate,
  isRubyTime,
  rubyToS
} from './posts.js'
import { posixFixedOffset } from './site.js'

// =========================================================================================================
// Time zones: Jekyll sets ENV['TZ'] = site timezone; with none, the machine's zone (UTC on a runner).

const formatters = new Map<string, Intl.DateTimeFormat | null>()

function formatterFor(tz: string): Intl.DateTimeFormat | null {
  let f = formatters.get(tz)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short'
      })
    } catch {
      f = null
    }
    formatters.set(tz, f)
  }
  return f
}

/**
 * Per zone: its fixed POSIX offset if it has one, else what is known of its offsets, one UTC day at a time. A day
 * holds one offset or exactly one change (no zone changes its offset twice within four days: the closest pair in
 * the tz database, Africa/Freetown in 1939, is 95 hours apart), so two Intl look-ups settle a day, and a binary
 * search over its seconds places a change to the second. Far cheaper than one Intl look-up per instant.
 */
interface ZoneInfo {
  fixedSeconds: number | undefined
  days: Map<number, DaySpan>
  /** The offset at the first second of a UTC day (each shared by the day before). */
  midnights: Map<number, number>
}
/** The offset (seconds) over a whole UTC day, or the one change in it: `before` until `at` (epoch ms), `after` from it. */
type DaySpan = number | { at: number; before: number; after: number }

const DAY_MS = 86_400_000
/** Days whose both ends are valid instants for Date (|t| <= 8.64e15 ms). */
const MAX_DAY = Math.floor(8.64e15 / DAY_MS) - 1
const zones = new Map<string, ZoneInfo>()

function zoneInfo(tz: string): ZoneInfo {
  let info = zones.get(tz)
  if (info === undefined) {
    const fixed = posixFixedOffset(tz)
    info = {
      fixedSeconds: fixed === undefined ? undefined : fixed * 60,
      days: new Map(),
      midnights: new Map()
    }
    zones.set(tz, info)
  }
  return info
}

function midnightOffset(tz: string, info: ZoneInfo, day: number): number {
  let offset = info.midnights.get(day)
  if (offset === undefined) {
    offset = computeOffsetSeconds(tz, day * DAY_MS)
    if (info.midnights.size >= 100_000) info.midnights.clear()
    info.midnights.set(day, offset)
  }
  return offset
}

function daySpan(tz: string, info: ZoneInfo, day: number): DaySpan {
  const start = day * DAY_MS
  const end = start + DAY_MS
  const before = midnightOffset(tz, info, day)
  const after = midnightOffset(tz, info, day + 1)
  if (before === after) return before
  // The change is at the first second whose offset is `after`: off(lo) = before, off(hi) = after.
  let lo = start
  let hi = end
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000
    if (computeOffsetSeconds(tz, mid) === before) lo = mid
    else hi = mid
  }
  return hi === end ? before : { at: hi, before, after }
}

/** Seconds east of UTC in zone `tz` at instant `epochMs` (undefined zone, or one the system lacks: UTC). */
export function zoneOffsetSeconds(tz: string | undefined, epochMs: number): number {
  if (tz === undefined) return 0
  const info = zoneInfo(tz)
  if (info.fixedSeconds !== undefined) return info.fixedSeconds
  const wholeSecond = Math.floor(epochMs / 1000) * 1000
  const day = Math.floor(wholeSecond / DAY_MS)
  // An instant Date cannot hold: asked of Intl as it is (which refuses it as it always has).
  if (!(day >= -MAX_DAY && day < MAX_DAY)) return computeOffsetSeconds(tz, wholeSecond)
  let span = info.days.get(day)
  if (span === undefined) {
    span = daySpan(tz, info, day)
    if (info.days.size >= 100_000) info.days.clear()
    info.days.set(day, span)
  }
  return typeof span === 'number' ? span : wholeSecond >= span.at ? span.after : span.before
}

function computeOffsetSeconds(tz: string, wholeSecond: number): number {
  const f = formatterFor(tz)
  if (!f) return 0
  const parts: Record<string, string> = {}
  for (const p of f.formatToParts(new Date(wholeSecond))) parts[p.type] = p.value
  let year = Number(parts['year'])
  if (parts['era'] === 'BC' || parts['era'] === 'B') year = 1 - year
  const local = civilToUtcMs(
    year,
    Number(parts['month']),
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second'])
  )
  return Math.round((local - wholeSecond) / 1000)
}

/** Minutes east of UTC, as Ruby prints an offset (seconds of old local mean times are cut off). */
export function zoneOffsetMinutes(tz: string | undefined, epochMs: number): number {
  return Math.trunc(zoneOffsetSeconds(tz, epochMs) / 60)
}

/**
 * Ruby's `Time.local` in zone `tz` for a wall-clock time (fields already normalised into epoch-ms-as-UTC).
 * In a DST gap Ruby moves forward by the gap; in an overlap it takes the later (standard-time) instant.
 */
export function wallClockToEpoch(tz: string | undefined, wallMs: number): number {
  const before = zoneOffsetSeconds(tz, wallMs - 36 * 3600_000)
  const after = zoneOffsetSeconds(tz, wallMs + 36 * 3600_000)
  const candidates = [wallMs - before * 1000, wallMs - after * 1000]
  const valid = candidates.filter(t => t + zoneOffsetSeconds(tz, t) * 1000 === wallMs)
  if (valid.length > 0) return Math.max(...valid)
  // Offsets may differ from both neighbours (two changes within three days): search the exact offset.
  const direct = wallMs - zoneOffsetSeconds(tz, wallMs) * 1000
  if (direct + zoneOffsetSeconds(tz, direct) * 1000 === wallMs) return direct
  return wallMs - before * 1000
}

export interface LocalFields {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** 0 = Sunday. */
  weekday: number
  offsetMinutes: number
}

export function localFields(tz: string | undefined, epochMs: number): LocalFields {
  const offsetSeconds = zoneOffsetSeconds(tz, epochMs)
  const offsetMinutes = Math.trunc(offsetSeconds / 60)
  const d = new Date(Math.floor(epochMs / 1000) * 1000 + offsetSeconds * 1000)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    offsetMinutes
  }
}

const p2 = (n: number): string => String(n).padStart(2, '0')

function yearText(y: number): string {
  return y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0')
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+'
  const a = Math.abs(minutes)
  return `${sign}${p2(Math.floor(a / 60))}${colon ? ':' : ''}${p2(a % 60)}`
}

/** `Time#xmlschema` of a local (non-UTC-mode) Ruby time: what `date_to_xmlschema` prints. */
export function formatXmlSchema(tz: string | undefined, epochMs: number): string {
  const f = localFields(tz, epochMs)
  return `${yearText(f.year)}-${p2(f.month)}-${p2(f.day)}T${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}${offsetText(f.offsetMinutes, true)}`
}

/** A human form for messages: `2026-12-25 09:00 +09:00 (Asia/Seoul)`. */
export function formatHuman(tz: string | undefined, epochMs: number): string {
  const f = localFields(tz, epochMs)
  const secs = f.second !== 0 ? `:${p2(f.second)}` : ''
  return `${yearText(f.year)}-${p2(f.month)}-${p2(f.day)} ${p2(f.hour)}:${p2(f.minute)}${secs} ${offsetText(f.offsetMinutes, true)} (${tz ?? 'UTC, no timezone set'})`
}

// =========================================================================================================
// Ruby's Date._parse (the subset real front matter uses) and Time.parse

export interface DateParts {
  year?: number
  mon?: number
  mday?: number
  hour?: number
  min?: number
  sec?: number
  secFraction?: number
  zone?: string
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_RE = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[^-\\d\\s']*"
const DAYS_RE = /\b(sun|mon|tue|wed|thu|fri|sat)[^-/\d\s]*/i

// date__parse's time pattern (date_parse.c, parse_time), then its zone.
const TIME_RE = new RegExp(
  '(' +
    '(?:\\d+\\s*:\\s*\\d+(?:\\s*:\\s*\\d+(?:[,.]\\d*)?)?|\\d+\\s*h(?:\\s*\\d+m?(?:\\s*\\d+s?)?)?)' +
    '(?:\\s*[ap](?:m\\b|\\.m\\.))?' +
    '|\\d+\\s*[ap](?:m\\b|\\.m\\.)' +
    ')' +
    '(?:\\s*(' +
    '(?:gmt|utc?)?[-+]\\d+(?:[,.:]\\d+(?::\\d+)?)?' +
    '|[A-Za-z.\\s]+(?:standard|daylight)\\stime\\b' +
    '|[A-Za-z]+(?:\\sdst)?\\b' +
    '))?',
  'i'
)

/** Date._parse(str, true) for the forms dates take in front matter; undefined for forms it does not model. */
export function rubyDateParse(input: string): DateParts | undefined {
  // The common case (every file name, most `date:` strings), read as the general path below reads it.
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input)
  if (ymd) return { year: Number(ymd[1]), mon: Number(ymd[2]), mday: Number(ymd[3]) }
  let str = input.replace(/[^-+',./:@\p{L}\p{N}[\]]+/gu, ' ')
  const parts: DateParts = {}
  str = str.replace(DAYS_RE, ' ')
  // ISO 8601 `T` between date and time.
  str = str.replace(/(\d)[Tt](\d)/, '$1 $2')
  const tm = TIME_RE.exec(str)
  if (tm && tm[1] !== undefined) {
    const t =
      /^(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?/i.exec(tm[1])
    if (!t || t[1] === undefined) return undefined
    let hour = Number(t[1])
    if (t[5]) {
      hour %= 12
      if (t[5].toLowerCase() === 'p') hour += 12
    }
    parts.hour = hour
    if (t[2] !== undefined) parts.min = Number(t[2])
    if (t[3] !== undefined) parts.sec = Number(t[3])
    if (t[4] !== undefined) parts.secFraction = Number(`0.${t[4]}`)
    if (tm[2] !== undefined) parts.zone = tm[2]
    str = `${str.slice(0, tm.index)} ${str.slice(tm.index + tm[0].length)}`
  }
  const yearOf = (s: string): number => {
    const y = Number(s.replace(/^'/, ''))
    // comp = true: a two-digit year without sign is 19xx from 69 up, else 20xx.
    if (/^\d{2}$/.test(s)) return y >= 69 ? y + 1900 : y + 2000
    return y
  }
  let m: RegExpExecArray | null
  if ((m = /('?[-+]?\d+)-(\d+)-('?-?\d+)/.exec(str))) {
    parts.year = yearOf(m[1] ?? '')
    parts.mon = Number(m[2])
    parts.mday = Number(m[3])
  } else if ((m = new RegExp(`'?(\\d+)[^-\\d\\s']*\\s*${MONTH_RE}(?:\\s*('?-?\\d+))?`, 'i').exec(str))) {
    parts.mday = Number(m[1])
    parts.mon = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1
    if (m[3] !== undefined) parts.year = yearOf(m[3])
  } else if (
    (m = new RegExp(`\\b${MONTH_RE}\\s*('?\\d+)[^-\\d\\s']*(?:\\s*,?\\s*('?-?\\d+))?`, 'i').exec(str))
  ) {
    parts.mon = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1
    parts.mday = Number(m[2])
    if (m[3] !== undefined) parts.year = yearOf(m[3])
  } else if ((m = /(\d{3,4})[/.](\d{1,2})[/.](\d{1,2})/.exec(str))) {
    parts.year = Number(m[1])
    parts.mon = Number(m[2])
    parts.mday = Number(m[3])
  } else if (
    (m = /([-+]?)(\d{2,14})(?:\s*t?\s*(\d{2,6})?(?:[,.](\d*))?)?(?:\s*(z\b|[-+]\d{1,4}\b))?/i.exec(str))
  ) {
    // date__parse's parse_ddd: a run of digits read by its length.
    const d = m[2] ?? ''
    const t = m[3]
    if (m[1] !== '' || ![2, 4, 6, 8, 10, 12, 14].includes(d.length)) return undefined
    const at = (i: number): number => Number(d.slice(i, i + 2))
    if (d.length === 2) parts.mday = at(0)
    else if (d.length === 4) {
      parts.mon = at(0)
      parts.mday = at(2)
    } else if (d.length === 6) {
      parts.year = yearOf(d.slice(0, 2))
      parts.mon = at(2)
      parts.mday = at(4)
    } else {
      parts.year = Number(d.slice(0, 4))
      parts.mon = at(4)
      parts.mday = at(6)
      if (d.length >= 10) parts.hour = at(8)
      if (d.length >= 12) parts.min = at(10)
      if (d.length === 14) parts.sec = at(12)
    }
    if (t !== undefined) {
      if (![2, 4, 6].includes(t.length)) return undefined
      parts.hour = Number(t.slice(0, 2))
      if (t.length >= 4) parts.min = Number(t.slice(2, 4))
      if (t.length === 6) parts.sec = Number(t.slice(4, 6))
    }
    if (m[4] !== undefined && m[4] !== '') parts.secFraction = Number(`0.${m[4]}`)
    if (m[5] !== undefined && parts.zone === undefined) parts.zone = m[5]
    str = str.replace(m[0], ' ')
  } else if (/\d/.test(str.replace(/[-+]?[A-Za-z]+/g, ''))) {
    // Digits we do not place: Ruby may still read something out of them.
    return undefined
  } else if ((m = new RegExp(`\\b${MONTH_RE}`, 'i').exec(str))) {
    // A month name alone (date__parse's parse_mon).
    parts.mon = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1
  }
  return parts
}

/**
 * Ruby's Time.zone_offset also honours the local zone's own abbreviation (glibc's, at January 1st or July 1st).
 * The tz database abbreviations of zones bloggers use; others are treated as not honoured.
 */
const LOCAL_ABBREVIATIONS: Record<string, string[]> = {
  'Asia/Seoul': ['KST'],
  'Asia/Tokyo': ['JST'],
  'Asia/Kolkata': ['IST'],
  'Asia/Calcutta': ['IST'],
  'Asia/Jerusalem': ['IST', 'IDT'],
  'Asia/Hong_Kong': ['HKT'],
  'Asia/Jakarta': ['WIB'],
  'Europe/London': ['GMT', 'BST'],
  'Europe/Dublin': ['GMT', 'IST'],
  'Europe/Lisbon': ['WET', 'WEST'],
  'Europe/Berlin': ['CET', 'CEST'],
  'Europe/Paris': ['CET', 'CEST'],
  'Europe/Madrid': ['CET', 'CEST'],
  'Europe/Rome': ['CET', 'CEST'],
  'Europe/Amsterdam': ['CET', 'CEST'],
  'Europe/Vienna': ['CET', 'CEST'],
  'Europe/Zurich': ['CET', 'CEST'],
  'Europe/Stockholm': ['CET', 'CEST'],
  'Europe/Warsaw': ['CET', 'CEST'],
  'Europe/Prague': ['CET', 'CEST'],
  'Europe/Athens': ['EET', 'EEST'],
  'Europe/Helsinki': ['EET', 'EEST'],
  'Europe/Kiev': ['EET', 'EEST'],
  'Europe/Kyiv': ['EET', 'EEST'],
  'Europe/Moscow': ['MSK'],
  'Australia/Sydney': ['AEST', 'AEDT'],
  'Australia/Melbourne': ['AEST', 'AEDT'],
  'Australia/Brisbane': ['AEST'],
  'Australia/Perth': ['AWST'],
  'Pacific/Auckland': ['NZST', 'NZDT'],
  'America/Anchorage': ['AKST', 'AKDT'],
  'Pacific/Honolulu': ['HST'],
  'America/Halifax': ['AST', 'ADT'],
  'America/St_Johns': ['NST', 'NDT'],
  'Africa/Johannesburg': ['SAST'],
  'Africa/Lagos': ['WAT'],
  'Africa/Nairobi': ['EAT'],
  UTC: ['UTC'],
  'Etc/UTC': ['UTC']
}

/**
 * The offset (seconds) Ruby gives a zone name that is the local zone's own abbreviation: the offset of
 * January 1st or July 1st of `year` whose abbreviation it is (standard time is the smaller offset).
 */
export function localAbbreviationOffset(
  tz: string | undefined,
  zone: string,
  year: number
): number | undefined {
  if (tz === undefined) return undefined
  const names = LOCAL_ABBREVIATIONS[tz]
  const index = names?.indexOf(zone.toUpperCase()) ?? -1
  if (!names || index === -1) return undefined
  const jan = zoneOffsetSeconds(tz, civilToUtcMs(year, 1, 1, 12))
  const jul = zoneOffsetSeconds(tz, civilToUtcMs(year, 7, 1, 12))
  return names.length === 1 ? jan : index === 0 ? Math.min(jan, jul) : Math.max(jan, jul)
}

// Time::ZoneOffset
const ZONE_OFFSET_HOURS: Record<string, number> = {
  UTC: 0,
  Z: 0,
  UT: 0,
  GMT: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  I: 9,
  K: 10,
  L: 11,
  M: 12,
  N: -1,
  O: -2,
  P: -3,
  Q: -4,
  R: -5,
  S: -6,
  T: -7,
  U: -8,
  V: -9,
  W: -10,
  X: -11,
  Y: -12
}

/**
 * `Time.zone_offset`: seconds east of UTC for a zone Ruby's Time.parse honours, else undefined (the zone is
 * then ignored and the time read in local time): `+HH:MM`-like offsets, Ruby's table of names, and the local
 * zone's own abbreviation (for the zones in LOCAL_ABBREVIATIONS).
 */
export function rubyZoneOffset(zone: string, tz?: string, year?: number): number | undefined {
  const z = zone.toUpperCase()
  let m = /^([+-])(\d\d)(:?)(\d\d)(?:\3(\d\d))?$/.exec(z)
  if (m) return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[4])) * 60 + Number(m[5] ?? 0))
  if ((m = /^([+-])(\d\d)$/.exec(z))) return (m[1] === '-' ? -1 : 1) * Number(m[2]) * 3600
  const h = ZONE_OFFSET_HOURS[z]
  if (h !== undefined) return h * 3600
  return year === undefined ? undefined : localAbbreviationOffset(tz, z, year)
}

export type TimeParse =
  | {
      ok: true
      epochMs: number
      parts: DateParts
      /** The zone written, when Ruby honoured it. */
      zoneUsed?: string
      /** A zone Ruby's Time.parse did not understand and silently ignored. */
      zoneIgnored?: string
      /** Month days, 24:00 or :60 carried over into the next day/month. */
      rolledOver: boolean
    }
  | { ok: false; invalid: true; message: string; parts?: DateParts }
  | { ok: false; invalid: false; message: string }

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
function monthDays(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29
  return MONTH_DAYS[m - 1] ?? 31
}

function divmod(a: number, b: number): [number, number] {
  const q = Math.floor(a / b)
  return [q, a - q * b]
}

/** Time#apply_offset (time.rb), including its odd month step. */
function applyOffset(f: number[], offSeconds: number): number[] {
  let [year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0] = f
  let off = offSeconds
  let o: number
  if (off < 0) {
    off = -off
    ;[off, o] = divmod(off, 60)
    if (o !== 0) {
      sec += o
      ;[o, sec] = divmod(sec, 60)
      off += o
    }
    ;[off, o] = divmod(off, 60)
    if (o !== 0) {
      min += o
      ;[o, min] = divmod(min, 60)
      off += o
    }
    ;[off, o] = divmod(off, 24)
    if (o !== 0) {
      hour += o
      ;[o, hour] = divmod(hour, 24)
      off += o
    }
    if (off !== 0) {
      day += off
      if (monthDays(year, mon) < day) {
        mon += 1
        if (mon > 12) {
          mon = 1
          year += 1
        }
        day = 1
      }
    }
  } else if (off > 0) {
    ;[off, o] = divmod(off, 60)
    if (o !== 0) {
      sec -= o
      ;[o, sec] = divmod(sec, 60)
      off -= o
    }
    ;[off, o] = divmod(off, 60)
    if (o !== 0) {
      min -= o
      ;[o, min] = divmod(min, 60)
      off -= o
    }
    ;[off, o] = divmod(off, 24)
    if (o !== 0) {
      hour -= o
      ;[o, hour] = divmod(hour, 24)
      off -= o
    }
    if (off !== 0) {
      day -= off
      if (day < 1) {
        mon -= 1
        if (mon < 1) {
          year -= 1
          mon = 12
        }
        day = monthDays(year, mon)
      }
    }
  }
  return [year, mon, day, hour, min, sec]
}

/**
 * Ruby's argument checks of Time.utc / Time.local (time.c): a field too wide for its bit field raises
 * "argument out of range" (mon > 15, mday > 31, hour > 31, min > 63, sec > 63), a value that fits but is not
 * a real month, day, hour... raises "<field> out of range". 24:00:00 and second 60 are allowed.
 */
function timeArgError(mon: number, day: number, hour: number, min: number, sec: number): string | undefined {
  if (
    mon < 0 ||
    mon > 15 ||
    day < 0 ||
    day > 31 ||
    hour < 0 ||
    hour > 31 ||
    min < 0 ||
    min > 63 ||
    sec < 0 ||
    sec > 63
  ) {
    return 'argument out of range'
  }
  if (mon < 1 || mon > 12) return 'mon out of range'
  if (day < 1) return 'mday out of range'
  if (hour > 24) return 'hour out of range'
  if (min > 59) return 'min out of range'
  if (sec > 60) return 'sec out of range'
  if (hour === 24 && (min !== 0 || sec !== 0)) return min !== 0 ? 'min out of range' : 'sec out of range'
  return undefined
}

/** Ruby's `Time.parse(input).localtime` with ENV['TZ'] = tz and Time.now = now. */
export function rubyTimeParse(input: string, tz: string | undefined, now: number): TimeParse {
  const parts = rubyDateParse(input)
  if (parts === undefined) {
    return {
      ok: false,
      invalid: false,
      message: `jekyll-post-ops does not model how Ruby reads ${JSON.stringify(input)}`
    }
  }
  const { year, mon, mday, hour, min, sec, secFraction, zone } = parts
  if (
    year === undefined &&
    mon === undefined &&
    mday === undefined &&
    hour === undefined &&
    min === undefined &&
    sec === undefined &&
    secFraction === undefined
  ) {
    return { ok: false, invalid: true, message: `no time information in ${JSON.stringify(input)}`, parts }
  }
  const offYear = year ?? localFields(tz, now).year
  const off = zone !== undefined ? rubyZoneOffset(zone, tz, offYear) : undefined
  // Missing leading fields come from now (in the zone written, else local).
  const nowFields =
    off !== undefined
      ? (() => {
          const d = new Date(now + off * 1000)
          return {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: d.getUTCSeconds()
          }
        })()
      : localFields(tz, now)
  let y = year
  let mo = mon
  let d = mday
  let h = hour
  let mi = min
  let s = sec
  if (y === undefined) {
    y = nowFields.year
    if (mo === undefined) {
      mo = nowFields.month
      if (d === undefined) {
        d = nowFields.day
        if (h === undefined) {
          h = nowFields.hour
          if (mi === undefined) {
            mi = nowFields.minute
            if (s === undefined) s = nowFields.second
          }
        }
      }
    }
  }
  // make_time moves `now` to the written offset first: an offset of a day or more fails there.
  if (off !== undefined && Math.abs(off) >= 86400) {
    return { ok: false, invalid: true, message: 'utc_offset out of range', parts }
  }
  const f = [y, mo ?? 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0] as [number, number, number, number, number, number]
  let fields = f
  if (off !== undefined) fields = applyOffset(f, off) as typeof f
  const err = timeArgError(fields[1], fields[2], fields[3], fields[4], fields[5])
  if (err !== undefined) return { ok: false, invalid: true, message: err, parts }
  const wall = civilToUtcMs(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
  const epochMs = off !== undefined ? wall : wallClockToEpoch(tz, wall)
  const rolledOver = f[2] > monthDays(f[0], f[1]) || f[3] === 24 || f[5] === 60
  return {
    ok: true,
    epochMs,
    parts,
    ...(zone !== undefined && off !== undefined ? { zoneUsed: zone } : {}),
    ...(zone !== undefined && off === undefined ? { zoneIgnored: zone } : {}),
    rolledOver
  }
}

// =========================================================================================================
// The date Jekyll uses

export type DateSource = 'front-matter' | 'defaults' | 'filename' | 'build-time'

export type JekyllDate =
  | {
      ok: true
      epochMs: number
      source: DateSource
      /** How the value reached Time.parse. */
      via: 'time' | 'date' | 'string' | 'filename' | 'build-time' | 'other'
      /** The text Ruby parsed (after Psych and `to_s`). */
      text: string
      /** Written without any offset Ruby honoured: read in the site zone, or (a YAML timestamp) in UTC. */
      zone: 'written' | 'site' | 'utc-yaml'
      zoneIgnored?: string
      rolledOver: boolean
    }
  | { ok: false; source: DateSource; text: string; invalid: boolean; message: string }

/** What Jekyll's `Utils.parse_date(value.to_s)` gives for a front matter `date` value. */
export function jekyllDateOf(value: unknown, source: DateSource, site: SiteConfig, now: number): JekyllDate {
  const tz = site.timezone
  if (isRubyTime(value)) {
    // Psych made a Time; to_s then Time.parse gives the same instant, to the second.
    const t = value as RubyTime
    return {
      ok: true,
      epochMs: Math.floor(t.epochMs / 1000) * 1000,
      source,
      via: 'time',
      text: t.source,
      zone: t.offsetMinutes === undefined ? 'utc-yaml' : 'written',
      rolledOver: psychRolledOver(t.source)
    }
  }
  const text = rubyToS(value)
  const via = isRubyDate(value)
    ? 'date'
    : typeof value === 'string'
      ? 'string'
      : source === 'filename'
        ? 'filename'
        : 'other'
  const parsed = rubyTimeParse(text, tz, now)
  if (!parsed.ok) return { ok: false, source, text, invalid: parsed.invalid, message: parsed.message }
  return {
    ok: true,
    epochMs: parsed.epochMs,
    source,
    via: source === 'filename' ? 'filename' : via,
    text,
    zone: parsed.zoneUsed !== undefined ? 'written' : 'site',
    ...(parsed.zoneIgnored !== undefined ? { zoneIgnored: parsed.zoneIgnored } : {}),
    rolledOver: parsed.rolledOver
  }
}

function psychRolledOver(source: string): boolean {
  const m = /^(-?\d{4})-(\d{1,2})-(\d{1,2})[Tt\s]+(\d{1,2}):(\d\d):(\d\d)/.exec(source)
  if (!m) return false
  const [y, mo, d, h, , s] = m.slice(1).map(Number) as number[]
  return (d ?? 0) > daysInMonth(y ?? 0, mo ?? 1) || h === 24 || s === 60
}

/** `site.time`: `time:` from _config.yml when set (Jekyll honours it), else the caller's clock. */
export function siteTime(site: SiteConfig, now: number): number {
  const t = site.raw['time']
  if (t === undefined || t === null) return now
  const d = jekyllDateOf(t, 'defaults', site, now)
  return d.ok ? d.epochMs : now
}

// =========================================================================================================
// Slugs and URLs

const SLUG_DEFAULT = /[^\p{M}\p{L}\p{Nd}]+/gu
const SLUG_PRETTY = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu

/** Jekyll's `Utils.slugify` in `default` or `pretty` mode. */
export function slugify(s: string, mode: 'default' | 'pretty' = 'default', cased = false): string {
  let slug = s.replace(mode === 'pretty' ? SLUG_PRETTY : SLUG_DEFAULT, '-')
  slug = slug.replace(/^-/, '').replace(/-$/, '')
  return cased ? slug : slug.toLowerCase()
}

// Addressable's PATH character class: unreserved, sub-delims, ":", "@", "/".
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/

/** Jekyll's `URL.escape_path` (Addressable::URI.encode, then the first `#` as %23). */
export function escapePath(path: string): string {
  if (path === '' || /^[a-zA-Z0-9./-]+$/.test(path)) return path
  const q = path.indexOf('?')
  const encodePart = (part: string, extra: string): string => {
    let out = ''
    for (const ch of part) {
      if (PATH_SAFE.test(ch) || extra.includes(ch)) out += ch
      else
        for (const b of new TextEncoder().encode(ch))
          out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    }
    return out
  }
  const encoded =
    q === -1
      ? encodePart(path, '')
      : `${encodePart(path.slice(0, q), '')}?${encodePart(path.slice(q + 1), '?')}`
  return encoded.replace('#', '%23')
}

/** Jekyll's `URL#sanitize_url`. */
function sanitizeUrl(s: string): string {
  return `/${s}`
    .split('..')
    .join('/')
    .split('./')
    .join('')
    .replace(/\/{2,}/g, '/')
}

const STYLE_TO_PERMALINK: Record<string, string> = {
  none: '/:categories/:title:output_ext',
  date: '/:categories/:year/:month/:day/:title:output_ext',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext'
}

/** The posts collection's URL template for a site (`collections.posts.permalink`, else the permalink style). */
export function postsUrlTemplate(site: SiteConfig): string {
  const collections = site.raw['collections']
  if (collections && typeof collections === 'object' && !Array.isArray(collections)) {
    const posts = (collections as Record<string, unknown>)['posts']
    if (
      posts &&
      typeof posts === 'object' &&
      typeof (posts as Record<string, unknown>)['permalink'] === 'string'
    ) {
      return (posts as Record<string, string>)['permalink'] as string
    }
  }
  return STYLE_TO_PERMALINK[site.permalink] ?? site.permalink
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
]
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

function isoWeek(f: LocalFields): { year: number; week: number } {
  const date = new Date(Date.UTC(f.year, f.month - 1, f.day))
  const dow = (f.weekday + 6) % 7 // Monday = 0
  date.setUTCDate(date.getUTCDate() - dow + 3)
  const weekYear = date.getUTCFullYear()
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4))
  const fdow = (firstThursday.getUTCDay() + 6) % 7
  firstThursday.setUTCDate(firstThursday.getUTCDate() - fdow + 3)
  return {
    year: weekYear,
    week: 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86400_000))
  }
}

export interface UrlInput {
  /** Relative path of the post from the site root, e.g. `_posts/2022-02-22-x.md`. */
  path: string
  template: string
  /** data["permalink"], when set; wins over the template. */
  permalink?: string
  slug: string | undefined
  categories: unknown[]
  epochMs: number
  tz: string | undefined
  outputExt: string
}

/** What a URL placeholder is filled from. */
interface UrlContext {
  u: UrlInput
  f: LocalFields
  /** The file name without its extension. */
  basenameNoExt: string
}

function cleanedPath(path: string): string {
  const base = path.replace(/^.*\//, '')
  const ext = /\.[^./]*$/.exec(base)?.[0] ?? ''
  const rel = path.replace(/^(?:.*\/)?_posts\//, m => m)
  return (ext ? rel.slice(0, -ext.length) : rel).replace('_posts', '').replace(/\.*$/, '')
}

/** `Drops::UrlDrop`: each placeholder's value, computed only when a template names it. */
const URL_PLACEHOLDERS: Record<string, (c: UrlContext) => string> = {
  collection: () => 'posts',
  name: c => slugify(c.basenameNoExt),
  title: c =>
    c.u.slug !== undefined ? slugify(c.u.slug, 'pretty', true) : slugify(c.basenameNoExt, 'pretty', true),
  slug: c => (c.u.slug !== undefined ? slugify(c.u.slug) : slugify(c.basenameNoExt)),
  categories: c => [...new Set(c.u.categories.map(x => rubyToS(x).toLowerCase()))].join('/'),
  slugified_categories: c => [...new Set(c.u.categories.map(x => slugify(rubyToS(x))))].join('/'),
  year: c => yearText(c.f.year),
  month: c => p2(c.f.month),
  day: c => p2(c.f.day),
  hour: c => p2(c.f.hour),
  minute: c => p2(c.f.minute),
  second: c => p2(c.f.second),
  i_day: c => String(c.f.day),
  i_month: c => String(c.f.month),
  short_month: c => SHORT_MONTHS[c.f.month - 1] ?? '',
  long_month: c => LONG_MONTHS[c.f.month - 1] ?? '',
  short_year: c => p2(((c.f.year % 100) + 100) % 100),
  w_year: c => String(isoWeek(c.f).year),
  week: c => p2(isoWeek(c.f).week),
  w_day: c => String(c.f.weekday === 0 ? 7 : c.f.weekday),
  short_day: c => SHORT_DAYS[c.f.weekday] ?? '',
  long_day: c => LONG_DAYS[c.f.weekday] ?? '',
  y_day: c =>
    String(
      Math.round((Date.UTC(c.f.year, c.f.month - 1, c.f.day) - Date.UTC(c.f.year, 0, 1)) / 86400_000) + 1
    ).padStart(3, '0'),
  path: c => cleanedPath(c.u.path),
  output_ext: c => c.u.outputExt
}

/** What a plain object answers for a name it only inherits (`:constructor` and the like), as Jekyll's hash lookup did here. */
const INHERITED: Record<string, unknown> = {}

/** Jekyll's `URL#to_s` with a `Drops::UrlDrop`; throws when the template names a placeholder Jekyll lacks. */
export function postUrl(u: UrlInput): string {
  const base = u.path.replace(/^.*\//, '')
  const c: UrlContext = {
    u,
    f: localFields(u.tz, u.epochMs),
    basenameNoExt: base.includes('.') ? base.replace(/\.[^.]*$/, '') : base
  }
  const template = u.permalink ?? u.template
  const generated = template.replace(/:([a-z_]+)/g, (match, name: string) => {
    const pool = name.endsWith('_') ? [name, name.slice(0, -1)] : [name]
    const winner = pool.find(k => k in URL_PLACEHOLDERS)
    if (winner === undefined) {
      throw new Error(
        `The URL template doesn't have ${pool.join(' or ')} keys. Check your permalink template!`
      )
    }
    const value = Object.hasOwn(URL_PLACEHOLDERS, winner)
      ? URL_PLACEHOLDERS[winner]!(c)
      : (INHERITED[winner] as string | undefined)
    return match.replace(`:${winner}`, escapePath(value ?? ''))
  })
  return sanitizeUrl(generated)
}

// =========================================================================================================
// Front matter defaults (`defaults:` in _config.yml) for posts

/** FrontmatterDefaults#all for a post: the merged `values` of every set whose scope matches. */
export function defaultsFor(site: SiteConfig, path: string): Record<string, unknown> {
  const sets = site.raw['defaults']
  if (!Array.isArray(sets)) return {}
  let defaults: Record<string, unknown> = {}
  let oldScope: Record<string, unknown> | undefined
  for (const set of sets) {
    if (!set || typeof set !== 'object' || Array.isArray(set)) continue
    const values = (set as Record<string, unknown>)['values']
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue
    const scope = (set as Record<string, unknown>)['scope']
    const sc =
      scope && typeof scope === 'object' && !Array.isArray(scope)
        ? (scope as Record<string, unknown>)
        : undefined
    if (sc !== undefined && !scopeApplies(sc, path, site)) continue
    if (hasPrecedence(oldScope, sc ?? {})) {
      defaults = deepMerge(defaults, values as Record<string, unknown>)
      oldScope = sc ?? {}
    } else {
      defaults = deepMerge(values as Record<string, unknown>, defaults)
    }
  }
  return defaults
}

function sanitizeScopePath(p: unknown): string {
  if (typeof p !== 'string' || p === '') return ''
  return p.startsWith('/') ? p.replace(/^\//, '').replace(/(?<=[^/])$/, '') : p
}

function scopeApplies(scope: Record<string, unknown>, path: string, site: SiteConfig): boolean {
  const type = scope['type']
  if (type !== undefined && type !== null) {
    const t = rubyToS(type)
    const normalised = t === 'post' ? 'posts' : t === 'page' ? 'pages' : t === 'draft' ? 'drafts' : t
    if (normalised !== 'posts') return false
  }
  const rel = scope['path']
  if (typeof rel !== 'string' || rel === '') return true
  const collectionsDir =
    typeof site.raw['collections_dir'] === 'string' ? (site.raw['collections_dir'] as string) : ''
  const strip = (p: string): string =>
    collectionsDir && p.startsWith(`${collectionsDir}/`) ? p.slice(collectionsDir.length + 1) : p
  const relPath = strip(path)
  if (rel.includes('*')) {
    // Dir.glob on the scope, then a prefix test; a glob that matches the post's folder or the post.
    const re = new RegExp(
      `^${rel
        .replace(/^\/+/, '')
        .split('*')
        .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}`
    )
    return re.test(relPath)
  }
  return relPath.startsWith(strip(rel))
}

function hasPrecedence(
  oldScope: Record<string, unknown> | undefined,
  newScope: Record<string, unknown>
): boolean {
  if (oldScope === undefined) return true
  const newPath = sanitizeScopePath(newScope['path'])
  const oldPath = sanitizeScopePath(oldScope['path'])
  if (newPath.length !== oldPath.length) return newPath.length >= oldPath.length
  if ('type' in newScope) return true
  return !('type' in oldScope)
}

function isHash(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRubyDate(v) && !isRubyTime(v)
}

/** Utils.deep_merge_hashes: `overwrite` wins, nil never overwrites, hashes merge. */
function deepMerge(
  target: Record<string, unknown>,
  overwrite: Record<string, unknown>
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target }
  for (const [k, v] of Object.entries(overwrite)) {
    if (v === null || v === undefined) {
      if (!(k in out)) out[k] = v
      continue
    }
    const old = out[k]
    out[k] = isHash(old) && isHash(v) ? deepMerge(old, v) : v
  }
  return out
}

// =========================================================================================================
// The post

export interface InterpretInput {
  /** Relative path from the site root, `/` separators. */
  path: string
  site: SiteConfig
  /** The caller's clock, epoch ms (Jekyll's `site.time` unless `_config.yml` sets `time:`). */
  now: number
  /** Front matter as Psych typed it; undefined when the post has none. */
  data?: Record<string, unknown>
  /** Set when reading stopped: `yaml` (Jekyll publishes without front matter), `encoding` (Jekyll skips). */
  readError?: 'yaml' | 'encoding' | 'unreadable'
}

/** Everything the rules need to explain what Jekyll did, besides the JekyllPost itself. */
export interface Interpretation {
  post: JekyllPost
  /** The data after Jekyll's merges (defaults < front matter), as Jekyll holds it. */
  data: Record<string, unknown>
  /** The date and where it came from; undefined when the file name is not a post name. */
  date?: JekyllDate
  /** The file name's own date, when it has one that Ruby can read. */
  filenameDate?: JekyllDate
  /** True when Jekyll dropped the front matter (YAML error, or a `categories` value it cannot merge). */
  frontMatterDropped: boolean
  /** `jekyll build` stops with this error for the whole site (an invalid date, a bad permalink). */
  fatal?: string
}

function splitWords(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter(w => w !== '')
}

/** Ruby `Array#|`, by value for scalars. */
function union(a: unknown[], b: unknown[]): unknown[] {
  // Nearly always strings only: for those, equal by value is plain Set membership.
  if (a.every(v => typeof v === 'string') && b.every(v => typeof v === 'string'))
    return [...new Set([...a, ...b])]
  const out: unknown[] = []
  const seen = new Set<string>()
  for (const v of [...a, ...b]) {
    const k = keyOf(v)
    if (!seen.has(k)) {
      seen.add(k)
      out.push(v)
    }
  }
  return out
}

function keyOf(v: unknown): string {
  return `${typeof v}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`
}

class CategoriesTypeError extends Error {}

/** Document#merge_data!'s category handling: a string splits; an array unions; anything else cannot merge. */
function mergeCategories(current: unknown, incoming: Record<string, unknown>): Record<string, unknown> {
  if (!('categories' in incoming) || incoming['categories'] === null || incoming['categories'] === undefined)
    return incoming
  let cats = incoming['categories']
  if (typeof cats === 'string') cats = splitWords(cats)
  if (Array.isArray(current)) {
    if (!Array.isArray(cats))
      throw new CategoriesTypeError(`no implicit conversion of ${typeof cats} into Array`)
    cats = union(current, cats)
  }
  return { ...incoming, categories: cats }
}

function singularOrPlural(data: Record<string, unknown>, singular: string, plural: string): unknown[] {
  // Utils.pluralized_array_from_hash
  let value: unknown = data[singular]
  if (value === undefined || value === null || value === false) {
    const p = data[plural]
    value =
      typeof p === 'string'
        ? splitWords(p)
        : Array.isArray(p)
          ? p.filter(x => x !== null && x !== undefined)
          : null
  }
  const arr = ([value] as unknown[]).flat(Infinity)
  return arr.filter(x => x !== null && x !== undefined)
}

function outputExtFor(ext: string, permalink: string | undefined, site: SiteConfig): string {
  if (permalink !== undefined && !permalink.endsWith('/')) {
    const base = permalink.replace(/^.*\//, '')
    const m = /\.[^.]*$/.exec(base)
    if (m && base.indexOf('.') > 0 && m[0] !== '.') return m[0]
  }
  const raw = site.raw['markdown_ext']
  const md = (typeof raw === 'string' ? raw.split(',') : DEFAULT_MARKDOWN_EXT).map(
    e => `.${e.trim().toLowerCase()}`
  )
  return md.includes(ext.toLowerCase()) ? '.html' : ext
}

/** What Jekyll 4.3 makes of one post file. */
export function interpret(input: InterpretInput): Interpretation {
  const { path, site } = input
  const tz = site.timezone
  const now = siteTime(site, input.now)
  const none: JekyllPost = { built: false, categories: [], tags: [] }
  const relInPosts = path.replace(/^(?:.*\/)?_posts\//, '')
  const fm = DATE_FILENAME_MATCHER.exec(relInPosts)
  if (!fm) return { post: { ...none, reason: 'filename' }, data: {}, frontMatterDropped: false }
  if (input.readError === 'encoding' || input.readError === 'unreadable') {
    return { post: { ...none, reason: input.readError }, data: {}, frontMatterDropped: false }
  }
  const [, fileDate = '', fileSlug = '', ext = ''] = fm

  // Document#initialize: categories from the folders above _posts.
  const collectionsDir =
    typeof site.raw['collections_dir'] === 'string'
      ? (site.raw['collections_dir'] as string).replace(/^\/+|\/+$/g, '')
      : ''
  const relativePath =
    collectionsDir && path.startsWith(`${collectionsDir}/`) ? path.slice(collectionsDir.length + 1) : path
  const basename = path.replace(/^.*\//, '')
  const superdirs = relativePath.startsWith('_posts')
    ? []
    : relativePath
        .replace(/_posts[\s\S]*/, '')
        .split('/')
        .filter(c => c !== '' && c !== '_posts' && c !== basename)
  let data: Record<string, unknown> = { categories: superdirs }
  let frontMatterDropped = input.readError === 'yaml'
  let fatal: string | undefined

  const merge = (incoming: Record<string, unknown>): void => {
    const merged = mergeCategories(data['categories'], incoming)
    data = deepMerge(data, merged)
  }

  // Document#read: defaults, then the front matter, then (unless reading failed) the post data.
  const defaults = defaultsFor(site, path)
  let dateFromDefaults: unknown
  try {
    merge(defaults)
    if ('date' in defaults) dateFromDefaults = defaults['date']
  } catch {
    frontMatterDropped = true
  }
  let dateSource: DateSource = 'defaults'
  if (!frontMatterDropped && input.data) {
    try {
      merge(input.data)
      if (input.data['date'] !== undefined && input.data['date'] !== null) dateSource = 'front-matter'
    } catch (error) {
      if (!(error instanceof CategoriesTypeError)) throw error
      frontMatterDropped = true
    }
  }

  let date: JekyllDate | undefined
  let filenameDate: JekyllDate | undefined = jekyllDateOf(fileDate, 'filename', site, now)
  if (!filenameDate.ok && !filenameDate.invalid) filenameDate = undefined
  let slug: string | undefined
  let categories: unknown[]
  let tags: unknown[]

  const rawDate = data['date']
  if (rawDate !== undefined && rawDate !== null && rawDate !== false) {
    date = jekyllDateOf(
      rawDate,
      dateSource === 'front-matter'
        ? 'front-matter'
        : dateFromDefaults !== undefined
          ? 'defaults'
          : dateSource,
      site,
      now
    )
  }
  if (frontMatterDropped) {
    // read_post_data never runs: no slug, no file-name date, categories as merged so far, tags as defaults left them.
    if (date === undefined) {
      date = {
        ok: true,
        epochMs: now,
        source: 'build-time',
        via: 'build-time',
        text: '',
        zone: 'site',
        rolledOver: false
      }
    }
    categories = Array.isArray(data['categories']) ? (data['categories'] as unknown[]) : []
    tags = Array.isArray(data['tags']) ? (data['tags'] as unknown[]) : []
  } else {
    // populate_title: the file name's date when the front matter has none.
    if (date === undefined) date = filenameDate ?? jekyllDateOf(fileDate, 'filename', site, now)
    slug =
      data['slug'] !== undefined && data['slug'] !== null && data['slug'] !== false
        ? rubyToS(data['slug'])
        : fileSlug.replace(/\.*$/, '')
    // populate_categories and populate_tags.
    const cats = [
      ...(Array.isArray(data['categories'])
        ? (data['categories'] as unknown[])
        : data['categories'] === undefined || data['categories'] === null
          ? []
          : [data['categories']]),
      ...singularOrPlural(data, 'category', 'categories')
    ]
    categories = union(
      cats.map(c => rubyToS(c)),
      []
    )
    tags = singularOrPlural(data, 'tag', 'tags')
  }

  if (!date.ok) {
    fatal = `Invalid date '${date.text}': Document '${path}' does not have a valid date in the ${date.source === 'filename' ? 'filename' : date.source === 'defaults' ? 'front matter defaults' : 'YAML front matter'}.`
    if (!date.invalid) {
      return {
        post: {
          ...none,
          reason: 'unknown-date',
          categories: categories.map(rubyToS),
          tags: tags.map(rubyToS)
        },
        data,
        date,
        ...(filenameDate ? { filenameDate } : {}),
        frontMatterDropped
      }
    }
    return {
      post: { ...none, reason: 'invalid-date', categories: categories.map(rubyToS), tags: tags.map(rubyToS) },
      data,
      date,
      ...(filenameDate ? { filenameDate } : {}),
      frontMatterDropped,
      fatal
    }
  }

  const post: JekyllPost = {
    built: true,
    date: formatXmlSchema(tz, date.epochMs),
    epochMs: date.epochMs,
    categories: categories.map(rubyToS),
    tags: tags.map(rubyToS)
  }
  // Publisher#publish?: `published` present and false-ish (false or nil) unpublishes; future dates wait.
  const unpublishedSite =
    site.raw['unpublished'] !== undefined &&
    site.raw['unpublished'] !== null &&
    site.raw['unpublished'] !== false
  if (
    'published' in data &&
    (data['published'] === false || data['published'] === null) &&
    !unpublishedSite
  ) {
    post.built = false
    post.reason = 'unpublished'
  } else if (!site.future && Math.floor(date.epochMs / 1000) > Math.floor(now / 1000)) {
    post.built = false
    post.reason = 'future'
  }

  const permalinkValue = data['permalink']
  const permalink =
    permalinkValue !== undefined && permalinkValue !== null && permalinkValue !== false
      ? rubyToS(permalinkValue)
      : undefined
  try {
    post.url = postUrl({
      path: relativePath,
      template: postsUrlTemplate(site),
      ...(permalink !== undefined ? { permalink } : {}),
      slug,
      categories,
      epochMs: date.epochMs,
      tz,
      outputExt: outputExtFor(ext, permalink, site)
    })
  } catch (error) {
    fatal = (error as Error).message
    post.built = false
    post.reason = 'permalink'
  }
  // data["slug"] as Jekyll holds it (the file name's slug unless the front matter sets one).
  if (slug !== undefined) post.slug = slug
  return {
    post,
    data,
    date,
    ...(filenameDate ? { filenameDate } : {}),
    frontMatterDropped,
    ...(fatal ? { fatal } : {})
  }
}

/** An interpretation and what it was made from, remembered per front matter (see interpretationOnce). */
interface Remembered {
  input: InterpretInput
  /** The site's fields as they were: a site changed in place since then is a different site. */
  site: Pick<SiteConfig, 'timezone' | 'url' | 'baseurl' | 'permalink' | 'future' | 'raw'>
  it: Interpretation
}
const remembered = new WeakMap<Record<string, unknown>, Remembered>()

function sameSite(a: Remembered['site'], b: SiteConfig): boolean {
  return (
    a.timezone === b.timezone &&
    a.url === b.url &&
    a.baseurl === b.baseurl &&
    a.permalink === b.permalink &&
    a.future === b.future &&
    a.raw === b.raw
  )
}

/** The JekyllPost only (posts.ts stores it on every Post); the whole interpretation is kept for the rules. */
export function interpretPost(input: InterpretInput): JekyllPost {
  const it = interpret(input)
  if (input.data) {
    const { timezone, url, baseurl, permalink, future, raw } = input.site
    remembered.set(input.data, { input, site: { timezone, url, baseurl, permalink, future, raw }, it })
  }
  return it.post
}

/**
 * `interpret(input)`, without doing the work twice: the interpretation interpretPost made of the same front
 * matter (the same object) for the same path, site, clock and read error, else a fresh one. Pure.
 */
export function interpretationOnce(input: InterpretInput): Interpretation {
  const known = input.data ? remembered.get(input.data) : undefined
  if (
    known &&
    known.input.path === input.path &&
    known.input.site === input.site &&
    known.input.now === input.now &&
    known.input.readError === input.readError &&
    sameSite(known.site, input.site)
  )
    return known.it
  return interpret(input)
}
