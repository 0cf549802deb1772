// Holds rubyTimeParse (jekyll.ts) against Ruby 3.1's Time.parse(s, now).localtime on every line of
// time-parse/inputs.txt in four zones (golden/time-parse.json, recorded by scripts/record-goldens.ts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rubyTimeParse } from '../../src/blog/ruby/time-parse.js'
import { formatXmlSchema } from '../../src/blog/ruby/zones.js'

const here = new URL('.', import.meta.url).pathname
const golden = JSON.parse(readFileSync(join(here, 'golden/time-parse.json'), 'utf8')) as {
  now: number
  inputs: string[]
  results: Record<string, string[]>
}

/** Inputs whose reading we do not model (the model says so instead of guessing). */
const NOT_MODELLED = ['1.0']

describe.each(Object.keys(golden.results))('Time.parse in TZ=%s', tz => {
  const expected = golden.results[tz]!

  it(`agrees with Ruby on all ${golden.inputs.length} inputs it models, errors included`, () => {
    const disagreements: string[] = []
    const unmodelled: string[] = []
    golden.inputs.forEach((input, i) => {
      const r = rubyTimeParse(input, tz, golden.now * 1000)
      if (!r.ok && !r.invalid) {
        unmodelled.push(input)
        return
      }
      const ruby = expected[i]!
      const ours = r.ok ? formatXmlSchema(tz, r.epochMs) : `error: ${r.message}`
      // Both raising is agreement; Ruby's exact wording differs between some argument checks.
      if (ours !== ruby && !(ours.startsWith('error:') && ruby.startsWith('error:'))) {
        disagreements.push(`${JSON.stringify(input)}: Ruby ${ruby}, ours ${ours}`)
      }
    })
    expect(disagreements).toEqual([])
    expect(unmodelled).toEqual(NOT_MODELLED)
  })

  it("gives Ruby's own error message for the out-of-range fields", () => {
    const mismatched = golden.inputs.filter((input, i) => {
      const r = rubyTimeParse(input, tz, golden.now * 1000)
      const ruby = expected[i]!
      return !r.ok && r.invalid && ruby.startsWith('error:') && `error: ${r.message}` !== ruby
    })
    expect(mismatched).toEqual([])
  })
})
