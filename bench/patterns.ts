// The `patterns` step (issue 13): the slowest each default heading and branch pattern is on 100,000 characters of
// hostile text, how long refusing a supplied `(a+)+$` takes, and the patterns on post text that were super-linear.
import { YAML_FRONT_MATTER_REGEXP } from '../src/blog/jekyll/front-matter.js'
import { DATE_FILENAME_MATCHER } from '../src/blog/jekyll/files.js'
import { rubyTimeParse } from '../src/blog/ruby/time-parse.js'
import { extractTasks } from '../src/blog/tasks.js'
import { INPUTS } from '../src/inputs.js'
import { parseMarker } from '../src/plan/marker.js'
import { issueNumberOfBranch } from '../src/plan/board.js'
import { readSettings } from '../src/settings.js'
import { row, type Row } from './table.js'

const SECTION = 'patterns'
const LONG = 100_000
const TARGET = { op: '<=' as const, value: 100, text: '≤ 100 ms' }

/** The slowest of `runs` timings of `fn` on each input (ms). */
function slowest(inputs: string[], fn: (input: string) => unknown, runs = 3): { ms: number; input: string } {
  let worst = { ms: 0, input: '' }
  for (const input of inputs) {
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      fn(input)
      const ms = performance.now() - start
      if (ms > worst.ms) worst = { ms, input }
    }
  }
  return worst
}

const fill = (unit: string, length = LONG) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
const describe = (input: string) => `'${input.slice(0, 6)}…' × ${input.length.toLocaleString('en-US')}`
const round = (ms: number) => Math.round(ms * 100) / 100
const patterns = (name: string) =>
  INPUTS.find(i => i.name === name)!
    .default.split(/\n|,\s+/)
    .map(s => s.trim())
    .filter(Boolean)

/** Hostile text for a pattern: runs of every character it names, of common ones, and of its own literal parts. */
function hostile(source: string): string[] {
  const literal = source.replace(/\\[sdw]\*?|[\^$()[\]*+?|{}]/g, ' ')
  const units = [...new Set([...literal, 'a', ' ', '0', '-', '/', '가'])]
  return [...units.map(u => fill(u) + '!'), fill(literal + ' ') + '!', fill(`${literal}\n`) + '!']
}

export function measurePatterns(log: (line: string) => void = () => {}): Row[] {
  const rows: Row[] = []
  const figures: { id: string; figure: string; ms: number; note: string }[] = []
  // Warm up the parser and the engine once, so no figure is the first call's compile time.
  extractTasks('## 오늘\n- [ ] a\n', 1)

  for (const name of ['today-headings', 'tomorrow-headings'] as const) {
    for (const source of patterns(name)) {
      const re = new RegExp(source, 'i')
      const inputs = hostile(source).map(h => h.replace(/\n/g, ' '))
      // A post with a 100,000-character heading line, read as the tasks job reads it (the heading is bounded).
      const post = slowest(inputs, h =>
        extractTasks(`## ${h}\n- [ ] 과제 제출\n`, 1, {
          sections: { [name === 'today-headings' ? 'today' : 'tomorrow']: [re] }
        })
      )
      // The pattern alone on the whole 100,000 characters (what it would cost unbounded).
      const raw = slowest(inputs, h => re.test(h), 5)
      figures.push({
        id: `heading.${source}`,
        figure: `${name} /${source}/i: post with a 100,000-character heading`,
        ms: post.ms,
        note: `slowest on ${describe(post.input)}; the pattern alone on all of it: ${round(raw.ms)} ms`
      })
    }
  }
  for (const source of patterns('branch-patterns')) {
    const re = new RegExp(source)
    const raw = slowest(
      hostile(source).map(h => h.replace(/\n/g, '/')),
      b => re.test(b),
      5
    )
    const bounded = slowest(hostile(source), b => issueNumberOfBranch(b, [re]))
    figures.push({
      id: `branch.${source}`,
      figure: `branch-patterns /${source}/ on a 100,000-character branch name`,
      ms: raw.ms,
      note: `slowest on ${describe(raw.input)}; as the board reads it (first 1,000 characters): ${round(bounded.ms)} ms`
    })
  }
  // A supplied catastrophic pattern: refused when settings are read, after at most one probe's 100 ms.
  let refusal = ''
  const refused = slowest(
    ['(a+)+$'],
    source => {
      try {
        readSettings(name => (name === 'today-headings' ? source : ''))
      } catch (error) {
        refusal = (error as Error).message
      }
    },
    1
  )
  figures.push({
    id: 'supplied.(a+)+$',
    figure: "supplied today-headings '(a+)+$': refused at settings time",
    ms: refused.ms,
    note: refusal
  })

  // Patterns on post text that were super-linear before issue 13, on the input that made them slow.
  const before: [string, string, () => unknown, string][] = [
    [
      'fixed.date-filename',
      'file name matcher, a post 2,000 folders deep',
      () => DATE_FILENAME_MATCHER.test('_posts/' + 'a/'.repeat(2000) + 'x.md'),
      'exponential before: 25 folders took seconds'
    ],
    [
      'fixed.front-matter',
      "front matter split, '---' and 100,000 newlines",
      () => YAML_FRONT_MATTER_REGEXP.test(`---${'\n'.repeat(LONG)}x`),
      '7.9 s before'
    ],
    [
      'fixed.task-trailing',
      'task text with a 100,000-space line',
      () => extractTasks(`- [ ] a${' '.repeat(LONG)}b\n`, 1),
      '26 s before on the pattern alone (now also bounded: lines are cut to 2,000)'
    ],
    [
      'fixed.issue-body',
      'issue body of 65,536 spaces and a letter (marker read)',
      () => parseMarker(`${' '.repeat(65_535)}x`),
      '31 s before on 100,000'
    ],
    [
      'fixed.date',
      'a 100,000-character date: value',
      () => rubyTimeParse(fill('1 '), 'UTC', 0),
      'refused past 128 characters, as Ruby does'
    ]
  ]
  for (const [id, figure, fn, note] of before) figures.push({ id, figure, ms: slowest([''], fn).ms, note })

  for (const f of figures) {
    log(`patterns: ${f.figure}: ${round(f.ms)} ms`)
    // Refusing takes one probe's budget by design: a figure, not a target.
    const target = f.id.startsWith('supplied') ? {} : { target: TARGET }
    rows.push(
      row({
        id: `patterns.${f.id}`,
        section: SECTION,
        figure: f.figure,
        value: round(f.ms),
        unit: 'ms',
        ...target,
        note: f.note
      })
    )
  }
  const worst = figures.filter(f => !f.id.startsWith('supplied')).reduce((a, b) => (b.ms > a.ms ? b : a))
  rows.push(
    row({
      id: 'patterns.slowest',
      section: SECTION,
      figure: 'slowest pattern case (default patterns and fixed ones)',
      value: round(worst.ms),
      unit: 'ms',
      target: TARGET,
      note: worst.figure
    })
  )
  return rows
}
