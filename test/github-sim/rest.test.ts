// The simulator's REST side: issues, labels, comments, validation against the OpenAPI description,
// tokens, pagination and rate-limit headers, seen over real HTTP as a client sees them.
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rest } from './client.js'
import { DEFAULT_TOKENS, startSimulator, type Simulator } from './index.js'

const { githubToken, readOnlyToken, projectPat } = DEFAULT_TOKENS
let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(async () => {
  await sim.close()
})

describe('issues', () => {
  it('creates an issue, creating the labels it names, and reads it back', async () => {
    const created = await rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', {
      title: '과제 제출',
      body: '<!-- jekyll-post-ops:task 과제 제출 -->',
      labels: ['jekyll-post-ops', 'task']
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      title: '과제 제출',
      state: 'open',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      labels: [{ name: 'jekyll-post-ops' }, { name: 'task' }]
    })
    expect(sim.state.labels.map(l => l.name)).toEqual(expect.arrayContaining(['jekyll-post-ops', 'task']))
    const got = await rest(sim, githubToken, 'GET', `/repos/octo/blog/issues/${created.body.number}`)
    expect(got.body).toMatchObject({
      number: created.body.number,
      body: '<!-- jekyll-post-ops:task 과제 제출 -->'
    })
  })

  it('refuses an assignee who is not a collaborator with GitHub 422 shape', async () => {
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', {
      title: 't',
      assignees: ['stranger']
    })
    expect(r.status).toBe(422)
    expect(r.body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'stranger' }]
    })
  })

  it('refuses titles over 256 characters, as GitHub does', async () => {
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', { title: 'x'.repeat(257) })
    expect(r.status).toBe(422)
    expect(r.body.errors).toEqual([
      expect.objectContaining({ field: 'title', message: 'title is too long (maximum is 256 characters)' })
    ])
  })

  it('closes as not planned and reopens through issues/update', async () => {
    const issue = sim.createIssueAsUser({ title: 'to close' })
    const closed = await rest(sim, githubToken, 'PATCH', `/repos/octo/blog/issues/${issue.number}`, {
      state: 'closed',
      state_reason: 'not_planned'
    })
    expect(closed.body).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      closed_by: { login: 'github-actions[bot]' }
    })
    const reopened = await rest(sim, githubToken, 'PATCH', `/repos/octo/blog/issues/${issue.number}`, {
      state: 'open'
    })
    expect(reopened.body).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null })
  })

  it('adds and lists comments', async () => {
    const issue = sim.createIssueAsUser({ title: 'commented' })
    const c = await rest(sim, githubToken, 'POST', `/repos/octo/blog/issues/${issue.number}/comments`, {
      body: 'Checked in 2026-03-12'
    })
    expect(c.status).toBe(201)
    const list = await rest<Array<{ body: string }>>(
      sim,
      githubToken,
      'GET',
      `/repos/octo/blog/issues/${issue.number}/comments`
    )
    expect(list.body.map(x => x.body)).toEqual(['Checked in 2026-03-12'])
    const again = await rest(sim, githubToken, 'GET', `/repos/octo/blog/issues/${issue.number}`)
    expect(again.body.comments).toBe(1)
  })

  it('lists pull requests among issues (with pull_request), filtered by labels (all must match) and state', async () => {
    const s = await startSimulator()
    try {
      s.createIssueAsUser({ title: 'a', labels: ['task', 'week03'] })
      s.createIssueAsUser({ title: 'b', labels: ['task'] })
      await s.createBranch('feat')
      await s.commitFiles('feat', { 'x.md': 'x\n' }, 'x')
      await s.openPullRequest({ head: 'feat', title: 'pr' })
      const all = await rest<Array<{ title: string; pull_request?: unknown }>>(
        s,
        githubToken,
        'GET',
        '/repos/octo/blog/issues'
      )
      expect(all.body.map(i => [i.title, 'pull_request' in i])).toEqual([
        ['pr', true],
        ['b', false],
        ['a', false]
      ])
      const both = await rest<Array<{ title: string }>>(
        s,
        githubToken,
        'GET',
        '/repos/octo/blog/issues?labels=task,week03'
      )
      expect(both.body.map(i => i.title)).toEqual(['a'])
      s.closeIssueAsUser(1)
      const closed = await rest<Array<{ title: string }>>(
        s,
        githubToken,
        'GET',
        '/repos/octo/blog/issues?state=closed'
      )
      expect(closed.body.map(i => i.title)).toEqual(['a'])
    } finally {
      await s.close()
    }
  })

  it('adds a sub-issue by id and lists it', async () => {
    const parent = sim.createIssueAsUser({ title: 'week plan' })
    const child = sim.createIssueAsUser({ title: 'day task' })
    const r = await rest(sim, githubToken, 'POST', `/repos/octo/blog/issues/${parent.number}/sub_issues`, {
      sub_issue_id: child.id
    })
    expect(r.status).toBe(201)
    expect(r.body.sub_issues_summary).toEqual({ total: 1, completed: 0, percent_completed: 0 })
    const subs = await rest<Array<{ number: number }>>(
      sim,
      githubToken,
      'GET',
      `/repos/octo/blog/issues/${parent.number}/sub_issues`
    )
    expect(subs.body.map(s => s.number)).toEqual([child.number])
  })

  it('holds sub-issues to GitHub’s limits: 100 per parent, eight levels, one parent, no cycle', async () => {
    const add = (parent: number, child: number, extra: Record<string, unknown> = {}) =>
      rest<{ message?: string }>(sim, githubToken, 'POST', `/repos/octo/blog/issues/${parent}/sub_issues`, {
        sub_issue_id: sim.issue(child)!.id,
        ...extra
      })
    const chain = Array.from(
      { length: 9 },
      (_, i) => sim.createIssueAsUser({ title: `level ${i + 1}` }).number
    )
    for (let i = 1; i < 8; i++) expect((await add(chain[i - 1]!, chain[i]!)).status).toBe(201)
    const ninth = await add(chain[7]!, chain[8]!)
    expect(ninth.status).toBe(422)
    expect(ninth.body.message).toMatch(/8 levels/)
    expect((await add(chain[3]!, chain[0]!)).status).toBe(422)
    const other = sim.createIssueAsUser({ title: 'other parent' }).number
    expect((await add(other, chain[1]!)).status).toBe(422)
    expect((await add(other, chain[7]!, { replace_parent: true })).status).toBe(201)
    expect(sim.issue(chain[7]!)!.parent).toBe(other)

    // 100 sub-issues set in the state directly (100 POSTs would meet the content-creation limit).
    const wide = sim.createIssueAsUser({ title: 'wide' }).number
    for (let i = 0; i < 100; i++) {
      const child = sim.createIssueAsUser({ title: `t${i}` })
      child.parent = wide
      sim.issue(wide)!.subIssues.push(child.number)
    }
    const over = await add(wide, sim.createIssueAsUser({ title: 'one too many' }).number)
    expect(over.status).toBe(422)
    expect(over.body.message).toMatch(/100 sub-issues/)
  })
})

describe('labels', () => {
  it('gets, creates and refuses a duplicate label', async () => {
    expect((await rest(sim, githubToken, 'GET', '/repos/octo/blog/labels/daily-plan')).status).toBe(404)
    const made = await rest(sim, githubToken, 'POST', '/repos/octo/blog/labels', {
      name: 'daily-plan',
      color: '0E8A16'
    })
    expect(made).toMatchObject({ status: 201, body: { name: 'daily-plan', color: '0E8A16', default: false } })
    const got = await rest(sim, githubToken, 'GET', '/repos/octo/blog/labels/Daily-Plan')
    expect(got.body.name).toBe('daily-plan')
    const dup = await rest(sim, githubToken, 'POST', '/repos/octo/blog/labels', { name: 'DAILY-PLAN' })
    expect(dup.status).toBe(422)
    expect(dup.body.errors).toEqual([{ resource: 'Label', field: 'name', code: 'already_exists' }])
    expect(made.headers.get('location')).toBe(`${sim.apiUrl}/repos/octo/blog/labels/daily-plan`)
  })

  it('renames a label on the issues that carry it, and deletes it from them', async () => {
    const issue = sim.createIssueAsUser({ title: 'labelled', labels: ['draft'] })
    const renamed = await rest(sim, githubToken, 'PATCH', '/repos/octo/blog/labels/draft', {
      new_name: 'drafts',
      color: 'BADA55'
    })
    expect(renamed).toMatchObject({ status: 200, body: { name: 'drafts', color: 'BADA55' } })
    expect(sim.issue(issue.number)?.labels).toEqual(['drafts'])
    expect((await rest(sim, githubToken, 'DELETE', '/repos/octo/blog/labels/drafts')).status).toBe(204)
    expect(sim.issue(issue.number)?.labels).toEqual([])
    expect((await rest(sim, githubToken, 'GET', '/repos/octo/blog/labels/drafts')).status).toBe(404)
    const bad = await rest(sim, githubToken, 'POST', '/repos/octo/blog/labels', {
      name: 'x',
      color: 'invalid'
    })
    expect(bad.body).toMatchObject({ errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] })
    expect(bad.body.errors).toEqual([{ resource: 'Label', code: 'invalid', field: 'color' }])
  })

  it('answers an unknown path below a repository with 404, not as the repository', async () => {
    const r = await rest(sim, githubToken, 'GET', '/repos/octo/blog/no/such/thing')
    expect(r.status).toBe(404)
  })
})

describe('validation against the OpenAPI description', () => {
  it.each([
    ['a body of the wrong type', { title: 'x', body: 5 }, "For 'properties/body', 5 is not a string."],
    [
      'labels that are not an array',
      { title: 'x', labels: 'bug' },
      `For 'properties/labels', "bug" is not an array.`
    ],
    ['a missing required title', { body: 'no title' }, `"title" wasn't supplied.`]
  ])('answers %s with 422 Invalid request', async (_case, body, detail) => {
    const before = sim.state.issues.length
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', body)
    expect(r.status).toBe(422)
    expect(r.body.message).toBe(`Invalid request.\n\n${detail}`)
    expect(r.body.documentation_url).toBe('https://docs.github.com/rest/issues/issues#create-an-issue')
    expect(r.body.errors).toEqual(expect.any(Array))
    expect(sim.state.issues.length).toBe(before)
  })

  it('accepts an integer title, which the description allows (oneOf string, integer)', async () => {
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', { title: 5 })
    expect(r.status).toBe(201)
    expect(r.body.title).toBe('5')
  })

  it('refuses a query parameter outside its enum', async () => {
    const r = await rest(sim, githubToken, 'GET', '/repos/octo/blog/issues?state=done')
    expect(r.status).toBe(422)
    expect(r.body.message).toContain(`For 'properties/state', "done" is not a member of`)
  })

  it('answers malformed JSON with 400 Problems parsing JSON', async () => {
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/issues', '{"title":')
    expect(r).toMatchObject({ status: 400, body: { message: 'Problems parsing JSON' } })
  })

  it.each([
    ['an unknown route', 'GET', '/repos/octo/blog/nothing-here'],
    ['another repository', 'GET', '/repos/octo/other/issues'],
    ['a non-numeric issue number', 'GET', '/repos/octo/blog/issues/abc'],
    ['a missing issue', 'GET', '/repos/octo/blog/issues/9999']
  ])('answers %s with GitHub 404', async (_case, method, path) => {
    const r = await rest(sim, githubToken, method, path)
    expect(r.status).toBe(404)
    expect(r.body).toMatchObject({
      message: 'Not Found',
      documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//)
    })
  })

  it('fails loudly (501, naming the operation) on a real GitHub route it does not implement', async () => {
    const r = await rest(sim, githubToken, 'GET', '/repos/octo/blog/releases')
    expect(r.status).toBe(501)
    expect(r.body.message).toContain('repos/list-releases')
  })
})

describe('tokens', () => {
  it.each([
    ['an unknown token', 'ghp_nope', 'Bad credentials'],
    ['no token', null, 'Requires authentication']
  ])('answers %s with 401', async (_case, token, message) => {
    const r = await rest(sim, token, 'GET', '/repos/octo/blog')
    expect(r).toMatchObject({ status: 401, body: { message } })
  })

  it('lets a read-only token (fork pull request) read but answers every write with 403', async () => {
    const issue = sim.createIssueAsUser({ title: 'fork can see me' })
    expect((await rest(sim, readOnlyToken, 'GET', `/repos/octo/blog/issues/${issue.number}`)).status).toBe(
      200
    )
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/repos/octo/blog/issues', { title: 'nope' }],
      ['PATCH', `/repos/octo/blog/issues/${issue.number}`, { state: 'closed' }],
      ['POST', `/repos/octo/blog/issues/${issue.number}/comments`, { body: 'nope' }],
      ['POST', '/repos/octo/blog/labels', { name: 'nope' }]
    ]
    for (const [method, path, body] of writes) {
      const r = await rest(sim, readOnlyToken, method, path, body)
      expect(r.status).toBe(403)
      expect(r.body.message).toBe('Resource not accessible by integration')
    }
    expect(sim.issue(issue.number)?.state).toBe('open')
  })

  it('shows the authenticated user to a PAT but not to GITHUB_TOKEN', async () => {
    expect((await rest(sim, projectPat, 'GET', '/user')).body).toMatchObject({
      login: 'octo',
      user_view_type: 'private'
    })
    const bot = await rest(sim, githubToken, 'GET', '/user')
    expect(bot).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } })
  })

  it('reports the granted scopes of a PAT the way GitHub does', async () => {
    const r = await rest(sim, projectPat, 'GET', '/repos/octo/blog')
    expect(r.headers.get('x-oauth-scopes')).toBe('project, repo')
  })
})

describe('pagination and rate-limit headers', () => {
  let s: Simulator
  beforeAll(async () => {
    s = await startSimulator()
    for (let i = 1; i <= 65; i++) s.createIssueAsUser({ title: `task ${i}` })
  })
  afterAll(async () => {
    await s.close()
  })

  it('pages by 30 with a Link header to next and last', async () => {
    const first = await rest<unknown[]>(s, githubToken, 'GET', '/repos/octo/blog/issues')
    expect(first.body).toHaveLength(30)
    const link = first.headers.get('link') ?? ''
    expect(link).toContain('page=2>; rel="next"')
    expect(link).toContain('page=3>; rel="last"')
    const last = await rest<unknown[]>(s, githubToken, 'GET', '/repos/octo/blog/issues?page=3')
    expect(last.body).toHaveLength(5)
    expect(last.headers.get('link')).toContain('rel="prev"')
    expect(last.headers.get('link')).not.toContain('rel="next"')
  })

  it('caps per_page at 100', async () => {
    const r = await rest<unknown[]>(s, githubToken, 'GET', '/repos/octo/blog/issues?per_page=500')
    expect(r.body).toHaveLength(65)
  })

  it("is followed to the end by octokit's paginate", async () => {
    const MyOctokit = Octokit.plugin(paginateRest)
    const octokit = new MyOctokit({ auth: githubToken, baseUrl: s.apiUrl })
    s.resetRequests()
    const all = await octokit.paginate('GET /repos/{owner}/{repo}/issues', {
      owner: 'octo',
      repo: 'blog',
      per_page: 20
    })
    expect(all).toHaveLength(65)
    expect(s.requests.filter(r => r.operationId === 'issues/list-for-repo')).toHaveLength(4)
  })

  it('counts down x-ratelimit-remaining per token', async () => {
    const a = await rest(s, projectPat, 'GET', '/repos/octo/blog')
    const b = await rest(s, projectPat, 'GET', '/repos/octo/blog')
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000')
    expect(Number(b.headers.get('x-ratelimit-remaining'))).toBe(
      Number(a.headers.get('x-ratelimit-remaining')) - 1
    )
    expect(b.headers.get('x-ratelimit-resource')).toBe('core')
    expect(Number(b.headers.get('x-ratelimit-reset'))).toBeGreaterThan(s.clock.now() / 1000)
  })
})

describe('request log', () => {
  it('records every request, rejected ones included, with operation, token and status', async () => {
    const s = await startSimulator()
    try {
      await rest(s, githubToken, 'POST', '/repos/octo/blog/issues', { title: 'one' })
      await rest(s, readOnlyToken, 'POST', '/repos/octo/blog/issues', { title: 'two' })
      await rest(s, githubToken, 'GET', '/repos/octo/blog/issues')
      expect(s.requests.map(r => [r.operationId, r.token, r.status, r.isWrite])).toEqual([
        ['issues/create', githubToken, 201, true],
        ['issues/create', readOnlyToken, 403, true],
        ['issues/list-for-repo', githubToken, 200, false]
      ])
      const overHttp = await fetch(`${s.apiUrl}/_sim/requests`).then(r => r.json() as Promise<unknown[]>)
      expect(overHttp).toHaveLength(3)
      s.resetRequests()
      expect(s.requests).toHaveLength(0)
    } finally {
      await s.close()
    }
  })
})
