// One read of the task issues for the tasks and board jobs of a run: src/main.ts's run in-process against the
// simulator, every request counted with the token that made it; closes judged against the token that closes.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
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
const DAY = 86_400_000
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

interface Run {
  exitCode: number
  stdout: string
  outputs: Record<string, string>
  requests: RequestLogEntry[]
}

/** A blog in a git repository, the simulator that hosts it (default seed: project #1 of octo), and one clock. */
class Blog {
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
function requestsOf(run: Run): string[] {
  return run.requests.map(
    r => `${TOKEN_NAMES[r.token ?? ''] ?? r.token}: ${r.graphqlOperation ?? r.operationId ?? r.path}`
  )
}

/**
 * Whether the board's first request asked for the first page of task issues (the board read them itself): that part
 * adds a second `repository` (the project comes under `user`, the branches under the first `repository`).
 */
function boardReadItself(run: Run): boolean {
  const resolve = run.requests.find(r => r.graphqlOperation === 'BoardResolve')
  if (!resolve) throw new Error('the board job sent no BoardResolve request')
  return resolve.graphqlFields.filter(f => f === 'repository').length > 1
}

/** The operations the tasks job applied (or planned, on a dry run), as [kind, issue number or title]. */
function planOf(run: Run): Array<[string, number | string | undefined]> {
  const { operations } = JSON.parse(run.outputs.plan!) as {
    operations: Array<{ kind: string; issue?: number; title?: string }>
  }
  return operations.map(op => [op.kind, op.issue ?? op.title])
}

/** A post of `day` (March 2026, written at 23:00 in Seoul) listing `tasks` ('[x] text' checked, else unchecked). */
function post(day: number, tasks: string[]): Record<string, string> {
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

let blog: Blog | undefined
afterEach(async () => {
  await blog?.close()
  blog = undefined
})

describe('the tasks and board jobs of one run read the task issues once', () => {
  it('a rerun with nothing changed: one page of issues read with the project token, and the board resolved', async () => {
    blog = await Blog.start(post(9, ['과제 제출', '강의 정리', '팀 회의']))
    const first = await blog.run(blog.schedule())
    expect(first.outputs.created).toBe('1,2,3')
    blog.clock.advance(3_600_000)
    const rerun = await blog.run(blog.schedule())
    expect(rerun.exitCode).toBe(0)
    expect(requestsOf(rerun)).toEqual(['pat: JekyllPostOpsManagedIssues', 'pat: BoardResolve'])
    expect(boardReadItself(rerun)).toBe(false)
    expect(rerun.outputs.moved).toBe('')
  })

  it('the schedule resync of 120 board items reads 2 pages once, for both jobs', async () => {
    const tasks = Array.from({ length: 120 }, (_, i) => `과제 ${i + 1}`)
    blog = await Blog.start(post(9, tasks))
    const first = await blog.run(blog.schedule())
    expect(first.exitCode).toBe(0)
    expect(Object.values(blog.board()).filter(s => s === 'Todo')).toHaveLength(120)
    blog.clock.advance(3_600_000)
    const resync = await blog.run(blog.schedule())
    expect(requestsOf(resync)).toEqual([
      'pat: JekyllPostOpsManagedIssues',
      'pat: JekyllPostOpsManagedIssues',
      'pat: BoardResolve'
    ])
  })

  it('a push adding 3 tasks and checking 2: the board places the new cards in Todo and the checked in Done', async () => {
    blog = await Blog.start(post(9, ['A 과제', 'B 과제', 'C 과제']))
    await blog.run(blog.schedule())
    blog.clock.advance(DAY)
    const [before, after] = blog.commit(post(10, ['[x] A 과제', '[x] B 과제', 'D 과제', 'E 과제', 'F 과제']))
    const push = await blog.run(blog.push(before, after), { jobs: 'auto' })
    expect(requestsOf(push)).toEqual([
      'token: repos/compare-commits-with-basehead', // check
      'pat: JekyllPostOpsManagedIssues',
      'token: JekyllPostOpsClose', // both closes with their comments
      'token: issues/create',
      'token: issues/create',
      'token: issues/create',
      'pat: BoardResolve',
      'pat: BoardAdd',
      'pat: BoardMove'
    ])
    expect(push.outputs.closed).toBe('1,2')
    expect(push.outputs.created).toBe('4,5,6')
    expect(push.outputs.moved).toBe('1,2,4,5,6')
    expect(blog.board()).toEqual({
      'A 과제': 'Done',
      'B 과제': 'Done',
      'C 과제': 'Todo',
      'D 과제': 'Todo',
      'E 과제': 'Todo',
      'F 과제': 'Todo'
    })
  })

  it('a dry run writes nothing and asks nothing more', async () => {
    blog = await Blog.start(post(9, ['과제 제출']))
    const dry = await blog.run(blog.schedule(), { 'dry-run': 'true' })
    expect(requestsOf(dry)).toEqual(['pat: JekyllPostOpsManagedIssues', 'pat: BoardResolve'])
    expect(JSON.parse(dry.outputs.plan!).operations).toHaveLength(1)
    expect(blog.sim.state.issues).toEqual([])
  })
})

describe('the board reads the task issues itself when the shared read may not be the truth', () => {
  it('after a create whose response was lost (the re-read proves it, without its node id)', async () => {
    blog = await Blog.start(post(9, ['과제 제출', '강의 정리']))
    blog.sim.faults.add({ match: { operationId: 'issues/create', nth: 1 }, fault: { kind: 'lose-response' } })
    const run = await blog.run(blog.schedule())
    expect(run.exitCode).toBe(0)
    expect(run.outputs.created).toBe('1,2')
    expect(blog.sim.state.issues).toHaveLength(2)
    expect(boardReadItself(run)).toBe(true)
    expect(blog.board()).toEqual({ '과제 제출': 'Todo', '강의 정리': 'Todo' })
  })

  it('after a failed write', async () => {
    blog = await Blog.start(post(9, ['과제 제출', '강의 정리']))
    blog.sim.faults.add({
      match: { operationId: 'issues/create', nth: 2 },
      fault: { kind: 'status', status: 422, body: { message: 'Validation Failed' } }
    })
    const run = await blog.run(blog.schedule())
    expect(run.exitCode).toBe(1)
    expect(run.outputs.created).toBe('1')
    expect(boardReadItself(run)).toBe(true)
    expect(blog.board()).toEqual({ '과제 제출': 'Todo' })
  })
})

describe("who closed an issue is judged by the action's marked comment, whichever token reads", () => {
  // octo's PAT reads for both jobs: octo's own close is a person's, the action's close (with its comment) the action's.
  const cases = [
    { tokens: 'different tokens', token: DEFAULT_TOKENS.githubToken, person: 'octo', viewerRequests: 0 },
    { tokens: 'one token for both', token: DEFAULT_TOKENS.projectPat, person: 'hubot', viewerRequests: 0 }
  ]

  it.each(cases)(
    '$tokens: an issue $person closed is reopened when a later post lists the task unchecked',
    async ({ token, person, viewerRequests }) => {
      blog = await Blog.start(post(9, ['과제 제출']))
      await blog.run(blog.schedule(), { token })
      blog.sim.closeIssueAsUser(1, 'completed', person)
      blog.clock.advance(DAY)
      blog.commit(post(10, ['과제 제출']))
      const run = await blog.run(blog.schedule(), { token })
      expect(planOf(run)).toEqual([
        ['reopen', 1],
        ['comment', 1],
        ['update', 1] // the body now links the later post
      ])
      expect(blog.sim.issue(1)!.state).toBe('open')
      expect(blog.sim.state.issues).toHaveLength(1)
      expect(requestsOf(run).filter(r => r.endsWith('JekyllPostOpsViewer'))).toHaveLength(viewerRequests)
      expect(requestsOf(run).filter(r => r.endsWith('JekyllPostOpsManagedIssues'))).toEqual([
        'pat: JekyllPostOpsManagedIssues'
      ])
    }
  )

  it.each(cases)(
    '$tokens: an issue the action closed is not taken for a person’s; the task listed again gets a new issue',
    async ({ token, viewerRequests }) => {
      blog = await Blog.start(post(9, ['과제 제출']))
      await blog.run(blog.schedule(), { token })
      blog.clock.advance(DAY)
      blog.commit(post(10, ['[x] 과제 제출']))
      const closing = await blog.run(blog.schedule(), { token })
      expect(closing.outputs.closed).toBe('1')
      // Nothing in this plan turned on who closed an issue: nobody was asked.
      expect(requestsOf(closing).filter(r => r.endsWith('JekyllPostOpsViewer'))).toEqual([])
      blog.clock.advance(DAY)
      blog.commit(post(11, ['과제 제출']))
      const run = await blog.run(blog.schedule(), { token })
      expect(planOf(run)).toEqual([['create', 2]])
      expect(blog.sim.issue(1)!.state).toBe('closed')
      expect(requestsOf(run).filter(r => r.endsWith('JekyllPostOpsViewer'))).toHaveLength(viewerRequests)
      expect(blog.board()).toEqual({ '과제 제출': 'Todo' })
      expect(blog.sim.projectStatus(1, 1)).toBe('Done')
    }
  )

  it("no run asks who a token is: the reopen after a person's close costs no request beyond the shared read", async () => {
    blog = await Blog.start(post(9, ['과제 제출', '강의 정리']))
    await blog.run(blog.schedule())
    blog.sim.closeIssueAsUser(1, 'completed', 'octo')
    blog.clock.advance(DAY)
    blog.commit(post(10, ['과제 제출', '강의 정리']))
    const run = await blog.run(blog.schedule())
    expect(planOf(run)[0]).toEqual(['reopen', 1])
    expect(run.requests.filter(r => r.graphqlOperation === 'JekyllPostOpsViewer')).toEqual([])
    blog.clock.advance(3_600_000)
    const rerun = await blog.run(blog.schedule())
    expect(requestsOf(rerun)).toEqual(['pat: JekyllPostOpsManagedIssues', 'pat: BoardResolve'])
  })
})

describe('a project token that cannot read the issues’ board items', () => {
  it('the tasks job reads them again with `token` and makes the plan it makes without a board', async () => {
    const posts = post(9, ['과제 제출', '강의 정리'])
    blog = await Blog.start(posts)
    const alone = await blog.run(blog.schedule(), { jobs: 'tasks', 'dry-run': 'true' })
    await blog.close()
    blog = await Blog.start(posts)
    const run = await blog.run(blog.schedule(), { 'project-token': DEFAULT_TOKENS.repoOnlyPat })
    expect(requestsOf(run).slice(0, 2)).toEqual([
      'repo-only pat: JekyllPostOpsManagedIssues',
      'token: JekyllPostOpsManagedIssues'
    ])
    const titles = (r: Run) =>
      (JSON.parse(r.outputs.plan!) as { operations: Array<{ kind: string; title?: string }> }).operations.map(
        op => [op.kind, op.title]
      )
    expect(titles(run)).toEqual(titles(alone))
    expect(titles(run)).toHaveLength(2)
    expect(run.outputs.created).toBe('1,2')
    expect(run.stdout).toMatch(/::error::board: .*'project' scope/)
  })
})

interface PermissionCase {
  name: string
  inputs: Record<string, string>
  line: RegExp
  exit: number
  issues: number
  reads: string[]
  /** Whether the board's first request reads the task issues (undefined: the board does not run). */
  boardReadsItself: boolean | undefined
}

describe('permissions stay as they were', () => {
  it.each<PermissionCase>([
    {
      name: 'a token without issues: write: tasks is skipped, the board reads the issues itself',
      inputs: { token: DEFAULT_TOKENS.readOnlyToken },
      line: /^tasks: skipped: the token cannot write issues/m,
      exit: 0,
      issues: 0,
      reads: ['pat: JekyllPostOpsManagedIssues'],
      boardReadsItself: true
    },
    {
      name: 'no project token: tasks reads with `token`, the board is skipped',
      inputs: { 'project-token': '' },
      line: /^board: skipped: no 'project-token' input/m,
      exit: 0,
      issues: 1,
      reads: ['token: JekyllPostOpsManagedIssues'],
      boardReadsItself: undefined
    },
    {
      name: 'a project the project token cannot see: tasks does its work, the board fails naming the project',
      inputs: { project: 'https://github.com/users/hubot/projects/2' },
      line: /^::error::board: Input 'project': https:\/\/github.com\/users\/hubot\/projects\/2 was not found/m,
      exit: 1,
      issues: 1,
      reads: ['pat: JekyllPostOpsManagedIssues'],
      boardReadsItself: false
    }
  ])('$name', async ({ inputs, line, exit, issues, reads, boardReadsItself }) => {
    blog = await Blog.start(post(9, ['과제 제출']))
    const run = await blog.run(blog.schedule(), inputs)
    expect(run.stdout).toMatch(line)
    expect(run.exitCode).toBe(exit)
    expect(blog.sim.state.issues).toHaveLength(issues)
    expect(requestsOf(run).filter(r => r.endsWith('JekyllPostOpsManagedIssues'))).toEqual(reads)
    if (boardReadsItself !== undefined) expect(boardReadItself(run)).toBe(boardReadsItself)
  })
})
