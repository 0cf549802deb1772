// The board e2e tests' world: a blog checkout from the week fixture, a simulated GitHub with a Projects v2 board,
// the events people cause (push, branch, pull request, issue, schedule), the board read back. Test code only.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import {
  DEFAULT_TOKENS,
  defaultSeed,
  type RequestLogEntry,
  type Seed,
  type SeedProjectField
} from '../github-sim/index.js'
import { type ActionRun } from './harness.js'
import { BlogWorld, blogSource, REPOSITORY, type Payload } from './world.js'

const WEEK = fileURLToPath(new URL('../fixtures/week/', import.meta.url))
export const POSTS = join(WEEK, 'blog', '_posts')
/** The client waits 1/SCALE of what GitHub asks, and the simulator's clock runs SCALE times faster. */
const SCALE = 200
const PROJECT_URL = 'https://github.com/users/octo/projects/1'
export const MISSION = '스페셜 미션 제출'
export const PAPER = '논문 읽기: MobileNetV2'
export const LECTURE = '강의 수강 및 정리'
export const DAYS = [
  '2026-03-09-day-015.md',
  '2026-03-10-day-016.md',
  '2026-03-11-day-017.md',
  '2026-03-12-day-018.md',
  '2026-03-14-day-019.md',
  '2026-03-14-day-020.md',
  '2026-03-15-day-021.md'
]

export interface Outcome {
  action: ActionRun
  requests: RequestLogEntry[]
  /** REST writes and GraphQL mutations. */
  writes: RequestLogEntry[]
  /** Numbers in the `moved` output. */
  moved: number[]
}

/** A blog checkout, a simulated GitHub with a project board, and a clock both agree on. */
export class World extends BlogWorld {
  static async start(
    options: { posts?: string[]; statusOptions?: string[]; now?: string; fields?: SeedProjectField[] } = {}
  ): Promise<World> {
    const source = blogSource(
      join(WEEK, 'blog', '_config.yml'),
      POSTS,
      options.posts ?? ['2026-03-09-day-015.md'],
      'jpo-board-'
    )
    const seed: Seed = defaultSeed()
    seed.repo.collaborators = ['hubot']
    seed.projects = [
      {
        owner: 'octo',
        ownerType: 'User',
        number: 1,
        title: 'Blog tasks',
        fields: [
          { name: 'Status', options: options.statusOptions ?? ['Todo', 'In Progress', 'Done'] },
          ...(options.fields ?? [])
        ]
      }
    ]
    const now = options.now ?? '2026-03-10T09:00:00+09:00'
    return new World(await BlogWorld.parts(source, { now, scale: SCALE, sim: { seed } }))
  }

  /**
   * The action on a push to main (tasks, then board), as `jobs: auto` runs it minus `check`. New task issues are
   * left unassigned (`assignees: none`), so that a branch's creator can take them.
   */
  push(inputs: Record<string, string> = {}): Promise<Outcome> {
    return this.run('push', this.pushPayload(), { jobs: 'tasks,board', assignees: 'none', ...inputs })
  }

  /** The `create` event GitHub sends after a branch is made. */
  branchCreated(
    branch: string,
    by = 'hubot',
    inputs: Record<string, string> = {},
    timeScale = SCALE
  ): Promise<Outcome> {
    const payload = {
      ref: branch,
      ref_type: 'branch',
      master_branch: 'main',
      repository: REPOSITORY,
      sender: { login: by }
    }
    return this.run('create', payload, inputs, timeScale)
  }

  pullRequest(action: string, number: number, inputs: Record<string, string> = {}): Promise<Outcome> {
    const pull = this.sim.pull(number)!
    const payload = {
      action,
      number,
      pull_request: {
        number,
        merged: pull.merged,
        head: { ref: pull.head, sha: pull.headSha, repo: { full_name: 'octo/blog' } },
        base: { ref: pull.base, repo: { full_name: 'octo/blog' } }
      },
      repository: REPOSITORY,
      sender: { login: 'hubot' }
    }
    return this.run('pull_request', payload, inputs)
  }

  issues(action: string, number: number, inputs: Record<string, string> = {}): Promise<Outcome> {
    return this.run(
      'issues',
      { action, issue: { number }, repository: REPOSITORY, sender: { login: 'octo' } },
      inputs
    )
  }

  /** The nightly run: tasks, then the board's full resync (the daily plan is another job's). */
  schedule(inputs: Record<string, string> = {}): Promise<Outcome> {
    return this.run(
      'schedule',
      { schedule: '0 0 * * *' },
      { jobs: 'tasks,board', assignees: 'none', ...inputs }
    )
  }

  async run(
    name: string,
    payload: Payload,
    inputs: Record<string, string>,
    timeScale = SCALE
  ): Promise<Outcome> {
    const action = await this.runEvent(
      name,
      payload,
      {
        token: DEFAULT_TOKENS.githubToken,
        project: PROJECT_URL,
        'project-token': DEFAULT_TOKENS.projectPat,
        ...inputs
      },
      { timeScale }
    )
    const requests = [...this.sim.requests]
    const moved = (action.outputs.moved ?? '').split(',').filter(Boolean).map(Number)
    return { action, requests, writes: requests.filter(r => r.isWrite), moved }
  }

  /** The task issue with this title (the action's: it carries the label). */
  numberOf(title: string, state: 'open' | 'closed' = 'open'): number {
    const found = this.sim.state.issues.filter(
      i => i.labels.includes('task') && i.state === state && i.title.replace(/\u200b/g, '') === title
    )
    if (found.length !== 1) throw new Error(`${found.length} ${state} task issues titled ${title}`)
    return found[0]!.number
  }

  status(number: number): string | null {
    return this.sim.projectStatus(1, number)
  }

  /** Every task issue's Status, by title. */
  board(): Record<string, string | null> {
    const result: Record<string, string | null> = {}
    for (const issue of this.sim.state.issues.filter(i => i.labels.includes('task'))) {
      result[`#${issue.number} ${issue.title.replace(/\u200b/g, '')}`] = this.status(issue.number)
    }
    return result
  }
}

export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise(resolve => setTimeout(resolve, 5))
  if (!condition()) throw new Error('the awaited request never came')
}

/** What a person sees when the step went wrong: the log. */
export const ok = (o: Outcome) => expect(o.action.exitCode, `${o.action.stdout}\n${o.action.stderr}`).toBe(0)
export const mutations = (o: Outcome) =>
  o.writes.filter(r => r.graphqlType === 'mutation').flatMap(r => r.graphqlFields)
