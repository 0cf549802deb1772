// Ruby values as Psych hands them to Jekyll (Float, Symbol, Date, Time, Hash) and what Ruby's `to_s` prints for
// each. Pure: values and their text only; never parses YAML or reads a clock.
import type { RubyDate, RubyTime } from '../model.js'

/** A Ruby Float (kept apart from integers so `1.0` prints as Ruby prints it). */
export class RubyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value
  }
  toString(): string {
    return rubyFloatToS(this.value)
  }
  toJSON(): number {
    return this.value
  }
}

export class RubySymbol {
  constructor(readonly name: string) {}
}

export function rubyFloatToS(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  if (Object.is(n, -0)) return '-0.0'
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`
  const s = String(n)
  if (/e/.test(s)) {
    const [mant, exp] = s.split('e')
    const m = mant?.includes('.') ? mant : `${mant}.0`
    const e = Number(exp)
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  return s
}

/** What Ruby's `to_s` gives for a YAML value (Jekyll stringifies categories this way). */
export function rubyToS(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (typeof v === 'number') return String(v)
  if (v instanceof RubyFloat) return v.toString()
  if (isRubyDate(v)) return `${String(v.year).padStart(4, '0')}-${pad2(v.month)}-${pad2(v.day)}`
  if (isRubyTime(v)) return rubyTimeToS(v)
  if (Array.isArray(v)) return `[${v.map(rubyInspect).join(', ')}]`
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${JSON.stringify(k)}=>${rubyInspect(x)}`)
      .join(', ')}}`
  }
  return String(v)
}

function rubyInspect(v: unknown): string {
  if (v === null || v === undefined) return 'nil'
  if (typeof v === 'string') return JSON.stringify(v)
  if (isRubyDate(v)) return `#<Date: ${rubyToS(v)}>`
  return rubyToS(v)
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * `Time#to_s` for a Psych time. A time written with an offset keeps it; one written without is UTC by
 * instant but Ruby shows it in local time, which only matters for its text, not for when it is.
 */
function rubyTimeToS(t: RubyTime): string {
  const off = t.offsetMinutes ?? 0
  const d = new Date(Math.floor(t.epochMs / 1000) * 1000 + off * 60_000)
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  if (t.offsetMinutes === undefined || (t.offsetMinutes === 0 && /Z\s*$/i.test(t.source)))
    return `${date} ${time} UTC`
  const sign = off < 0 ? '-' : '+'
  const a = Math.abs(off)
  return `${date} ${time} ${sign}${pad2(Math.floor(a / 60))}${pad2(a % 60)}`
}

export function rubyKey(key: unknown): string {
  return rubyToS(key)
}

export function isRubyTime(v: unknown): v is RubyTime {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'time' && 'epochMs' in v
}
export function isRubyDate(v: unknown): v is RubyDate {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'date' && 'year' in v
}

/** A Ruby Hash as Psych makes one: a plain object that is not a Date or a Time. */
export function isRubyHash(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRubyTime(v) && !isRubyDate(v)
}
