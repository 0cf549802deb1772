// One scenario's world: a blog on disk, a simulated GitHub with a Projects board, a clock both agree on, the people
// who branch and open pull requests, and the faults of a run. Runs the action in-process or through dist/.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ScaledClock,
  DEFAULT_TOKENS,
  defaultSeed,
  startSimulator,
  type Fault,
  type FaultMatch,
  type Seed,
  type Simulator
} from '../github-sim/index.js'
import {
  actionDefaults,
  DIST,
  NODE24,
  parseAnnotations,
  parseOutputs,
  type ActionRun
} from '../e2e/harness.js'
import type { Router } from './router.js'
import {
  TASKS,
  type BlogChange,
  type FaultSpec,
  type FaultTarget,
  type PersonAction,
  type PostSpec,
  type Section,
  type Step
} from './scenario.js'
import { REPOSITORY } from '../e2e/world.js'

/** The client waits 1/SCALE of what GitHub asks, and the simulator's clock runs SCALE times faster than real time. */
export const SCALE = 1000
/** Scenarios begin on a Tuesday morning in Seoul. */
export const START = Date.parse('2026-03-10T08:00:00+09:00')
export const PROJECT_URL = 'https://github.com/users/octo/projects/1'
export const LABEL = 'task'
export const DAILY_LABEL = 'daily-plan'
export const SINCE_DAYS = 14
const ZERO_SHA = '0'.repeat(40)
/** The account of the repository's GITHUB_TOKEN: the action's, and every other workflow's. */
const BOT = 'github-actions[bot]'
const DAY_MS = 86_400_000
const SEOUL_MS = 9 * 3_600_000

/** The inputs of the workflow step every scenario runs (the rest are action.yml's defaults). */
export const INPUTS: Record<string, string> = {
  token: DEFAULT_TOKENS.githubToken,
  project: PROJECT_URL,
  'project-token': DEFAULT_TOKENS.projectPat
}

export interface TaskState {
  task: number
  form: number
  checked: boolean
  section: Section
  subItems: number
}

export interface PostState {
  id: number
  /** The calendar day in the file name (the day it was first written for). */
  fileDay: string
  /** Epoch ms of the front matter date. */
  instant: number
  /** The date is written with +0000 rather than +0900. */
  utc: boolean
  tasks: TaskState[]
}

export interface EventSpec {
  name: string
  payload: Record<string, unknown>
}

export interface RunRecord {
  event: string
  exitCode: number
  stdout: string
  /** The instant the run was told it is (JEKYLL_POST_OPS_NOW). */
  now: number
  killed: boolean
  /** Requests the simulator's fault script shaped (a kill is counted in `killed`). */
  faultsFired: number
}

export type Driver = 'in-process' | 'dist'

/** The run function of src/main.ts, imported once GITHUB_API_URL points at the router (see `inProcess`). */
type MainRun = (env?: NodeJS.ProcessEnv) => Promise<void>

export class World {
  readonly posts: PostState[] = []
  /** Branches people made: name and the issue they are for. */
  readonly branches: Array<{ name: string; issue: number }> = []
  /** Pull requests people opened, each closing one issue. */
  readonly pulls: Array<{ number: number; branch: string; issue: number }> = []
  /** ClosedEvent ids of the closes people, merges and other workflows made (see `act`). */
  readonly othersCloses = new Set<number>()
  /** Pull requests merged with GITHUB_TOKEN, and task issues another workflow closed with it. */
  botMerges = 0
  workflowCloses = 0
  /** Issues a person made (never to be touched) and how they looked at the start. */
  readonly personIssues: number[] = []
  personSnapshot = ''
  readonly runs: RunRecord[] = []
  /** When the tasks job last ran cleanly (push, schedule); -Infinity before it first did. */
  tasksNow = -Infinity
  private nextPost = 1
  /** Numbers the files each run gets (event payload, outputs, summary, RUNNER_TEMP). */
  private files = 0
  private readonly temp: string

  private constructor(
    readonly sim: Simulator,
    readonly clock: ScaledClock,
    readonly blog: string,
    readonly router: Router
  ) {
    this.temp = mkdtempSync(join(tmpdir(), 'jpo-rel-run-'))
  }

  static async start(options: {
    router: Router
    personIssues: boolean
    initial: PostSpec[]
    /** Changes to the simulator's seed (more tokens, projects). */
    seed?: (seed: Seed) => void
  }): Promise<World> {
    const clock = new ScaledClock(START, SCALE)
    const seed: Seed = defaultSeed()
    seed.repo.collaborators = ['hubot']
    if (options.personIssues) {
      seed.labels = [{ name: LABEL, color: 'ededed' }]
      seed.issues = [
        {
          title: 'A task I track by hand',
          body: 'Made by a person: no marker, so the action must never touch it.',
          labels: [LABEL],
          author: 'octo'
        },
        { title: 'Theme breaks on mobile', body: 'Unrelated to tasks.', author: 'hubot' }
      ]
    }
    seed.projects = [
      {
        owner: 'octo',
        ownerType: 'User',
        number: 1,
        title: 'Blog tasks',
        fields: [{ name: 'Status', options: ['Todo', 'In Progress', 'Done'] }],
        items: options.personIssues ? [{ number: 1, values: { Status: 'Todo' } }] : []
      }
    ]
    options.seed?.(seed)
    const sim = await startSimulator({ seed, now: () => clock.now() })
    options.router.point(sim.apiUrl)
    const blog = mkdtempSync(join(tmpdir(), 'jpo-rel-blog-'))
    writeFileSync(
      join(blog, '_config.yml'),
      'title: 학습 기록\nurl: https://octo.github.io\ntimezone: Asia/Seoul\npermalink: /posts/:title/\n'
    )
    mkdirSync(join(blog, '_posts'))
    const world = new World(sim, clock, blog, options.router)
    if (options.personIssues) world.personIssues.push(1, 2)
    world.personSnapshot = world.snapshotPersonIssues()
    for (const post of options.initial) world.addPost(post)
    world.writeBlog()
    return world
  }

  async close(): Promise<void> {
    this.router.point(undefined)
    await this.sim.close()
    rmSync(this.blog, { recursive: true, force: true })
    rmSync(this.temp, { recursive: true, force: true })
  }

  // ---- the blog --------------------------------------------------------------------------------------------

  /** The Seoul calendar day of an instant. */
  static seoulDay(ms: number): string {
    return new Date(ms + SEOUL_MS).toISOString().slice(0, 10)
  }

  addPost(spec: PostSpec): PostState {
    const today = Date.parse(`${World.seoulDay(this.clock.now())}T00:00:00+09:00`)
    const day = today + spec.dayOffset * DAY_MS
    const post: PostState = {
      id: this.nextPost++,
      fileDay: World.seoulDay(day),
      instant: day + spec.minute * 60_000,
      utc: spec.utc,
      tasks: spec.tasks.map(t => ({ ...t }))
    }
    this.posts.push(post)
    return post
  }

  applyChange(change: BlogChange): void {
    if (change.kind === 'add') {
      this.addPost(change.post)
      return
    }
    if (this.posts.length === 0) return
    const post = this.posts[change.post % this.posts.length]!
    switch (change.kind) {
      case 'toggle': {
        const task = post.tasks[change.task % Math.max(1, post.tasks.length)]
        if (task) task.checked = !task.checked
        return
      }
      case 'add-task':
        post.tasks.push({ ...change.task })
        return
      case 'remove-task':
        if (post.tasks.length > 0) post.tasks.splice(change.task % post.tasks.length, 1)
        return
      case 'rename': {
        const task = post.tasks[change.task % Math.max(1, post.tasks.length)]
        if (task) {
          task.task = change.to
          task.form = change.form
        }
        return
      }
      case 'delete':
        this.posts.splice(this.posts.indexOf(post), 1)
        return
      case 'move':
        post.instant += (change.minutes === 0 ? 1 : change.minutes) * 60_000
        post.utc = change.utc
        return
    }
  }

  /** Writes every post as a file (and removes the files of deleted posts). */
  writeBlog(): void {
    const dir = join(this.blog, '_posts')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir)
    for (const post of this.posts) writeFileSync(join(this.blog, World.postPath(post)), renderPost(post))
  }

  static postPath(post: PostState): string {
    return `_posts/${post.fileDay}-day-${post.id}.md`
  }

  // ---- people on GitHub ------------------------------------------------------------------------------------

  /** Open task issues (label and marker), oldest first. */
  openTaskIssues(): number[] {
    return this.sim.state.issues
      .filter(i => i.state === 'open' && i.labels.includes(LABEL) && markerKey(i.body) !== undefined)
      .map(i => i.number)
      .sort((a, b) => a - b)
  }

  /**
   * Does what a person (or another workflow) does and returns the event GitHub sends for it: none when there is
   * nothing to act on, or when it was done with GITHUB_TOKEN (GitHub starts no workflow run for that). Notes the
   * closes it made: they are someone else's than the action's, whatever account made them.
   */
  async act(action: PersonAction): Promise<EventSpec | undefined> {
    const mark = this.sim.state.events.length
    try {
      return await this.actOn(action)
    } finally {
      for (const e of this.sim.state.events.slice(mark)) if (e.type === 'closed') this.othersCloses.add(e.id)
    }
  }

  /** Was the latest close of issue `n` made by someone else than the action (a person, a merge, another workflow)? */
  closedByOthers(n: number): boolean {
    const close = this.sim.state.events.filter(e => e.issueNumber === n && e.type === 'closed').at(-1)
    return close !== undefined && this.othersCloses.has(close.id)
  }

  private async actOn(action: PersonAction): Promise<EventSpec | undefined> {
    const open = this.openTaskIssues()
    switch (action.kind) {
      case 'branch': {
        if (open.length === 0) return undefined
        const issue = open[action.issue % open.length]!
        if (this.branches.some(b => b.issue === issue)) return undefined
        const name = action.linked ? await this.sim.linkBranchToIssue(issue) : `feat/${issue}-work`
        if (!action.linked) await this.sim.createBranch(name)
        this.branches.push({ name, issue })
        return createEvent(name)
      }
      case 'open-pr': {
        if (open.length === 0) return undefined
        const issue = open[action.issue % open.length]!
        let branch = this.branches.find(b => b.issue === issue)?.name
        if (!branch) {
          branch = `issue-${issue}`
          await this.sim.createBranch(branch)
          this.branches.push({ name: branch, issue })
        }
        if (this.pulls.some(p => p.branch === branch && this.sim.pull(p.number)?.state === 'open'))
          return undefined
        await this.sim.commitFiles(
          branch,
          { [`notes/${issue}-${this.pulls.length}.md`]: `work on the task\n` },
          'Work on the task',
          'hubot'
        )
        const pull = await this.sim.openPullRequest({
          head: branch,
          title: 'Work on a task',
          body: `Closes #${issue}`,
          author: 'hubot',
          draft: action.draft
        })
        this.pulls.push({ number: pull.number, branch, issue })
        return this.pullEvent('opened', pull.number)
      }
      case 'merge-pr':
      case 'close-pr': {
        const openPulls = this.pulls.filter(p => this.sim.pull(p.number)?.state === 'open')
        // Nothing to merge or close yet: the person opens the pull request first (a step is never wasted).
        if (openPulls.length === 0) {
          const opened = await this.actOn({ kind: 'open-pr', issue: action.pull, draft: false })
          // An auto-merge workflow merges the new pull request at once; only its opening starts a run.
          const fresh = this.pulls.at(-1)
          if (action.kind === 'merge-pr' && action.bot && opened && fresh) {
            await this.sim.mergePullRequest(fresh.number, { by: BOT })
            this.botMerges++
          }
          return opened
        }
        const pull = openPulls[action.pull % openPulls.length]!
        if (action.kind === 'close-pr') {
          this.sim.closePullRequest(pull.number, 'octo')
        } else if (action.bot) {
          await this.sim.mergePullRequest(pull.number, { by: BOT })
          this.botMerges++
          return undefined
        } else {
          await this.sim.mergePullRequest(pull.number, { by: 'octo' })
        }
        return this.pullEvent('closed', pull.number)
      }
      case 'close-issue': {
        if (open.length === 0) return undefined
        const issue = open[action.issue % open.length]!
        if (action.by === 'person') {
          this.sim.closeIssueAsUser(issue, action.reason, 'octo')
          return issuesEvent('closed', issue)
        }
        this.sim.closeIssueAsUser(issue, action.reason, BOT)
        this.sim.commentAsUser(issue, `Closed by the triage workflow (${this.workflowCloses}).`, BOT)
        this.workflowCloses++
        return undefined
      }
    }
  }

  private pullEvent(action: string, number: number): EventSpec {
    const pull = this.sim.pull(number)!
    return {
      name: 'pull_request',
      payload: {
        action,
        number,
        pull_request: {
          number,
          merged: pull.merged,
          draft: pull.draft,
          head: { ref: pull.head, sha: pull.headSha, repo: { full_name: 'octo/blog' } },
          base: { ref: pull.base, sha: ZERO_SHA, repo: { full_name: 'octo/blog' } }
        },
        repository: REPOSITORY,
        sender: { login: 'hubot' }
      }
    }
  }

  /** How the person's issues look now (title, body, state, labels, assignees, comments, board): must never change. */
  snapshotPersonIssues(): string {
    const project = this.sim.project(1)
    return JSON.stringify(
      this.personIssues.map(n => {
        const i = this.sim.issue(n)!
        const item = this.sim.model.itemFor(project, i)
        return {
          n,
          title: i.title,
          body: i.body,
          state: i.state,
          stateReason: i.stateReason,
          labels: [...i.labels].sort(),
          assignees: [...i.assignees].sort(),
          comments: this.sim.state.comments.filter(c => c.issueNumber === n).map(c => c.body),
          board: item ? { status: this.sim.model.statusOf(project, i), archived: item.archived } : null
        }
      })
    )
  }

  // ---- runs ------------------------------------------------------------------------------------------------

  /** Installs a run's faults: the simulator's fault script, and the router's kill point. */
  private inject(faults: readonly FaultSpec[], onKill?: () => void): void {
    this.sim.faults.clear()
    this.router.disarm()
    for (const f of faults) {
      if (f.kind === 'kill') this.router.arm({ afterWrites: f.afterWrites, applied: f.applied, onKill })
      else
        this.sim.faults.add({
          match: { ...matchOf(f.target, f.kind === 'graphql-error'), nth: f.nth, times: f.times },
          fault: faultOf(f)
        })
    }
  }

  private clearFaults(): void {
    this.sim.faults.clear()
    this.router.disarm()
  }

  /** Runs the action for `event` with `faults` injected, then waits until nothing is in flight. */
  async run(
    event: EventSpec,
    faults: readonly FaultSpec[],
    driver: Driver,
    main?: MainRun
  ): Promise<RunRecord> {
    const now = this.clock.now()
    let record: RunRecord
    if (driver === 'dist') {
      record = await this.runDist(event, faults, now)
    } else {
      this.inject(faults)
      record = await this.runInProcess(event, now, main!)
      record.killed = this.router.killed
    }
    await this.router.settled()
    record.faultsFired = this.sim.faults.list().reduce((n, rule) => n + rule.fired, 0)
    this.clearFaults()
    this.runs.push(record)
    return record
  }

  private env(event: EventSpec, now: number): Record<string, string> {
    const n = this.files++
    const eventPath = join(this.temp, `event-${n}.json`)
    writeFileSync(eventPath, JSON.stringify(event.payload))
    const runnerTemp = join(this.temp, `runner-${n}`)
    mkdirSync(runnerTemp, { recursive: true })
    return {
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_WORKSPACE: this.blog,
      GITHUB_REPOSITORY: 'octo/blog',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: ZERO_SHA,
      RUNNER_TEMP: runnerTemp,
      JEKYLL_POST_OPS_NOW: new Date(now).toISOString(),
      JEKYLL_POST_OPS_TIME_SCALE: String(SCALE)
    }
  }

  private async runInProcess(event: EventSpec, now: number, main: MainRun): Promise<RunRecord> {
    const env = this.env(event, now)
    const { stdout, exitCode } = await captureStdout(() => main({ ...env }))
    return { event: eventLabel(event), exitCode, stdout, now, killed: false, faultsFired: 0 }
  }

  /** dist/index.js under Node 24 as the runner starts it; a kill is a real SIGKILL of the process. */
  private async runDist(event: EventSpec, faults: readonly FaultSpec[], now: number): Promise<RunRecord> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? this.temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: this.router.url,
      GITHUB_GRAPHQL_URL: `${this.router.url}/graphql`,
      GITHUB_OUTPUT: join(this.temp, `output-${this.files++}`),
      GITHUB_STEP_SUMMARY: join(this.temp, `summary-${this.files++}.md`),
      ...this.env(event, now)
    }
    writeFileSync(env.GITHUB_OUTPUT!, '')
    writeFileSync(env.GITHUB_STEP_SUMMARY!, '')
    for (const [name, value] of Object.entries({ ...actionDefaults(), ...INPUTS }))
      env[`INPUT_${name.toUpperCase()}`] = value
    const child = spawn(NODE24, [DIST], { env, cwd: this.blog, stdio: ['ignore', 'pipe', 'pipe'] })
    let killed = false
    this.inject(faults, () => {
      killed = true
      child.kill('SIGKILL')
    })
    const out: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', () => undefined)
    const exitCode = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? 137)))
    return {
      event: eventLabel(event),
      exitCode,
      stdout: Buffer.concat(out).toString('utf8'),
      now,
      killed,
      faultsFired: 0
    }
  }

  /**
   * Two runs at once (as a push and the schedule can be): both in-process (one process, as two runner jobs share
   * nothing but GitHub) or two dist processes. Waits for both.
   */
  async runConcurrently(
    events: [EventSpec, EventSpec],
    driver: Driver,
    main?: MainRun
  ): Promise<RunRecord[]> {
    const now = this.clock.now()
    this.clearFaults()
    let records: RunRecord[]
    if (driver === 'dist') {
      records = await Promise.all(events.map(e => this.runDist(e, [], now)))
    } else {
      const envs = events.map(e => this.env(e, now))
      const { stdout, exitCode } = await captureStdout(async () => {
        await Promise.all(envs.map(env => main!({ ...env })))
      })
      records = events.map(e => ({
        event: eventLabel(e),
        exitCode,
        stdout,
        now,
        killed: false,
        faultsFired: 0
      }))
    }
    await this.router.settled()
    this.runs.push(...records)
    return records
  }

  /** A dist run with everything a person would see (for the permission and secret tests). */
  async runDistFull(
    event: EventSpec,
    inputs: Record<string, string>,
    extraEnv: Record<string, string> = {}
  ): Promise<ActionRun & { files: string[] }> {
    const now = this.clock.now()
    const base = this.env(event, now)
    const output = join(this.temp, `output-${this.files++}`)
    const summary = join(this.temp, `summary-${this.files++}.md`)
    writeFileSync(output, '')
    writeFileSync(summary, '')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? this.temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: this.router.url,
      GITHUB_GRAPHQL_URL: `${this.router.url}/graphql`,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      ...base,
      ...extraEnv
    }
    for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs }))
      env[`INPUT_${name.toUpperCase()}`] = value
    const child = spawn(NODE24, [DIST], { env, cwd: this.blog, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    const exitCode = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? 137)))
    await this.router.settled()
    const stdout = Buffer.concat(out).toString('utf8')
    this.runs.push({ event: eventLabel(event), exitCode, stdout, now, killed: false, faultsFired: 0 })
    return {
      exitCode,
      stdout,
      stderr: Buffer.concat(err).toString('utf8'),
      annotations: parseAnnotations(stdout),
      outputs: parseOutputs(readFileSync(output, 'utf8')),
      summary: readFileSync(summary, 'utf8'),
      files: [output, summary, base.RUNNER_TEMP!]
    }
  }

  /**
   * One step: the clock moves, the blog or the people change something, the event's run happens with the step's
   * faults (`afterFaulty` looks at GitHub then), then one clean run of the same event. A step with nothing to act on
   * runs the schedule.
   */
  async step(
    step: Step,
    driver: Driver,
    main?: MainRun,
    afterFaulty?: (faulty: RunRecord) => void
  ): Promise<{ event: EventSpec; faulty: RunRecord; clean: RunRecord }> {
    this.clock.advance(step.advance * 60_000)
    let event: EventSpec | undefined
    if (step.action.kind === 'blog') {
      for (const change of step.action.changes) this.applyChange(change)
      this.writeBlog()
      event = step.action.event === 'push' ? pushEvent() : scheduleEvent()
    } else if (step.action.kind === 'person') {
      event = await this.act(step.action.action)
    }
    event ??= scheduleEvent()
    const faulty = await this.run(event, step.faults, driver, main)
    afterFaulty?.(faulty)
    const clean = await this.run(event, [], driver, main)
    if (event.name === 'push' || event.name === 'schedule') this.tasksNow = clean.now
    return { event, faulty, clean }
  }
}

// ---- events, faults, rendering -------------------------------------------------------------------------------

export function pushEvent(): EventSpec {
  return {
    name: 'push',
    payload: {
      ref: 'refs/heads/main',
      before: ZERO_SHA,
      after: ZERO_SHA,
      created: false,
      deleted: false,
      repository: REPOSITORY,
      pusher: { name: 'octo' },
      sender: { login: 'octo' }
    }
  }
}

export function scheduleEvent(): EventSpec {
  return { name: 'schedule', payload: { schedule: '0 0 * * *', repository: REPOSITORY } }
}

export function issuesEvent(action: string, number: number): EventSpec {
  return {
    name: 'issues',
    payload: { action, issue: { number }, repository: REPOSITORY, sender: { login: 'octo' } }
  }
}

export function createEvent(branch: string): EventSpec {
  return {
    name: 'create',
    payload: {
      ref: branch,
      ref_type: 'branch',
      master_branch: 'main',
      repository: REPOSITORY,
      sender: { login: 'hubot' }
    }
  }
}

function eventLabel(event: EventSpec): string {
  const action = (event.payload as { action?: string }).action
  return action ? `${event.name}.${action}` : event.name
}

const GRAPHQL_OPERATIONS = new Set<FaultTarget>([
  'JekyllPostOpsManagedIssues',
  'JekyllPostOpsRecentIssues',
  'JekyllPostOpsDailyPlans',
  'BoardResolve'
])
const MUTATIONS = new Set<FaultTarget>(['addProjectV2ItemById', 'updateProjectV2ItemFieldValue'])

function matchOf(target: FaultTarget, graphqlOnly: boolean): FaultMatch {
  if (target === 'any') return graphqlOnly ? { path: '/graphql' } : {}
  if (GRAPHQL_OPERATIONS.has(target)) return { graphqlOperation: target }
  if (MUTATIONS.has(target)) return { mutationName: target }
  return { operationId: target }
}

function faultOf(f: Exclude<FaultSpec, { kind: 'kill' }>): Fault {
  switch (f.kind) {
    case 'status':
      return { kind: 'status', status: f.status }
    case 'drop':
      return { kind: 'drop' }
    case 'lose-response':
      return { kind: 'lose-response' }
    case 'graphql-error':
      return { kind: 'graphql-error' }
    case 'secondary':
      return {
        kind: 'status',
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
        },
        headers: { 'retry-after': String(f.retryAfter) }
      }
  }
}

const SECTION_HEADING: Record<Section, string> = { today: '## 오늘 한 일', tomorrow: '## 내일 할 일' }

/** The tasks of a post in document order (as renderPost writes them: today's section, then tomorrow's). */
export function documentOrder(post: PostState): TaskState[] {
  return [
    ...post.tasks.filter(t => t.section === 'today'),
    ...post.tasks.filter(t => t.section === 'tomorrow')
  ]
}

export function formOf(task: TaskState): { text: string; title: string; key: string } {
  const entry = TASKS[task.task % TASKS.length]!
  const i = task.form % entry.forms.length
  return { text: entry.forms[i]!, title: entry.titles[i]!, key: entry.key }
}

/** The front matter date as the author wrote it: `YYYY-MM-DD HH:MM:SS +0900` (or the same instant in +0000). */
export function writtenDate(post: PostState): string {
  const offset = post.utc ? 0 : SEOUL_MS
  const shifted = new Date(post.instant + offset).toISOString()
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)} ${post.utc ? '+0000' : '+0900'}`
}

export function renderPost(post: PostState): string {
  const lines = [
    '---',
    `title: "[Day ${String(post.id).padStart(3, '0')}] 학습 기록"`,
    `date: ${writtenDate(post)}`,
    'categories: [AI 부트캠프, Daily & Weekly Log]',
    'tags: [daily-log]',
    '---',
    ''
  ]
  for (const section of ['today', 'tomorrow'] as const) {
    const tasks = post.tasks.filter(t => t.section === section)
    if (tasks.length === 0) continue
    lines.push(SECTION_HEADING[section])
    for (const task of tasks) {
      lines.push(`- [${task.checked ? 'x' : ' '}] ${formOf(task).text}`)
      for (let s = 1; s <= task.subItems; s++) lines.push(`    - [모델 경량화] ${s}강`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

/** The task key in an issue body's last line (the action's identity marker), decoded; undefined without one. */
export function markerKey(body: string | null | undefined): string | undefined {
  const last =
    (body ?? '')
      .replace(/\s+$/, '')
      .split(/\r?\n|\r/)
      .at(-1) ?? ''
  const m = /^<!-- jekyll-post-ops:task (\S+) -->$/.exec(last)
  if (!m) return undefined
  try {
    return decodeURIComponent(m[1]!)
  } catch {
    return undefined
  }
}

/** Runs `fn` with process.stdout captured (what @actions/core prints) and reads the exit code it set. */
export async function captureStdout(fn: () => Promise<void>): Promise<{ stdout: string; exitCode: number }> {
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  const before = process.exitCode
  process.exitCode = 0
  try {
    await fn()
  } finally {
    process.stdout.write = write
  }
  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = before
  return { stdout: chunks.join(''), exitCode }
}
