// The GitHub layer of the tasks job, its reads: the GraphQL documents against GitHub's published schema, and,
// against the simulator over HTTP, the read model (one paginated query, also the board's).
import { readFileSync } from 'node:fs'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import { applyOperations, readAfterWrites } from '../../src/github/issues/apply.js'
import { CLOSE_CHECK_QUERY, closeMutation } from '../../src/github/issues/close.js'
import { describeCloser, sameLogin } from '../../src/github/issues/closer.js'
import { MANAGED_ISSUES_QUERY, RECENT_ISSUES_QUERY } from '../../src/github/issues/query.js'
import { managedIssuesPart, readManagedIssues } from '../../src/github/issues/read.js'
import type { RemoteIssue } from '../../src/github/model.js'
import { resolveBoard } from '../../src/github/board.js'
import { combineParts, factsOfRemote, repoPart } from '../../src/github/links.js'
import { CLOSED_MARKER } from '../../src/plan/marker.js'
import type { Operation } from '../../src/plan/reconcile.js'
import { DEFAULT_TOKENS } from '../github-sim/index.js'
import { applyOptions, body, client, createOp, LABEL, repo, simulator, useSimulator } from './issue-sim.js'

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

useSimulator()

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
