// Step 2: check throughput on one corpus against the floor (read + split + `yaml` parse) and the peer (remark-cli +
// remark-lint-frontmatter-schema), each pass in a fresh Node 24 process. Measures and reports; never changes src/.
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { WorkerResult } from './check-worker.js'
import { BENCH_DIR, NODE24, ROOT } from './paths.js'
import { median, row, type Row } from './table.js'

export interface ThroughputOptions {
  /** The blog to check (a corpus written by bench/corpus.ts). */
  root: string
  /** Timed passes of check and of the floor each (interleaved); the median is reported. */
  runs: number
  /** Posts the peer is run on (an evenly spread subset when fewer than the corpus), and how many times. */
  peerPosts: number
  peerRuns: number
  log: (line: string) => void
}

export const SCHEMA = join(BENCH_DIR, 'peer', 'front-matter.schema.json')

function run(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv }
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const start = performance.now()
  return new Promise(resolve => {
    execFile(
      cmd,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 1
          : 0
        resolve({ code, stdout, stderr, ms: performance.now() - start })
      }
    )
  })
}

async function worker(mode: 'check' | 'floor', root: string): Promise<WorkerResult> {
  const args = [
    '--import',
    'tsx',
    join(BENCH_DIR, 'check-worker.ts'),
    '--mode',
    mode,
    '--root',
    root,
    '--schema',
    SCHEMA
  ]
  const r = await run(NODE24, args, { cwd: ROOT })
  const line = r.stdout.trim().split('\n').pop() ?? ''
  if (r.code !== 0 || !line.startsWith('{'))
    throw new Error(
      `${mode} pass failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`
    )
  return JSON.parse(line) as WorkerResult
}

export interface PeerResult {
  posts: number
  ms: number
  cpuMs: number
  warnings: number
}

/** One peer run over `files` (blog-relative), CPU time read from inside its process (cold start included). */
async function peer(root: string, files: string[]): Promise<PeerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jpo-peer-'))
  const report = join(dir, 'cpu.json')
  try {
    const args = [
      '--import',
      join(BENCH_DIR, 'peer', 'cpu-report.mjs'),
      join(ROOT, 'node_modules', 'remark-cli', 'cli.js'),
      ...files,
      '--rc-path',
      join(BENCH_DIR, 'peer', 'remarkrc.mjs'),
      '--no-stdout',
      '--no-color',
      '--quiet'
    ]
    const env = { ...process.env, BENCH_PEER_SCHEMA: relative(root, SCHEMA), BENCH_CPU_REPORT: report }
    const r = await run(NODE24, args, { cwd: root, env })
    const cpu = JSON.parse(readFileSync(report, 'utf8')) as { cpuMs: number; ms: number }
    const warnings = Number(/(\d+) warnings?/.exec(r.stderr)?.[1] ?? 0)
    if (r.code !== 0)
      throw new Error(`peer exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`)
    return { posts: files.length, ms: r.ms, cpuMs: cpu.cpuMs, warnings }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Every `_posts` file of the blog, blog-relative, sorted. */
function postPaths(root: string): string[] {
  return readdirSync(join(root, '_posts'))
    .filter(n => !n.startsWith('.'))
    .map(n => `_posts/${n}`)
    .sort()
}

export function spreadSubset<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items]
  const step = items.length / n
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!)
}

export async function measureThroughput(options: ThroughputOptions): Promise<Row[]> {
  const { root, log } = options
  const section = 'check throughput'
  log(`check throughput: warm-up pass (file cache)`)
  await worker('floor', root)
  const floors: WorkerResult[] = []
  const checks: WorkerResult[] = []
  for (let i = 0; i < options.runs; i++) {
    // Alternate the order, so a drift in machine load hits both alike.
    const order: ('floor' | 'check')[] = i % 2 === 0 ? ['floor', 'check'] : ['check', 'floor']
    for (const mode of order) {
      const r = await worker(mode, root)
      ;(mode === 'floor' ? floors : checks).push(r)
      log(
        `  ${mode} pass ${i + 1}/${options.runs}: ${r.posts} posts, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${(r.ms / 1000).toFixed(2)} s wall, ${r.findings} ${mode === 'check' ? 'findings' : 'unparsed'}`
      )
    }
  }
  const all = postPaths(root)
  const subset = spreadSubset(all, options.peerPosts)
  const peers: PeerResult[] = []
  for (let i = 0; i < options.peerRuns; i++) {
    const r = await peer(root, subset)
    peers.push(r)
    log(
      `  peer pass ${i + 1}/${options.peerRuns}: ${r.posts} posts, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${(r.ms / 1000).toFixed(2)} s wall, ${r.warnings} warnings`
    )
  }
  const posts = checks[0]?.posts ?? 0
  const checkCpu = median(checks.map(r => r.cpuMs))
  const floorCpu = median(floors.map(r => r.cpuMs))
  const peerCpu = median(peers.map(r => r.cpuMs))
  const checkRate = posts / (checkCpu / 1000)
  const floorRate = posts / (floorCpu / 1000)
  const peerRate = subset.length / (peerCpu / 1000)
  const wall = {
    check: median(checks.map(r => r.ms)),
    floor: median(floors.map(r => r.ms)),
    peer: median(peers.map(r => r.ms))
  }
  const basis = `median of ${options.runs} fresh-process passes on ${posts} posts, CPU time (user+system) of the pass`
  const extrapolated =
    subset.length < all.length
      ? `run on ${subset.length} of ${all.length} posts (every ${(all.length / subset.length).toFixed(0)}th), extrapolated linearly; its CPU time includes its own start-up`
      : `run on all ${all.length} posts; its CPU time includes its own start-up`
  return [
    row({
      id: 'check.rate',
      section,
      figure: `check, ${posts} posts`,
      value: checkRate,
      unit: 'posts/s',
      note: basis,
      detail: checks
    }),
    row({
      id: 'floor.rate',
      section,
      figure: 'floor: read + split + `yaml` parse',
      value: floorRate,
      unit: 'posts/s',
      note: basis,
      detail: floors
    }),
    row({
      id: 'peer.rate',
      section,
      figure: 'peer: remark-cli + frontmatter-schema',
      value: peerRate,
      unit: 'posts/s',
      note: extrapolated,
      detail: peers
    }),
    row({
      id: 'check.vs-floor',
      section,
      figure: 'check time / floor time',
      value: checkCpu / floorCpu,
      unit: '×',
      target: { op: '<=', value: 3, text: '≤ 3× floor' },
      note: `CPU time; wall-time ratio ${(wall.check / wall.floor).toFixed(2)}×`,
      detail: { checkCpuMs: checkCpu, floorCpuMs: floorCpu, wallMs: wall }
    }),
    row({
      id: 'check.vs-peer',
      section,
      figure: 'check speed / peer speed',
      value: checkRate / peerRate,
      unit: '×',
      target: { op: '>=', value: 30, text: '≥ 30× faster than peer' },
      note: `CPU time; wall-time ratio ${(posts / wall.check / (subset.length / wall.peer)).toFixed(1)}×; peer ${extrapolated}`,
      detail: { peerPosts: subset.length, peerWarnings: peers.map(p => p.warnings) }
    })
  ]
}
