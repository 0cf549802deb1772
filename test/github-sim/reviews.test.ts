// The simulator's pull request reviews and git data API over real HTTP: files with their patch, one review with
// line comments, GitHub's 422 for a line outside the diff, listing and deleting comments, blobs/trees/commits/refs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rest } from './client.js'
import { DEFAULT_TOKENS, startSimulator, type Simulator } from './index.js'
import { hunksOf } from './reviews.js'

const { githubToken, readOnlyToken } = DEFAULT_TOKENS
let sim: Simulator
let pr: number
let head: string

const POST = (tags: string) => `---\ntitle: t\ndate: 2026-11-22 21:00:00 +0900\ntags: ${tags}\n---\nbody\n`

beforeAll(async () => {
  sim = await startSimulator()
  await sim.commitFiles('main', { '_posts/2026-11-22-a.md': POST('[a]'), 'other.md': 'x\n' }, 'base')
  await sim.createBranch('tags')
  head = await sim.commitFiles('tags', { '_posts/2026-11-22-a.md': POST('[Daily-Log, AI]'), 'new.md': 'one\ntwo\n' }, 'tags')
  pr = (await sim.openPullRequest({ head: 'tags', title: 'Tags' })).number
})
afterAll(async () => {
  await sim.close()
})

describe('pulls/list-files', () => {
  it("gives each file GitHub's patch: the hunks, without the diff header", async () => {
    const r = await rest<Array<{ filename: string; patch?: string }>>(sim, githubToken, 'GET', `/repos/octo/blog/pulls/${pr}/files`)
    expect(r.status).toBe(200)
    const post = r.body.find(f => f.filename === '_posts/2026-11-22-a.md')!
    expect(post.patch).toBe('@@ -1,6 +1,6 @@\n ---\n title: t\n date: 2026-11-22 21:00:00 +0900\n-tags: [a]\n+tags: [Daily-Log, AI]\n ---\n body')
    expect(r.body.find(f => f.filename === 'new.md')!.patch).toBe('@@ -0,0 +1,2 @@\n+one\n+two')
  })
})

describe('pulls/create-review', () => {
  it('posts one review with its line comments, listed back as review comments', async () => {
    const r = await rest(sim, githubToken, 'POST', `/repos/octo/blog/pulls/${pr}/reviews`, {
      commit_id: head,
      event: 'COMMENT',
      body: 'two suggestions',
      comments: [
        { path: '_posts/2026-11-22-a.md', line: 4, side: 'RIGHT', body: '```suggestion\ntags: [daily-log, ai]\n```' },
        { path: 'new.md', start_line: 1, line: 2, side: 'RIGHT', start_side: 'RIGHT', body: 'both lines' }
      ]
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ state: 'COMMENTED', body: 'two suggestions', commit_id: head, user: { login: 'github-actions[bot]' } })
    const listed = await rest<Array<Record<string, unknown>>>(sim, githubToken, 'GET', `/repos/octo/blog/pulls/${pr}/comments`)
    expect(listed.status).toBe(200)
    expect(listed.body.map(c => [c.path, c.start_line, c.line, c.side, c.pull_request_review_id])).toEqual([
      ['_posts/2026-11-22-a.md', null, 4, 'RIGHT', r.body.id],
      ['new.md', 1, 2, 'RIGHT', r.body.id]
    ])
    expect(listed.body[0]!.diff_hunk).toBe('@@ -1,6 +1,6 @@\n ---\n title: t\n date: 2026-11-22 21:00:00 +0900\n-tags: [a]\n+tags: [Daily-Log, AI]')
    expect(sim.specViolations).toEqual([])
  })

  it.each([
    ['a line outside every hunk', { path: 'other.md', line: 1 }, 'path'],
    ['a right-side line past the hunk', { path: '_posts/2026-11-22-a.md', line: 9 }, 'pull_request_review_thread.line'],
    ['a left-side line that exists only on the right', { path: 'new.md', line: 2, side: 'LEFT' }, 'pull_request_review_thread.line'],
    ['a start line in no hunk', { path: 'new.md', start_line: 7, line: 2 }, 'pull_request_review_thread.start_line']
  ])('refuses the whole review (422) for %s', async (_name, place, field) => {
    const before = sim.state.reviewComments.length
    const r = await rest<{ message: string; errors: Array<{ field: string; message?: string }> }>(sim, githubToken, 'POST', `/repos/octo/blog/pulls/${pr}/reviews`, {
      event: 'COMMENT',
      body: 'x',
      comments: [{ path: 'new.md', line: 1, body: 'fine' }, { ...place, body: 'bad' }]
    })
    expect(r.status).toBe(422)
    expect(r.body.errors[0]!.field).toBe(field)
    if (field !== 'path') expect(r.body.errors[0]!.message).toBe(`${field} must be part of the diff`)
    expect(sim.state.reviewComments.length).toBe(before)
  })

  it('refuses a read-only token (a fork pull request) with 403', async () => {
    const r = await rest(sim, readOnlyToken, 'POST', `/repos/octo/blog/pulls/${pr}/reviews`, { event: 'COMMENT', body: 'x' })
    expect(r.status).toBe(403)
  })

  it('deletes a review comment (204), then 404', async () => {
    const id = sim.state.reviewComments.find(c => c.path === 'new.md')!.id
    expect((await rest(sim, githubToken, 'DELETE', `/repos/octo/blog/pulls/comments/${id}`)).status).toBe(204)
    expect((await rest(sim, githubToken, 'DELETE', `/repos/octo/blog/pulls/comments/${id}`)).status).toBe(404)
    expect(sim.state.reviewComments.map(c => c.path)).toEqual(['_posts/2026-11-22-a.md'])
  })
})

describe('git data', () => {
  it('makes a tree on a base tree with inline content, a commit, and a branch moved only by force', async () => {
    const main = (await rest<{ object: { sha: string } }>(sim, githubToken, 'GET', '/repos/octo/blog/git/ref/heads/main')).body.object.sha
    const commit = await rest<{ tree: { sha: string } }>(sim, githubToken, 'GET', `/repos/octo/blog/git/commits/${main}`)
    expect(commit.status).toBe(200)
    const blob = await rest<{ sha: string }>(sim, githubToken, 'POST', '/repos/octo/blog/git/blobs', { content: Buffer.from('\uFEFFbom\n').toString('base64'), encoding: 'base64' })
    expect(blob.status).toBe(201)
    const tree = await rest<{ sha: string; tree: Array<{ path: string }> }>(sim, githubToken, 'POST', '/repos/octo/blog/git/trees', {
      base_tree: commit.body.tree.sha,
      tree: [
        { path: '_posts/2026-11-22-a.md', mode: '100644', type: 'blob', content: POST('[fixed]') },
        { path: 'bom.md', mode: '100644', type: 'blob', sha: blob.body.sha },
        { path: 'other.md', mode: '100644', type: 'blob', sha: null }
      ]
    })
    expect(tree.status).toBe(201)
    const paths = tree.body.tree.map(e => e.path)
    expect(paths).toEqual(expect.arrayContaining(['README.md', '_posts', 'bom.md']))
    expect(paths).not.toContain('other.md')
    const made = await rest<{ sha: string; parents: Array<{ sha: string }> }>(sim, githubToken, 'POST', '/repos/octo/blog/git/commits', {
      message: 'fix',
      tree: tree.body.sha,
      parents: [main]
    })
    expect(made.status).toBe(201)
    expect(made.body.parents.map(p => p.sha)).toEqual([main])
    expect((await rest(sim, githubToken, 'POST', '/repos/octo/blog/git/refs', { ref: 'refs/heads/fix', sha: made.body.sha })).status).toBe(201)
    const file = await rest<{ content: string }>(sim, githubToken, 'GET', '/repos/octo/blog/contents/_posts/2026-11-22-a.md?ref=fix')
    expect(Buffer.from(file.body.content, 'base64').toString('utf8')).toBe(POST('[fixed]'))
    const bom = await rest<{ content: string }>(sim, githubToken, 'GET', '/repos/octo/blog/contents/bom.md?ref=fix')
    expect([...Buffer.from(bom.body.content, 'base64').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])

    const other = await rest<{ sha: string }>(sim, githubToken, 'POST', '/repos/octo/blog/git/commits', { message: 'root', tree: tree.body.sha, parents: [] })
    const refused = await rest<{ message: string }>(sim, githubToken, 'PATCH', '/repos/octo/blog/git/refs/heads/fix', { sha: other.body.sha })
    expect(refused.status).toBe(422)
    expect(refused.body.message).toBe('Update is not a fast forward')
    const forced = await rest(sim, githubToken, 'PATCH', '/repos/octo/blog/git/refs/heads/fix', { sha: other.body.sha, force: true })
    expect(forced.status).toBe(200)
    expect(await sim.flows.branchSha('fix')).toBe(other.body.sha)
    expect(sim.specViolations).toEqual([])
  })
})

describe('hunksOf', () => {
  it('numbers each line on its sides', () => {
    const [hunk] = hunksOf('@@ -3,3 +3,4 @@ title\n a\n-b\n+c\n+d\n e\n\\ No newline at end of file')
    expect(hunk!.left).toEqual([3, 4, 0, 0, 5])
    expect(hunk!.right).toEqual([3, 0, 4, 5, 6])
  })
})
