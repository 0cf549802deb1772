// The board job end to end: dist/index.js under Node 24, as the runner starts it, against the GitHub simulator
// over HTTP. Posts from the week fixture (test/fixtures/week) open task issues; people branch, open pull requests,
// merge and drag cards; each event runs the action, and the simulated Projects v2 board is read back.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TOKENS } from '../github-sim/index.js'
import { assertBundled } from './harness.js'
import { DAYS, LECTURE, MISSION, mutations, ok, PAPER, POSTS, until, World } from './board-world.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  assertBundled('e2e')
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
