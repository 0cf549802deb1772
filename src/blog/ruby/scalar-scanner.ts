// Psych's ScalarScanner: the Ruby value of a plain YAML scalar (nil, booleans, integers, floats, symbols, dates and
// times as Psych types them). Pure: one scalar's text in, one value out; never sees a whole document.
import type { RubyDate, RubyTime } from '../model.js'
import { civilToUtcMs, daysInMonth } from './civil.js'
import { RubyFloat, RubySymbol } from './values.js'

// Psych::ScalarScanner, constant for constant (psych 4.0, Ruby 3.1).
const PSYCH_TIME =
  /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/
const PSYCH_FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/
const PSYCH_INTEGER =
  /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/
// `^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+` (Ruby's `^` is any line start, hence `m`).
const PSYCH_STRINGISH = /^[^\d.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+/mu

/** Psych's ScalarScanner#tokenize: the Ruby value of a plain (unquoted, untagged) YAML scalar. */
export function psychTokenize(s: string): unknown {
  // Keys and tags repeat in every post: a plain value (string, boolean, nil, integer) is read once. Objects (times,
  // dates, floats, symbols) are made afresh each time, so no two posts share one.
  const known = tokenized.get(s)
  if (known !== undefined) return known
  const v = tokenizeScalar(s)
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || v === null) {
    if (tokenized.size >= 100_000) tokenized.clear()
    tokenized.set(s, v)
  }
  return v
}

const tokenized = new Map<string, string | boolean | number | null>()

function tokenizeScalar(s: string): unknown {
  if (s === '') return null
  if (PSYCH_STRINGISH.test(s) || s.includes('\n')) {
    if ([...s].length > 5) return s
    if (/^[^ytonf~]/i.test(s)) return s
    if (s === '~' || /^null$/i.test(s)) return null
    if (/^(yes|true|on)$/i.test(s)) return true
    if (/^(no|false|off)$/i.test(s)) return false
    return s
  }
  if (PSYCH_TIME.test(s)) {
    const t = psychParseTime(s)
    return t ?? s
  }
  if (/^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/.test(s)) {
    const [y, mo, d] = s.split('-').map(Number) as [number, number, number]
    // Date.strptime('%Y-%m-%d') rejects a day the month does not have; Psych then keeps the string.
    if (mo < 1 || d < 1 || d > daysInMonth(y, mo)) return s
    const date: RubyDate = { kind: 'date', year: y, month: mo, day: d, source: s }
    return date
  }
  if (/^\+?\.inf$/i.test(s)) return new RubyFloat(Infinity)
  if (/^-\.inf$/i.test(s)) return new RubyFloat(-Infinity)
  if (/^\.nan$/i.test(s)) return new RubyFloat(NaN)
  if (/^:./.test(s)) return new RubySymbol(s.slice(1))
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/.test(s)) return sexagesimal(s, false)
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/.test(s)) return new RubyFloat(sexagesimal(s, true))
  if (PSYCH_FLOAT.test(s)) {
    if (/^[-+]?\.$/.test(s)) return s
    return new RubyFloat(Number(s.replace(/[,_]|\.([Ee]|$)/g, '$1')))
  }
  if (PSYCH_INTEGER.test(s)) return parseRubyInt(s.replace(/[,_]/g, '')) ?? s
  return s
}

function sexagesimal(s: string, float: boolean): number {
  // Psych: i += n.to_i * 60 ** (e - 2).abs over the parts — note it is not sign-aware.
  let total = 0
  s.split(':').forEach((part, e) => {
    const n = float ? rubyToF(part) : rubyToI(part)
    total += n * 60 ** Math.abs(e - 2)
  })
  return total
}

function rubyToI(s: string): number {
  const m = /^\s*([-+]?\d[\d_]*)/.exec(s)
  return m?.[1] ? Number(m[1].replace(/_/g, '')) : 0
}
function rubyToF(s: string): number {
  const m = /^\s*([-+]?\d[\d_]*(?:\.\d+)?)/.exec(s)
  return m?.[1] ? Number(m[1].replace(/_/g, '')) : 0
}

/** Ruby's Integer(string) for the forms Psych hands it. */
function parseRubyInt(s: string): number | undefined {
  const m = /^([-+]?)(0b|0x|0)?(.*)$/i.exec(s)
  if (!m) return undefined
  const sign = m[1] === '-' ? -1 : 1
  const prefix = (m[2] ?? '').toLowerCase()
  const digits = m[3] ?? ''
  if (prefix === '' || (prefix === '0' && digits === '')) {
    const n = Number(`${prefix}${digits}`)
    return Number.isNaN(n) ? undefined : sign * n + 0
  }
  const radix = prefix === '0b' ? 2 : prefix === '0x' ? 16 : 8
  const n = parseInt(digits, radix)
  return Number.isNaN(n) ? undefined : sign * n + 0
}

/**
 * Psych's ScalarScanner#parse_time: `Time.utc(...)` (days up to 31 roll over into the next month, hour 24
 * and second 60 roll over too; anything else out of range raises and Psych keeps the string). No offset
 * means UTC. Returns undefined where Ruby raises.
 */
export function psychParseTime(s: string): RubyTime | undefined {
  const [date = '', time = ''] = splitOnce(s, /[ tT]/)
  const dm = /^(-?\d{4})-(\d{1,2})-(\d{1,2})/.exec(date)
  // Linear: only a scalar PSYCH_TIME matched gets here, so the time matches at its first character.
  // eslint-disable-next-line regexp/no-super-linear-move
  const tm = /(\d+:\d+:\d+)(?:\.(\d*))?\s*(Z|[-+]\d+(:\d\d)?)?/.exec(time)
  if (!dm || !tm || !tm[1]) return undefined
  const [yy, mo, dd] = [Number(dm[1]), Number(dm[2]), Number(dm[3])]
  const [hh, mi, ss] = tm[1].split(':').map(Number) as [number, number, number]
  const frac = tm[2] ? Number(`0.${tm[2]}`) : 0
  const base = rubyTimeUtc(yy, mo, dd, hh, mi, ss)
  if (base === undefined) return undefined
  const ms = base + Math.floor(frac * 1000)
  const zone = tm[3]
  if (zone === undefined) return { kind: 'time', epochMs: ms, source: s }
  if (zone === 'Z') return { kind: 'time', epochMs: ms, offsetMinutes: 0, source: s }
  const zm = /^([+-]?\d{1,2}):?(\d{1,2})?$/.exec(zone)
  if (!zm || zm[1] === undefined) return undefined
  const hours = parseInt(zm[1], 10)
  const minutes = zm[2] ? parseInt(zm[2], 10) : 0
  const offset = hours * 60 + (zm[1].startsWith('-') ? -minutes : minutes) + 0
  // Time.new(..., offset): |utc_offset| must be under a day.
  if (Math.abs(offset) >= 24 * 60) return undefined
  return { kind: 'time', epochMs: ms - offset * 60_000, offsetMinutes: offset, source: s }
}

function splitOnce(s: string, re: RegExp): [string, string] {
  const m = re.exec(s)
  if (!m) return [s, '']
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)]
}

/**
 * Ruby's `Time.utc(y, mon, d, h, min, s)` as epoch ms, or undefined where Ruby raises ArgumentError:
 * mon 1..12, day 1..31 (a day the month lacks rolls over), hour 0..24 (24 only as 24:00:00),
 * min 0..59, sec 0..60 (60 rolls over).
 */
export function rubyTimeUtc(
  y: number,
  mon: number,
  d: number,
  h: number,
  mi: number,
  s: number
): number | undefined {
  if (mon < 1 || mon > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60)
    return undefined
  if (h === 24 && (mi !== 0 || s !== 0)) return undefined
  return civilToUtcMs(y, mon, d, h, mi, s)
}
