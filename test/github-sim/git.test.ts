// The simulator's git side: branches, pull request files, compare, contents and merges come from a real
// repository on disk, and merging closes the issues a pull request references, as GitHub does.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rest } from './client.js'
import { closingReferences, defaultSeed, DEFAULT_TOKENS, startSimulator, type Simulator } from './index.js'

const { githubToken } = DEFAULT_TOKENS
let sim: Simulator

/** A fresh simulator for each test of the enclosing describe. */
function freshSimulator(): void {
  beforeEach(async () => {
    sim = await startSimulator()
  })
  afterEach(async () => {
    await sim.close()
  })
}

const git = (s: Simulator, ...args: string[]) =>
  execFileSync('git', ['-C', s.workspace, ...args], { encoding: 'utf8' }).trim()

describe('pull request files and compare', () => {
  freshSimulator()
  beforeEach(async () => {
    await sim.commitFiles(
      'main',
      { 'notes/old-name.md': 'a\nb\nc\nd\ne\nf\ng\nh\n', 'gone.md': 'bye\n', 'edit.md': 'one\n' },
      'base files'
    )
    await sim.createBranch('feat/12-week03')
    await sim.commitFiles(
      'feat/12-week03',
      {
        'notes/old-name.md': null,
        'notes/new-name.md': 'a\nb\nc\nd\ne\nf\ng\nh\n',
        'gone.md': null,
        'edit.md': 'one\ntwo\n',
        '_posts/2026-03-12-day-012.md': '---\ntitle: x\n---\n'
      },
      'week 3'
    )
  })

  it('lists added, modified, removed and renamed files with previous_filename', async () => {
    const pr = await sim.openPullRequest({ head: 'feat/12-week03', title: 'Week 3' })
    const r = await rest<Array<Record<string, unknown>>>(
      sim,
      githubToken,
      'GET',
      `/repos/octo/blog/pulls/${pr.number}/files`
    )
    const byName = Object.fromEntries(r.body.map(f => [f.filename, f]))
    expect(byName['_posts/2026-03-12-day-012.md']).toMatchObject({
      status: 'added',
      additions: 3,
      deletions: 0
    })
    expect(byName['edit.md']).toMatchObject({ status: 'modified', additions: 1, deletions: 0, changes: 1 })
    expect(byName['gone.md']).toMatchObject({ status: 'removed', deletions: 1 })
    expect(byName['notes/new-name.md']).toMatchObject({
      status: 'renamed',
      previous_filename: 'notes/old-name.md'
    })
    expect(r.body).toHaveLength(4)
  })

  it('pages pull request files', async () => {
    const pr = await sim.openPullRequest({ head: 'feat/12-week03', title: 'Week 3' })
    const page1 = await rest<unknown[]>(
      sim,
      githubToken,
      'GET',
      `/repos/octo/blog/pulls/${pr.number}/files?per_page=3`
    )
    const page2 = await rest<unknown[]>(
      sim,
      githubToken,
      'GET',
      `/repos/octo/blog/pulls/${pr.number}/files?per_page=3&page=2`
    )
    expect([page1.body.length, page2.body.length]).toEqual([3, 1])
    expect(page1.headers.get('link')).toContain('rel="next"')
  })

  it('compares base...head from git, with slashes in branch names encoded or not', async () => {
    const encoded = await rest(sim, githubToken, 'GET', '/repos/octo/blog/compare/main...feat%2F12-week03')
    const raw = await rest(sim, githubToken, 'GET', '/repos/octo/blog/compare/main...feat/12-week03')
    for (const r of [encoded, raw]) {
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 })
      expect((r.body.files as unknown[]).length).toBe(4)
    }
    await sim.commitFiles('main', { 'other.md': 'x\n' }, 'main moves on')
    const diverged = await rest(sim, githubToken, 'GET', '/repos/octo/blog/compare/main...feat/12-week03')
    expect(diverged.body).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 1 })
    const shas = await rest(
      sim,
      githubToken,
      'GET',
      `/repos/octo/blog/compare/${git(sim, 'rev-parse', 'main~1')}...${git(sim, 'rev-parse', 'main')}`
    )
    expect(shas.body).toMatchObject({ status: 'ahead', ahead_by: 1 })
  })

  it.each([
    ['a missing branch', '/repos/octo/blog/compare/main...nope'],
    ['a ref git would read as an option', '/repos/octo/blog/compare/main...--output=x'],
    ['a ref with a space', '/repos/octo/blog/compare/main...a%20b'],
    ['contents at a missing ref', '/repos/octo/blog/contents/README.md?ref=nope'],
    ['contents at an invalid ref', '/repos/octo/blog/contents/README.md?ref=..%2F..']
  ])('answers 404 for %s', async (_case, path) => {
    const r = await rest(sim, githubToken, 'GET', path)
    expect(r.status).toBe(404)
  })

  it('refuses to open a pull request without commits or without a head branch', async () => {
    await sim.createBranch('empty')
    await expect(sim.openPullRequest({ head: 'empty', title: 'x' })).rejects.toThrow('Validation Failed')
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/pulls', {
      head: 'missing',
      base: 'main',
      title: 'x'
    })
    expect(r.status).toBe(422)
    expect(r.body.errors).toEqual([{ resource: 'PullRequest', field: 'head', code: 'invalid' }])
  })
})

describe('contents, branches and refs', () => {
  freshSimulator()
  it('serves a file as base64 at a ref, and a directory listing', async () => {
    await sim.createBranch('draft')
    await sim.commitFiles(
      'draft',
      { '_posts/2026-03-12-a.md': '---\ntitle: 학습 기록\n---\n본문\n' },
      'draft'
    )
    const file = await rest(
      sim,
      githubToken,
      'GET',
      '/repos/octo/blog/contents/_posts/2026-03-12-a.md?ref=draft'
    )
    expect(file.body).toMatchObject({
      type: 'file',
      encoding: 'base64',
      name: '2026-03-12-a.md',
      path: '_posts/2026-03-12-a.md'
    })
    expect(Buffer.from(String(file.body.content), 'base64').toString('utf8')).toBe(
      '---\ntitle: 학습 기록\n---\n본문\n'
    )
    const onMain = await rest(sim, githubToken, 'GET', '/repos/octo/blog/contents/_posts/2026-03-12-a.md')
    expect(onMain.status).toBe(404)
    const dir = await rest<Array<{ name: string; type: string }>>(
      sim,
      githubToken,
      'GET',
      '/repos/octo/blog/contents/?ref=draft'
    )
    expect(dir.body.map(e => `${e.type}:${e.name}`)).toEqual([
      'file:README.md',
      'file:_config.yml',
      'dir:_posts'
    ])
  })

  it('lists branches and gets a ref whose name has slashes', async () => {
    await sim.createBranch('feat/3-write-post')
    const branches = await rest<Array<{ name: string }>>(sim, githubToken, 'GET', '/repos/octo/blog/branches')
    expect(branches.body.map(b => b.name)).toEqual(['feat/3-write-post', 'main'])
    const ref = await rest(sim, githubToken, 'GET', '/repos/octo/blog/git/ref/heads/feat/3-write-post')
    expect(ref.body).toMatchObject({
      ref: 'refs/heads/feat/3-write-post',
      object: { type: 'commit', sha: git(sim, 'rev-parse', 'main') }
    })
    expect((await rest(sim, githubToken, 'GET', '/repos/octo/blog/git/ref/heads/none')).status).toBe(404)
  })

  it('creates a branch through git/create-ref', async () => {
    const sha = git(sim, 'rev-parse', 'main')
    const r = await rest(sim, githubToken, 'POST', '/repos/octo/blog/git/refs', {
      ref: 'refs/heads/12-task',
      sha
    })
    expect(r.status).toBe(201)
    expect(git(sim, 'rev-parse', '12-task')).toBe(sha)
    const again = await rest(sim, githubToken, 'POST', '/repos/octo/blog/git/refs', {
      ref: 'refs/heads/12-task',
      sha
    })
    expect(again).toMatchObject({ status: 422, body: { message: 'Reference already exists' } })
  })
})

describe('closing keywords', () => {
  it.each([
    ['Fixes #1', [1]],
    ['closes: #1 and resolved octo/blog#2', [1, 2]],
    ['Resolves https://github.com/octo/blog/issues/2', [2]],
    ['FIXED #2, fixes #1', [2, 1]],
    ['fixes other/repo#1', []],
    ['see #1 (prefix#1 is not a keyword)', []],
    ['`fixes #1` in code', []],
    ['unfixes #1', []]
  ])('reads %j as closing %j', (body, expected) => {
    expect(closingReferences(body, 'octo', 'blog')).toEqual(expected)
  })
})

describe('merging', () => {
  freshSimulator()

  it('closes the issues a pull request into the default branch references, as completed, on merge', async () => {
    const task = sim.createIssueAsUser({ title: '과제 제출' })
    const other = sim.createIssueAsUser({ title: 'untouched' })
    await sim.createBranch(`${task.number}-assignment`)
    await sim.commitFiles(`${task.number}-assignment`, { 'hw.md': 'done\n' }, 'homework')
    const pr = await sim.openPullRequest({
      head: `${task.number}-assignment`,
      title: 'Homework',
      body: `Fixes #${task.number}`
    })
    const merge = await rest(sim, githubToken, 'PUT', `/repos/octo/blog/pulls/${pr.number}/merge`, {
      merge_method: 'squash'
    })
    expect(merge).toMatchObject({
      status: 200,
      body: { merged: true, message: 'Pull Request successfully merged' }
    })
    expect(sim.issue(task.number)).toMatchObject({
      state: 'closed',
      stateReason: 'completed',
      closedBy: 'github-actions[bot]'
    })
    expect(sim.issue(other.number)?.state).toBe('open')
    const closed = sim.state.events.find(e => e.issueNumber === task.number && e.type === 'closed')
    expect(closed?.closer).toEqual({ kind: 'pull', number: pr.number })
    expect(git(sim, 'show', 'main:hw.md')).toBe('done')
    expect(git(sim, 'rev-list', '--count', 'main')).toBe('2')
    const pulled = await rest(sim, githubToken, 'GET', `/repos/octo/blog/pulls/${pr.number}`)
    expect(pulled.body).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: merge.body.sha })
  })

  it('does not close issues from a pull request into another base', async () => {
    const task = sim.createIssueAsUser({ title: 'task' })
    await sim.createBranch('develop')
    await sim.createBranch('work', 'develop')
    await sim.commitFiles('work', { 'w.md': 'w\n' }, 'work')
    const pr = await sim.openPullRequest({
      head: 'work',
      base: 'develop',
      title: 'Work',
      body: `Closes #${task.number}`
    })
    await sim.mergePullRequest(pr.number)
    expect(sim.issue(task.number)?.state).toBe('open')
    expect(git(sim, 'rev-list', '--parents', '-1', 'develop').split(' ')).toHaveLength(3)
  })

  it('fast-forwards the checked-out working tree when the default branch moves', async () => {
    await sim.createBranch('post')
    await sim.commitFiles('post', { '_posts/2026-03-13-b.md': 'post\n' }, 'post')
    const pr = await sim.openPullRequest({ head: 'post', title: 'Post' })
    await sim.mergePullRequest(pr.number, { method: 'rebase' })
    expect(readFileSync(join(sim.workspace, '_posts/2026-03-13-b.md'), 'utf8')).toBe('post\n')
    expect(git(sim, 'status', '--porcelain')).toBe('')
    expect(git(sim, 'log', '-1', '--format=%s', 'main')).toBe('post')
  })

  it('answers 405 for a pull request that conflicts, and 409 for a stale head sha', async () => {
    await sim.createBranch('left')
    await sim.commitFiles('left', { 'README.md': 'left\n' }, 'left')
    const pr = await sim.openPullRequest({ head: 'left', title: 'Left' })
    const stale = await rest(sim, githubToken, 'PUT', `/repos/octo/blog/pulls/${pr.number}/merge`, {
      sha: '0'.repeat(40)
    })
    expect(stale.status).toBe(409)
    await sim.commitFiles('main', { 'README.md': 'right\n' }, 'right')
    const got = await rest(sim, githubToken, 'GET', `/repos/octo/blog/pulls/${pr.number}`)
    expect(got.body).toMatchObject({ mergeable: false, mergeable_state: 'dirty' })
    const r = await rest(sim, githubToken, 'PUT', `/repos/octo/blog/pulls/${pr.number}/merge`, {})
    expect(r).toMatchObject({ status: 405, body: { message: 'Pull Request is not mergeable' } })
  })

  it('closes an issue from a closing keyword in a commit pushed to the default branch', async () => {
    const task = sim.createIssueAsUser({ title: 'typo' })
    await sim.commitFiles('main', { 'README.md': 'fixed\n' }, `Fix typo\n\nfixes #${task.number}`)
    expect(sim.issue(task.number)).toMatchObject({ state: 'closed', stateReason: 'completed' })
  })
})

describe('the repository on disk', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'github-sim-test-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('is created at a seeded path with the seeded files, and kept after close', async () => {
    const path = join(dir, 'blog')
    const seed = defaultSeed()
    seed.repo.path = path
    seed.repo.defaultBranch = 'trunk'
    seed.repo.files = { '_posts/2026-03-12-day-012.md': '- [ ] 과제 제출\n' }
    const s = await startSimulator({ seed })
    await s.close()
    expect(readFileSync(join(path, '_posts/2026-03-12-day-012.md'), 'utf8')).toBe('- [ ] 과제 제출\n')
    expect(execFileSync('git', ['-C', path, 'branch', '--show-current'], { encoding: 'utf8' }).trim()).toBe(
      'trunk'
    )
  })

  it('removes a temporary repository it created when closed', async () => {
    const s = await startSimulator()
    const path = s.workspace
    expect(existsSync(join(path, '.git'))).toBe(true)
    await s.close()
    expect(existsSync(path)).toBe(false)
  })
})
