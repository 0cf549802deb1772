// A blog repository and the GitHub simulator that hosts it, with the action's dist/index.js run against them as the
// runner would (test/e2e/harness.ts), every request counted by the simulator. Bench only; never edits src/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git, sourceEntry, type ActionRun } from '../test/e2e/harness.js'
import { BlogWorld, REPOSITORY, type WorldParts } from '../test/e2e/world.js'
import type { RequestLogEntry, SecondaryLimits, SeedIssue, SeedLabel } from '../test/github-sim/index.js'
import { BENCH_DIR } from './paths.js'

/** Secondary limits so high they never bite: API-economy runs count requests, they do not test pacing. */
export const UNLIMITED: SecondaryLimits = {
  contentPerMinute: 1e9,
  contentPerHour: 1e9,
  restPointsPerMinute: 1e9,
  graphqlPointsPerMinute: 1e9
}

export interface WorldOptions {
  /** A blog folder to copy into a fresh git repository (one commit on main). */
  blog: string
  /** The instant the runs happen at (JEKYLL_POST_OPS_NOW); the simulator's clock starts there too. */
  now: string
  /** Simulated time runs this much faster than real time; the action divides its waits by the same. */
  timeScale: number
  /** GitHub's secondary limits (default), or others such as UNLIMITED. */
  secondary?: SecondaryLimits
  issues?: SeedIssue[]
  labels?: SeedLabel[]
  /** Run src/index.ts through tsx instead of dist/index.js (request counts of the source; timings are not dist's). */
  fromSource?: boolean
}

export interface RunCount {
  total: number
  reads: number
  writes: number
  /** Requests refused with 403/429 (the rate limits: the tokens used here may do everything else). */
  refused: number
  /** `GET issues/list-for-repo`, `graphql query ManagedIssues`, ... -> count. */
  byKind: Record<string, number>
  /** Requests made with the `token` input (check, tasks, daily) and with `project-token` (board). */
  byToken: { token: number; projectToken: number }
}

export interface WorldRun extends ActionRun {
  requests: RequestLogEntry[]
  count: RunCount
  /** Wall time of the child process, ms. */
  ms: number
  /** CPU time (user + system) of the child process, ms, read from inside it at exit. */
  cpuMs: number | undefined
}

export interface Payloads {
  push(before: string, after: string, created?: boolean): { name: string; payload: Record<string, unknown> }
  create(branch: string): { name: string; payload: Record<string, unknown> }
  schedule(): { name: string; payload: Record<string, unknown> }
}

export class World extends BlogWorld {
  private constructor(
    parts: WorldParts,
    readonly options: WorldOptions,
    private readonly tmp: string
  ) {
    super(parts)
  }

  static async start(options: WorldOptions): Promise<World> {
    const { defaultSeed } = await import('../test/github-sim/index.js')
    const parts = await BlogWorld.parts(options.blog, {
      now: options.now,
      scale: options.timeScale,
      sim: workspace => {
        const seed = defaultSeed()
        seed.repo.path = workspace
        delete seed.repo.files
        seed.issues = options.issues ?? []
        seed.labels = options.labels ?? []
        seed.limits = { secondary: options.secondary ?? {} }
        return { seed }
      }
    })
    return new World(parts, options, mkdtempSync(join(tmpdir(), 'jpo-bench-')))
  }

  head(): string {
    return git(this.workspace, 'rev-parse', 'HEAD')
  }

  /** Commits files (blog-relative paths, already written into the workspace) on main; returns [before, after]. */
  commit(message: string): [string, string] {
    const before = this.head()
    git(this.workspace, 'add', '-A')
    git(this.workspace, 'commit', '-q', '-m', message)
    return [before, this.head()]
  }

  get tokens(): { github: string; project: string; projectUrl: string } {
    const env = this.sim.env()
    return { github: env.GITHUB_TOKEN!, project: env.PROJECT_TOKEN!, projectUrl: env.PROJECT_URL! }
  }

  readonly events: Payloads = {
    push: (before, after, created = false) => ({
      name: 'push',
      payload: {
        ref: 'refs/heads/main',
        before,
        after,
        created,
        deleted: false,
        forced: false,
        ...this.common()
      }
    }),
    create: branch => ({
      name: 'create',
      payload: { ref: branch, ref_type: 'branch', master_branch: 'main', ...this.common() }
    }),
    schedule: () => ({ name: 'schedule', payload: { schedule: '17 0 * * *', ...this.common() } })
  }

  private common(): Record<string, unknown> {
    return {
      repository: REPOSITORY,
      pusher: { name: 'octo' },
      sender: { login: 'octo' }
    }
  }

  /** Runs dist/index.js (or the source) once for `event` with `inputs` (token, project and project-token are filled in). */
  async run(
    event: { name: string; payload: Record<string, unknown> },
    inputs: Record<string, string> = {}
  ): Promise<WorldRun> {
    const tokens = this.tokens
    const cpuFile = join(this.tmp, `cpu-${Date.now()}-${Math.random().toString(36).slice(2)}.json`)
    const start = performance.now()
    const run = await this.runEvent(
      event.name,
      event.payload,
      { token: tokens.github, project: tokens.projectUrl, 'project-token': tokens.project, ...inputs },
      {
        now: this.options.now,
        sha: this.head(),
        ...(this.options.fromSource ? { entry: sourceEntry() } : {}),
        env: {
          NODE_OPTIONS: `--import=${join(BENCH_DIR, 'peer', 'cpu-report.mjs')}`,
          BENCH_CPU_REPORT: cpuFile
        }
      }
    )
    const ms = performance.now() - start
    let cpuMs: number | undefined
    try {
      cpuMs = (JSON.parse(readFileSync(cpuFile, 'utf8')) as { cpuMs: number }).cpuMs
    } catch {
      cpuMs = undefined
    }
    const requests = [...this.sim.requests]
    return { ...run, requests, count: countRequests(requests, tokens.project), ms, cpuMs }
  }

  openManaged(label = 'task'): number {
    return this.sim.state.issues.filter(i => i.state === 'open' && i.labels.includes(label)).length
  }

  override async close(): Promise<void> {
    await super.close()
    rmSync(this.workspace, { recursive: true, force: true })
    rmSync(this.tmp, { recursive: true, force: true })
  }
}

export function kindOf(r: RequestLogEntry): string {
  if (r.graphqlType) return `graphql ${r.graphqlType} ${r.graphqlOperation ?? r.graphqlFields.join('+')}`
  return `${r.method} ${r.operationId ?? r.path}`
}

export function countRequests(requests: readonly RequestLogEntry[], projectToken?: string): RunCount {
  const byKind: Record<string, number> = {}
  for (const r of requests) byKind[kindOf(r)] = (byKind[kindOf(r)] ?? 0) + 1
  const board = requests.filter(r => projectToken !== undefined && r.token === projectToken).length
  return {
    byToken: { token: requests.length - board, projectToken: board },
    total: requests.length,
    reads: requests.filter(r => !r.isWrite).length,
    writes: requests.filter(r => r.isWrite).length,
    refused: requests.filter(r => r.status === 403 || r.status === 429).length,
    byKind
  }
}

/**
 * Whether a job ran in this run, was skipped (with the reason), failed (main.ts reports a job's error as an error
 * annotation `job: message`; `check` failing on findings is the check doing its work, not a failure), or is not
 * in this build at all.
 */
export function jobState(
  run: ActionRun,
  job: string
): { state: 'ran' | 'skipped' | 'missing' | 'failed'; reason?: string } {
  const skipped = new RegExp(`^${job}: skipped: (.*)$`, 'm').exec(run.stdout)
  if (skipped)
    return {
      state: /not available in this version/.test(skipped[1]!) ? 'missing' : 'skipped',
      reason: skipped[1]
    }
  const error = run.annotations.find(a => a.level === 'error' && a.message.startsWith(`${job}: `))
  if (error)
    return {
      state: 'failed',
      reason: error.message
        .slice(job.length + 2)
        .replace(/\s+/g, ' ')
        .slice(0, 300)
    }
  return { state: 'ran' }
}

/** The lines a person would read to see why a run failed. */
export function failureOf(run: ActionRun): string {
  const errors = run.annotations.filter(a => a.level === 'error').map(a => a.message)
  const stderr = run.stderr.trim().split('\n').slice(-2)
  return [...errors, ...stderr].filter(Boolean).join(' | ').slice(0, 400) || `exit ${run.exitCode}`
}
