// Holds parsePsychYaml (posts.ts) against real Psych 4.0.3: every YAML case in psych/ was loaded by Ruby exactly
// as Jekyll loads front matter (golden/psych.json, recorded by scripts/record-goldens.ts). Psych is right.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePsychYaml } from '../../src/blog/ruby/psych.js'
import { isRubyDate, isRubyTime, RubyFloat } from '../../src/blog/ruby/values.js'

const here = new URL('.', import.meta.url).pathname
const golden = JSON.parse(readFileSync(join(here, 'golden/psych.json'), 'utf8')) as {
  cases: Record<string, { value?: unknown; error?: string; message?: string }>
}

/** Our Ruby values in the tagged form the Ruby side prints. */
function encode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(encode)
  if (v instanceof RubyFloat) return { $float: v.toString() }
  if (isRubyTime(v)) {
    const zone = v.offsetMinutes === undefined ? 'none' : /z\s*$/i.test(v.source) ? 'Z' : 'offset'
    return { $time: new Date(v.epochMs).toISOString(), zone, offset: v.offsetMinutes ?? 0 }
  }
  if (isRubyDate(v))
    return {
      $date: v.source.replace(
        /^(\d+)-(\d+)-(\d+)$/,
        (_m, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
      )
    }
  if (v !== null && typeof v === 'object') {
    return { $hash: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, encode(x)]) }
  }
  return v
}

/** Ruby hash keys print as strings on our side (data keys are Ruby's to_s); compare keys that way. */
function keysAsStrings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(keysAsStrings)
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o['$hash'])) {
      return {
        $hash: (o['$hash'] as [unknown, unknown][]).map(([k, x]) => [
          typeof k === 'string' ? k : k === null ? '' : typeof k === 'object' ? JSON.stringify(k) : String(k),
          keysAsStrings(x)
        ])
      }
    }
  }
  return v
}

const cases = readdirSync(join(here, 'psych'))
  .filter(f => f.endsWith('.yaml'))
  .map(f => f.replace(/\.yaml$/, ''))
  .sort()

describe('parsePsychYaml agrees with Psych.safe_load as Jekyll calls it', () => {
  it('has a golden for every case', () => {
    expect(Object.keys(golden.cases).sort()).toEqual(cases)
  })

  it.each(cases)('%s', name => {
    const text = readFileSync(join(here, 'psych', `${name}.yaml`), 'utf8').replace(/^\uFEFF/, '')
    const ruby = golden.cases[name]!
    const ours = parsePsychYaml(text)
    if (ruby.error !== undefined) {
      expect(ours.errors.length, `Psych raised ${ruby.error}: ${ruby.message}`).toBeGreaterThan(0)
      const expectedRule = ruby.error === 'Psych::DisallowedClass' ? 'yaml/disallowed-class' : 'yaml/syntax'
      expect(ours.errors[0]?.rule).toBe(expectedRule)
    } else {
      expect(ours.errors.map(e => e.message)).toEqual([])
      expect(encode(ours.data)).toEqual(keysAsStrings(ruby.value))
    }
  })
})
