// The board job end to end: dist/index.js under Node 24, as the runner starts it, against the GitHub simulator
// over HTTP. Posts from the week fixture (test/fixtures/week) open task issues; people branch, open pull requests,
// merge and drag cards; each event runs the action, and the simulated Projects v2 board is read back.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_TOKENS,
  defaultSeed,
  type RequestLogEntry,
  type Seed,
  type SeedProjectField
} from '../github-sim/index.js'
import { DIST, type ActionRun } from './harness.js'
import { BlogWorld, blogSource, REPOSITORY, type Payload } from './world.js'

const WEEK = fileURLToPath(new URL('../fixtures/week/', import.meta.url))
const POSTS = join(WEEK, 'blog', '_posts')
/** The client waits 1/SCALE of what GitHub asks, and the simulator's clock runs SCALE times faster. */
const SCALE = 200
const PROJECT_URL = 'https://github.com/users/octo/projects/1'
const MISSION = '스페셜 미션 제출'
const PAPER = '논문 읽기: MobileNetV2'
const LECTURE = '강의 수강 및 정리'

interface Outcome {
  action: ActionRun
  requests: RequestLogEntry[]
  /** REST writes and GraphQL mutations. */
  writes: RequestLogEntry[]
  /** Numbers in the `moved` output. */
  moved: number[]
}

/** A blog checkout, a simulated GitHub with a project board, and a clock both agree on. */
class World extends BlogWorld {
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

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise(resolve => setTimeout(resolve, 5))
  if (!condition()) throw new Error('the awaited request never came')
}

/** What a person sees when the step went wrong: the log. */
const ok = (o: Outcome) => expect(o.action.exitCode, `${o.action.stdout}\n${o.action.stderr}`).toBe(0)
const mutations = (o: Outcome) =>
  o.writes.filter(r => r.graphqlType === 'mutation').flatMap(r => r.graphqlFields)

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run bundle\` before the e2e tests`)
})

describe('board: the life of a task on the board', () => {
  it('post -> Todo; branch 12-… -> In Progress and assigned; PR "Closes #12" -> In Progress; merge -> Done; reruns move nothing', async () => {
    world = await World.start()
    const posted = await world.push()
    ok(posted)
    const mission = world.numberOf(MISSION)
    expect(Object.values(world.board())).toEqual(['Todo', 'Todo', 'Todo'])
    expect(posted.moved).toHaveLength(3)
    // Three issues added in one request and their Status set in one more.
    expect(mutations(posted).filter(f => f === 'addProjectV2ItemById')).toHaveLength(3)
    expect(posted.writes.filter(r => r.graphqlType === 'mutation')).toHaveLength(2)
    expect(posted.action.summary).toContain('| Issue | From | To | Why |')

    const branch = `${mission}-special-mission`
    world.clock.at('2026-03-10T10:00:00+09:00')
    await world.sim.createBranch(branch)
    const created = await world.branchCreated(branch)
    ok(created)
    expect(world.status(mission)).toBe('In Progress')
    expect(world.sim.issue(mission)!.assignees).toEqual(['hubot'])
    expect(created.moved).toEqual([mission])
    expect(created.action.stdout).toContain(`#${mission} assigned to hubot, who created ${branch}`)

    await world.sim.commitFiles(branch, { 'notes.md': '미션\n' }, 'mission work', 'hubot')
    const pull = await world.sim.openPullRequest({
      head: branch,
      title: '스페셜 미션',
      body: `Closes #${mission}`,
      author: 'hubot'
    })
    const opened = await world.pullRequest('opened', pull.number)
    ok(opened)
    expect(world.status(mission)).toBe('In Progress')
    expect(opened.moved).toEqual([])
    expect(mutations(opened)).toEqual([])

    await world.sim.mergePullRequest(pull.number, { by: 'octo' })
    expect(world.sim.issue(mission)!.state).toBe('closed')
    const merged = await world.pullRequest('closed', pull.number)
    ok(merged)
    expect(world.status(mission)).toBe('Done')
    expect(merged.moved).toEqual([mission])
    expect(merged.action.summary).toMatch(
      new RegExp(`#${mission}\\].*\\| In Progress \\| Done \\| closed as completed \\|`)
    )

    // The same events again, and a schedule: nothing left to move.
    for (const again of [
      await world.pullRequest('closed', pull.number),
      await world.branchCreated(branch),
      await world.schedule()
    ]) {
      ok(again)
      expect(
        again.writes.map(w => `${w.method} ${w.path} ${w.graphqlFields.join(',')}`),
        again.action.stdout
      ).toEqual([])
    }
    expect(Object.values(world.board()).sort()).toEqual(['Done', 'Todo', 'Todo'])
  })

  it('the same through a branch GitHub links to the issue (any name), even when the link is recorded after the event', async () => {
    world = await World.start()
    ok(await world.push())
    const mission = world.numberOf(MISSION)

    // The create event arrives before GitHub records the link: the job finds no link in its first read of the task
    // issues, waits, reads again and finds it. (Waits here are 1/4 of real ones, so the link lands inside the first.)
    await world.sim.createBranch('mission-work')
    const sim = world.sim
    const running = world.branchCreated('mission-work', 'octo', {}, 4)
    await until(() =>
      sim.requests.some(r => r.graphqlOperation === 'JekyllPostOpsManagedIssues' && r.status !== 0)
    )
    await sim.linkBranchToIssue(mission, 'mission-work')
    const created = await running
    ok(created)
    expect(created.action.stdout).toContain('is linked to no task issue yet; reading again')
    expect(world.status(mission)).toBe('In Progress')
    expect(world.sim.issue(mission)!.assignees).toEqual(['octo'])

    await world.sim.commitFiles('mission-work', { 'mission.md': '미션\n' }, 'mission work', 'octo')
    const pull = await world.sim.openPullRequest({
      head: 'mission-work',
      title: 'mission',
      body: `Fixes #${mission}`,
      author: 'octo'
    })
    ok(await world.pullRequest('opened', pull.number))
    expect(world.status(mission)).toBe('In Progress')
    await world.sim.mergePullRequest(pull.number)
    const merged = await world.pullRequest('closed', pull.number)
    ok(merged)
    expect(world.status(mission)).toBe('Done')
  })

  it('a branch that is for no task issue moves nothing and assigns nobody, after a bounded wait', async () => {
    world = await World.start()
    ok(await world.push())
    await world.sim.createBranch('docs-typo')
    const created = await world.branchCreated('docs-typo')
    ok(created)
    expect(created.action.stdout).toContain('branch docs-typo is for no open task issue')
    expect(created.writes).toEqual([])
    expect(Object.values(world.board())).toEqual(['Todo', 'Todo', 'Todo'])
  })

  it('a PR closed without merge sends the issue back to Todo, unless another branch or PR still holds it', async () => {
    world = await World.start()
    ok(await world.push())
    const mission = world.numberOf(MISSION)
    const paper = world.numberOf(PAPER)

    await world.sim.createBranch('try-one')
    await world.sim.commitFiles('try-one', { 'a.md': 'a\n' }, 'try one')
    const first = await world.sim.openPullRequest({
      head: 'try-one',
      title: 'try',
      body: `Closes #${mission}\nResolves #${paper}`
    })
    ok(await world.pullRequest('opened', first.number))
    expect([world.status(mission), world.status(paper)]).toEqual(['In Progress', 'In Progress'])

    // Another branch named for the mission holds it when the PR is closed; the paper goes back to Todo.
    await world.sim.createBranch(`${mission}-second-try`)
    world.sim.closePullRequest(first.number)
    const closed = await world.pullRequest('closed', first.number)
    ok(closed)
    expect(closed.moved).toEqual([paper])
    expect([world.status(mission), world.status(paper)]).toEqual(['In Progress', 'Todo'])
    expect(closed.action.summary).toContain('| In Progress | Todo | no branch or open PR |')

    await world.sim.deleteBranch(`${mission}-second-try`)
    const swept = await world.schedule()
    ok(swept)
    expect(swept.moved).toEqual([mission])
    expect(world.status(mission)).toBe('Todo')
  })

  it('a ready PR goes to In Review when the board has that column; a draft stays In Progress', async () => {
    world = await World.start({ statusOptions: ['Todo', 'In Progress', 'In Review', 'Done'] })
    const inputs = { 'in-review-column': 'In Review' }
    ok(await world.push(inputs))
    const mission = world.numberOf(MISSION)
    await world.sim.createBranch('draft-work')
    await world.sim.commitFiles('draft-work', { 'b.md': 'b\n' }, 'b')
    const pull = await world.sim.openPullRequest({
      head: 'draft-work',
      title: 'wip',
      body: `Closes #${mission}`,
      draft: true
    })
    ok(await world.pullRequest('opened', pull.number, inputs))
    expect(world.status(mission)).toBe('In Progress')
    world.sim.pull(pull.number)!.draft = false
    ok(await world.pullRequest('ready_for_review', pull.number, inputs))
    expect(world.status(mission)).toBe('In Review')
  })

  it('a post that checks the task closes the issue and moves it to Done in the same run; new tasks come in as Todo', async () => {
    world = await World.start()
    ok(await world.push())
    const paper = world.numberOf(PAPER)
    const lecture = world.numberOf(LECTURE)

    world.clock.at('2026-03-11T09:00:00+09:00')
    world.commitPost('2026-03-10-day-016.md', POSTS)
    const next = await world.push()
    ok(next)
    expect(world.sim.issue(paper)!.state).toBe('closed')
    expect([world.status(paper), world.status(lecture)]).toEqual(['Done', 'Done'])
    const newLecture = world.numberOf(LECTURE)
    expect(world.status(newLecture)).toBe('Todo')
    expect(next.moved).toEqual(expect.arrayContaining([paper, lecture, newLecture]))

    const rerun = await world.push()
    ok(rerun)
    expect(rerun.writes).toEqual([])
  })

  it('closed as not planned follows not-planned; reopened goes back to Todo', async () => {
    world = await World.start()
    ok(await world.push())
    const paper = world.numberOf(PAPER)
    world.sim.closeIssueAsUser(paper, 'not_planned')
    ok(await world.issues('closed', paper, { 'not-planned': 'todo' }))
    expect(world.status(paper)).toBe('Todo')
    ok(await world.issues('closed', paper))
    expect(world.status(paper)).toBe('Done')
    world.sim.reopenIssueAsUser(paper)
    const reopened = await world.issues('reopened', paper)
    ok(reopened)
    expect(world.status(paper)).toBe('Todo')
    expect(reopened.action.summary).toContain('reopened, no branch or open PR')
  })
})

describe('board: schedule repairs drift, and never touches items that are not its own', () => {
  it('moves dragged cards back, leaves a person’s issue alone, and a rerun makes no mutation', async () => {
    world = await World.start()
    ok(await world.push())
    const mission = world.numberOf(MISSION)
    const paper = world.numberOf(PAPER)
    const mine = world.sim.createIssueAsUser({ title: 'my own note', labels: ['task'] })
    world.sim.addToProjectAsUser(1, mine.number, 'Done')
    world.sim.setProjectStatusAsUser(1, mission, 'Done')
    world.sim.setProjectStatusAsUser(1, paper, 'In Progress')

    // An issue event about some other issue does not sweep the board...
    const other = await world.issues('labeled', mine.number)
    ok(other)
    expect(other.writes).toEqual([])
    // ...the schedule does; with dry-run it only says what it would move.
    const dry = await world.schedule({ 'dry-run': 'true' })
    ok(dry)
    expect(dry.writes).toEqual([])
    expect(dry.moved).toEqual([])
    expect(dry.action.summary).toContain('Dry run: these moves would be made.')
    expect(dry.action.stdout).toContain(
      `board (dry run): would move #${mission} Done -> Todo (no branch or open PR)`
    )
    const swept = await world.schedule()
    ok(swept)
    expect(swept.moved).toEqual([mission, paper].sort((a, b) => a - b))
    expect([world.status(mission), world.status(paper), world.status(mine.number)]).toEqual([
      'Todo',
      'Todo',
      'Done'
    ])
    expect(swept.writes.filter(r => r.graphqlType === 'mutation')).toHaveLength(1)
    expect(mutations(swept)).toEqual(['updateProjectV2ItemFieldValue', 'updateProjectV2ItemFieldValue'])

    const rerun = await world.schedule()
    ok(rerun)
    expect(rerun.writes).toEqual([])
    expect(rerun.action.summary).toContain('Nothing to move')
  })
})

describe('board: what a run costs', () => {
  it.each([
    ['a push', (w: World) => w.push()],
    ['the nightly schedule', (w: World) => w.schedule()]
  ])(
    "%s with nothing changed: one read of the task issues, shared by tasks and board (with the project token), and the board's project",
    async (_name, again) => {
      world = await World.start()
      ok(await world.push())
      const rerun = await again(world)
      ok(rerun)
      expect(rerun.writes).toEqual([])
      expect(
        rerun.requests.map(
          r => `${r.token === DEFAULT_TOKENS.projectPat ? 'project-token' : 'token'} ${r.graphqlOperation}`
        )
      ).toEqual(['project-token JekyllPostOpsManagedIssues', 'project-token BoardResolve'])
    }
  )
})

describe('board: failures are reported, never called success', () => {
  it('a refused mutation fails the step and names the issue; a transient 502 is retried; the next run repairs', async () => {
    world = await World.start()
    ok(await world.push())
    const mission = world.numberOf(MISSION)
    world.sim.setProjectStatusAsUser(1, mission, 'Done')

    world.sim.faults.add({
      match: { mutationName: 'updateProjectV2ItemFieldValue', times: 'always' },
      fault: { kind: 'graphql-error' }
    })
    const refused = await world.schedule()
    expect(refused.action.exitCode).toBe(1)
    expect(refused.moved).toEqual([])
    expect(world.status(mission)).toBe('Done')
    const errors = refused.action.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^board: setting #${mission} to 'Todo' failed: Something went wrong while executing your query`
        )
      )
    )
    expect(refused.action.summary).toContain('| **failed**: Todo |')

    world.sim.faults.clear()
    world.sim.faults.add({
      match: { mutationName: 'updateProjectV2ItemFieldValue' },
      fault: { kind: 'status', status: 502 }
    })
    const retried = await world.schedule()
    ok(retried)
    expect(retried.moved).toEqual([mission])
    expect(world.status(mission)).toBe('Todo')
    expect(
      retried.requests
        .filter(r => r.graphqlFields.includes('updateProjectV2ItemFieldValue'))
        .map(r => r.status)
    ).toEqual([502, 200])
  })
})

describe('board: a board in Korean', () => {
  it('uses the column names given as inputs', async () => {
    world = await World.start({ statusOptions: ['할 일', '진행 중', '완료'] })
    const inputs = { 'todo-column': '할 일', 'in-progress-column': '진행 중', 'done-column': '완료' }
    ok(await world.push(inputs))
    const mission = world.numberOf(MISSION)
    expect(Object.values(world.board())).toEqual(['할 일', '할 일', '할 일'])
    await world.sim.createBranch(`issue-${mission}`)
    ok(await world.branchCreated(`issue-${mission}`, 'hubot', inputs))
    expect(world.status(mission)).toBe('진행 중')
    world.sim.closeIssueAsUser(mission)
    const closed = await world.issues('closed', mission, inputs)
    ok(closed)
    expect(world.status(mission)).toBe('완료')
    expect(closed.action.summary).toContain('| 진행 중 | 완료 | closed as completed |')
  })
})

describe('board: a board in Korean, configured only in the file', () => {
  const CONFIG = 'todo-column: 할 일\nin-progress-column: 진행 중\ndone-column: 완료\n'

  it('uses the columns of .github/jekyll-post-ops.yml when the workflow names none', async () => {
    world = await World.start({ statusOptions: ['Todo', 'In Progress', 'Done', '할 일', '진행 중', '완료'] })
    world.commitFile('.github/jekyll-post-ops.yml', CONFIG)
    ok(await world.push())
    const mission = world.numberOf(MISSION)
    expect(Object.values(world.board())).toEqual(['할 일', '할 일', '할 일'])
    await world.sim.createBranch(`issue-${mission}`)
    ok(await world.branchCreated(`issue-${mission}`, 'hubot'))
    expect(world.status(mission)).toBe('진행 중')
  })

  it('a column given in the workflow beats the file', async () => {
    world = await World.start({ statusOptions: ['Todo', 'In Progress', 'Done', '할 일', '진행 중', '완료'] })
    world.commitFile('.github/jekyll-post-ops.yml', CONFIG)
    ok(await world.push({ 'todo-column': 'Todo' }))
    expect(Object.values(world.board())).toEqual(['Todo', 'Todo', 'Todo'])
  })
})

describe('board: errors a person can act on', () => {
  it.each<[string, Record<string, string>, string]>([
    [
      'project not found',
      { project: 'https://github.com/users/octo/projects/9' },
      "board: Input 'project': https://github.com/users/octo/projects/9 was not found, or 'project-token' cannot see it. Check the user 'octo' and the number 9 in the URL"
    ],
    [
      'missing project scope',
      { 'project-token': DEFAULT_TOKENS.repoOnlyPat },
      "board: Input 'project-token': the token lacks the 'project' scope that Projects v2 need"
    ],
    [
      'GITHUB_TOKEN as project token',
      { 'project-token': DEFAULT_TOKENS.githubToken },
      "'project-token' is an installation token (the workflow's GITHUB_TOKEN or a GitHub App's): neither can reach a user's project; use a classic PAT with the 'project' scope."
    ],
    [
      'a column that is not an option',
      { 'in-progress-column': 'Doing' },
      "board: Input 'in-progress-column': 'Doing' is not an option of the field 'Status' of the project 'Blog tasks' (https://github.com/users/octo/projects/1); its options are 'Todo', 'In Progress', 'Done'."
    ],
    [
      'a missing Status field',
      { 'status-field': 'Stage' },
      "board: Input 'status-field': the project 'Blog tasks' (https://github.com/users/octo/projects/1) has no single-select field 'Stage'; its single-select fields are 'Status'."
    ]
  ])('%s: the step fails with the reason, and nothing is written', async (_name, inputs, message) => {
    world = await World.start()
    const run = await world.schedule({ jobs: 'board', ...inputs })
    expect(run.action.exitCode).toBe(1)
    const errors = run.action.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(
      errors.some(e => e.startsWith('board: ') && e.includes(message)),
      errors.join('\n')
    ).toBe(true)
    expect(run.writes).toEqual([])
    expect(run.requests.length).toBe(1)
  })

  it('without project-token the job is skipped with one line, and the rest of the run goes on', async () => {
    world = await World.start()
    const run = await world.push({ 'project-token': '' })
    ok(run)
    expect(run.action.stdout).toContain(
      "board: skipped: no 'project-token' input; GITHUB_TOKEN cannot reach Projects v2"
    )
    expect(world.sim.state.issues.filter(i => i.labels.includes('task'))).toHaveLength(3)
    expect(run.requests.every(r => r.token !== DEFAULT_TOKENS.projectPat)).toBe(true)
  })
})

/** A study board: a Date, an Iteration (Mondays, the blog's weeks) and a Text field besides Status. */
const STUDY_FIELDS: SeedProjectField[] = [
  { name: 'Due', type: 'date' },
  {
    name: 'Week',
    type: 'iteration',
    iterations: [
      { title: 'Week 02', startDate: '2026-03-02' },
      { title: 'Week 03', startDate: '2026-03-09' },
      { title: 'Week 04', startDate: '2026-03-16' }
    ]
  },
  { name: 'Post', type: 'text' }
]
const FIELD_INPUTS = { 'due-field': 'Due', 'week-field': 'Week', 'post-field': 'Post' }
const DAYS = [
  '2026-03-09-day-015.md',
  '2026-03-10-day-016.md',
  '2026-03-11-day-017.md',
  '2026-03-12-day-018.md',
  '2026-03-14-day-019.md',
  '2026-03-14-day-020.md',
  '2026-03-15-day-021.md'
]

/** Every task issue's card as a person reads it: Status, Due, Week, Post. */
function cards(
  w: World
): Record<string, [string | null, string | number | null, string | number | null, string | number | null]> {
  const out: ReturnType<typeof cards> = {}
  for (const issue of w.sim.state.issues.filter(i => i.labels.includes('task'))) {
    const v = (field: string) => w.sim.projectValue(1, issue.number, field)
    out[issue.title.replace(/\u200b/g, '')] = [w.status(issue.number), v('Due'), v('Week'), v('Post')]
  }
  return out
}

describe('board: the board as a study planner (due date, week, post URL)', () => {
  it('a week of posts gives each card the action adds its due date, iteration and post URL, in the same mutations as Status', async () => {
    world = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00', fields: STUDY_FIELDS })
    const day = (file: string) => `https://devlog.example.com/posts/${file.slice(11, -3)}/`
    world.commitPost(DAYS[0]!, POSTS)
    const first = await world.push(FIELD_INPUTS)
    ok(first)
    // Without fields this push costs the same: one BoardAdd, one BoardMove (the values ride in it as aliases).
    expect(first.writes.filter(r => r.graphqlType === 'mutation').map(r => r.graphqlOperation)).toEqual([
      'BoardAdd',
      'BoardMove'
    ])
    expect(mutations(first).filter(f => f === 'updateProjectV2ItemFieldValue')).toHaveLength(3 * 4)
    expect(cards(world)).toEqual({
      [LECTURE]: ['Todo', '2026-03-10', 'Week 03', day(DAYS[0]!)],
      [MISSION]: ['Todo', '2026-03-10', 'Week 03', day(DAYS[0]!)],
      [PAPER]: ['Todo', '2026-03-10', 'Week 03', day(DAYS[0]!)]
    })
    expect(first.action.summary).toContain('| Todo · Due 2026-03-10 · Week Week 03 |')

    for (const [i, file] of DAYS.slice(1).entries()) {
      world.clock.at(`2026-03-${String(10 + i).padStart(2, '0')}T23:59:00+09:00`)
      world.commitPost(file, POSTS)
      ok(await world.push(FIELD_INPUTS))
    }
    const after = cards(world)
    // Carried tasks keep their first due date and post; a task under today is due that day; Sunday's tomorrow is Week 04.
    expect(after[MISSION]).toEqual(['Done', '2026-03-10', 'Week 03', day(DAYS[0]!)])
    expect(after['Docker 이미지 용량 줄이기']).toEqual(['Todo', '2026-03-13', 'Week 03', day(DAYS[3]!)])
    expect(after['포트폴리오 README 정리']).toEqual(['Todo', '2026-03-15', 'Week 03', day(DAYS[4]!)])
    expect(after['주간 회고 작성']).toEqual(['Todo', '2026-03-16', 'Week 04', day(DAYS[6]!)])
    for (const [title, [, due, week, post]] of Object.entries(after))
      expect([due, week, post], title).not.toContain(null)

    const rerun = await world.schedule(FIELD_INPUTS)
    ok(rerun)
    expect(rerun.writes).toEqual([])
  })

  it('a card a person added keeps its fields as they are; the others get theirs; the count of mutations stays two', async () => {
    world = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00', fields: STUDY_FIELDS })
    world.commitPost(DAYS[0]!, POSTS)
    ok(await world.push({ jobs: 'tasks' }))
    const paper = world.numberOf(PAPER)
    world.sim.addToProjectAsUser(1, paper, 'In Progress')
    const run = await world.schedule(FIELD_INPUTS)
    ok(run)
    expect(run.writes.filter(r => r.graphqlType === 'mutation').map(r => r.graphqlOperation)).toEqual([
      'BoardAdd',
      'BoardMove'
    ])
    const now = cards(world)
    expect(now[PAPER]).toEqual(['Todo', null, null, null])
    expect(now[MISSION]?.slice(1, 3)).toEqual(['2026-03-10', 'Week 03'])
    expect(run.action.stdout).not.toContain(`#${paper}: `)
  })

  it('a push adding three tasks costs the same requests with the three fields as without them', async () => {
    const pushOnce = async (inputs: Record<string, string>) => {
      const w = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00', fields: STUDY_FIELDS })
      try {
        w.commitPost(DAYS[0]!, POSTS)
        const run = await w.push(inputs)
        ok(run)
        const list = run.requests.map(r => r.graphqlOperation ?? `${r.method} ${r.operationId}`)
        return { list, cards: Object.values(cards(w)).map(c => c.slice(1)), fields: mutations(run).length }
      } finally {
        await w.close()
      }
    }
    const plain = await pushOnce({})
    const planner = await pushOnce(FIELD_INPUTS)
    expect(planner.list).toEqual(plain.list)
    expect(plain.list.filter(op => op === 'BoardAdd' || op === 'BoardMove')).toEqual([
      'BoardAdd',
      'BoardMove'
    ])
    expect([plain.fields, planner.fields]).toEqual([3 + 3, 3 + 3 * 4])
    expect(plain.cards).toEqual(Array(3).fill([null, null, null]))
  })

  it('a named field that is missing or of the wrong type fails the step, listing the fields and their types', async () => {
    world = await World.start({ fields: STUDY_FIELDS })
    const run = await world.schedule({ jobs: 'board', 'due-field': 'Post', 'week-field': 'Sprint' })
    expect(run.action.exitCode).toBe(1)
    const errors = run.action.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors.join('\n')).toContain(
      "Input 'due-field': the field 'Post' of the project 'Blog tasks' (https://github.com/users/octo/projects/1) is of type text, and the input needs a Date field; " +
        "Input 'week-field': the project 'Blog tasks' (https://github.com/users/octo/projects/1) has no field 'Sprint' (it needs an Iteration, single-select or Text field). " +
        "Its fields and their types: 'Title' (title), 'Assignees' (assignees), 'Labels' (labels), 'Linked pull requests' (linked_pull_requests), 'Milestone' (milestone), 'Repository' (repository), 'Reviewers' (reviewers), 'Status' (single_select), 'Due' (date), 'Week' (iteration), 'Post' (text)."
    )
    expect(run.writes).toEqual([])
  })
})

describe('tasks: nested tasks as sub-issues', () => {
  it('nested task items open sub-issues under the right parent and close when checked; a rerun writes nothing', async () => {
    world = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00' })
    const inputs = { jobs: 'tasks', 'nested-tasks': 'sub-issues' }
    const subIssuesOf = (n: number) => world!.sim.issue(n)!.subIssues.map(c => world!.sim.issue(c)!.title)
    world.commitPost(DAYS[0]!, POSTS)
    const first = await world.push(inputs)
    ok(first)
    const mission = world.numberOf(MISSION)
    expect(subIssuesOf(mission)).toEqual(['데이터 전처리', '베이스라인 학습'])
    const posts = first.writes.filter(r => r.operationId === 'issues/add-sub-issue')
    expect(posts).toHaveLength(2)
    expect(world.sim.issue(world.numberOf(LECTURE))!.subIssues).toEqual([])

    world.clock.at('2026-03-10T23:59:00+09:00')
    world.commitPost(DAYS[1]!, POSTS)
    const second = await world.push(inputs)
    ok(second)
    expect(world.sim.issue(world.numberOf('데이터 전처리', 'closed'))!.parent).toBe(mission)
    expect(second.writes.filter(r => r.operationId === 'issues/add-sub-issue')).toHaveLength(0)

    world.clock.at('2026-03-11T23:59:00+09:00')
    world.commitPost(DAYS[2]!, POSTS)
    const third = await world.push(inputs)
    ok(third)
    expect(world.numberOf('베이스라인 학습', 'closed')).toBeGreaterThan(0)
    expect(subIssuesOf(mission)).toEqual(['데이터 전처리', '베이스라인 학습', '제출 양식 맞추기'])
    expect(third.writes.filter(r => r.operationId === 'issues/add-sub-issue')).toHaveLength(1)

    const rerun = await world.push(inputs)
    ok(rerun)
    expect(rerun.writes).toEqual([])
  })
})
