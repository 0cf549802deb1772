// The fault script: scheduled 5xx answers, dropped connections, delays and lost responses, matched by
// operation and count, scriptable in code and over HTTP. A lost response still performed its write.
import { Octokit } from '@octokit/core'
import { retry } from '@octokit/plugin-retry'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { graphql, rest } from './client.js'
import { DEFAULT_TOKENS, startSimulator, type Simulator } from './index.js'

const { githubToken, projectPat } = DEFAULT_TOKENS
let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator()
})
afterEach(async () => {
  await sim.close()
})

const createIssue = (title: string) => rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', { title })
const RetryingOctokit = Octokit.plugin(retry)

describe('faults', () => {
  it('loses the response to the 2nd create after the issue was written', async () => {
    sim.faults.add({ match: { operationId: 'issues/create', nth: 2 }, fault: { kind: 'lose-response' } })
    expect((await createIssue('first')).status).toBe(201)
    await expect(createIssue('second')).rejects.toThrow()
    expect((await createIssue('third')).status).toBe(201)
    expect(sim.state.issues.map(i => i.title)).toEqual(['first', 'second', 'third'])
    expect(sim.requests.map(r => [r.operationId, r.status, r.fault])).toEqual([
      ['issues/create', 201, null],
      ['issues/create', 201, 'lose-response'],
      ['issues/create', 201, null]
    ])
  })

  it('shows why a blind retry of a create duplicates the issue', async () => {
    sim.faults.add({ match: { operationId: 'issues/create' }, fault: { kind: 'lose-response' } })
    const octokit = new RetryingOctokit({
      auth: githubToken,
      baseUrl: sim.apiUrl,
      retry: { retryAfterBaseValue: 1 }
    })
    await octokit.request('POST /repos/{owner}/{repo}/issues', { owner: 'octo', repo: 'blog', title: 'once' })
    expect(sim.state.issues.map(i => i.title)).toEqual(['once', 'once'])
  })

  it('drops a connection before doing anything', async () => {
    sim.faults.add({ match: { method: 'POST', path: '/repos/octo/blog/issues' }, fault: { kind: 'drop' } })
    await expect(createIssue('never')).rejects.toThrow()
    expect(sim.state.issues).toEqual([])
    expect(sim.requests[0]).toMatchObject({ status: 0, fault: 'drop', isWrite: true })
  })

  it('answers 502 twice, then normally; a retrying client gets through on the third attempt', async () => {
    sim.createIssueAsUser({ title: 'exists' })
    sim.faults.add({ match: { operationId: 'issues/get', times: 2 }, fault: { kind: 'status', status: 502 } })
    const octokit = new RetryingOctokit({
      auth: githubToken,
      baseUrl: sim.apiUrl,
      retry: { retryAfterBaseValue: 1 }
    })
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      owner: 'octo',
      repo: 'blog',
      issue_number: 1
    })
    expect(data.title).toBe('exists')
    expect(sim.requests.map(r => r.status)).toEqual([502, 502, 200])
  })

  it('delays a request and then answers it normally', async () => {
    sim.faults.add({ match: { operationId: 'repos/get' }, fault: { kind: 'delay', ms: 50 } })
    expect((await rest(sim, githubToken, 'GET', '/repos/octo/blog')).status).toBe(200)
    expect(sim.requests[0]?.fault).toBe('delay')
  })

  it('matches a GraphQL mutation by name, leaving queries alone', async () => {
    const item = { p: sim.project(1).nodeId, c: sim.createIssueAsUser({ title: 't' }).nodeId }
    sim.faults.add({
      match: { mutationName: 'addProjectV2ItemById', times: 'always' },
      fault: { kind: 'status', status: 503 }
    })
    const add =
      'mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }'
    expect((await graphql(sim, projectPat, add, item)).status).toBe(503)
    expect((await graphql(sim, projectPat, add, item)).status).toBe(503)
    expect((await graphql(sim, projectPat, '{ viewer { login } }')).status).toBe(200)
    expect(sim.state.projectItems).toEqual([])
  })

  it("answers GitHub's transient GraphQL error, which plugin-retry retries", async () => {
    sim.faults.add({ match: { graphqlOperation: 'Who' }, fault: { kind: 'graphql-error' } })
    const octokit = new RetryingOctokit({
      auth: projectPat,
      baseUrl: sim.apiUrl,
      retry: { retryAfterBaseValue: 1 }
    })
    const { data } = await octokit.request('POST /graphql', { query: 'query Who { viewer { login } }' })
    expect(data).toEqual({ data: { viewer: { login: 'octo' } } })
    expect(sim.requests.map(r => r.errorTypes)).toEqual([['SERVER_ERROR'], []])
  })

  it('is scriptable over HTTP, as are the clock and the state', async () => {
    const added = await fetch(`${sim.apiUrl}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({
        match: { operationId: 'issues/create' },
        fault: { kind: 'status', status: 500 }
      })
    })
    expect(added.status).toBe(201)
    expect((await createIssue('x')).status).toBe(500)
    const rules = (await fetch(`${sim.apiUrl}/_sim/faults`).then(r => r.json())) as Array<{ fired: number }>
    expect(rules.map(r => r.fired)).toEqual([1])
    const bad = await fetch(`${sim.apiUrl}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'explode' } })
    })
    expect(bad.status).toBe(400)
    const before = (await fetch(`${sim.apiUrl}/_sim/clock`).then(r => r.json())) as { now: number }
    const after = (await fetch(`${sim.apiUrl}/_sim/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceMs: 3_600_000 })
    }).then(r => r.json())) as { now: number }
    expect(after.now - before.now).toBeGreaterThanOrEqual(3_600_000)
    const state = (await fetch(`${sim.apiUrl}/_sim/state`).then(r => r.json())) as {
      repo: { owner: string }
      issues: unknown[]
    }
    expect(state.repo.owner).toBe('octo')
    expect(state.issues).toEqual([])
  })
})
