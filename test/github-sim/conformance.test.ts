// Every REST operation the simulator implements answers with a body that GitHub's OpenAPI description
// accepts for that operation and status (checked here independently of the simulator's own check).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rest } from './client.js'
import {
  checkResponse,
  DEFAULT_TOKENS,
  implementedOperations,
  startSimulator,
  type Simulator
} from './index.js'

const { githubToken, projectPat } = DEFAULT_TOKENS
let sim: Simulator
let prNumber = 0
let headSha = ''
let treeSha = ''

beforeAll(async () => {
  sim = await startSimulator({ validateResponses: false })
  const parent = sim.createIssueAsUser({ title: 'week 3', labels: ['task'], assignees: ['octo'] })
  sim.commentAsUser(parent.number, 'first comment')
  sim.createIssueAsUser({ title: 'day 12' })
  sim.closeIssueAsUser(2, 'completed')
  await sim.createBranch('feat/1-week3')
  headSha = await sim.commitFiles(
    'feat/1-week3',
    { '_posts/2026-03-12-day.md': '- [ ] task\n', 'README.md': null },
    'post'
  )
  const pr = await sim.openPullRequest({ head: 'feat/1-week3', title: 'Week 3', body: 'Fixes #1' })
  prNumber = pr.number
  await sim.createBranch('to-merge')
  await sim.commitFiles('to-merge', { 'merge.md': 'm\n' }, 'merge me')
  await sim.openPullRequest({ head: 'to-merge', title: 'Merge me' })
  await sim.createBranch('another')
  await sim.commitFiles('another', { 'another.md': 'a\n' }, 'another')
  treeSha = (await sim.flows.git.commit(headSha))!.tree
})
afterAll(async () => {
  await sim.close()
})

type Call = [operationId: string, method: string, path: () => string, body?: () => unknown, token?: string]

const R = '/repos/octo/blog'
const calls: Call[] = [
  ['users/get-authenticated', 'GET', () => '/user', undefined, projectPat],
  ['rate-limit/get', 'GET', () => '/rate_limit'],
  ['repos/get', 'GET', () => R],
  ['issues/list-for-repo', 'GET', () => `${R}/issues?state=all`],
  ['issues/get', 'GET', () => `${R}/issues/1`],
  [
    'issues/create',
    'POST',
    () => `${R}/issues`,
    () => ({ title: 'new', body: 'b', labels: ['task', 'fresh'], assignees: ['octo'] })
  ],
  ['issues/update', 'PATCH', () => `${R}/issues/2`, () => ({ state: 'open', title: 'day 12 again' })],
  ['issues/lock', 'PUT', () => `${R}/issues/2/lock`, () => ({ lock_reason: 'resolved' })],
  ['issues/unlock', 'DELETE', () => `${R}/issues/2/lock`],
  ['issues/create-comment', 'POST', () => `${R}/issues/1/comments`, () => ({ body: 'hello' })],
  ['issues/list-comments', 'GET', () => `${R}/issues/1/comments`],
  ['issues/get-comment', 'GET', () => `${R}/issues/comments/${sim.state.comments[0]!.id}`],
  [
    'issues/update-comment',
    'PATCH',
    () => `${R}/issues/comments/${sim.state.comments[0]!.id}`,
    () => ({ body: 'edited' })
  ],
  ['issues/add-assignees', 'POST', () => `${R}/issues/2/assignees`, () => ({ assignees: ['octo'] })],
  ['issues/list-labels-on-issue', 'GET', () => `${R}/issues/1/labels`],
  ['issues/add-labels', 'POST', () => `${R}/issues/2/labels`, () => ({ labels: ['task'] })],
  ['issues/set-labels', 'PUT', () => `${R}/issues/2/labels`, () => ({ labels: ['task', 'later'] })],
  ['issues/remove-label', 'DELETE', () => `${R}/issues/2/labels/later`],
  ['issues/list-labels-for-repo', 'GET', () => `${R}/labels`],
  ['issues/get-label', 'GET', () => `${R}/labels/task`],
  [
    'issues/create-label',
    'POST',
    () => `${R}/labels`,
    () => ({ name: 'made', color: 'ff0000', description: 'd' })
  ],
  ['issues/update-label', 'PATCH', () => `${R}/labels/made`, () => ({ new_name: 'remade', color: 'BADA55' })],
  ['issues/delete-label', 'DELETE', () => `${R}/labels/remade`],
  [
    'issues/add-sub-issue',
    'POST',
    () => `${R}/issues/1/sub_issues`,
    () => ({ sub_issue_id: sim.issue(2)!.id })
  ],
  ['issues/list-sub-issues', 'GET', () => `${R}/issues/1/sub_issues`],
  ['pulls/list', 'GET', () => `${R}/pulls?state=all`],
  ['pulls/get', 'GET', () => `${R}/pulls/${prNumber}`],
  [
    'pulls/create',
    'POST',
    () => `${R}/pulls`,
    () => ({ head: 'another', base: 'main', title: 'Another', draft: true })
  ],
  ['pulls/update', 'PATCH', () => `${R}/pulls/${prNumber}`, () => ({ body: 'Fixes #1 and more' })],
  ['pulls/list-files', 'GET', () => `${R}/pulls/${prNumber}/files`],
  [
    'pulls/create-review',
    'POST',
    () => `${R}/pulls/${prNumber}/reviews`,
    () => ({
      event: 'COMMENT',
      body: 'r',
      comments: [{ path: '_posts/2026-03-12-day.md', line: 1, side: 'RIGHT', body: 'c' }]
    })
  ],
  ['pulls/list-review-comments', 'GET', () => `${R}/pulls/${prNumber}/comments`],
  ['pulls/delete-review-comment', 'DELETE', () => `${R}/pulls/comments/${sim.state.reviewComments[0]!.id}`],
  ['pulls/merge', 'PUT', () => `${R}/pulls/${prNumber + 1}/merge`, () => ({ merge_method: 'squash' })],
  ['repos/compare-commits-with-basehead', 'GET', () => `${R}/compare/main...${headSha}`],
  ['repos/compare-commits-with-basehead', 'GET', () => `${R}/compare/main...feat/1-week3`],
  ['repos/get-content', 'GET', () => `${R}/contents/_posts/2026-03-12-day.md?ref=feat/1-week3`],
  ['repos/list-branches', 'GET', () => `${R}/branches`],
  ['git/get-ref', 'GET', () => `${R}/git/ref/heads/main`],
  ['git/create-ref', 'POST', () => `${R}/git/refs`, () => ({ ref: 'refs/heads/from-api', sha: headSha })],
  ['git/get-commit', 'GET', () => `${R}/git/commits/${headSha}`],
  ['git/create-blob', 'POST', () => `${R}/git/blobs`, () => ({ content: 'blob\n' })],
  [
    'git/create-tree',
    'POST',
    () => `${R}/git/trees`,
    () => ({
      base_tree: treeSha,
      tree: [{ path: 'fixed.md', mode: '100644', type: 'blob', content: 'fixed\n' }]
    })
  ],
  [
    'git/create-commit',
    'POST',
    () => `${R}/git/commits`,
    () => ({ message: 'm', tree: treeSha, parents: [headSha] })
  ],
  ['git/update-ref', 'PATCH', () => `${R}/git/refs/heads/from-api`, () => ({ sha: headSha, force: true })],
  ['git/delete-ref', 'DELETE', () => `${R}/git/refs/heads/from-api`]
]

describe('responses against the OpenAPI description', () => {
  it('covers every operation the simulator implements', () => {
    expect([...new Set(calls.map(c => c[0]))].sort()).toEqual(implementedOperations())
  })

  it.each(calls)(
    '%s (%s) answers within the spec',
    async (operationId, method, path, body, token = githubToken) => {
      const r = await rest(sim, token, method, path(), body?.())
      const logged = sim.requests.at(-1)!
      expect(logged.operationId).toBe(operationId)
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
      if (r.status === 204) return
      expect(checkResponse(operationId, r.status, r.body)).toEqual([])
    }
  )

  it('catches a body that breaks the spec (so the checks above can fail)', () => {
    expect(checkResponse('issues/get', 200, { number: 'one' })?.length).toBeGreaterThan(0)
  })

  it('answers errors in the shape the spec gives for them', async () => {
    const r = await rest(sim, githubToken, 'POST', `${R}/issues`, { title: 'x', assignees: ['nobody'] })
    expect(checkResponse('issues/create', 422, r.body)).toEqual([])
    const missing = await rest(sim, githubToken, 'GET', `${R}/issues/999`)
    expect(checkResponse('issues/get', 404, missing.body)).toEqual([])
  })
})
