// Step 5: cold start of `node dist/index.js` with nothing to do (a `create` event and no board configured) against
// `node -e 0`, both on the Node 24 runtime, interleaved; and the size of dist/. Measures only.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionDefaults } from '../test/e2e/harness.js'
import { BENCH_DIR, DIST_DIR, NODE24 } from './paths.js'
import { failed, median, row, type Row } from './table.js'

export interface ColdStartOptions {
  runs: number
  log: (line: string) => void
}

const SECTION = 'cold start'

interface Timed {
  ms: number
  cpuMs: number
  stdout: string
  code: number
}

function timed(args: string[], env: NodeJS.ProcessEnv, cwd: string, cpuFile: string): Promise<Timed> {
  return new Promise(resolve => {
    const start = performance.now()
    execFile(
      NODE24,
      ['--import', join(BENCH_DIR, 'peer', 'cpu-report.mjs'), ...args],
      { env: { ...env, BENCH_CPU_REPORT: cpuFile }, cwd },
      (error, stdout) => {
        const ms = performance.now() - start
        const code = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 1
          : 0
        let cpuMs = NaN
        try {
          cpuMs = (JSON.parse(readFileSync(cpuFile, 'utf8')) as { cpuMs: number }).cpuMs
        } catch {
          // No report: the process died before exit handlers ran; the row says so through NaN.
        }
        resolve({ ms, cpuMs, stdout, code })
      }
    )
  })
}

/** Bytes of every file under `dir`. */
export function treeBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? treeBytes(path) : statSync(path).size
  }
  return total
}

export async function measureColdStart(options: ColdStartOptions): Promise<Row[]> {
  const rows: Row[] = []
  const sizeTarget = { op: '<=' as const, value: 1.5, text: '≤ 1.5 MB' }
  try {
    const bytes = treeBytes(DIST_DIR)
    rows.push(
      row({
        id: 'dist.size',
        section: SECTION,
        figure: 'size of dist/',
        value: bytes / 1e6,
        unit: 'MB',
        target: sizeTarget,
        note: `${bytes} bytes (MB = 10^6 bytes)`
      })
    )
  } catch (error) {
    rows.push(failed('dist.size', SECTION, 'size of dist/', 'MB', error, sizeTarget))
  }
  const target = { op: '<=' as const, value: 4, text: '≤ 4× node -e 0' }
  const dir = mkdtempSync(join(tmpdir(), 'jpo-cold-'))
  try {
    // The runner's environment for a `create` event with no project: `jobs: auto` picks board, which is skipped.
    const eventPath = join(dir, 'event.json')
    writeFileSync(
      eventPath,
      JSON.stringify({
        ref: 'feature-x',
        ref_type: 'branch',
        repository: { name: 'blog', full_name: 'octo/blog', owner: { login: 'octo' } }
      })
    )
    mkdirSync(join(dir, 'temp'))
    writeFileSync(join(dir, 'output'), '')
    writeFileSync(join(dir, 'summary.md'), '')
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'create',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'octo/blog',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      RUNNER_TEMP: join(dir, 'temp')
    }
    for (const [name, value] of Object.entries(actionDefaults()))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    const cpuFile = join(dir, 'cpu.json')
    const bare: Timed[] = []
    const action: Timed[] = []
    for (let i = 0; i < options.runs; i++) {
      // Alternate the order so drifting machine load hits both alike.
      const pair = i % 2 === 0 ? (['bare', 'action'] as const) : (['action', 'bare'] as const)
      for (const which of pair) {
        if (which === 'bare') bare.push(await timed(['-e', '0'], env, dir, cpuFile))
        else action.push(await timed([join(DIST_DIR, 'index.js')], env, dir, cpuFile))
      }
    }
    const sample = action[0]
    if (!sample || sample.code !== 0 || !/board: skipped/.test(sample.stdout)) {
      throw new Error(
        `dist/index.js did not skip quietly (exit ${sample?.code}): ${sample?.stdout.trim().split('\n').slice(-2).join(' | ')}`
      )
    }
    const wall = { bare: median(bare.map(t => t.ms)), action: median(action.map(t => t.ms)) }
    const cpu = { bare: median(bare.map(t => t.cpuMs)), action: median(action.map(t => t.cpuMs)) }
    options.log(
      `cold start: node -e 0 ${wall.bare.toFixed(0)} ms, dist/index.js ${wall.action.toFixed(0)} ms (median of ${options.runs})`
    )
    rows.push(
      row({
        id: 'cold-start',
        section: SECTION,
        figure: 'node dist/index.js (nothing to do) / node -e 0',
        value: wall.action / wall.bare,
        unit: '×',
        target,
        note:
          `wall time, median of ${options.runs} interleaved runs on Node 24: ${wall.action.toFixed(0)} ms vs ${wall.bare.toFixed(0)} ms; ` +
          `CPU ${cpu.action.toFixed(0)} ms vs ${cpu.bare.toFixed(0)} ms (${(cpu.action / cpu.bare).toFixed(2)}×)`,
        detail: {
          wall,
          cpu,
          bare: bare.map(({ stdout: _s, ...t }) => t),
          action: action.map(({ stdout: _s, ...t }) => t)
        }
      })
    )
  } catch (error) {
    rows.push(
      failed('cold-start', SECTION, 'node dist/index.js (nothing to do) / node -e 0', '×', error, target)
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
