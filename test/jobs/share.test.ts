// One read of the task issues for the tasks and board jobs of a run: src/main.ts's run in-process against the
// simulator, every request counted with the token that made it; closes judged against the token that closes.
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_TOKENS } from '../github-sim/index.js'
import { Blog, boardReadItself, DAY, planOf, post, requestsOf, type Run } from './share-blog.js'

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
        ['reopen', 1], // with the body that now links the later post: one request
        ['comment', 1]
      ])
      expect(blog.sim.issue(1)!.body).toContain('2026-03-10')
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
