// The board job end to end (dist/index.js under Node 24, the simulator over HTTP): a board whose columns are named
// in Korean, in the inputs or only in the configuration file, and the errors a person can act on.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TOKENS } from '../github-sim/index.js'
import { assertBundled } from './harness.js'
import { MISSION, ok, World } from './board-world.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  assertBundled('e2e')
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
