// Who closed a task issue, end to end (issue 19): dist/index.js under Node 24 against the simulator over HTTP. A post
// lists two tasks; one is closed by each closer GitHub knows (this action, a person, a pull request merged by a person,
// one merged with GITHUB_TOKEN, another workflow, a commit "Fixes #N" pushed to main, the project's own "Auto-close
// issue" workflow), then the next morning's `schedule` and a `push` run.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_TOKENS,
  defaultSeed,
  type RequestLogEntry,
  type Seed,
  type SimIssue
} from '../github-sim/index.js'
import { rest } from '../github-sim/client.js'
import { assertBundled, type ActionRun } from './harness.js'
import { BlogWorld, blogSource, REPOSITORY } from './world.js'

const CONFIG = fileURLToPath(new URL('../fixtures/week/blog/_config.yml', import.meta.url))
/** The client waits 1/SCALE of what GitHub asks, and the simulator's clock runs SCALE times faster. */
const SCALE = 200
const PROJECT_URL = 'https://github.com/users/octo/projects/1'
const COLUMNS = { 'todo-column': '할 일', 'in-progress-column': '진행 중', 'done-column': '완료' }
const MISSION = '스페셜 미션 제출'
const PAPER = '논문 읽기: MobileNetV2'

interface Outcome {
  action: ActionRun
  requests: RequestLogEntry[]
  /** REST writes and GraphQL mutations. */
  writes: RequestLogEntry[]
  moved: number[]
}

/** A post of the daily log: `date` in KST, the tasks under "내일 할 일" (`[x]` for checked ones). */
function post(date: string, tasks: Array<[text: string, checked: boolean]>): string {
  return [
    '---',
    `title: "Day ${date.slice(0, 10)}"`,
    `date: ${date} +0900`,
    '---',
    '## 내일 할 일',
    ...tasks.map(([text, checked]) => `- [${checked ? 'x' : ' '}] ${text}`),
    ''
  ].join('\n')
}

/** A blog checkout, a simulated GitHub with a Korean board, and a clock both agree on. */
class World extends BlogWorld {
  /**
   * `builtIn`: the project's own "Item closed" and "Pull request merged" workflows set 완료 (new projects' default),
   * and its "Auto-close issue" closes an issue whose card is set to 완료.
   */
  static async start(builtIn: boolean): Promise<World> {
    const source = blogSource(CONFIG, '', [], 'jpo-closers-')
    writeFileSync(
      join(source, '_posts', '2026-03-09-day-1.md'),
      post('2026-03-09 23:00:00', [
        [MISSION, false],
        [PAPER, false]
      ])
    )
    const seed: Seed = defaultSeed()
    seed.repo.collaborators = ['hubot']
    seed.projects = [
      {
        owner: 'octo',
        ownerType: 'User',
        number: 1,
        title: 'Blog tasks',
        fields: [{ name: 'Status', options: ['할 일', '진행 중', '완료'] }],
        ...(builtIn
          ? { workflows: { itemClosed: '완료', pullRequestMerged: '완료', autoClose: '완료' } }
          : {})
      }
    ]
    return new World(
      await BlogWorld.parts(source, { now: '2026-03-10T08:00:00+09:00', scale: SCALE, sim: { seed } })
    )
  }

  /** Commits a post into the checkout, as the author's push brings it. */
  writePost(file: string, text: string): void {
    this.commitFile(`_posts/${file}`, text)
  }

  push(): Promise<Outcome> {
    return this.run('push', this.pushPayload())
  }

  schedule(): Promise<Outcome> {
    return this.run('schedule', { schedule: '0 21 * * *' })
  }

  /** An `issues` or `pull_request` event a person caused (events caused with GITHUB_TOKEN start no run). */
  event(name: 'issues' | 'pull_request', action: string, number: number): Promise<Outcome> {
    const subject =
      name === 'issues'
        ? { issue: { number } }
        : { number, pull_request: { number, merged: this.sim.pull(number)!.merged } }
    return this.run(name, { action, ...subject, repository: REPOSITORY, sender: { login: 'octo' } })
  }

  private async run(name: string, payload: Record<string, unknown>): Promise<Outcome> {
    const action = await this.runEvent(name, payload, {
      jobs: 'tasks,board',
      assignees: 'none',
      token: DEFAULT_TOKENS.githubToken,
      project: PROJECT_URL,
      'project-token': DEFAULT_TOKENS.projectPat,
      ...COLUMNS
    })
    expect(action.exitCode, `${name}\n${action.stdout}\n${action.stderr}`).toBe(0)
    const requests = [...this.sim.requests]
    const moved = (action.outputs.moved ?? '').split(',').filter(Boolean).map(Number)
    return { action, requests, writes: requests.filter(r => r.isWrite), moved }
  }

  /** The issues of a task: those with the label and its title (the title's zero-width spaces removed). */
  issuesOf(title: string): SimIssue[] {
    return this.sim.state.issues.filter(
      i => i.labels.includes('task') && i.title.replace(/\u200b/g, '') === title
    )
  }

  /** The one issue of a task (fails when there are more or none). */
  only(title: string): SimIssue {
    const found = this.issuesOf(title)
    expect(found, `issues of ${title}`).toHaveLength(1)
    return found[0]!
  }

  status(number: number): string | null {
    return this.sim.projectStatus(1, number)
  }

  /** A pull request "Closes #N" from a branch of hubot's, ready to merge. */
  async pullFor(issue: number): Promise<number> {
    const branch = `${issue}-mission`
    await this.sim.createBranch(branch)
    await this.sim.commitFiles(branch, { 'mission.md': '미션\n' }, 'mission', 'hubot')
    const pull = await this.sim.openPullRequest({
      head: branch,
      title: '스페셜 미션',
      body: `Closes #${issue}`,
      author: 'hubot'
    })
    return pull.number
  }
}

/** What a run read: `token|project-token operation`, in order. */
const reads = (o: Outcome) =>
  o.requests
    .filter(r => !r.isWrite)
    .map(
      r =>
        `${r.token === DEFAULT_TOKENS.projectPat ? 'project-token' : 'token'} ${r.graphqlOperation ?? r.operationId}`
    )

const writes = (o: Outcome) => o.writes.map(w => `${w.method} ${w.path}`)

interface Closer {
  name: string
  /** Closes the mission's issue #n at 2026-03-10 10:00 KST, as this closer does; runs what GitHub would start. */
  close: (world: World, n: number) => Promise<void>
  /** The tasks summary's words for who closed it. */
  by: (world: World) => string
}

let lastPull = 0
let lastCommit = ''
const CLOSERS: Closer[] = [
  {
    name: 'this action (a later post checks the task)',
    close: async world => {
      world.writePost(
        '2026-03-10-day-2.md',
        post('2026-03-10 09:30:00', [
          [MISSION, true],
          [PAPER, false]
        ])
      )
      const pushed = await world.push()
      expect(pushed.action.outputs.closed).toBeTruthy()
    },
    by: () => 'a post (this action)'
  },
  {
    name: 'a person closes the issue',
    close: async (world, n) => {
      world.sim.closeIssueAsUser(n, 'completed', 'octo')
      await world.event('issues', 'closed', n)
    },
    by: () => '@octo'
  },
  {
    name: 'a pull request "Closes #N" merged by a person',
    close: async (world, n) => {
      lastPull = await world.pullFor(n)
      await world.sim.mergePullRequest(lastPull, { by: 'octo' })
      await world.event('pull_request', 'closed', lastPull)
    },
    by: () => `pull request #${lastPull} (merged by @octo)`
  },
  {
    name: 'a pull request merged with GITHUB_TOKEN (an auto-merge workflow)',
    close: async (world, n) => {
      lastPull = await world.pullFor(n)
      // `gh pr merge` in another workflow: the REST merge with the repository's GITHUB_TOKEN. GitHub starts no
      // workflow run for it (https://docs.github.com/actions/concepts/security/github_token).
      const merged = await rest(
        world.sim,
        DEFAULT_TOKENS.githubToken,
        'PUT',
        `/repos/octo/blog/pulls/${lastPull}/merge`,
        {}
      )
      expect(merged.status).toBe(200)
    },
    by: () => `pull request #${lastPull} (merged by @github-actions)`
  },
  {
    name: 'another workflow closes the issue with GITHUB_TOKEN (a triage bot)',
    close: async (world, n) => {
      const closed = await rest(
        world.sim,
        DEFAULT_TOKENS.githubToken,
        'PATCH',
        `/repos/octo/blog/issues/${n}`,
        {
          state: 'closed'
        }
      )
      expect(closed.status).toBe(200)
    },
    by: () => 'another workflow (github-actions)'
  },
  {
    name: 'a commit "Fixes #N" pushed to main by a person',
    close: async (world, n) => {
      // GitHub closes N when the commit lands on the default branch, the commit as the ClosedEvent's closer and the
      // pusher as actor (https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/using-keywords-in-issues-and-pull-requests).
      const message = `스페셜 미션 제출\n\nFixes #${n}`
      lastCommit = await world.sim.commitFiles('main', { 'mission.md': '미션\n' }, message, 'octo')
      // And starts the push run: the same change in the checkout.
      writeFileSync(join(world.workspace, 'mission.md'), '미션\n')
      world.commitAll(message)
      const pushed = await world.push()
      expect([reads(pushed), writes(pushed)]).toEqual([
        ['project-token JekyllPostOpsManagedIssues', 'project-token BoardResolve'],
        []
      ])
    },
    by: () => `commit ${lastCommit.slice(0, 7)}`
  },
  {
    name: 'the project’s "Auto-close issue" workflow (a person drags the card to 완료)',
    close: async (world, n) => {
      // Closed by GitHub's project automation, the project as closer: not GITHUB_TOKEN, so GitHub starts the
      // `issues` run (https://docs.github.com/actions/concepts/security/github_token).
      world.sim.setProjectStatusAsUser(1, n, '완료', { by: 'octo' })
      const closed = await world.event('issues', 'closed', n)
      expect([reads(closed), writes(closed)]).toEqual([
        ['project-token JekyllPostOpsManagedIssues', 'project-token BoardResolve'],
        []
      ])
    },
    by: () => "a project's workflow"
  }
]

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  assertBundled('e2e')
})

/** The two issues opened by the first push: the mission's (to be closed) and the paper's (left open). */
async function opened(w: World): Promise<{ mission: number; paper: number }> {
  const first = await w.push()
  expect(first.action.outputs.created?.split(',')).toHaveLength(2)
  const mission = w.only(MISSION).number
  const paper = w.only(PAPER).number
  expect([w.status(mission), w.status(paper)]).toEqual(['할 일', '할 일'])
  return { mission, paper }
}

describe('closers: a closed task stays closed through the next schedule and push', () => {
  it.each(CLOSERS.map(c => [c.name, c] as const))('%s', async (_name, closer) => {
    world = await World.start(true)
    const { mission, paper } = await opened(world)
    world.clock.at('2026-03-10T10:00:00+09:00')
    await closer.close(world, mission)
    expect(world.sim.issue(mission)!.state).toBe('closed')
    expect(world.status(mission)).toBe('완료')

    // The next morning, then the author's next post (it lists the paper, not the mission): the post that listed the
    // mission unchecked is older than the close, so nothing is reopened, reissued or moved.
    world.clock.at('2026-03-11T06:00:00+09:00')
    const scheduled = await world.schedule()
    world.clock.at('2026-03-11T21:00:00+09:00')
    world.writePost('2026-03-11-day-3.md', post('2026-03-11 20:00:00', [[PAPER, false]]))
    const pushed = await world.push()
    // The schedule writes nothing; the push only points the paper's issue at the post that lists it now.
    expect(writes(scheduled), scheduled.action.stdout).toEqual([])
    expect(writes(pushed), pushed.action.stdout).toEqual([`PATCH /repos/octo/blog/issues/${paper}`])
    for (const [run, outcome] of [
      ['schedule', scheduled],
      ['push', pushed]
    ] as const) {
      expect(outcome.moved, run).toEqual([])
      expect(outcome.action.summary, run).toContain(`Closed task issues: #${mission} by ${closer.by(world)}.`)
      // One read of the task issues (with who closed them: no request more), shared by tasks and board.
      expect(reads(outcome), run).toEqual([
        'project-token JekyllPostOpsManagedIssues',
        'project-token BoardResolve'
      ])
    }
    const issue = world.only(MISSION)
    expect([issue.number, issue.state, issue.stateReason]).toEqual([mission, 'closed', 'completed'])
    expect(world.only(PAPER).state).toBe('open')
    expect([world.status(mission), world.status(paper)]).toEqual(['완료', '할 일'])
  })

  it('a pull request merged with GITHUB_TOKEN on a board without its own workflows: the schedule moves the card to 완료 once', async () => {
    world = await World.start(false)
    const { mission, paper } = await opened(world)
    world.clock.at('2026-03-10T10:00:00+09:00')
    await CLOSERS[3]!.close(world, mission)
    expect(world.status(mission)).toBe('할 일')
    world.clock.at('2026-03-11T06:00:00+09:00')
    const scheduled = await world.schedule()
    expect(scheduled.moved).toEqual([mission])
    expect(world.status(mission)).toBe('완료')
    world.clock.at('2026-03-11T21:00:00+09:00')
    world.writePost('2026-03-11-day-3.md', post('2026-03-11 20:00:00', [[PAPER, false]]))
    const pushed = await world.push()
    expect(writes(pushed)).toEqual([`PATCH /repos/octo/blog/issues/${paper}`])
    expect(pushed.moved).toEqual([])
    const issue = world.only(MISSION)
    expect([issue.state, issue.stateReason, world.status(mission)]).toEqual(['closed', 'completed', '완료'])
  })
})

describe('closers: a post written after the close lists the task unchecked again', () => {
  it.each(CLOSERS.map(c => [c.name, c] as const))('%s', async (_name, closer) => {
    world = await World.start(true)
    const { mission } = await opened(world)
    world.clock.at('2026-03-10T10:00:00+09:00')
    await closer.close(world, mission)
    world.clock.at('2026-03-11T06:00:00+09:00')
    await world.schedule()

    world.clock.at('2026-03-11T21:00:00+09:00')
    world.writePost(
      '2026-03-11-day-3.md',
      post('2026-03-11 20:00:00', [
        [MISSION, false],
        [PAPER, false]
      ])
    )
    const pushed = await world.push()
    const issues = world.issuesOf(MISSION)
    const paper = world.only(PAPER).number
    if (closer === CLOSERS[0]) {
      // One create, the paper's issue pointed at the new post, the new card added and set to 할 일.
      expect(writes(pushed), pushed.action.stdout).toEqual([
        'POST /repos/octo/blog/issues',
        `PATCH /repos/octo/blog/issues/${paper}`,
        'POST /graphql',
        'POST /graphql'
      ])
      // Checked by a post, then listed again: that closes one issue and opens the next (DESIGN, task semantics).
      expect(issues.map(i => [i.number === mission, i.state])).toEqual([
        [true, 'closed'],
        [false, 'open']
      ])
      expect(pushed.action.outputs.created).toBe(String(issues[1]!.number))
      expect(world.status(issues[1]!.number)).toBe('할 일')
    } else {
      // Closed by someone else: reopened, never reissued, with a comment saying why (DESIGN, identity on GitHub);
      // then both issues pointed at the new post and the card moved back (the reopen carries its new body: one PATCH).
      expect(writes(pushed), pushed.action.stdout).toEqual([
        `PATCH /repos/octo/blog/issues/${mission}`,
        `POST /repos/octo/blog/issues/${mission}/comments`,
        `PATCH /repos/octo/blog/issues/${paper}`,
        'POST /graphql'
      ])
      expect(issues.map(i => [i.number, i.state, i.stateReason])).toEqual([[mission, 'open', 'reopened']])
      expect(world.sim.issue(mission)!.body).toContain('2026-03-11-day-3')
      expect(pushed.action.outputs.created ?? '').toBe('')
      expect(world.sim.state.comments.filter(c => c.issueNumber === mission).at(-1)?.author).toBe(
        'github-actions[bot]'
      )
      expect(world.status(mission)).toBe('할 일')
    }
    // And the morning after, nothing more.
    world.clock.at('2026-03-12T06:00:00+09:00')
    const again = await world.schedule()
    expect(again.writes, again.action.stdout).toEqual([])
    expect(world.issuesOf(MISSION)).toHaveLength(closer === CLOSERS[0] ? 2 : 1)
  })
})
