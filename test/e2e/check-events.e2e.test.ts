// check on pull_request and push against the GitHub simulator: the posts to annotate come from the PR's files
// (paginated REST) and from comparing before...after, both answered from the real git repository.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSeed, DEFAULT_TOKENS, startSimulator, type Simulator } from '../github-sim/index.js'
import { git, makeWorkspace, runAction, type ActionRun } from './harness.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
const NOW = '2026-11-28T09:00:00+09:00'
const CLEAN = '_posts/2026-11-20-week03-day019.md'
const TAGGED = '_posts/2026-11-27-week04-day026.md'

let sim: Simulator
let workspace: string
const repository = { name: 'blog', full_name: 'octo/blog', owner: { login: 'octo' }, default_branch: 'main' }

beforeAll(async () => {
  workspace = makeWorkspace(EXAMPLE).path
  const seed = defaultSeed()
  seed.repo.path = workspace
  sim = await startSimulator({ seed })
})
afterAll(async () => {
  await sim?.close()
})

const run = (name: string, payload: Record<string, unknown>): Promise<ActionRun> =>
  runAction({
    workspace,
    event: { name, payload: { repository, sender: { login: 'octo' }, ...payload } },
    inputs: { jobs: 'check', token: DEFAULT_TOKENS.githubToken },
    apiUrl: sim.apiUrl,
    graphqlUrl: sim.graphqlUrl,
    now: NOW,
    timeScale: 1000
  })

/** The action on `pull_request` opened for `branch` (checked out for the run), based on main. */
async function openedPull(number: number, branch: string): Promise<ActionRun> {
  git(workspace, 'checkout', '-q', branch)
  try {
    return await run('pull_request', {
      action: 'opened',
      number,
      pull_request: {
        number,
        merged: false,
        base: { ref: 'main', sha: git(workspace, 'rev-parse', 'main'), repo: { full_name: 'octo/blog' } },
        head: { ref: branch, sha: git(workspace, 'rev-parse', 'HEAD'), repo: { full_name: 'octo/blog' } }
      }
    })
  } finally {
    git(workspace, 'checkout', '-q', 'main')
  }
}

/** Breaks one tag of a post: `daily-log` -> `Daily-Log`, the way a hurried author types it. */
function upperTag(path: string): string {
  return readFileSync(join(workspace, path), 'utf8').replace('daily-log', 'Daily-Log')
}

describe('check on push', () => {
  it('annotates only the posts the push changed, from GitHub compare', async () => {
    const before = git(workspace, 'rev-parse', 'HEAD')
    writeFileSync(join(workspace, CLEAN), upperTag(CLEAN))
    git(workspace, 'commit', '-qam', 'day 19: tags')
    const after = git(workspace, 'rev-parse', 'HEAD')
    sim.resetRequests()

    const result = await run('push', { ref: 'refs/heads/main', before, after, created: false, deleted: false })

    const files = new Set(result.annotations.filter(a => a.file).map(a => a.file))
    expect([...files]).toEqual([CLEAN])
    expect(result.annotations).toContainEqual(expect.objectContaining({ level: 'error', file: CLEAN, title: 'tags/lowercase' }))
    expect(result.summary).toContain(`posts changed by push ${after.slice(0, 7)}`)
    // Whole-blog rules still saw every post: the other broken posts are counted, not annotated.
    expect(result.summary).toMatch(/\d+ more findings in posts this event did not change/)
    expect(sim.requests.map(r => r.operationId)).toEqual(['repos/compare-commits-with-basehead'])
    expect(sim.requests.every(r => r.status === 200)).toBe(true)
  })

  it('checks every post when the push created the branch (nothing to compare with)', async () => {
    sim.resetRequests()
    const result = await run('push', {
      ref: 'refs/heads/main',
      before: '0000000000000000000000000000000000000000',
      after: git(workspace, 'rev-parse', 'HEAD'),
      created: true
    })
    expect(result.annotations.some(a => a.file === '_posts/retrospective.md')).toBe(true)
    expect(result.summary).toContain('all posts: the push has no earlier commit to compare with')
    expect(sim.requests).toHaveLength(0)
  })
})

describe('check on pull_request', () => {
  it("annotates only the pull request's posts, listed through the API", async () => {
    await sim.createBranch('fix-day26')
    await sim.commitFiles('fix-day26', { [TAGGED]: upperTag(TAGGED) }, 'day 26: tags')
    const pr = await sim.openPullRequest({ head: 'fix-day26', base: 'main', title: 'Day 26 tags' })
    sim.resetRequests()

    const result = await openedPull(pr.number, 'fix-day26')

    const files = new Set(result.annotations.filter(a => a.file).map(a => a.file))
    expect([...files]).toEqual([TAGGED])
    expect(result.annotations).toContainEqual(expect.objectContaining({ file: TAGGED, title: 'tags/lowercase', line: 5 }))
    expect(result.summary).toContain(`posts changed by pull request #${pr.number}`)
    expect(result.exitCode).toBe(1)
    // The tag's certain fix, on a line the pull request changed, also becomes a suggested change (one review).
    // The base commit's configuration file (none here), then the files, then the one review.
    expect(sim.requests.map(r => r.operationId)).toEqual(['repos/get-content', 'pulls/list-files', 'pulls/list-review-comments', 'pulls/create-review'])
    expect(sim.requests.map(r => r.status)).toEqual([404, 200, 200, 200])
    expect(sim.state.reviewComments.map(c => [c.path, c.line])).toEqual([[TAGGED, 5]])
  })

  it("is judged by the base commit's settings: a pull request that sets fail-on: never in its own file still fails", async () => {
    await sim.createBranch('lenient')
    await sim.commitFiles(
      'lenient',
      {
        [TAGGED]: upperTag(TAGGED),
        '.github/jekyll-post-ops.yml': 'fail-on: never\nseverity:\n  tags/lowercase: "off"\n'
      },
      'day 26: tags, and a lenient check'
    )
    const pr = await sim.openPullRequest({ head: 'lenient', base: 'main', title: 'Lenient' })
    const base = git(workspace, 'rev-parse', 'main')
    const result = await openedPull(pr.number, 'lenient')
    expect(result.exitCode).toBe(1)
    expect(result.annotations).toContainEqual(expect.objectContaining({ level: 'error', file: TAGGED, title: 'tags/lowercase' }))
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: `This pull request changes .github/jekyll-post-ops.yml: the new settings apply after merge; this check uses the base commit's (${base.slice(0, 7)}).`
      })
    )
    expect(result.summary).toContain(`this pull request changes \`.github/jekyll-post-ops.yml\`; the new settings apply after merge. This check used \`.github/jekyll-post-ops.yml\` (none there: defaults) as at the base commit ${base.slice(0, 7)}.`)
  })

  it('checks every post, with one clear line, when GitHub cannot list the files', async () => {
    sim.resetRequests()
    const result = await run('pull_request', {
      action: 'opened',
      number: 999,
      pull_request: { number: 999, base: { ref: 'main', sha: 'x', repo: { full_name: 'octo/blog' } }, head: { ref: 'y', sha: 'y', repo: { full_name: 'octo/blog' } } }
    })
    expect(result.stdout).toMatch(/check: could not ask GitHub which files changed \(.*\); checking all posts\./)
    expect(result.annotations.some(a => a.file === '_posts/retrospective.md')).toBe(true)
  })
})
