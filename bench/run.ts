// `npm run bench [-- --quick] [-- --only throughput,economy,backfill,cold-start,patterns] [-- --from-src]`: builds dist/ when
// stale, writes the seeded corpus, runs every step, prints one table of figures beside their targets and writes it as JSON.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { measureBackfill } from './backfill.js'
import { measureColdStart } from './cold-start.js'
import { writeCorpus, type Corpus } from './corpus.js'
import { measureEconomy } from './economy.js'
import { DIST_DIR, NODE24, RESULTS_DIR, ROOT } from './paths.js'
import { failed, formatTable, type Row } from './table.js'
import { measurePatterns } from './patterns.js'
import { measureThroughput } from './throughput.js'

const STEPS = ['throughput', 'economy', 'backfill', 'cold-start', 'patterns'] as const
type Step = (typeof STEPS)[number]

/** Sizes of each run; `quick` keeps every step but smaller (a couple of minutes). */
const PROFILES = {
  full: {
    posts: 10_000,
    runs: 3,
    peerPosts: 500,
    peerRuns: 2,
    largeOpen: 500,
    largeClosed: 5_000,
    boardItems: 200,
    tasksRuns: 3,
    backfill: 200,
    coldRuns: 11
  },
  quick: {
    posts: 1_000,
    runs: 3,
    peerPosts: 100,
    peerRuns: 1,
    largeOpen: 150,
    largeClosed: 1_000,
    boardItems: 50,
    tasksRuns: 1,
    backfill: 50,
    coldRuns: 5
  }
}
const NEWEST = '2026-11-27'
const SEED = 1
/** Simulated time per real time for API-economy runs (pacing is not what they measure). */
const ECONOMY_SCALE = 100
/** For the backfill: slow enough that the simulator's own latency, scaled up, stays well under the 1 s write spacing. */
const BACKFILL_SCALE = 15

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Builds dist/ (`npm run bundle`) unless it is newer than every source file and the lock file. */
function ensureDist(mode: 'auto' | 'always' | 'never'): string {
  if (mode === 'never') return 'dist/ used as found (--no-bundle)'
  let fresh = false
  try {
    const built = statSync(join(DIST_DIR, 'index.js')).mtimeMs
    fresh =
      built > newestMtime(join(ROOT, 'src')) && built > statSync(join(ROOT, 'package-lock.json')).mtimeMs
  } catch {
    fresh = false
  }
  if (fresh && mode === 'auto') return 'dist/ up to date'
  log('bundling dist/ (npm run bundle)')
  const start = performance.now()
  execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  return `dist/ built in ${((performance.now() - start) / 1000).toFixed(0)} s`
}

function gitHead(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !==
      ''
    return dirty ? `${head} (src/ has uncommitted changes)` : head
  } catch {
    return 'unknown'
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: STEPS.join(',') },
      bundle: { type: 'boolean', default: false },
      'no-bundle': { type: 'boolean', default: false },
      // The economy step runs src/index.ts through tsx (no bundle needed; its CPU timings are not dist's).
      'from-src': { type: 'boolean', default: false },
      out: { type: 'string' }
    }
  })
  const profileName = values.quick ? 'quick' : 'full'
  const profile = PROFILES[profileName]
  const only = new Set(values.only!.split(',').map(s => s.trim()))
  for (const s of only)
    if (!(STEPS as readonly string[]).includes(s))
      throw new Error(`--only: unknown step '${s}' (steps: ${STEPS.join(', ')})`)
  const wants = (s: Step) => only.has(s)
  const started = new Date()
  const startedAt = performance.now()
  const loadBefore = loadavg()
  const durations: Record<string, number> = {}
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now()
    try {
      return await fn()
    } finally {
      durations[name] = Math.round((performance.now() - t) / 100) / 10
    }
  }

  const rows: Row[] = []
  const dist = await timed('bundle', async () =>
    (wants('economy') && !values['from-src']) || wants('backfill') || wants('cold-start')
      ? ensureDist(values.bundle ? 'always' : values['no-bundle'] ? 'never' : 'auto')
      : 'not needed'
  )
  const source = values['from-src'] && wants('economy') ? '; economy run from src/ through tsx' : ''
  const work = mkdtempSync(join(tmpdir(), 'jpo-bench-'))
  try {
    let corpus: Corpus | undefined
    if (wants('throughput') || wants('economy')) {
      corpus = await timed('corpus', async () =>
        writeCorpus({
          posts: profile.posts,
          out: join(work, `corpus-${profile.posts}`),
          seed: SEED,
          newest: NEWEST
        })
      )
      log(
        `corpus: ${corpus.posts.length} posts, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.tasks.checked + corpus.tasks.unchecked} tasks, ${corpus.broken.length} broken posts`
      )
    }
    if (wants('throughput') && corpus) {
      const c = corpus
      rows.push(
        ...(await timed('throughput', () =>
          measureThroughput({
            root: c.root,
            runs: profile.runs,
            peerPosts: profile.peerPosts,
            peerRuns: profile.peerRuns,
            log
          })
        ))
      )
    }
    if (wants('economy')) {
      rows.push(
        ...(await timed('economy', () =>
          measureEconomy({
            newest: NEWEST,
            timeScale: ECONOMY_SCALE,
            largeOpen: profile.largeOpen,
            largeClosed: profile.largeClosed,
            boardItems: profile.boardItems,
            tasksRuns: profile.tasksRuns,
            ...(corpus ? { corpus } : {}),
            fromSource: values['from-src'] === true,
            log
          })
        ))
      )
    }
    if (wants('backfill'))
      rows.push(
        ...(await timed('backfill', () =>
          measureBackfill({ issues: profile.backfill, newest: NEWEST, timeScale: BACKFILL_SCALE, log })
        ))
      )
    if (wants('cold-start'))
      rows.push(...(await timed('cold-start', () => measureColdStart({ runs: profile.coldRuns, log }))))
    if (wants('patterns')) rows.push(...(await timed('patterns', async () => measurePatterns(log))))
  } catch (error) {
    rows.push(failed('bench', 'bench', 'the bench itself', '', error))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }

  const totalS = (performance.now() - startedAt) / 1000
  const table = formatTable(rows)
  const nodeVersion = execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim()
  process.stdout.write(
    `\njekyll-post-ops bench (${profileName}), ${started.toISOString()}, ${gitHead()}\n\n${table}\n\n`
  )
  process.stdout.write(
    `${dist}${source}; steps ${Object.entries(durations)
      .map(([k, v]) => `${k} ${v} s`)
      .join(
        ', '
      )}; total ${totalS.toFixed(0)} s; load average ${loadBefore[0]!.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after on ${cpus().length} CPUs\n`
  )
  const out = values.out ?? join(RESULTS_DIR, `bench${profileName === 'quick' ? '-quick' : ''}.json`)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(
    out,
    JSON.stringify(
      {
        profile: profileName,
        sizes: profile,
        started: started.toISOString(),
        commit: gitHead(),
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model,
          node: nodeVersion,
          loadAverageBefore: loadBefore,
          loadAverageAfter: loadavg()
        },
        dist: dist + source,
        durationsSeconds: { ...durations, total: Math.round(totalS) },
        rows
      },
      null,
      2
    ) + '\n'
  )
  process.stdout.write(`written to ${out}\n`)
  if (rows.some(r => r.status === 'failed')) process.exitCode = 1
}

await main()
