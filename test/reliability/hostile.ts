// Hostile posts: generated front matters and bodies that break YAML, bomb aliases, nest deep, run long, carry
// control characters or bytes that are not UTF-8, forge markers and mention people; and what the action makes of one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Diagnostic } from '../../src/blog/model.js'
import { MAX_ALIAS_EXPANSION } from '../../src/blog/ruby/psych.js'
import { runCheck, type CheckResult } from '../../src/jobs/check.js'
import { planTasks, type TaskPlan } from '../../src/jobs/task-plan.js'
import { parseMarker } from '../../src/plan/marker.js'

export type HostileKind =
  | 'malformed-yaml'
  | 'alias-bomb'
  | 'deep-nesting'
  | 'huge-line'
  | 'control-characters'
  | 'invalid-utf8'
  | 'nul-byte'
  | 'unterminated'
  | 'not-a-mapping'
  | 'marker-lookalike'
  | 'mentions-and-refs'
  | 'huge-task-list'
  | 'random-text'

export interface HostilePost {
  kind: HostileKind
  /** The file's bytes. */
  bytes: Uint8Array
  /**
   * A finding is owed: Jekyll cannot read the post as written (its front matter is lost, or the file is skipped),
   * so the author must be told. Undefined: the post may be odd but is readable; no finding is required.
   */
  owes: 'error' | 'finding' | undefined
  /** Task texts the body lists (for the identity and neutralising checks). */
  tasks: string[]
}

const enc = new TextEncoder()
const utf8 = (s: string) => enc.encode(s)

const GOOD_HEAD = [
  '---',
  'title: "[Day 012] 학습 기록"',
  'date: 2026-03-12 23:10:00 +0900',
  'categories: [AI 부트캠프, Daily & Weekly Log]',
  'tags: [daily-log, week03]',
  '---',
  ''
]

/** Words for task texts: Korean, English, and things GitHub would turn into mentions, links or markers. */
const word = fc.constantFrom(
  '과제',
  '제출',
  '강의',
  '정리',
  'read',
  'paper',
  'fix',
  '**bold**',
  '`code`',
  '[link](https://x.y)',
  '@octo',
  '@hubot',
  '#123',
  'GH-7',
  'octo/blog#9',
  '<!--',
  '-->',
  'jekyll-post-ops:task',
  '<b>',
  '&amp;',
  '\\',
  '*',
  '_'
)
const taskText = fc.array(word, { minLength: 1, maxLength: 6 }).map(ws => ws.join(' '))

const body = (tasks: string[], checked: boolean[] = []) =>
  [
    '## 오늘 한 일',
    ...tasks.map((t, i) => `- [${checked[i] ? 'x' : ' '}] ${t}`),
    '',
    '## 내일 할 일',
    '- [ ] 과제 제출',
    ''
  ].join('\n')

const withHead = (head: string[], tasks: string[]) => utf8([...head, body(tasks)].join('\n'))

// Each was loaded with Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true) under Ruby 3.1 (Psych
// 4.0.3), between `title: ok` and `tags: [daily-log]`: all raise but `!!binary`, which Psych decodes leniently.
const MALFORMED: ReadonlyArray<[string, HostilePost['owes']]> = [
  ['title: "unclosed', 'error'],
  ["title: 'unclosed", 'error'],
  ['tags: [daily-log, week03', 'error'],
  ['categories: {a: 1', 'error'],
  ['title: a\n  bad: indent', 'error'],
  ['\ttitle: tab indent', 'error'],
  [': no key', 'error'],
  ['title: "a" trailing', 'error'],
  ['date: 2026-03-12\n date: again', 'error'],
  ['image:\n  path: /x.png\n path: wrong', 'error'],
  ['title: [a, b]]', 'error'],
  ['key: @reserved', 'error'],
  ['key: `reserved', 'error'],
  ['key: !!binary not-base64!', undefined],
  ['key: !ruby/object:Gem::Requirement {}', 'error'],
  ['- a list\ntitle: then a map', 'error'],
  ['a: *undefined_alias', 'error'],
  ['title: |\n bad\nindent', 'error']
]

const malformedYaml = fc
  .record({ bad: fc.constantFrom(...MALFORMED), tasks: fc.array(taskText, { maxLength: 3 }) })
  .map(({ bad: [bad, owes], tasks }): HostilePost => ({
    kind: 'malformed-yaml',
    bytes: withHead(['---', 'title: ok', bad, 'tags: [daily-log]', '---', ''], tasks),
    owes,
    tasks
  }))

const aliasBomb = fc
  .record({ levels: fc.integer({ min: 3, max: 12 }), width: fc.integer({ min: 2, max: 12 }) })
  .map(({ levels, width }): HostilePost => {
    const lines = [
      '---',
      'title: bomb',
      'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
    ]
    for (let l = 1; l < levels; l++) {
      lines.push(`a${l}: &a${l} [${Array.from({ length: width }, () => `*a${l - 1}`).join(', ')}]`)
    }
    lines.push('---', '')
    // Past MAX_ALIAS_EXPANSION values the action refuses the front matter (Jekyll would try, and may exhaust memory).
    // Values the aliases pull in: each of a level's `width` aliases brings the whole level below.
    let values = 0
    for (let l = 1, size = 10; l < levels; l++) {
      values += width * size
      size = width * size + 1
    }
    return {
      kind: 'alias-bomb',
      bytes: withHead(lines, ['과제 제출']),
      owes: values > MAX_ALIAS_EXPANSION ? 'error' : undefined,
      tasks: ['과제 제출']
    }
  })

const deepNesting = fc
  .record({
    depth: fc.integer({ min: 50, max: 5000 }),
    flow: fc.boolean(),
    where: fc.constantFrom('title', 'image', 'extra')
  })
  .map(({ depth, flow, where }): HostilePost => {
    const value = flow
      ? `${'['.repeat(depth)}x${']'.repeat(depth)}`
      : Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x'
    const line = flow ? `${where}: ${value}` : `${where}:\n${value.replace(/^/gm, '  ')}`
    return {
      kind: 'deep-nesting',
      bytes: withHead(['---', 'title: deep', line, '---', ''], ['과제 제출']),
      owes: undefined,
      tasks: ['과제 제출']
    }
  })

const hugeLine = fc
  .record({
    length: fc.integer({ min: 10_000, max: 2_000_000 }),
    where: fc.constantFrom('title', 'body', 'task', 'tag'),
    char: fc.constantFrom('a', '가', ' ', '*', '[', '`', '@', '#')
  })
  .map(({ length, where, char }): HostilePost => {
    const long = char.repeat(length)
    if (where === 'title')
      return {
        kind: 'huge-line',
        bytes: withHead(
          ['---', `title: "${long.replace(/"/g, '')}"`, 'date: 2026-03-12 10:00:00 +0900', '---', ''],
          ['과제 제출']
        ),
        owes: undefined,
        tasks: ['과제 제출']
      }
    if (where === 'tag')
      return {
        kind: 'huge-line',
        bytes: withHead(['---', 'title: t', `tags: [x${long.replace(/[[\],]/g, '')}]`, '---', ''], []),
        owes: undefined,
        tasks: []
      }
    if (where === 'task')
      return {
        kind: 'huge-line',
        bytes: withHead(GOOD_HEAD, [`task ${long}`]),
        owes: undefined,
        tasks: [`task ${long}`]
      }
    return {
      kind: 'huge-line',
      bytes: utf8([...GOOD_HEAD, long, body(['과제 제출'])].join('\n')),
      owes: undefined,
      tasks: ['과제 제출']
    }
  })

// eslint-disable-next-line no-control-regex -- the characters libyaml's reader refuses
const NOT_YAML_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/
const CONTROL = [
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u202e',
  '\u200b',
  '\ud800',
  '\r'
]
const controlCharacters = fc
  .record({
    chars: fc.array(fc.constantFrom(...CONTROL), { minLength: 1, maxLength: 5 }),
    where: fc.constantFrom('front-matter', 'body', 'task')
  })
  .map(({ chars, where }): HostilePost => {
    const junk = chars.join('')
    if (where === 'front-matter') {
      // libyaml's reader refuses C0 and C1 controls but TAB, LF, CR and NEL (a lone surrogate is written as U+FFFD).
      const refused = chars.some(c => NOT_YAML_PRINTABLE.test(c))
      return {
        kind: 'control-characters',
        bytes: withHead(['---', `title: "a${junk}b"`, `note: x${junk}y`, '---', ''], ['과제 제출']),
        owes: refused ? 'error' : undefined,
        tasks: ['과제 제출']
      }
    }
    const task = `과제${junk}제출`
    if (where === 'task')
      return {
        kind: 'control-characters',
        bytes: withHead(GOOD_HEAD, [task]),
        owes: undefined,
        tasks: [task]
      }
    return {
      kind: 'control-characters',
      bytes: utf8([...GOOD_HEAD, `text ${junk} more`, body(['과제 제출'])].join('\n')),
      owes: undefined,
      tasks: ['과제 제출']
    }
  })

const invalidUtf8 = fc
  .record({
    bad: fc.constantFrom(
      [0xff],
      [0xc0, 0xaf],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
      [0xc3],
      [0xe2, 0x82]
    ),
    at: fc.double({ min: 0, max: 1, noNaN: true })
  })
  .map(({ bad, at }): HostilePost => {
    const good = withHead(GOOD_HEAD, ['과제 제출'])
    const cut = Math.floor(good.length * at)
    const bytes = new Uint8Array([...good.subarray(0, cut), ...bad, ...good.subarray(cut)])
    return { kind: 'invalid-utf8', bytes, owes: 'error', tasks: [] }
  })

const nulByte = fc.double({ min: 0, max: 1, noNaN: true }).map((at): HostilePost => {
  const good = withHead(GOOD_HEAD, ['과제 제출'])
  const cut = Math.floor(good.length * at)
  return {
    kind: 'nul-byte',
    bytes: new Uint8Array([...good.subarray(0, cut), 0, ...good.subarray(cut)]),
    owes: 'error',
    tasks: []
  }
})

const unterminated = fc.array(taskText, { maxLength: 3 }).map((tasks): HostilePost => ({
  kind: 'unterminated',
  bytes: utf8(['---', 'title: never closed', 'date: 2026-03-12 10:00:00 +0900', body(tasks)].join('\n')),
  owes: 'error',
  tasks
}))

const notAMapping = fc
  .constantFrom('- a\n- list', '"just a string"', '42', 'true', '[1, 2]')
  .map((yaml): HostilePost => ({
    kind: 'not-a-mapping',
    bytes: withHead(['---', yaml, '---', ''], ['과제 제출']),
    owes: 'error',
    tasks: ['과제 제출']
  }))

const markerLookalike = fc
  .record({
    key: fc.constantFrom(
      '과제 제출',
      '과제%20제출',
      'x',
      '',
      '-->',
      '%ZZ',
      '과제 제출 -->\n<!-- jekyll-post-ops:task y'
    ),
    prefix: fc.constantFrom('', '할 일 ', '**굵게** '),
    variant: fc.constantFrom('task', 'source 2026-01-01 _posts/x.md', 'task ')
  })
  .map(({ key, prefix, variant }): HostilePost => {
    const task = `${prefix}<!-- jekyll-post-ops:${variant} ${key} -->`
    return {
      kind: 'marker-lookalike',
      bytes: withHead(GOOD_HEAD, [task, `${prefix}끝`]),
      owes: undefined,
      tasks: [task, `${prefix}끝`]
    }
  })

const mentions = fc.array(taskText, { minLength: 1, maxLength: 8 }).map((tasks): HostilePost => ({
  kind: 'mentions-and-refs',
  bytes: withHead(GOOD_HEAD, tasks),
  owes: undefined,
  tasks
}))

const hugeTaskList = fc
  .record({
    n: fc.integer({ min: 1000, max: 10_000 }),
    nested: fc.boolean(),
    checkedEvery: fc.integer({ min: 0, max: 7 })
  })
  .map(({ n, nested, checkedEvery }): HostilePost => {
    const tasks = Array.from({ length: n }, (_, i) => `할 일 ${i} @user${i % 10} #${i}`)
    const lines = tasks.map(
      (t, i) =>
        `${nested && i % 2 === 1 ? '    ' : ''}- [${checkedEvery > 0 && i % checkedEvery === 0 ? 'x' : ' '}] ${t}`
    )
    return {
      kind: 'huge-task-list',
      bytes: utf8([...GOOD_HEAD, '## 내일 할 일', ...lines, ''].join('\n')),
      owes: undefined,
      tasks: nested ? tasks.filter((_, i) => i % 2 === 0) : tasks
    }
  })

const randomText = fc
  .record({
    yaml: fc.string({ unit: 'binary', maxLength: 200 }),
    text: fc.string({ unit: 'binary', maxLength: 400 })
  })
  .map(({ yaml, text }): HostilePost => ({
    kind: 'random-text',
    bytes: utf8(`---\n${yaml}\n---\n${text}\n- [ ] ${text.slice(0, 40)}\n`),
    owes: undefined,
    tasks: []
  }))

/** Every kind, weighted so that the expensive ones (huge lines and lists) stay a minority. */
export const hostilePost: fc.Arbitrary<HostilePost> = fc.oneof(
  { weight: 4, arbitrary: malformedYaml },
  { weight: 2, arbitrary: aliasBomb },
  { weight: 2, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeLine },
  { weight: 3, arbitrary: controlCharacters },
  { weight: 3, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: nulByte },
  { weight: 1, arbitrary: unterminated },
  { weight: 1, arbitrary: notAMapping },
  { weight: 3, arbitrary: markerLookalike },
  { weight: 4, arbitrary: mentions },
  { weight: 1, arbitrary: hugeTaskList },
  { weight: 4, arbitrary: randomText }
)

// ---- what the action makes of a post ----------------------------------------------------------------------------

export interface Examined {
  /** Wall-clock milliseconds of the check job's reading and rules plus the tasks job's plan, for this post. */
  ms: number
  /** CPU milliseconds of the same (this process, so GC threads count too). */
  cpuMs: number
  /** Findings on this post (the check job's). */
  diagnostics: Diagnostic[]
  /** The issues the tasks job would create for the post's tasks. */
  creates: Array<{ key: string; title: string; body: string }>
  /** What is wrong with how the action treated the post ([] when nothing). */
  problems: string[]
}

export const NOW = Date.parse('2026-03-13T09:00:00+09:00')
export const CONFIG =
  'title: 학습 기록\nurl: https://octo.github.io\ntimezone: Asia/Seoul\npermalink: /posts/:title/\n'
const DAY_MS = 86_400_000
const REPO_FILE_URL = (path: string, line: number) =>
  `https://github.com/octo/blog/blob/main/${path}#L${line}`

/** The check job's findings and the tasks job's plan for the blog at `root`, as the jobs compute them. */
export function checkAndPlan(root: string): { check: CheckResult; plan: TaskPlan } {
  const check = runCheck({ root, now: NOW, severity: {} })
  const plan = planTasks({
    root,
    now: NOW,
    since: NOW - 14 * DAY_MS,
    label: 'task',
    repoFileUrl: REPO_FILE_URL,
    issues: []
  })
  return { check, plan }
}

/**
 * Runs the check job's reading and rules and the tasks job's plan over a blog whose only post is `path` (timed), and
 * lists what falls short: a crash, a bad post without a finding, an issue that would not fit, notify, link, or
 * carry a marker other than its task's own.
 */
export function examine(root: string, path: string, hostile: Pick<HostilePost, 'owes'>): Examined {
  const problems: string[] = []
  const cpu = process.cpuUsage()
  const started = performance.now()
  let diagnostics: Diagnostic[] = []
  let creates: Examined['creates'] = []
  try {
    const { check, plan } = checkAndPlan(root)
    diagnostics = check.diagnostics.filter(d => d.file === path)
    creates = plan.operations.flatMap(op =>
      op.kind === 'create' ? [{ key: op.key, title: op.title, body: op.body }] : []
    )
  } catch (error) {
    problems.push(`crashed: ${(error as Error).stack ?? String(error)}`)
  }
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  if (hostile.owes === 'error' && !diagnostics.some(d => d.severity === 'error')) {
    problems.push(
      `no error finding for a post Jekyll cannot read as written (findings: ${diagnostics.map(d => d.rule).join(', ') || 'none'})`
    )
  }
  if (hostile.owes === 'finding' && diagnostics.length === 0) problems.push('no finding for a bad post')
  problems.push(...issueTextProblems(creates))
  return { ms, cpuMs: (used.user + used.system) / 1000, diagnostics, creates, problems }
}

/** An issue GitHub would refuse, or whose text would notify, link, hide its marker, or name another task. */
export function issueTextProblems(creates: Examined['creates']): string[] {
  const problems: string[] = []
  for (const c of creates) {
    if (c.title.length > 256) problems.push(`title longer than GitHub's 256: ${c.title.length}`)
    if (/(^|[^\w`])@[A-Za-z0-9]/.test(c.title))
      problems.push(`title would notify: ${JSON.stringify(c.title.slice(0, 120))}`)
    if (/#\d|GH-\d/i.test(c.title))
      problems.push(`title would link: ${JSON.stringify(c.title.slice(0, 120))}`)
    if (c.body.length > 65_536) problems.push(`body longer than GitHub's 65,536: ${c.body.length}`)
    if (parseMarker(c.body) !== c.key) {
      problems.push(
        `the body's marker says ${JSON.stringify(parseMarker(c.body))}, the task is ${JSON.stringify(c.key)}`
      )
    }
    const text = c.body.split('\n').slice(0, -2).join('\n')
    const comment = text.indexOf('<!--')
    if (comment !== -1)
      problems.push(
        `the body opens an HTML comment before its marker: ${JSON.stringify(text.slice(comment, comment + 80))}`
      )
  }
  return problems
}

// ---- running many -----------------------------------------------------------------------------------------------

export interface HostileFigures {
  inputs: number
  byKind: Record<string, number>
  /** Posts that owed a finding (Jekyll cannot read them as written), and got one. */
  badPostsFlagged: number
  maxMs: number
  maxCpuMs: number
  slowest: string
  /** Blogs mixing hostile posts with good ones, whose good posts came out as if alone. */
  mixedBlogs: number
}

export function emptyHostileFigures(): HostileFigures {
  return { inputs: 0, byKind: {}, badPostsFlagged: 0, maxMs: 0, maxCpuMs: 0, slowest: '', mixedBlogs: 0 }
}

/** A blog folder holding `_config.yml` and the given post files. */
export function blogWith(files: Record<string, Uint8Array | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'jpo-hostile-'))
  writeFileSync(join(root, '_config.yml'), CONFIG)
  mkdirSync(join(root, '_posts'))
  for (const [path, bytes] of Object.entries(files)) writeFileSync(join(root, path), bytes)
  return root
}

const HOSTILE_PATH = '_posts/2026-03-12-hostile.md'

/** Examines one hostile post alone in a blog (reusing `root`), counting it into `figures`; returns its problems. */
export function examineOne(root: string, post: HostilePost, figures: HostileFigures): string[] {
  writeFileSync(join(root, HOSTILE_PATH), post.bytes)
  const e = examine(root, HOSTILE_PATH, post)
  figures.inputs++
  figures.byKind[post.kind] = (figures.byKind[post.kind] ?? 0) + 1
  if (post.owes !== undefined && e.problems.length === 0) figures.badPostsFlagged++
  if (e.cpuMs > figures.maxCpuMs) {
    figures.maxCpuMs = e.cpuMs
    figures.slowest = `${post.kind} (${post.bytes.length} bytes)`
  }
  figures.maxMs = Math.max(figures.maxMs, e.ms)
  return e.problems
}

/** Good posts every mixed blog holds; their tasks are words no generator writes. */
export const GOOD_POSTS: Record<string, string> = {
  '_posts/2026-03-10-day-010.md': [
    '---',
    'title: "[Day 010] 학습 기록"',
    'date: 2026-03-10 22:00:00 +0900',
    'categories: [AI 부트캠프, Daily & Weekly Log]',
    'tags: [daily-log, week03]',
    '---',
    '## 내일 할 일',
    '- [ ] 블로그 글 정리하기',
    '    - 초안 작성',
    '- [ ] 알고리즘 문제 풀기',
    ''
  ].join('\n'),
  '_posts/2026-03-11-day-011.md': [
    '---',
    'title: "[Day 011] 학습 기록"',
    'date: 2026-03-11 23:30:00 +0900',
    'categories: [AI 부트캠프, Daily & Weekly Log]',
    'tags: [daily-log, week03]',
    '---',
    '## 오늘 한 일',
    '- [x] 알고리즘 문제 풀기',
    '## 내일 할 일',
    '- [ ] 블로그 글 정리하기',
    '- [ ] 운영체제 복습',
    ''
  ].join('\n'),
  '_posts/2026-03-09-broken.md': [
    '---',
    'title: "[Day 009] 학습 기록',
    'date: 2026-03-09 22:00:00 +0900',
    '---',
    '- [ ] 네트워크 복습',
    ''
  ].join('\n')
}
const GOOD_KEYS = new Set(['블로그 글 정리하기', '알고리즘 문제 풀기', '운영체제 복습', '네트워크 복습'])

/** What the jobs say about the good posts: their reading, findings (but whole-blog ones) and the issues for their tasks. */
export function goodPostsView(root: string): unknown {
  const { check, plan } = checkAndPlan(root)
  const paths = new Set(Object.keys(GOOD_POSTS))
  return {
    posts: check.posts
      .filter(p => paths.has(p.file.path))
      .map(p => ({ path: p.file.path, jekyll: p.jekyll })),
    diagnostics: check.diagnostics.filter(d => paths.has(d.file) && d.rule !== 'taxonomy/near-duplicate'),
    operations: plan.operations.filter(op => GOOD_KEYS.has(op.key))
  }
}
