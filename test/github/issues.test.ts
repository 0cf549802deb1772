// The GitHub layer of the tasks job: its GraphQL documents against GitHub's published schema, and, against the
// simulator over HTTP, the read model (one paginated query) and the writes (creates never duplicated).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { buildSchema, parse, validate } from 'graphql'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { applyOperations, readAfterWrites } from '../../src/github/issues/apply.js'
import { type ApplyOptions } from '../../src/github/issues/writes.js'
import { writeTasks } from '../../src/jobs/task-writes.js'
import { CLOSE_BATCH, CLOSE_CHECK_QUERY, closeMutation } from '../../src/github/issues/close.js'
import { describeCloser, sameLogin } from '../../src/github/issues/closer.js'
import { ensureLabel } from '../../src/github/issues/labels.js'
import { findCreatedIssue } from '../../src/github/issues/create.js'
import { IssueWritePermissionError } from '../../src/github/errors.js'
import { MANAGED_ISSUES_QUERY, RECENT_ISSUES_QUERY } from '../../src/github/issues/query.js'
import { managedIssuesPart, readManagedIssues } from '../../src/github/issues/read.js'
import type { RemoteIssue } from '../../src/github/model.js'
import type { GitHubClient } from '../../src/github/client.js'
import { resolveBoard } from '../../src/github/board.js'
import { combineParts, factsOfRemote, repoPart } from '../../src/github/links.js'
import { CLOSED_MARKER, markerLine } from '../../src/plan/marker.js'
import type { Operation } from '../../src/plan/reconcile.js'
import { DEFAULT_TOKENS, startSimulator, type Simulator } from '../github-sim/index.js'

const schema = buildSchema(readFileSync('node_modules/@octokit/graphql-schema/schema.graphql', 'utf8'), {
  assumeValidSDL: true
})

describe('GraphQL documents', () => {
  it.each([
    ['managed issues', MANAGED_ISSUES_QUERY],
    ['recent issues (the re-read after a failed create)', RECENT_ISSUES_QUERY],
    [
      'closes with comments, a duplicate, and a comment alone',
      closeMutation([
        { issueId: 'I_1', close: true, reason: 'COMPLETED', duplicateOf: null, comment: 'done' },
        { issueId: 'I_2', close: true, reason: 'DUPLICATE', duplicateOf: 'I_1', comment: 'dup' },
        { issueId: 'I_3', close: false, reason: 'COMPLETED', duplicateOf: null, comment: 'late' }
      ]).query
    ],
    ['the read after a close request whose answer was lost', CLOSE_CHECK_QUERY]
  ])('%s is valid against GitHub’s schema', (_name, document) => {
    expect(validate(schema, parse(document)).map(e => e.message)).toEqual([])
  })

  it('a document GitHub would reject is caught by the same check', () => {
    const broken = MANAGED_ISSUES_QUERY.replace(
      'closedByPullRequestsReferences(first: 10, includeClosedPrs: true)',
      'closingPullRequests(first: 10)'
    )
    expect(broken).not.toBe(MANAGED_ISSUES_QUERY)
    expect(validate(schema, parse(broken)).length).toBeGreaterThan(0)
  })
})

describe('sameLogin', () => {
  it.each([
    ['github-actions[bot]', 'github-actions', true],
    ['github-actions', 'GitHub-Actions[bot]', true],
    ['octo', 'Octo', true],
    ['octo', 'octo-bot', false],
    ['', '', false],
    ['github-actions[bot]', 'octo', false]
  ])('%s vs %s -> %s', (a, b, same) => {
    expect(sameLogin(a, b)).toBe(same)
  })
})

// @actions/github fixes its base URL when first imported: the simulator gets a port chosen before that.
let port = 0
let createClient: typeof import('../../src/github/client.js').createClient
beforeAll(async () => {
  port = await new Promise<number>(resolve => {
    const probe = createServer()
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number }
      probe.close(() => resolve(free))
    })
  })
  process.env.GITHUB_API_URL = `http://127.0.0.1:${port}`
  ;({ createClient } = await import('../../src/github/client.js'))
})

const repo = { owner: 'octo', repo: 'blog' }
const LABEL = 'task'
let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

async function simulator(
  now = Date.parse('2026-03-16T00:00:00Z')
): Promise<{ sim: Simulator; client: GitHubClient; clock: { at: number } }> {
  const clock = { at: now }
  sim = await startSimulator({ port, now: () => clock.at })
  return { sim, client: client(DEFAULT_TOKENS.githubToken), clock }
}

const client = (token: string) => createClient(token, { timeScale: 1000, log: () => {} })

/** A body as the action writes it: text, then the marker as the last line. */
const body = (key: string, text = key) => `${text}\n\n${markerLine(key)}`

const createOp = (key: string): Operation => ({
  kind: 'create',
  key,
  title: key,
  body: body(key),
  labels: [LABEL],
  reason: 'test'
})

function applyOptions(read: ApplyOptions['read'], extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return { assignees: [], label: LABEL, read, ...extra }
}

describe('readManagedIssues', () => {
  it('reads open managed issues and recently closed ones, with who closed them; ignores the rest', async () => {
    const { sim, client: gh, clock } = await simulator()
    const old = sim.createIssueAsUser({ title: 'old', body: body('old'), labels: [LABEL] })
    sim.closeIssueAsUser(old.number, 'completed', 'octo')
    clock.at = Date.parse('2026-03-20T00:00:00Z')
    const open = sim.createIssueAsUser({
      title: '과제 제출',
      body: body('과제 제출'),
      labels: [LABEL],
      assignees: ['octo']
    })
    const unmarked = sim.createIssueAsUser({ title: '과제 제출', body: '사람이 쓴 이슈', labels: [LABEL] })
    const unlabelled = sim.createIssueAsUser({ title: '과제 제출', body: body('과제 제출') })
    const byPerson = sim.createIssueAsUser({ title: 'p', body: body('p'), labels: [LABEL] })
    sim.closeIssueAsUser(byPerson.number, 'not_planned', 'octo')
    const byAction = sim.createIssueAsUser({ title: 'a', body: body('a'), labels: [LABEL] })
    const read0 = await readManagedIssues(gh, repo, { label: LABEL })
    await applyOperations(
      gh,
      repo,
      [
        {
          kind: 'close',
          key: 'a',
          number: byAction.number,
          stateReason: 'completed',
          comment: `done\n\n${CLOSED_MARKER}`,
          reason: 't'
        }
      ],
      applyOptions(read0)
    )

    const read = await readManagedIssues(gh, repo, { label: LABEL, closedSince: '2026-03-19T00:00:00Z' })
    expect(read.defaultBranch).toBe('main')
    expect(read.labelExists).toBe(true)
    expect(read.requests).toBe(1)
    expect(read.unmarked).toBe(1)
    expect(read.maxNumber).toBe(byAction.number)
    const byNumber = new Map(read.issues.map(i => [i.number, i]))
    expect([...byNumber.keys()].sort()).toEqual([open.number, byPerson.number, byAction.number].sort())
    expect(byNumber.has(old.number)).toBe(false)
    expect(byNumber.has(unmarked.number) || byNumber.has(unlabelled.number)).toBe(false)
    expect(byNumber.get(open.number)).toMatchObject({
      key: '과제 제출',
      state: 'open',
      closedAt: null,
      assignees: ['octo'],
      closedByAction: false
    })
    expect(byNumber.get(byPerson.number)).toMatchObject({
      state: 'closed',
      stateReason: 'not_planned',
      closedByAction: false
    })
    expect(byNumber.get(byAction.number)).toMatchObject({
      state: 'closed',
      stateReason: 'completed',
      closedByAction: true
    })
    expect(byNumber.get(open.number)!.projectItems).toBeUndefined()
  })

  it('reads no closed issue without closedSince', async () => {
    const { sim, client: gh } = await simulator()
    const closed = sim.createIssueAsUser({ title: 'c', body: body('c'), labels: [LABEL] })
    sim.closeIssueAsUser(closed.number)
    expect((await readManagedIssues(gh, repo, { label: LABEL })).issues).toEqual([])
  })

  it.each([
    [0, 0, 1],
    [100, 0, 1],
    [101, 0, 2],
    [230, 0, 3],
    [30, 150, 2]
  ])(
    '%i open and %i closed issues take %i request(s), each issue once',
    async (openCount, closedCount, requests) => {
      const { sim, client: gh } = await simulator()
      for (let n = 0; n < openCount + closedCount; n++) {
        const issue = sim.createIssueAsUser({ title: `t${n}`, body: body(`t${n}`), labels: [LABEL] })
        if (n >= openCount) sim.closeIssueAsUser(issue.number)
      }
      sim.resetRequests()
      const read = await readManagedIssues(gh, repo, { label: LABEL, closedSince: 0 })
      expect(read.requests).toBe(requests)
      expect(sim.requests).toHaveLength(requests)
      expect(read.issues).toHaveLength(openCount + closedCount)
      expect(new Set(read.issues.map(i => i.number)).size).toBe(openCount + closedCount)
    }
  )

  it('with a project token, each issue’s board items and Status come in the same query', async () => {
    const { sim } = await simulator()
    const issue = sim.createIssueAsUser({ title: 'b', body: body('b'), labels: [LABEL] })
    sim.addToProjectAsUser(1, issue.number, 'In Progress')
    sim.resetRequests()
    const read = await readManagedIssues(client(DEFAULT_TOKENS.projectPat), repo, {
      label: LABEL,
      withBoard: true,
      withLinks: false
    })
    expect(read.boardReadable).toBe(true)
    expect(sim.requests).toHaveLength(1)
    const [only] = read.issues
    expect(only!.projectItems).toHaveLength(1)
    expect(only!.projectItems![0]).toMatchObject({
      projectId: sim.project(1).nodeId,
      status: { name: 'In Progress' }
    })
  })
})

describe('the read of task issues with the board', () => {
  it('says which board items are archived, as the board job’s own read does', async () => {
    const { sim } = await simulator()
    const live = sim.createIssueAsUser({ title: 'a', body: body('a'), labels: [LABEL] })
    const gone = sim.createIssueAsUser({ title: 'b', body: body('b'), labels: [LABEL] })
    sim.addToProjectAsUser(1, live.number, 'Todo')
    sim.addToProjectAsUser(1, gone.number, 'Done').archived = true
    const read = await readManagedIssues(client(DEFAULT_TOKENS.projectPat), repo, {
      label: LABEL,
      withBoard: true,
      withLinks: true
    })
    const items = new Map(read.issues.map(i => [i.number, i.projectItems]))
    expect(items.get(live.number)).toMatchObject([{ status: { name: 'Todo' }, archived: false }])
    expect(items.get(gone.number)).toMatchObject([{ status: { name: 'Done' }, archived: true }])
    expect(factsOfRemote(read.issues.find(i => i.number === gone.number)!).items).toMatchObject([
      { status: 'Done', archived: true }
    ])
  })
})

describe('the state reason of a task issue, through the read and the handoff to the board', () => {
  it.each([
    ['completed', 'COMPLETED'],
    ['not_planned', 'NOT_PLANNED'],
    // A duplicate stays a duplicate: the board says "a duplicate", not "not planned" (both went to NOT_PLANNED).
    ['duplicate', 'DUPLICATE']
  ] as const)('closed as %s reads as %s on the board', async (reason, onBoard) => {
    const { sim } = await simulator()
    const closed = sim.createIssueAsUser({ title: 'a', body: body('a'), labels: [LABEL] })
    sim.addToProjectAsUser(1, closed.number, 'Done')
    sim.closeIssueAsUser(closed.number, reason, 'octo')
    const read = await readManagedIssues(client(DEFAULT_TOKENS.projectPat), repo, {
      label: LABEL,
      withBoard: true,
      withLinks: true,
      closedSince: 0
    })
    const issue = read.issues.find(i => i.number === closed.number)!
    expect(issue.stateReason).toBe(reason)
    expect(factsOfRemote(issue).stateReason).toBe(onBoard)
  })
})

describe('the first page in the board’s resolve request', () => {
  const project = {
    ownerType: 'User' as const,
    owner: 'octo',
    number: 1,
    url: 'https://github.com/users/octo/projects/1'
  }
  const columns = { todo: 'Todo', inProgress: 'In Progress', inReview: '', done: 'Done' }
  const options = {
    label: LABEL,
    withBoard: true,
    withLinks: true,
    statusField: 'Status',
    closedSince: '2026-03-02T00:00:00Z'
  }

  it.each([
    [3, 1, 1],
    [150, 1, 2]
  ])(
    '%i open and %i closed task issues: the same read as on its own, in %i request(s) with the project',
    async (openCount, closedCount, requests) => {
      const { sim } = await simulator()
      for (let n = 0; n < openCount + closedCount; n++) {
        const issue = sim.createIssueAsUser({ title: `t${n}`, body: body(`k${n}`), labels: [LABEL] })
        if (n >= openCount) sim.closeIssueAsUser(issue.number)
      }
      sim.addToProjectAsUser(1, 1, 'In Progress')
      const gh = client(DEFAULT_TOKENS.projectPat)
      const alone = await readManagedIssues(gh, repo, options)
      sim.resetRequests()
      const part = combineParts(
        repoPart(repo, LABEL, 'Status', { numbers: [] }),
        managedIssuesPart(repo, options)
      )
      const { board, read } = await resolveBoard(gh, { project, statusField: 'Status', columns }, part)
      const together = await readManagedIssues(gh, repo, options, read![1])
      expect(board.title).toBe(sim.project(1).title)
      expect(together).toEqual({ ...alone, requests: requests - 1 })
      expect(sim.requests).toHaveLength(requests)
    }
  )
})

describe('applyOperations', () => {
  it('creates with labels and assignees, updates, closes with a comment, reopens, closes a duplicate', async () => {
    const { sim, client: gh } = await simulator()
    let read = await readManagedIssues(gh, repo, { label: LABEL })
    const created = await applyOperations(
      gh,
      repo,
      [createOp('a'), createOp('b'), createOp('c')],
      applyOptions(read, { assignees: ['octo'] })
    )
    expect(created.applied.map(a => a.number)).toEqual([1, 2, 3])
    expect(created.applied[0]!.url).toBe('https://github.com/octo/blog/issues/1')
    expect(sim.issue(1)).toMatchObject({ title: 'a', labels: [LABEL], assignees: ['octo'], state: 'open' })

    read = await readManagedIssues(gh, repo, { label: LABEL })
    const ops: Operation[] = [
      { kind: 'update', key: 'a', number: 1, body: body('a', 'new body'), reason: 't' },
      {
        kind: 'close',
        key: 'b',
        number: 2,
        stateReason: 'completed',
        comment: 'Checked in a post.',
        reason: 't'
      },
      {
        kind: 'close-duplicate',
        key: 'a',
        number: 3,
        duplicateOf: 1,
        comment: 'Duplicate of #1',
        reason: 't'
      }
    ]
    const result = await applyOperations(gh, repo, ops, applyOptions(read))
    expect(result.failed).toEqual([])
    expect(sim.issue(1)!.body).toBe(body('a', 'new body'))
    expect(sim.issue(2)).toMatchObject({ state: 'closed', stateReason: 'completed' })
    expect(sim.state.comments.filter(c => c.issueNumber === 2).map(c => c.body)).toEqual([
      'Checked in a post.'
    ])
    expect(sim.issue(3)).toMatchObject({ state: 'closed', stateReason: 'duplicate' })

    const reopened = await applyOperations(
      gh,
      repo,
      [
        { kind: 'reopen', key: 'b', number: 2, reason: 't' },
        { kind: 'comment', key: 'b', number: 2, body: 'Listed again.', reason: 't' }
      ],
      applyOptions(read)
    )
    expect(reopened.applied).toHaveLength(2)
    expect(sim.issue(2)).toMatchObject({ state: 'open', stateReason: 'reopened' })
  })

  it('creates unassigned when GitHub refuses the assignees, and says so', async () => {
    const { sim, client: gh } = await simulator()
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    const result = await applyOperations(
      gh,
      repo,
      [createOp('a'), createOp('b')],
      applyOptions(read, { assignees: ['hubot'] })
    )
    expect(result.droppedAssignees).toBe(true)
    expect(sim.state.issues.map(i => i.assignees)).toEqual([[], []])
    expect(sim.state.issues).toHaveLength(2)
  })

  it('dry-run writes nothing; max-writes defers the rest in plan order', async () => {
    const { sim, client: gh } = await simulator()
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    sim.resetRequests()
    const dry = await writeTasks(gh, repo, [createOp('a'), createOp('b')], {
      ...applyOptions(read),
      dryRun: true,
      maxWrites: 50
    })
    expect(sim.requests).toEqual([])
    expect(dry.planned.map(op => op.key)).toEqual(['a', 'b'])
    const capped = await writeTasks(gh, repo, [createOp('a'), createOp('b'), createOp('c')], {
      ...applyOptions(read),
      dryRun: false,
      maxWrites: 2
    })
    expect(capped.applied.map(a => a.op.key)).toEqual(['a', 'b'])
    expect(capped.deferred.map(op => op.key)).toEqual(['c'])
  })

  it.each([
    ['a 502', { kind: 'status', status: 502 } as const, false],
    ['a lost response (GitHub made the issue)', { kind: 'lose-response' } as const, true],
    ['a dropped connection', { kind: 'drop' } as const, false]
  ])(
    'a create that fails with %s is re-read before another try: exactly one issue',
    async (_name, fault, adopted) => {
      const { sim, client: gh } = await simulator()
      sim.createIssueAsUser({ title: 'x', body: body('x'), labels: [LABEL] })
      const read = await readManagedIssues(gh, repo, { label: LABEL })
      sim.faults.add({ match: { operationId: 'issues/create' }, fault })
      sim.resetRequests()
      const result = await applyOperations(gh, repo, [createOp('a')], applyOptions(read))
      expect(result.failed).toEqual([])
      expect(result.applied).toHaveLength(1)
      expect(result.applied[0]!.adopted ?? false).toBe(adopted)
      expect(sim.state.issues.filter(i => i.title === 'a')).toHaveLength(1)
      const creates = sim.requests.filter(r => r.operationId === 'issues/create').length
      expect(creates).toBe(adopted ? 1 : 2)
    }
  )

  it('a create that fails twice is reported, not retried again, and leaves no issue', async () => {
    const { sim, client: gh } = await simulator()
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    sim.faults.add({
      match: { operationId: 'issues/create', times: 2 },
      fault: { kind: 'status', status: 503 }
    })
    const result = await applyOperations(gh, repo, [createOp('a'), createOp('b')], applyOptions(read))
    expect(result.failed.map(f => f.op.key)).toEqual(['a'])
    expect(result.failed[0]!.error).toMatch(/^503/)
    expect(sim.state.issues.map(i => i.title)).toEqual(['b'])
  })

  it('after three failed writes in a row the rest waits for the next run', async () => {
    const { sim, client: gh } = await simulator()
    for (const key of ['a', 'b', 'c', 'd', 'e'])
      sim.createIssueAsUser({ title: key, body: body(key), labels: [LABEL] })
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    sim.faults.add({
      match: { operationId: 'issues/update', times: 'always' },
      fault: { kind: 'status', status: 500 }
    })
    const ops: Operation[] = [1, 2, 3, 4, 5].map(n => ({
      kind: 'update',
      key: String(n),
      number: n,
      title: `T${n}`,
      reason: 't'
    }))
    const result = await applyOperations(gh, repo, ops, applyOptions(read))
    expect(result.failed).toHaveLength(3)
    expect(result.deferred.map(op => (op as { number: number }).number)).toEqual([4, 5])
  })

  it('a read-only token stops at the first write with an error naming issues: write', async () => {
    const { sim } = await simulator()
    const gh = client(DEFAULT_TOKENS.readOnlyToken)
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    const attempt = applyOperations(gh, repo, [createOp('a'), createOp('b')], applyOptions(read))
    await expect(attempt).rejects.toBeInstanceOf(IssueWritePermissionError)
    await expect(attempt).rejects.toThrow(/issues: write/)
    expect(sim.state.issues).toEqual([])
  })
})

describe('applyOperations: closes go out together', () => {
  const closeOp = (number: number, comment = `Checked in post ${number}.`): Operation => ({
    kind: 'close',
    key: `k${number}`,
    number,
    stateReason: 'completed',
    comment,
    reason: 't'
  })
  const mutations = (s: Simulator) => s.requests.filter(r => r.isWrite)

  async function withOpen(count: number) {
    const world = await simulator()
    for (let n = 1; n <= count; n++)
      world.sim.createIssueAsUser({ title: `t${n}`, body: body(`k${n}`), labels: [LABEL] })
    const read = await readManagedIssues(world.client, repo, { label: LABEL })
    world.sim.resetRequests()
    return { ...world, read }
  }

  const commentsOf = (s: Simulator, n: number) =>
    s.state.comments.filter(c => c.issueNumber === n).map(c => c.body)

  it.each([
    [1, 1],
    [2, 1],
    [CLOSE_BATCH, 1],
    [CLOSE_BATCH + 5, 2]
  ])(
    '%i closes with their comments take %i request(s), each a close then its comment',
    async (count, requests) => {
      const { sim, client: gh, read } = await withOpen(count)
      const ops = Array.from({ length: count }, (_, i) => closeOp(i + 1))
      const result = await applyOperations(gh, repo, ops, applyOptions(read))
      expect(result.failed).toEqual([])
      expect(result.applied.map(a => [a.number, a.url])).toEqual(
        ops.map((_, i) => [i + 1, `https://github.com/octo/blog/issues/${i + 1}`])
      )
      expect(sim.requests).toHaveLength(requests)
      expect(mutations(sim).map(r => r.graphqlOperation)).toEqual(Array(requests).fill('JekyllPostOpsClose'))
      expect(mutations(sim)[0]!.graphqlFields.slice(0, 2)).toEqual(['closeIssue', 'addComment'])
      for (let n = 1; n <= count; n++) {
        expect(sim.issue(n)).toMatchObject({ state: 'closed', stateReason: 'completed' })
        expect(commentsOf(sim, n)).toEqual([`Checked in post ${n}.`])
      }
    }
  )

  it('a push that checks 2 tasks and adds 3: 2 closes in one request, then 3 creates', async () => {
    const { sim, client: gh, read } = await withOpen(2)
    const result = await applyOperations(
      gh,
      repo,
      [closeOp(1), closeOp(2), createOp('a'), createOp('b'), createOp('c')],
      applyOptions(read)
    )
    expect(result.applied).toHaveLength(5)
    expect(sim.requests.map(r => r.graphqlOperation ?? r.operationId)).toEqual([
      'JekyllPostOpsClose',
      'issues/create',
      'issues/create',
      'issues/create'
    ])
  })

  it.each([
    ['whose answer is lost after GitHub did it', { kind: 'lose-response' } as const, true],
    ['dropped before GitHub saw it', { kind: 'drop' } as const, false],
    ['that fails with a 502', { kind: 'status', status: 502 } as const, false],
    ['that GitHub answers "Something went wrong"', { kind: 'graphql-error' } as const, false]
  ])(
    'a close request %s is read back, never repeated blindly: one close, one comment each',
    async (_name, fault, happened) => {
      const { sim, client: gh, read } = await withOpen(3)
      sim.faults.add({ match: { graphqlOperation: 'JekyllPostOpsClose' }, fault })
      const result = await applyOperations(gh, repo, [closeOp(1), closeOp(2), closeOp(3)], applyOptions(read))
      expect(result.failed).toEqual([])
      expect(result.applied.map(a => a.adopted ?? false)).toEqual([happened, happened, happened])
      for (let n = 1; n <= 3; n++) {
        expect(sim.issue(n)!.state).toBe('closed')
        expect(commentsOf(sim, n)).toEqual([`Checked in post ${n}.`])
      }
      // The request, the read that proves what happened, and the request again only if it had not.
      expect(sim.requests.map(r => r.graphqlOperation)).toEqual(
        happened
          ? ['JekyllPostOpsClose', 'JekyllPostOpsCloseCheck']
          : ['JekyllPostOpsClose', 'JekyllPostOpsCloseCheck', 'JekyllPostOpsClose']
      )
    }
  )

  it('after a lost answer, an issue found closed without its comment gets the comment only', async () => {
    const { sim, client: gh, read } = await withOpen(2)
    sim.faults.add({ match: { graphqlOperation: 'JekyllPostOpsClose' }, fault: { kind: 'drop' } })
    sim.closeIssueAsUser(2, 'completed', 'octo') // someone closed #2 meanwhile, without a word
    const result = await applyOperations(gh, repo, [closeOp(1), closeOp(2)], applyOptions(read))
    expect(result.failed).toEqual([])
    expect(commentsOf(sim, 1)).toEqual(['Checked in post 1.'])
    expect(commentsOf(sim, 2)).toEqual(['Checked in post 2.'])
    expect(sim.requests.at(-1)!.graphqlFields).toEqual(['closeIssue', 'addComment', 'addComment'])
  })

  it('a close request that fails twice leaves its closes to the next run, reported as failed', async () => {
    const { sim, client: gh, read } = await withOpen(2)
    sim.faults.add({
      match: { graphqlOperation: 'JekyllPostOpsClose', times: 2 },
      fault: { kind: 'status', status: 503 }
    })
    const result = await applyOperations(gh, repo, [closeOp(1), closeOp(2)], applyOptions(read))
    expect(result.applied).toEqual([])
    expect(result.failed.map(f => (f.op as { number: number }).number)).toEqual([1, 2])
    expect(result.failed[0]!.error).toMatch(/^503/)
    expect(sim.state.comments).toEqual([])
  })

  it('a closed issue GitHub cannot find fails alone; the others of its request are closed', async () => {
    const { sim, client: gh, read } = await withOpen(2)
    const ghost = { ...read, issues: [...read.issues, { ...read.issues[0]!, number: 99, nodeId: 'I_nope' }] }
    const result = await applyOperations(gh, repo, [closeOp(1), closeOp(99), closeOp(2)], applyOptions(ghost))
    expect(result.applied.map(a => a.number)).toEqual([1, 2])
    expect(result.failed.map(f => [(f.op as { number: number }).number, f.error])).toEqual([
      [99, expect.stringMatching(/I_nope/)]
    ])
    expect(sim.requests).toHaveLength(1)
  })

  it('a read-only token stops at the close with an error naming issues: write', async () => {
    const { sim } = await withOpen(1)
    const gh = client(DEFAULT_TOKENS.readOnlyToken)
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    const attempt = applyOperations(gh, repo, [closeOp(1)], applyOptions(read))
    await expect(attempt).rejects.toBeInstanceOf(IssueWritePermissionError)
    await expect(attempt).rejects.toThrow(/issues: write/)
    expect(sim.issue(1)!.state).toBe('open')
  })
})

describe('ensureLabel and findCreatedIssue', () => {
  it('creates a missing label once; a known label costs no request', async () => {
    const { sim, client: gh } = await simulator()
    expect(await ensureLabel(gh, repo, LABEL)).toBe(true)
    expect(sim.state.labels.map(l => l.name)).toContain(LABEL)
    expect(await ensureLabel(gh, repo, LABEL)).toBe(false)
    sim.resetRequests()
    expect(await ensureLabel(gh, repo, LABEL, true)).toBe(false)
    expect(sim.requests).toEqual([])
    // A concurrent run made it between our read and our create: 422 already_exists is what we wanted.
    expect(await ensureLabel(gh, repo, LABEL, false)).toBe(false)
  })

  it('finds an issue made after the read by its marker, and stops at issues the read saw', async () => {
    const { sim, client: gh } = await simulator()
    for (let n = 0; n < 30; n++)
      sim.createIssueAsUser({ title: `old ${n}`, body: body(`k${n}`), labels: [LABEL] })
    const read = await readManagedIssues(gh, repo, { label: LABEL })
    for (let n = 0; n < 30; n++)
      sim.createIssueAsUser({ title: `new ${n}`, body: body(`n${n}`), labels: [LABEL] })
    expect(
      await findCreatedIssue(gh, repo, { label: LABEL, key: 'n0', afterNumber: read.maxNumber })
    ).toEqual({
      number: 31,
      url: 'https://github.com/octo/blog/issues/31'
    })
    expect(
      await findCreatedIssue(gh, repo, { label: LABEL, key: 'k0', afterNumber: read.maxNumber })
    ).toBeUndefined()
  })
})

describe('one read for the tasks and board jobs', () => {
  const boardOptions = { label: LABEL, withBoard: true, withLinks: true, closedSince: '2026-03-01T00:00:00Z' }
  /** What the board job and the plan read of an issue (closedByAction aside: it is judged per login). */
  const seen = (issues: readonly RemoteIssue[]) =>
    [...issues].sort((a, b) => a.number - b.number).map(({ closer: _closer, ...issue }) => issue)

  it('a read patched with the writes applied from its plan is what a fresh read finds', async () => {
    const { sim, client: gh } = await simulator()
    const pat = client(DEFAULT_TOKENS.projectPat)
    for (const key of ['close', 'duplicate', 'update', 'reopen', 'keep'])
      sim.createIssueAsUser({ title: key, body: body(key), labels: [LABEL], assignees: ['octo'] })
    sim.addToProjectAsUser(1, 1, 'In Progress')
    sim.addToProjectAsUser(1, 5, 'Todo')
    await sim.linkBranchToIssue(5)
    sim.closeIssueAsUser(4, 'not_planned', 'octo')
    const read = await readManagedIssues(pat, repo, boardOptions)
    const ops: Operation[] = [
      {
        kind: 'close',
        key: 'close',
        number: 1,
        stateReason: 'completed',
        comment: `done\n\n${CLOSED_MARKER}`,
        reason: 't'
      },
      {
        kind: 'close-duplicate',
        key: 'duplicate',
        number: 2,
        duplicateOf: 5,
        comment: `dup\n\n${CLOSED_MARKER}`,
        reason: 't'
      },
      { kind: 'reopen', key: 'reopen', number: 4, reason: 't' },
      { kind: 'comment', key: 'reopen', number: 4, body: 'again', reason: 't' },
      createOp('new'),
      { kind: 'update', key: 'update', number: 3, title: 'updated', body: body('update', 'new'), reason: 't' }
    ]
    const result = await applyOperations(gh, repo, ops, applyOptions(read, { assignees: ['octo'] }))
    expect(result.failed).toEqual([])
    const patched = readAfterWrites(read, result.applied, Date.parse('2026-03-16T00:00:00Z'))
    const fresh = await readManagedIssues(pat, repo, boardOptions)
    expect(seen(patched!.issues)).toEqual(seen(fresh.issues))
    expect(patched!.maxNumber).toBe(fresh.maxNumber)
    expect(patched!.issues.find(i => i.number === 6)!.projectItems).toEqual([])
  })

  it('a create known by its number only (a lost response, found by a re-read) leaves no read to share', async () => {
    const { sim, client: gh } = await simulator()
    const read = await readManagedIssues(client(DEFAULT_TOKENS.projectPat), repo, boardOptions)
    sim.faults.add({ match: { operationId: 'issues/create' }, fault: { kind: 'lose-response' } })
    const result = await applyOperations(gh, repo, [createOp('lost')], applyOptions(read))
    expect(result.applied).toEqual([expect.objectContaining({ number: 1, adopted: true })])
    expect(readAfterWrites(read, result.applied, Date.parse('2026-03-16T00:00:00Z'))).toBeUndefined()
  })

  it('tells who closed each issue: this action, a person, pull requests merged by a person or by GITHUB_TOKEN, another workflow', async () => {
    const { sim, client: gh } = await simulator()
    for (const key of ['action', 'person', 'pr-person', 'pr-bot', 'workflow', 'unmarked'])
      sim.createIssueAsUser({ title: key, body: body(key), labels: [LABEL] })
    const before = await readManagedIssues(gh, repo, { label: LABEL })
    await applyOperations(
      gh,
      repo,
      [
        {
          kind: 'close',
          key: 'action',
          number: 1,
          stateReason: 'completed',
          comment: `done\n\n${CLOSED_MARKER}`,
          reason: 't'
        }
      ],
      applyOptions(before)
    )
    sim.closeIssueAsUser(2, 'completed', 'octo')
    for (const [n, by] of [
      [3, 'octo'],
      [4, 'github-actions[bot]']
    ] as const) {
      await sim.createBranch(`b${n}`)
      await sim.commitFiles(`b${n}`, { [`f${n}.md`]: 'x' }, 'work')
      const pr = await sim.openPullRequest({ head: `b${n}`, title: 'work', body: `Closes #${n}` })
      await sim.mergePullRequest(pr.number, { by })
    }
    // Another workflow with GITHUB_TOKEN: the same account as the action's, and a comment without the marker.
    await gh.rest.issues.update({ ...repo, issue_number: 5, state: 'closed' })
    await gh.rest.issues.createComment({ ...repo, issue_number: 5, body: 'stale' })
    // The marker under another account than the close's: not the action's close.
    sim.closeIssueAsUser(6, 'completed', 'octo')
    await gh.rest.issues.createComment({ ...repo, issue_number: 6, body: `copied\n\n${CLOSED_MARKER}` })
    const read = await readManagedIssues(gh, repo, { label: LABEL, closedSince: '2026-03-01T00:00:00Z' })
    const who = new Map(read.issues.map(i => [i.number, [i.closer, i.closedByAction]]))
    expect(who.get(1)).toEqual([{ kind: 'action' }, true])
    expect(who.get(2)).toEqual([{ kind: 'person', login: 'octo' }, false])
    expect(who.get(3)).toEqual([{ kind: 'pull-request', number: 7, login: 'octo' }, false])
    expect(who.get(4)).toEqual([
      { kind: 'pull-request', number: 8, login: expect.stringMatching(/^github-actions/) },
      false
    ])
    expect(who.get(5)).toEqual([{ kind: 'workflow', login: expect.stringMatching(/^github-actions/) }, false])
    expect(who.get(6)).toEqual([{ kind: 'person', login: 'octo' }, false])
    expect(read.requests).toBe(1)
    // What the tasks job's summary says of each.
    expect(read.issues.map(i => [i.number, describeCloser(i.closer!)]).sort()).toEqual([
      [1, 'a post (this action)'],
      [2, '@octo'],
      [3, 'pull request #7 (merged by @octo)'],
      [4, 'pull request #8 (merged by @github-actions)'],
      [5, 'another workflow (github-actions)'],
      [6, '@octo']
    ])
  })
})
