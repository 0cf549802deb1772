// Ruby's `Time.parse(str).localtime` in a site zone: `Time.zone_offset`, the fields from `Date._parse`, Time's own
// argument checks and roll-overs, to one instant. Pure: `now` and the zone are arguments; never reads a clock.
import { civilToUtcMs } from './civil.js'
import { rubyDateParse, type DateParts } from './date-parse.js'
import { localFields, wallClockToEpoch, wallFields, zoneOffsetSeconds } from './zones.js'

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

/** Date._parse's `limit:` (Ruby 3.0.3 and later). */
export const DATE_PARSE_LIMIT = 128

/** Ruby's `Time.parse(input).localtime` with ENV['TZ'] = tz and Time.now = now. */
export function rubyTimeParse(input: string, tz: string | undefined, now: number): TimeParse {
  // Ruby's Date._parse refuses a string over 128 characters (ArgumentError; Jekyll: an invalid date), which also
  // keeps every pattern below bounded in the length of what a post can write.
  if (input.length > DATE_PARSE_LIMIT) {
    return {
      ok: false,
      invalid: true,
      message: `string length (${input.length}) exceeds the limit ${DATE_PARSE_LIMIT}`
    }
  }
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
  const nowFields = off !== undefined ? wallFields(now + off * 1000) : localFields(tz, now)
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
