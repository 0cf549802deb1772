// The demo's world: a copy of examples/blog in a real git repository, the GitHub simulator hosting it with a
// Projects board, and the action (dist/index.js under Node 24) run for each event as the runner would. Never
// reaches real GitHub; everything it makes lives in temporary folders that close() removes.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun } from '../../test/e2e/harness.js'
import { DEFAULT_TOKENS, defaultSeed, startSimulator, type Simulator } from '../../test/github-sim/index.js'
import type { IssueView } from './render.js'

export const OWNER = 'octo'
export const REPO = 'blog'
export const PROJECT_URL = `https://github.com/users/${OWNER}/projects/1`
export const COLUMNS = ['Todo', 'In Progress', 'In Review', 'Done']
/** The inputs the demo's workflow gives the action (the rest are action.yml's defaults). */
export const DEMO_INPUTS: Record<string, string> = {
  project: PROJECT_URL,
  'in-review-column': 'In Review',
  'due-field': 'Due'
}
const REPOSITORY = {
  name: REPO,
  full_name: `${OWNER}/${REPO}`,
  owner: { login: OWNER },
  default_branch: 'main'
}

export interface Snapshot {
  issues: IssueView[]
  board: Array<{ number: number; title: string; status: string | null; due: string | null }>
}

export interface EventRun {
  run: ActionRun
  /** The jobs the action said it runs (`jobs: auto` picks them by event). */
  jobs: string[]
  /** `board: skipped: …` lines. */
  skipped: string[]
  before: Snapshot
  after: Snapshot
}

/**
 * Simulated time, shared by the simulator and the runs: set to an instant at each event, then running `scale`
 * times faster than real time (so GitHub's rate-limit waits, divided by the same factor, stay short).
 */
class Clock {
  private base: number
  private realBase = Date.now()

  constructor(
    iso: string,
    private readonly scale: number
  ) {
    this.base = Date.parse(iso)
  }

  now(): number {
    return this.base + (Date.now() - this.realBase) * this.scale
  }

  /** Moves to `iso`, never backwards. */
  at(iso: string): void {
    this.base = Math.max(Date.parse(iso), this.now())
    this.realBase = Date.now()
  }
}

export class World {
  private head: string
  private snapshotBefore: Snapshot | undefined

  private constructor(
    readonly sim: Simulator,
    readonly workspace: string,
    private readonly clock: Clock,
    private readonly scale: number
  ) {
    this.head = git(workspace, '', 'rev-parse', 'HEAD')
  }

  /**
   * A repository holding `blog` without its `_posts/` (one commit on main, the blog before any post), hosted by
   * a simulator whose project board has COLUMNS.
   */
  static async start(blog: string, options: { now: string; scale: number }): Promise<World> {
    const workspace = mkdtempSync(join(tmpdir(), 'jekyll-post-ops-demo-'))
    cpSync(blog, workspace, {
      recursive: true,
      filter: source => !/[\\/](_site|\.jekyll-cache|_posts)$/.test(source)
    })
    mkdirSync(join(workspace, '_posts'))
    git(workspace, options.now, 'init', '-q', '-b', 'main')
    git(workspace, options.now, 'add', '-A')
    git(workspace, options.now, 'commit', '-q', '-m', 'blog: Chirpy starter')
    const clock = new Clock(options.now, options.scale)
    const seed = defaultSeed()
    seed.repo = { owner: OWNER, name: REPO, defaultBranch: 'main', path: workspace }
    seed.projects = [
      {
        owner: OWNER,
        ownerType: 'User',
        number: 1,
        title: 'Blog tasks',
        fields: [
          { name: 'Status', options: COLUMNS },
          { name: 'Due', type: 'date' }
        ]
      }
    ]
    const sim = await startSimulator({ seed, now: () => clock.now() })
    return new World(sim, workspace, clock, options.scale)
  }

  /** The posts of `blog` whose file names `pick` accepts, sorted. */
  static posts(blog: string, pick: (file: string) => boolean): string[] {
    return readdirSync(join(blog, '_posts')).filter(pick).sort()
  }

  /** Marks the state the next event's changes are measured from (call before people act on GitHub). */
  mark(): void {
    this.snapshotBefore = this.snapshot()
  }

  /** A push to main: commits these post files of `blog` (as the author would), then the push event. */
  async push(blog: string, files: string[], message: string, now: string): Promise<EventRun> {
    this.clock.at(now)
    this.mark()
    for (const file of files) cpSync(join(blog, '_posts', file), join(this.workspace, '_posts', file))
    git(this.workspace, now, 'add', '-A')
    git(this.workspace, now, 'commit', '-q', '-m', message)
    const before = this.head
    this.head = git(this.workspace, now, 'rev-parse', 'HEAD')
    return this.run('push', now, {
      ref: 'refs/heads/main',
      before,
      after: this.head,
      created: false,
      deleted: false,
      repository: REPOSITORY,
      pusher: { name: OWNER },
      sender: { login: OWNER }
    })
  }

  /** The `create` event GitHub sends after someone makes a branch. */
  branchCreated(branch: string, now: string): Promise<EventRun> {
    return this.run('create', now, {
      ref: branch,
      ref_type: 'branch',
      master_branch: 'main',
      repository: REPOSITORY,
      sender: { login: OWNER }
    })
  }

  /** A `pull_request` event (`opened`, `closed`, ...) for pull request `number` as it is now. */
  pullRequest(action: string, number: number, now: string): Promise<EventRun> {
    const pull = this.sim.pull(number)
    if (!pull) throw new Error(`demo: no pull request #${number}`)
    const side = (ref: string, sha: string) => ({ ref, sha, repo: { full_name: `${OWNER}/${REPO}` } })
    return this.run('pull_request', now, {
      action,
      number,
      pull_request: {
        number,
        merged: pull.merged,
        head: side(pull.head, pull.headSha),
        base: side(pull.base, this.head)
      },
      repository: REPOSITORY,
      sender: { login: OWNER }
    })
  }

  /** The nightly `schedule` event. */
  schedule(now: string): Promise<EventRun> {
    return this.run('schedule', now, { schedule: '0 22 * * *', repository: REPOSITORY })
  }

  /** Sets the clock for what people do on GitHub between runs (branches, pull requests, merges). */
  at(now: string): void {
    this.clock.at(now)
  }

  /** Follows main after GitHub moved it (a merge). */
  pull(): void {
    this.head = git(this.workspace, '', 'rev-parse', 'main')
  }

  snapshot(): Snapshot {
    const project = this.sim.project(1)
    const issues: IssueView[] = this.sim.state.issues.map(i => ({
      number: i.number,
      title: i.title,
      state: i.state,
      stateReason: i.stateReason,
      labels: [...i.labels]
    }))
    const board = this.sim.model
      .itemsOf(project)
      .filter(item => item.contentKind === 'issue' && !item.archived)
      .map(item => {
        const issue = this.sim.issue(item.contentNumber)!
        const due = this.sim.projectValue(1, issue.number, 'Due')
        return {
          number: issue.number,
          title: issue.title,
          status: this.sim.projectStatus(1, issue.number),
          due: typeof due === 'string' ? due : null
        }
      })
    return { issues, board }
  }

  private async run(name: string, now: string, payload: Record<string, unknown>): Promise<EventRun> {
    this.clock.at(now)
    const before = this.snapshotBefore ?? this.snapshot()
    this.snapshotBefore = undefined
    const run = await runAction({
      workspace: this.workspace,
      event: { name, payload },
      inputs: {
        token: DEFAULT_TOKENS.githubToken,
        'project-token': DEFAULT_TOKENS.projectPat,
        ...DEMO_INPUTS
      },
      repository: `${OWNER}/${REPO}`,
      apiUrl: this.sim.apiUrl,
      graphqlUrl: this.sim.graphqlUrl,
      now,
      timeScale: this.scale,
      sha: this.head
    })
    const jobsLine = /jekyll-post-ops: event '[^']*', jobs: (.*)$/m.exec(run.stdout)
    const jobs = jobsLine
      ? jobsLine[1]!
          .split(',')
          .map(j => j.trim())
          .filter(Boolean)
      : []
    const skipped = run.stdout.split('\n').filter(line => /^\w+: skipped: /.test(line))
    return { run, jobs, skipped, before, after: this.snapshot() }
  }

  async close(): Promise<void> {
    await this.sim.close()
    rmSync(this.workspace, { recursive: true, force: true })
  }
}

/** git in `cwd` as the blog's author, commits dated `at` (so a push's commit id is the same on every run). */
function git(cwd: string, at: string, ...args: string[]): string {
  const date = at ? { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at } : {}
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Octo Cat',
      GIT_AUTHOR_EMAIL: 'octo@example.com',
      GIT_COMMITTER_NAME: 'Octo Cat',
      GIT_COMMITTER_EMAIL: 'octo@example.com',
      ...date
    }
  }).trim()
}
