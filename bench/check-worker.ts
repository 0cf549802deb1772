// One timed pass over a blog in a fresh process, printed as one JSON line: `check` (the product's runCheck) or the
// floor (read every file, split front matter, parse the YAML with `yaml`, nothing else). Measures; never asserts.
import { copyFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'yaml'

export interface WorkerResult {
  mode: 'check' | 'floor'
  posts: number
  ms: number
  /** CPU time of the pass (user + system, all threads), less disturbed than wall time by other work on the machine. */
  cpuMs: number
  /** check: findings; floor: front matters that did not parse. Proves the pass did its work. */
  findings: number
}

/** Every file under `_posts`, recursively (what Jekyll reads there, less its filtering). */
function postFiles(root: string): string[] {
  return (
    readdirSync(join(root, '_posts'), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]
  )
    .filter(e => e.isFile() && !e.name.startsWith('.'))
    .map(e => join(e.parentPath, e.name))
}

/** The least any front-matter checker must do. */
export function floorPass(root: string): { posts: number; failed: number; keys: number } {
  let failed = 0
  let keys = 0
  const files = postFiles(root)
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text)
    if (!m) {
      failed++
      continue
    }
    try {
      const data: unknown = parse(m[1]!)
      if (data && typeof data === 'object') keys += Object.keys(data).length
    } catch {
      failed++
    }
  }
  return { posts: files.length, failed, keys }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1000
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string' },
      root: { type: 'string' },
      now: { type: 'string', default: '2026-11-28T09:00:00+09:00' },
      schema: { type: 'string', default: '' }
    }
  })
  const root = values.root!
  let result: WorkerResult
  if (values.mode === 'floor') {
    const start = performance.now()
    const cpu = process.cpuUsage()
    const pass = floorPass(root)
    result = {
      mode: 'floor',
      posts: pass.posts,
      ms: performance.now() - start,
      cpuMs: cpuMs(cpu),
      findings: pass.failed
    }
  } else if (values.mode === 'check') {
    // Imported before the clock starts: module loading is cold start, measured on its own.
    const { runCheck } = await import('../src/jobs/check.js')
    // The schema sits in the blog, as it does in a user's repository: check refuses one outside the workspace.
    const schemaPath = values.schema ? join(root, 'front-matter.schema.json') : undefined
    if (values.schema && schemaPath) copyFileSync(values.schema, schemaPath)
    const start = performance.now()
    const cpu = process.cpuUsage()
    const check = runCheck({
      root,
      now: Date.parse(values.now),
      severity: {},
      ...(schemaPath ? { schemaPath } : {})
    })
    result = {
      mode: 'check',
      posts: check.posts.length,
      ms: performance.now() - start,
      cpuMs: cpuMs(cpu),
      findings: check.diagnostics.length
    }
  } else throw new Error(`--mode must be check or floor, not ${values.mode}`)
  process.stdout.write(JSON.stringify(result) + '\n')
}

if (process.argv[1] && /check-worker\.ts$/.test(process.argv[1])) await main()
