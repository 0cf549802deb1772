// Test helpers for the plan layer: posts from markdown, and a tiny pure GitHub that applies a plan.
// Test code only: the GitHub here is a model of issue state, not of GitHub's API (test/github-sim does that).
import { readFileSync, readdirSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { extractTasks } from '../../src/blog/tasks.js'
import type { LedgerPost } from '../../src/plan/ledger.js'
import { parseMarker } from '../../src/plan/marker.js'
import type { ManagedIssue, Operation } from '../../src/plan/reconcile.js'

export const SITE = 'https://blog.example'
export const repoFileUrl = (path: string, line: number): string =>
  `https://github.com/owner/blog/blob/main/${path}#L${line}`

/** A post dated `day` (YYYY-MM-DD, 23:00 KST unless `time` given) whose body is `markdown`. */
export function post(
  day: string,
  markdown: string,
  options: { time?: string; slug?: string } = {}
): LedgerPost {
  const dateIso = `${day}T${options.time ?? '23:00:00'}+09:00`
  const slug = options.slug ?? 'log'
  return {
    path: `_posts/${day}-${slug}.md`,
    date: Date.parse(dateIso),
    dateIso,
    url: `${SITE}/posts/${day}-${slug}/`,
    title: `${day} 학습 기록`,
    tasks: extractTasks(markdown, 1)
  }
}

/** Epoch ms of 00:00 KST on `day`. */
export const kst = (day: string, time = '00:00:00'): number => Date.parse(`${day}T${time}+09:00`)

/** Reads a fixture post: front matter (title, `date: YYYY-MM-DD HH:MM:SS +ZZZZ`) and body, as the blog layer would. */
export function readFixturePost(dir: URL, file: string): LedgerPost {
  const text = readFileSync(new URL(file, dir), 'utf8')
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text)
  if (m === null) throw new Error(`${file}: no front matter`)
  const data = parseYaml(m[1] as string) as { title: string; date: string }
  const d = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(String(data.date))
  if (d === null) throw new Error(`${file}: unexpected date ${String(data.date)}`)
  const dateIso = `${d[1]}T${d[2]}${d[3]}:${d[4]}`
  const bodyStartLine = (m[0].match(/\n/g) ?? []).length + 1
  const slug = file.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/\.md$/, '')
  return {
    path: `_posts/${file}`,
    date: Date.parse(dateIso),
    dateIso,
    url: `${SITE}/posts/${slug}/`,
    title: data.title,
    tasks: extractTasks(text.slice(m[0].length), bodyStartLine)
  }
}

export function readFixtureDir(dir: URL): LedgerPost[] {
  return readdirSync(dir)
    .filter(f => f.endsWith('.md'))
    .sort()
    .map(f => readFixturePost(dir, f))
}

/** A managed issue as the GitHub layer would read it; the key comes from the body's marker. */
export function issue(fields: Partial<ManagedIssue> & { number: number }): ManagedIssue {
  const body = fields.body ?? ''
  return {
    nodeId: `I_${fields.number}`,
    title: '',
    state: 'open',
    stateReason: null,
    createdAt: '2026-03-01T00:00:00Z',
    closedAt: null,
    closedByAction: false,
    key: parseMarker(body) ?? null,
    ...fields,
    body
  }
}

/** What GitHub would hold after the plan ran at instant `now` (ISO). Pure: returns new objects. */
export function applyOps(
  issues: readonly ManagedIssue[],
  ops: readonly Operation[],
  now: string
): ManagedIssue[] {
  const state = issues.map(i => ({ ...i }))
  const find = (n: number): ManagedIssue => {
    const found = state.find(i => i.number === n)
    if (found === undefined) throw new Error(`operation on unknown issue #${n}`)
    return found
  }
  for (const op of ops) {
    switch (op.kind) {
      case 'create': {
        const number = Math.max(0, ...state.map(i => i.number)) + 1
        state.push(issue({ number, title: op.title, body: op.body, createdAt: now }))
        break
      }
      case 'update': {
        const target = find(op.number)
        if (op.title !== undefined) target.title = op.title
        if (op.body !== undefined) {
          target.body = op.body
          target.key = parseMarker(op.body) ?? null
        }
        break
      }
      case 'close':
      case 'close-duplicate':
        Object.assign(find(op.number), {
          state: 'closed',
          stateReason: op.kind === 'close' ? 'completed' : 'duplicate',
          closedAt: now,
          closedByAction: true
        })
        break
      case 'reopen':
        Object.assign(find(op.number), {
          state: 'open',
          stateReason: 'reopened',
          closedAt: null,
          closedByAction: false,
          ...(op.title !== undefined ? { title: op.title } : {}),
          ...(op.body !== undefined ? { body: op.body } : {})
        })
        break
      case 'comment':
        find(op.number)
        break
      case 'note':
        break
    }
  }
  return state
}

/** A compact, readable line per operation: kind, issue number, and the issue's task key. */
export function summary(ops: readonly Operation[]): string[] {
  return ops.map(op => {
    const num = 'number' in op && op.number !== undefined ? ` #${op.number}` : ''
    return `${op.kind}${num} ${op.key}`
  })
}
