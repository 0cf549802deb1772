// The GitHub layer's writes of task issues, against the simulator over HTTP: applyOperations (creates never
// duplicated, closes batched together with their comments), the task label made once, a created issue found.
import { describe, expect, it } from 'vitest'
import { applyOperations } from '../../src/github/issues/apply.js'
import { writeTasks } from '../../src/jobs/task-writes.js'
import { CLOSE_BATCH } from '../../src/github/issues/close.js'
import { ensureLabel } from '../../src/github/issues/labels.js'
import { findCreatedIssue } from '../../src/github/issues/create.js'
import { IssueWritePermissionError } from '../../src/github/errors.js'
import { readManagedIssues } from '../../src/github/issues/read.js'
import type { Operation } from '../../src/plan/reconcile.js'
import { DEFAULT_TOKENS, type Simulator } from '../github-sim/index.js'
import { applyOptions, body, client, createOp, LABEL, repo, simulator, useSimulator } from './issue-sim.js'

useSimulator()

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
