// The date Jekyll gives a post: `Utils.parse_date(value.to_s)` over what Psych typed, read in the site zone, and
// `site.time`. Pure: the clock is an argument; never decides whether the post is built.
import type { RubyTime, SiteConfig } from '../model.js'
import { daysInMonth } from '../ruby/civil.js'
import { rubyTimeParse } from '../ruby/time-parse.js'
import { isRubyDate, isRubyTime, rubyToS } from '../ruby/values.js'

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
