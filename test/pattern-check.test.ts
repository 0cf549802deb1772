// The heading and branch patterns a user supplies are refused when settings are read if they would hang a run.
import { describe, expect, it } from 'vitest'
import { INPUTS } from '../src/inputs.js'
import { catastrophicProbe, probesFor } from '../src/pattern-check.js'
import { readSettings, SettingsError } from '../src/settings.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const defaults = (name: string) => INPUTS.find(i => i.name === name)!.default.split(/,\s+/)

describe('supplied patterns', () => {
  it.each(['today-headings', 'tomorrow-headings', 'branch-patterns'])(
    'refuses (a+)+$ in %s with one line naming the input',
    name => {
      let error: unknown
      try {
        readSettings(reader({ [name]: '(a+)+$' }))
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(SettingsError)
      expect((error as Error).message).toBe(
        `Input '${name}': '(a+)+$' backtracks catastrophically: over 100 ms on 'a' repeated to 10,000 characters; write it without a quantifier inside a quantifier (e.g. '(a+)+' -> 'a+').`
      )
    }
  )

  it.each([['(x|x)*y'], ['^(\\d+)+-'], ['(오늘\\s*)+$']])(
    'refuses %s too (probed with the characters it names)',
    source => {
      expect(catastrophicProbe(new RegExp(source, 'i'))).toBeDefined()
    }
  )

  it('accepts the defaults and ordinary patterns, and every probe is 10,000 characters and a rejecting end', () => {
    for (const source of [
      ...defaults('today-headings'),
      ...defaults('tomorrow-headings'),
      ...defaults('branch-patterns')
    ]) {
      expect(catastrophicProbe(new RegExp(source.replace(/\\\\/g, '\\'), 'i'))).toBeUndefined()
    }
    const s = readSettings(
      reader({ 'branch-patterns': '^feature/(\\d+)-, ^(\\d+)$', 'today-headings': '✅\\s*done' })
    )
    expect(s.branchPatterns.map(re => re.exec('feature/12-x')?.[1])).toEqual(['12', undefined])
    expect(new Set(probesFor('(a+)+$').map(p => p.length))).toEqual(new Set([10_001]))
  })

  it('still refuses a pattern that does not compile, naming the input', () => {
    expect(() => readSettings(reader({ 'today-headings': '([a-' }))).toThrow(
      /^Input 'today-headings': '\(\[a-' is not a valid regular expression/
    )
  })
})
