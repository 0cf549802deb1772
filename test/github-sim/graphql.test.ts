// The simulator's GraphQL side: queries GitHub would reject are rejected, unimplemented fields fail loudly, linked
// branches, issue mutations and a read-only token (graphql-issues and graphql-projects.test.ts: the rest).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dig, graphql } from './client.js'
import { DEFAULT_TOKENS, loadSeed, startSimulator, type Simulator } from './index.js'
import { SEED, T } from './seed-tokens.js'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ seed: loadSeed(SEED) })
})
afterEach(async () => {
  await sim.close()
})

describe('what GitHub would reject', () => {
  it('rejects an unknown field with GitHub wording and no data', async () => {
    const r = await graphql(sim, T.pat, '{ repository(owner: "camp", name: "til") { id colour } }')
    expect(r.status).toBe(200)
    expect(r.body.data).toBeUndefined()
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'colour' doesn't exist on type 'Repository'",
        extensions: expect.objectContaining({ code: 'undefinedField' })
      })
    ])
  })

  it.each([
    [
      'a wrong argument type',
      '{ repository(owner: "camp", name: "til") { issue(number: "one") { id } } }',
      `Argument 'number' on Field 'issue' has an invalid value ("one"). Expected type 'Int!'.`
    ],
    [
      'an unknown enum value',
      '{ repository(owner: "camp", name: "til") { issues(first: 1, states: [DONE]) { totalCount } } }',
      `Argument 'states' on Field 'issues' has an invalid value ([DONE]). Expected type '[IssueState!]'.`
    ],
    [
      'a missing required argument',
      '{ repository(owner: "camp") { id } }',
      "Field 'repository' is missing required arguments: name"
    ],
    [
      'an argument the field does not take',
      '{ repository(owner: "camp", name: "til", colour: 1) { id } }',
      "Field 'repository' doesn't accept argument 'colour'"
    ],
    ['a syntax error', '{ repository(owner: "camp", name: "til") { id ', 'Parse error'],
    [
      'a selection missing on an object field',
      '{ repository(owner: "camp", name: "til") }',
      "Field must have selections (field 'repository' returns Repository but has no selections."
    ]
  ])('rejects %s without running anything', async (_case, query, message) => {
    const r = await graphql(sim, T.pat, query)
    expect(r.status).toBe(200)
    expect(r.body.data).toBeUndefined()
    expect(r.body.errors?.[0]?.message).toContain(message)
    expect(sim.requests.at(-1)?.status).toBe(200)
  })

  it('rejects a variable of the wrong type', async () => {
    const r = await graphql(
      sim,
      T.pat,
      'query($n: Int!) { repository(owner: "camp", name: "til") { issue(number: $n) { id } } }',
      { n: 'x' }
    )
    expect(r.body.errors?.[0]?.message).toBe('Variable $n of type Int! was provided invalid value')
  })

  it('fails loudly, naming the field, when a valid query reaches a field the simulator does not implement', async () => {
    const r = await graphql(sim, T.pat, '{ repository(owner: "camp", name: "til") { name stargazerCount } }')
    expect(r.body.data).toEqual({ repository: null })
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        type: 'SIMULATOR_UNIMPLEMENTED',
        path: ['repository', 'stargazerCount'],
        message: expect.stringContaining('Repository.stargazerCount')
      })
    ])
  })

  it.each([
    ['no first or last', 'issues { totalCount }', 'MISSING_PAGINATION_BOUNDARIES'],
    ['first over 100', 'issues(first: 101) { totalCount }', 'EXCESSIVE_PAGINATION']
  ])('refuses a connection with %s', async (_case, selection, type) => {
    const r = await graphql(sim, T.pat, `{ repository(owner: "camp", name: "til") { ${selection} } }`)
    expect(r.body.errors?.map(e => e.type)).toEqual([type])
  })
})

describe('linked branches', () => {
  const LINKED = `query { repository(owner: "camp", name: "til") { issue(number: 2) { id linkedBranches(first: 5) { nodes { ref { name } } } } } }`

  it('shows a branch created from the issue, and forgets it once the branch is deleted', async () => {
    const branch = await sim.linkBranchToIssue(2)
    expect(branch).toBe('2-강의-수강-및-정리')
    const r = await graphql(sim, T.workflow, LINKED)
    expect(dig(r.body.data, 'repository.issue.linkedBranches.nodes')).toEqual([{ ref: { name: branch } }])
    await sim.deleteBranch(branch)
    const after = await graphql(sim, T.workflow, LINKED)
    expect(dig(after.body.data, 'repository.issue.linkedBranches.nodes')).toEqual([])
  })

  it('creates one with the createLinkedBranch mutation', async () => {
    const oid = (await sim.flows.git.resolve('main'))!
    const r = await graphql(
      sim,
      T.workflow,
      `
        mutation ($issue: ID!, $oid: GitObjectID!) {
          createLinkedBranch(input: { issueId: $issue, oid: $oid, name: "2-notes" }) {
            linkedBranch {
              ref {
                name
              }
            }
          }
        }
      `,
      { issue: sim.issue(2)!.nodeId, oid }
    )
    expect(dig(r.body.data, 'createLinkedBranch.linkedBranch.ref.name')).toBe('2-notes')
    expect(await sim.flows.git.resolve('refs/heads/2-notes')).toBe(oid)
  })
})

describe('issue mutations', () => {
  it('pins and unpins an issue, and closes one with a reason', async () => {
    const id = sim.issue(1)!.nodeId
    await graphql(
      sim,
      T.workflow,
      'mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { isPinned } } }',
      { id }
    )
    expect(sim.issue(1)?.pinned).toBe(true)
    const pinned = await graphql(
      sim,
      T.workflow,
      '{ repository(owner: "camp", name: "til") { pinnedIssues(first: 3) { nodes { issue { number } } } } }'
    )
    expect(dig(pinned.body.data, 'repository.pinnedIssues.nodes')).toEqual([{ issue: { number: 1 } }])
    await graphql(
      sim,
      T.workflow,
      'mutation($id: ID!) { unpinIssue(input: { issueId: $id }) { issue { isPinned } } }',
      { id }
    )
    expect(sim.issue(1)?.pinned).toBe(false)
    const closed = await graphql(
      sim,
      T.workflow,
      'mutation($id: ID!) { closeIssue(input: { issueId: $id, stateReason: NOT_PLANNED }) { issue { state stateReason } } }',
      { id }
    )
    expect(dig(closed.body.data, 'closeIssue.issue')).toEqual({ state: 'CLOSED', stateReason: 'NOT_PLANNED' })
  })
})

describe('read-only token', () => {
  let s: Simulator
  beforeAll(async () => {
    s = await startSimulator()
  })
  afterAll(async () => {
    await s.close()
  })

  it('is refused every mutation with Resource not accessible by integration, changing nothing', async () => {
    const issue = s.createIssueAsUser({ title: 'stay open' })
    const r = await graphql(
      s,
      DEFAULT_TOKENS.readOnlyToken,
      'mutation($id: ID!) { closeIssue(input: { issueId: $id }) { issue { state } } }',
      {
        id: issue.nodeId
      }
    )
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        type: 'FORBIDDEN',
        message: 'Resource not accessible by integration',
        path: ['closeIssue']
      })
    ])
    expect(s.issue(issue.number)?.state).toBe('open')
    expect(s.requests.at(-1)).toMatchObject({ isWrite: true, errorTypes: ['FORBIDDEN'] })
  })
})
