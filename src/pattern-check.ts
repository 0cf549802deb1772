// Refuses a user-supplied pattern (a heading or branch pattern) that would hang a run: it is run on 10,000-character
// probes under a 100 ms watchdog when settings are read. Never runs a pattern on untrusted text itself.
import { Script, createContext } from 'node:vm'

/** Length of each probe, and the time one probe may take before the pattern is called catastrophic. */
export const PROBE_LENGTH = 10_000
export const PROBE_BUDGET_MS = 100

/** Characters every pattern is probed with (Korean headings, digits, separators of branch names). */
const COMMON = ['a', '0', ' ', '-', '_', '/', '가', '.']
const CLASS_SAMPLES: Record<string, string> = {
  d: '0',
  w: 'a',
  s: ' ',
  D: 'a',
  W: ' ',
  S: 'a',
  p: 'a',
  P: ' '
}
const META = new Set([...'\\^$.|?*+()[]{}'])

/** The probes for a pattern: runs of the characters it names (and common ones), each ending in a rejecting NUL. */
export function probesFor(source: string): string[] {
  const chars: string[] = []
  const add = (c: string) => {
    if (!chars.includes(c)) chars.push(c)
  }
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (c === '\\' && i + 1 < source.length) {
      const next = source[++i]!
      add(CLASS_SAMPLES[next] ?? next)
    } else if (c === '.') add('a')
    else if (!META.has(c)) add(c)
  }
  for (const c of COMMON) add(c)
  const singles = chars.slice(0, 24).map(c => c.repeat(PROBE_LENGTH) + '\u0000')
  const pairs: string[] = []
  const firsts = chars.slice(0, 4)
  for (const a of firsts)
    for (const b of firsts) if (a !== b) pairs.push((a + b).repeat(PROBE_LENGTH / 2) + '\u0000')
  return [...singles, ...pairs]
}

/** No quantifier, no backreference: nothing can backtrack more than the pattern's own length at each position. */
const CANNOT_BACKTRACK = /^[^*+?{\\]*$/

let context: ReturnType<typeof createContext> | undefined
const RUN = new Script('re.lastIndex = 0; re.test(text)')

/**
 * The first probe on which `pattern` takes over PROBE_BUDGET_MS (the watchdog stops it there), or undefined when it
 * is done with every probe in time. A probe is a made-up string: no post, heading or branch name is ever run here.
 */
export function catastrophicProbe(pattern: RegExp): string | undefined {
  if (CANNOT_BACKTRACK.test(pattern.source)) return undefined
  context ??= createContext({})
  for (const text of probesFor(pattern.source)) {
    context.re = pattern
    context.text = text
    try {
      RUN.runInContext(context, { timeout: PROBE_BUDGET_MS })
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return text
      throw error
    } finally {
      context.re = undefined
      context.text = undefined
    }
  }
  return undefined
}

/** How a probe is described in the one line (its first character and length, never the whole string). */
export function describeProbe(probe: string): string {
  const unit = probe.length > 2 && probe[1] !== probe[0] ? probe.slice(0, 2) : probe[0]!
  return `'${unit === ' ' ? '␠' : unit}' repeated to ${(probe.length - 1).toLocaleString('en-US')} characters`
}

/** What the one line says of a pattern that hangs on a probe (after the pattern itself), or undefined when none. */
export function backtracking(pattern: RegExp): string | undefined {
  const slow = catastrophicProbe(pattern)
  if (slow === undefined) return undefined
  return `backtracks catastrophically: over ${PROBE_BUDGET_MS} ms on ${describeProbe(slow)}; write it without a quantifier inside a quantifier (e.g. '(a+)+' -> 'a+').`
}
