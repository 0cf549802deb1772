// Minimal reproductions of product bugs the reliability generators found, kept as regular tests. Each names the
// bug; each failed before its fix.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFrontMatter } from '../../src/blog/jekyll/front-matter.js'
import { extractTasks, KEY_LIMIT, LINE_LIMIT, MAX_TASKS_PER_POST, taskKey } from '../../src/blog/tasks.js'
import { BODY_LIMIT, truncate } from '../../src/plan/safe-text.js'
import { markerLine, parseMarker } from '../../src/plan/marker.js'
import { olderUnchecked, taskLines } from '../../src/blog/task-lines.js'
import { planTasks } from '../../src/jobs/task-plan.js'

const NOW = Date.parse('2026-03-13T09:00:00+09:00')

/** A blog holding one post, planned by the tasks job with no issues on GitHub yet. */
function planOne(post: string) {
  const root = mkdtempSync(join(tmpdir(), 'jpo-regression-'))
  writeFileSync(
    join(root, '_config.yml'),
    'url: https://octo.github.io\ntimezone: Asia/Seoul\npermalink: /posts/:title/\n'
  )
  mkdirSync(join(root, '_posts'))
  writeFileSync(join(root, '_posts', '2026-03-12-day.md'), post)
  return planTasks({
    root,
    now: NOW,
    since: NOW - 14 * 86_400_000,
    label: 'task',
    repoFileUrl: (path, line) => `https://github.com/octo/blog/blob/main/${path}#L${line}`,
    issues: []
  })
}

const post = (title: string, task: string) =>
  [
    '---',
    `title: "${title}"`,
    'date: 2026-03-12 23:10:00 +0900',
    '---',
    '## 내일 할 일',
    `- [ ] ${task}`,
    ''
  ].join('\n')

describe('a task issue always fits in GitHub: a body over 65,536 characters is refused, so such a task never got its issue', () => {
  it.each([
    [
      'a task text of 100,000 characters (the marker held the whole key)',
      post('Day 1', `과제 ${'#'.repeat(100_000)}`)
    ],
    ['a task text of 300,000 letters', post('Day 1', 'a'.repeat(300_000))],
    [
      'a post title of 200,000 characters (in the body twice: the link text and the URL)',
      post('가'.repeat(200_000), '과제 제출')
    ]
  ])('%s', (_name, text) => {
    const creates = planOne(text).operations.filter(op => op.kind === 'create')
    expect(creates).toHaveLength(1)
    const create = creates[0] as Extract<(typeof creates)[number], { kind: 'create' }>
    expect(create.body.length).toBeLessThanOrEqual(BODY_LIMIT)
    expect(create.title.length).toBeLessThanOrEqual(256)
    expect(parseMarker(create.body)).toBe(create.key)
  })
})

describe('task keys are bounded, so the marker carrying one fits in any issue body', () => {
  const long = (tail: string) => `${'긴 과제 '.repeat(200)}${tail}`

  it('keeps a long key to KEY_LIMIT code points, distinct from keys that share its start, and stable', () => {
    const a = taskKey(long('하나'))
    const b = taskKey(long('둘'))
    expect(Array.from(a).length).toBeLessThanOrEqual(KEY_LIMIT)
    expect(a).not.toBe(b)
    expect(taskKey(long('하나'))).toBe(a)
    expect(parseMarker(`body\n${markerLine(a)}`)).toBe(a)
  })

  it('never splits a surrogate pair (an emoji at the cut stays whole, so the marker decodes to the same key)', () => {
    for (let shift = 0; shift < 4; shift++) {
      const key = taskKey(`${'x'.repeat(KEY_LIMIT - 20 + shift)}${'😀'.repeat(40)}`)
      expect(key).not.toMatch(/\p{Cs}/u)
      expect(parseMarker(`body\n${markerLine(key)}`)).toBe(key)
    }
  })

  it('leaves keys up to the limit as they were', () => {
    expect(taskKey('과제  **제출**')).toBe('과제 제출')
    expect(taskKey('a'.repeat(KEY_LIMIT))).toBe('a'.repeat(KEY_LIMIT))
  })
})

describe('a post with a huge task list costs bounded work: 10,000 items took over 8 s of CPU to parse and plan', () => {
  const many = (n: number) =>
    [
      '---',
      'title: backlog',
      'date: 2026-03-12 23:10:00 +0900',
      '---',
      '## 내일 할 일',
      ...Array.from({ length: n }, (_, i) => `- [ ] 할 일 ${i} @user${i % 10} #${i}`),
      ''
    ].join('\n')

  it(`reads the first ${MAX_TASKS_PER_POST} task items of a post and says from which line the rest are not read`, () => {
    const plan = planOne(many(10_000))
    expect(plan.operations.filter(op => op.kind === 'create')).toHaveLength(MAX_TASKS_PER_POST)
    // The front matter is 4 lines, the heading 1: the 501st item is on line 5 + 501.
    expect(plan.tooManyTasks).toEqual([
      { path: '_posts/2026-03-12-day.md', line: 5 + MAX_TASKS_PER_POST + 1 }
    ])
  })

  it('leaves a post within the limit whole, and says nothing', () => {
    const plan = planOne(many(MAX_TASKS_PER_POST))
    expect(plan.operations.filter(op => op.kind === 'create')).toHaveLength(MAX_TASKS_PER_POST)
    expect(plan.tooManyTasks).toEqual([])
  })

  it('counts older posts line by line only up to the limit as well', () => {
    const body = Array.from({ length: 3 * MAX_TASKS_PER_POST }, (_, i) => `- [ ] 할 일 ${i}`).join('\n')
    expect(olderUnchecked([body], new Set())).toBe(MAX_TASKS_PER_POST)
  })
})

describe('front matter Psych refuses is a yaml/syntax error (Jekyll then drops the whole front matter)', () => {
  // Each case was loaded with Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true) under Ruby 3.1
  // (Psych 4.0.3): "raises" is what Jekyll's YAML load did with it.
  it.each([
    ['a BEL in a quoted title', 'raises', 'title: "a\u0007b"'],
    ['an ESC in a plain value', 'raises', 'note: x\u001by'],
    ['a DEL', 'raises', 'title: "a\u007fb"'],
    ['a C1 control (U+0086)', 'raises', 'title: "a\u0086b"'],
    ['a vertical tab', 'raises', 'title: "a\u000bb"'],
    ['a `:` with no key on its own line', 'raises', 'title: ok\n: no key'],
    ['an indented `:` with no key', 'raises', 'title: ok\n : x'],
    ['a `:` with no key in a flow mapping', 'raises', 'image: {: /x.png}'],
    ['a tab inside a quoted value', 'loads', 'title: "a\tb"'],
    ['a BOM inside a value', 'loads', 'title: "a\ufeffb"'],
    ['NEL (U+0085)', 'loads', 'title: "a\u0085b"'],
    ['an explicit empty key', 'loads', '? \n: x']
  ])('%s: Psych %s', (_name, psych, yaml) => {
    const { diagnostics } = parseFrontMatter({
      path: '_posts/2026-03-12-day.md',
      text: `---\n${yaml}\n---\nbody\n`,
      bom: false,
      size: 0
    })
    expect(diagnostics.some(d => d.rule === 'yaml/syntax' && d.severity === 'error')).toBe(psych === 'raises')
  })
})

describe('a huge line costs bounded work: a 2,000,000-character line of `[` took over 20 s of CPU to parse', () => {
  it.each(['[', '<', '\\', 'a', '가', '😀'])(
    'reads a task line of 2,000,000 %j as its first and last 1,000 characters',
    ch => {
      const [task] = extractTasks(`## 내일 할 일\n- [ ] 과제 ${ch.repeat(2_000_000 / ch.length)}\n`, 5)
      expect(task!.line).toBe(6)
      expect(task!.text.length).toBeLessThanOrEqual(LINE_LIMIT)
      expect(task!.text.startsWith('과제')).toBe(true)
      expect(task!.key).not.toMatch(/\p{Cs}/u)
    }
  )

  it('keeps the lines around a huge line where they are, and what they say', () => {
    const tasks = extractTasks(
      ['intro', '['.repeat(2_000_000), '## 내일 할 일', '- [ ] 과제 제출', '- [x] 강의'].join('\n'),
      10
    )
    expect(tasks.map(t => [t.line, t.text, t.checked, t.sectionKind])).toEqual([
      [13, '과제 제출', false, 'tomorrow'],
      [14, '강의', true, 'tomorrow']
    ])
  })
})

describe('older posts are scanned for stale tasks at bounded cost too: a 2 MB task line cost seconds to key', () => {
  it.each(['[', '<', 'a'])('cuts a task line of 2,000,000 %j as the parse does', ch => {
    const body = `- [ ] 과제 ${ch.repeat(2_000_000)}\n- [ ] 강의\n`
    const lines = taskLines(body)
    expect(lines.map(l => l.text.length <= LINE_LIMIT)).toEqual([true, true])
    expect(lines[0]!.text.startsWith('과제')).toBe(true)
    expect(taskLines(new TextEncoder().encode(body)).map(l => l.text)).toEqual(lines.map(l => l.text))
  })
})

describe('truncate segments only what it keeps (segmenting a 2 MB post title whole cost up to seconds), with the same cuts', () => {
  const graphemes = (s: string) =>
    [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map(g => g.segment)
  it.each([
    ['family emoji (ZWJ sequences)', '👨‍👩‍👧‍👦'],
    ['combining marks', 'e\u0301\u0302\u0303'],
    ['flags (regional indicator pairs)', '🇰🇷'],
    ['Hangul jamo', '\u1100\u1161\u11a8'],
    ['plain letters', 'ab']
  ])('cuts %s only between graphemes, never past the limit', (_name, unit) => {
    for (let pad = 0; pad < 12; pad++) {
      const text = 'x'.repeat(pad) + unit.repeat(400)
      const cut = truncate(text, 256)
      expect(cut.length).toBeLessThanOrEqual(256)
      expect(cut.endsWith('…')).toBe(true)
      const kept = cut.slice(0, -1)
      // What is kept is whole graphemes of the original, as many as fit.
      const whole = graphemes(text)
      let fit = ''
      for (const g of whole) {
        if (fit.length + g.length > 255) break
        fit += g
      }
      expect(kept).toBe(fit.trimEnd())
    }
  })
})
