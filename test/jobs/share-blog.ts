// The blog the share tests run src/main.ts's run on, in-process: a git checkout, the simulator hosting it, one
// clock, each request kept with its token; and what a run read, planned and wrote. Test code only.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git, makeWorkspace, parseOutputs } from '../e2e/harness.js'
import {
  DEFAULT_TOKENS,
  defaultSeed,
  startSimulator,
  type RequestLogEntry,
  type Simulator
} from '../github-sim/index.js'
import { inProcess } from '../reliability/inprocess.js'
import { captureStdout, SCALE } from '../reliability/world.js'
import { ScaledClock } from '../github-sim/index.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const { router, main } = await inProcess()

const PROJECT_URL = 'https://github.com/users/octo/projects/1'
export const DAY = 86_400_000
const CONFIG = 'title: blog\nurl: https://octo.github.io\ntimezone: Asia/Seoul\n'
const TOKEN_NAMES: Record<string, string> = {
  [DEFAULT_TOKENS.githubToken]: 'token',
  [DEFAULT_TOKENS.projectPat]: 'pat',
  [DEFAULT_TOKENS.repoOnlyPat]: 'repo-only pat'
}
/** Secondary limits that never bite: these tests count requests, and a rate-limit retry would be one more. */
const UNLIMITED = {
  contentPerMinute: 1e9,
  contentPerHour: 1e9,
  restPointsPerMinute: 1e9,
  graphqlPointsPerMinute: 1e9
}

export interface Run {
  exitCode: number
  stdout: string
  outputs: Record<string, string>
  requests: RequestLogEntry[]
}

/** A blog in a git repository, the simulator that hosts it (default seed: project #1 of octo), and one clock. */
export class Blog {
  private files = 0
  private constructor(
    readonly sim: Simulator,
    readonly path: string,
    readonly clock: ScaledClock,
    private readonly temp: string
  ) {}

  /** Starts on 2026-03-10 09:00 in Seoul with `posts` (file name -> text) committed on main. */
  static async start(posts: Record<string, string>): Promise<Blog> {
    const source = mkdtempSync(join(tmpdir(), 'jpo-share-blog-'))
    writeFileSync(join(source, '_config.yml'), CONFIG)
    mkdirSync(join(source, '_posts'))
    for (const [name, text] of Object.entries(posts)) writeFileSync(join(source, '_posts', name), text)
    const ws = makeWorkspace(source)
    const seed = defaultSeed()
    seed.repo.path = ws.path
    delete seed.repo.files
    seed.limits = { secondary: UNLIMITED }
    const clock = new ScaledClock('2026-03-10T09:00:00+09:00', SCALE)
    const sim = await startSimulator({ seed, now: () => clock.now() })
    router.point(sim.apiUrl)
    return new Blog(sim, ws.path, clock, mkdtempSync(join(tmpdir(), 'jpo-share-run-')))
  }

  /** Writes posts into the workspace and commits them; returns [before, after]. */
  commit(posts: Record<string, string>): [string, string] {
    const before = git(this.path, 'rev-parse', 'HEAD')
    for (const [name, text] of Object.entries(posts)) writeFileSync(join(this.path, '_posts', name), text)
    git(this.path, 'add', '-A')
    git(this.path, 'commit', '-q', '-m', 'posts')
    return [before, git(this.path, 'rev-parse', 'HEAD')]
  }

  schedule(): { name: string; payload: Record<string, unknown> } {
    return { name: 'schedule', payload: { schedule: '17 0 * * *', ...COMMON } }
  }

  push(before: string, after: string): { name: string; payload: Record<string, unknown> } {
    const payload = { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false }
    return { name: 'push', payload: { ...payload, ...COMMON } }
  }

  /** Runs the action once (inputs beyond the defaults: token, project, project-token, then `inputs`). */
  async run(event: { name: string; payload: Record<string, unknown> }, inputs: Record<string, string> = {}) {
    const n = this.files++
    const eventPath = join(this.temp, `event-${n}.json`)
    writeFileSync(eventPath, JSON.stringify(event.payload))
    const runnerTemp = join(this.temp, `runner-${n}`)
    mkdirSync(runnerTemp)
    const given = { ...BASE_INPUTS, ...inputs }
    const saved = Object.keys(given).map(name => [name, process.env[inputName(name)]] as const)
    for (const [name, value] of Object.entries(given)) process.env[inputName(name)] = value
    this.sim.resetRequests()
    try {
      const { stdout, exitCode } = await captureStdout(() =>
        main({
          GITHUB_EVENT_NAME: event.name,
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_WORKSPACE: this.path,
          GITHUB_REPOSITORY: 'octo/blog',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_SHA: git(this.path, 'rev-parse', 'HEAD'),
          RUNNER_TEMP: runnerTemp,
          JEKYLL_POST_OPS_NOW: new Date(this.clock.now()).toISOString(),
          JEKYLL_POST_OPS_TIME_SCALE: String(SCALE)
        })
      )
      const outputs = parseOutputs(readFileSync(process.env.GITHUB_OUTPUT!, 'utf8'))
      return { exitCode, stdout, outputs, requests: [...this.sim.requests] } satisfies Run
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[inputName(name)]
        else process.env[inputName(name)] = value
      }
    }
  }

  /** The Status of each task issue's card on the board, by title. */
  board(): Record<string, string | null> {
    return Object.fromEntries(
      this.sim.state.issues
        .filter(i => i.labels.includes('task'))
        .map(i => [i.title, this.sim.projectStatus(1, i.number)])
    )
  }

  async close(): Promise<void> {
    router.point(undefined)
    await this.sim.close()
  }
}

const COMMON = {
  repository: { name: 'blog', full_name: 'octo/blog', owner: { login: 'octo' }, default_branch: 'main' },
  pusher: { name: 'octo' },
  sender: { login: 'octo' }
}
const BASE_INPUTS = {
  token: DEFAULT_TOKENS.githubToken,
  project: PROJECT_URL,
  'project-token': DEFAULT_TOKENS.projectPat,
  jobs: 'tasks,board',
  'max-writes': '1000'
}
const inputName = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** Each request as `who: what` (the token's name, then the GraphQL operation or the REST operation id). */
export function requestsOf(run: Run): string[] {
  return run.requests.map(
    r => `${TOKEN_NAMES[r.token ?? ''] ?? r.token}: ${r.graphqlOperation ?? r.operationId ?? r.path}`
  )
}

/**
 * Whether the board's first request asked for the first page of task issues (the board read them itself): that part
 * adds a second `repository` (the project comes under `user`, the branches under the first `repository`).
 */
export function boardReadItself(run: Run): boolean {
  const resolve = run.requests.find(r => r.graphqlOperation === 'BoardResolve')
  if (!resolve) throw new Error('the board job sent no BoardResolve request')
  return resolve.graphqlFields.filter(f => f === 'repository').length > 1
}

/** The operations the tasks job applied (or planned, on a dry run), as [kind, issue number or title]. */
export function planOf(run: Run): Array<[string, number | string | undefined]> {
  const { operations } = JSON.parse(run.outputs.plan!) as {
    operations: Array<{ kind: string; issue?: number; title?: string }>
  }
  return operations.map(op => [op.kind, op.issue ?? op.title])
}

/** A post of `day` (March 2026, written at 23:00 in Seoul) listing `tasks` ('[x] text' checked, else unchecked). */
export function post(day: number, tasks: string[]): Record<string, string> {
  const dd = String(day).padStart(2, '0')
  const lines = tasks.map(t => (t.startsWith('[x] ') ? `- [x] ${t.slice(4)}` : `- [ ] ${t}`))
  const text = [
    '---',
    `title: "Day ${dd}"`,
    `date: 2026-03-${dd} 23:00:00 +0900`,
    'categories: [Log]',
    'tags: [daily-log]',
    '---',
    '## 할 일',
    ...lines,
    ''
  ].join('\n')
  return { [`2026-03-${dd}-day.md`]: text }
}
