// Time zones as Ruby sees them with ENV['TZ'] set (Jekyll sets it to the site's timezone; with none, the machine's zone,
// UTC on a runner): offsets, wall clock to instant, local fields, Ruby's time formats. Pure: no clock, no parsing.
import { DAY_MS } from '../../time.js'
import { civilToUtcMs } from './civil.js'

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
  const shifted = Math.floor(epochMs / 1000) * 1000 + offsetSeconds * 1000
  return { ...wallFields(shifted), weekday: new Date(shifted).getUTCDay(), offsetMinutes }
}

/** The calendar and clock fields of an instant already shifted by its zone's offset (read as UTC). */
export function wallFields(shiftedMs: number): Omit<LocalFields, 'weekday' | 'offsetMinutes'> {
  const d = new Date(shiftedMs)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds()
  }
}

export const p2 = (n: number): string => String(n).padStart(2, '0')

export function yearText(y: number): string {
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

/**
 * Would the C library find this TZ? An IANA name, spelled with the exact case of the tz database, or a
 * POSIX fixed-offset string such as `KST-9` / `UTC0`.
 */
export function knownTimeZone(tz: string): boolean {
  if (posixFixedOffset(tz) !== undefined) return true
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone
    if (resolved === tz) return true
    // ICU accepts any case and some aliases; glibc opens /usr/share/zoneinfo/<tz> literally.
    const supported =
      (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? []
    if (supported.includes(tz)) return true
    return (
      resolved.toLowerCase() !== tz.toLowerCase() &&
      /^[A-Z][A-Za-z_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(tz)
    )
  } catch {
    return false
  }
}

/**
 * Minutes east of UTC for a POSIX TZ without daylight rules (`KST-9`, `UTC0`, `<+09>-9`), else undefined.
 * POSIX counts hours west: `UTC+9` is nine hours BEHIND UTC.
 */
export function posixFixedOffset(tz: string): number | undefined {
  const m = /^(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)([+-]?)(\d{1,2})(?::(\d{2}))?$/.exec(tz)
  if (!m || m[2] === undefined) return undefined
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? minutes : -minutes
}
