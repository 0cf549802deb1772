// The demo's world: a copy of examples/blog in a real git repository, the GitHub simulator hosting it with a
// Projects board, and the action (dist/index.js under Node 24) run for each event as the runner would. Never
// reaches real GitHub; everything it makes lives in temporary folders that close() removes.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../../test/e2e/harness.js'
import { BlogWorld, REPOSITORY } from '../../test/e2e/world.js'
import { DEFAULT_TOKENS, defaultSeed, ScaledClock, startSimulator } from '../../test/github-sim/index.js'
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

export class World extends BlogWorld {
  private snapshotBefore: Snapshot | undefined

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
    const clock = new ScaledClock(options.now, options.scale)
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
    const head = git(workspace, '', 'rev-parse', 'HEAD')
    return new World({ sim, clock, workspace, head, scale: options.scale })
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
    return this.run('push', now, this.pushPayload())
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
        base: side(pull.base, this.pushed)
      },
      repository: REPOSITORY,
      sender: { login: OWNER }
    })
  }

  /** The nightly `schedule` event; `inputs` on top of the demo's (e.g. `dry-run`). */
  schedule(now: string, inputs: Record<string, string> = {}): Promise<EventRun> {
    return this.run('schedule', now, { schedule: '0 22 * * *', repository: REPOSITORY }, inputs)
  }

  /** Follows main after GitHub moved it (a merge). */
  pull(): void {
    this.pushed = git(this.workspace, '', 'rev-parse', 'main')
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

  private async run(
    name: string,
    now: string,
    payload: Record<string, unknown>,
    extra: Record<string, string> = {}
  ): Promise<EventRun> {
    this.clock.at(now)
    const before = this.snapshotBefore ?? this.snapshot()
    this.snapshotBefore = undefined
    const inputs = {
      token: DEFAULT_TOKENS.githubToken,
      'project-token': DEFAULT_TOKENS.projectPat,
      ...DEMO_INPUTS,
      ...extra
    }
    const run = await this.runEvent(name, payload, inputs, { now })
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

  override async close(): Promise<void> {
    await super.close()
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
