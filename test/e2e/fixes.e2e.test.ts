// One-click fixes through dist/index.js under Node 24 against the simulator: certain fixes as suggested changes in
// one review on a pull request's changed lines (never repeated, removed when fixed), and the fix pull request on schedule.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyFixes } from '../../src/blog/fix.js'
import { runCheck } from '../../src/jobs/check.js'
import { defaultSeed, DEFAULT_TOKENS, startSimulator, type Simulator } from '../github-sim/index.js'
import { git, makeWorkspace, runAction, type ActionRun } from './harness.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
const NOW = '2026-11-28T09:00:00+09:00'
const NEW_POST = '_posts/2026-11-28-week04-day027.md'
const POST_TEXT = (date: string) =>
  `---\ntitle: "[Week 04 / Day 027] 학습 기록"\ndate: ${date}\ncategories: [AI 부트캠프, Daily & Weekly Log]\ntags: [Daily-Log, AI]\ncomment: false\npublished: "false"\n---\n## 오늘 한 일\n- [x] 강의 수강\n`
const FIX_BRANCH = 'jekyll-post-ops/fix-posts'

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

const writes = () => sim.requests.filter(r => r.isWrite)
// On a pull request the first request reads the base commit's configuration file (none here: 404).
const ops = () => sim.requests.map(r => `${r.operationId}:${r.status}`)

async function run(name: string, payload: Record<string, unknown>, inputs: Record<string, string>, sha?: string): Promise<ActionRun> {
  sim.resetRequests()
  return runAction({
    workspace,
    event: { name, payload: { repository, sender: { login: 'octo' }, ...payload } },
    inputs,
    apiUrl: sim.apiUrl,
    graphqlUrl: sim.graphqlUrl,
    now: NOW,
    timeScale: 1000,
    ...(sha ? { sha } : {})
  })
}

/** The pull_request event for `number`, run with the workspace on its head (as actions/checkout leaves it). */
async function onPull(number: number, token: string = DEFAULT_TOKENS.githubToken, fork = false): Promise<ActionRun> {
  const pull = sim.pull(number)!
  git(workspace, 'checkout', '-q', pull.head)
  try {
    return await run(
      'pull_request',
      {
        action: 'synchronize',
        number,
        pull_request: {
          number,
          merged: false,
          base: { ref: 'main', sha: git(workspace, 'rev-parse', 'main'), repo: { full_name: 'octo/blog' } },
          head: { ref: pull.head, sha: git(workspace, 'rev-parse', 'HEAD'), repo: { full_name: fork ? 'someone/blog' : 'octo/blog' } }
        }
      },
      { jobs: 'check', token }
    )
  } finally {
    git(workspace, 'checkout', '-q', 'main')
  }
}

/** What `check --fix` writes for `path` in the workspace as it is checked out now. */
function fixedText(path: string): string {
  const result = runCheck({ root: workspace, now: Date.parse(NOW), severity: {} })
  const post = result.posts.find(p => p.file.path === path)!
  return applyFixes(post.file, result.diagnostics).text
}

const suggestionOf = (body: string) => /```suggestion\n([\s\S]*?)\n?```/.exec(body)?.[1]

describe('suggested changes on a pull request', () => {
  let pr: number
  let fixedLines: string[]

  beforeAll(async () => {
    await sim.createBranch('day-27')
    await sim.commitFiles('day-27', { [NEW_POST]: POST_TEXT('2026-11-28 08:00:00 +/-TTTT') }, 'day 27')
    pr = (await sim.openPullRequest({ head: 'day-27', title: 'Day 27' })).number
    git(workspace, 'checkout', '-q', 'day-27')
    fixedLines = fixedText(NEW_POST).split('\n')
    git(workspace, 'checkout', '-q', 'main')
  })

  it('says in one line that a token without `pull-requests: write` posts none', async () => {
    const result = await onPull(pr, DEFAULT_TOKENS.readOnlyToken)
    expect(ops()).toEqual(['repos/get-content:404', 'pulls/list-files:200', 'pulls/list-review-comments:200', 'pulls/create-review:403'])
    expect(result.stdout).toContain('check: suggestions: skipped: the token cannot write pull request reviews (`pull-requests: write`).')
    expect(sim.state.reviewComments).toEqual([])
  })

  it('posts exactly one review whose suggestions are the lines --fix writes, on the lines the pull request added', async () => {
    const result = await onPull(pr)

    expect(ops()).toEqual(['repos/get-content:404', 'pulls/list-files:200', 'pulls/list-review-comments:200', 'pulls/create-review:200'])
    expect(sim.state.reviews.filter(r => r.pullNumber === pr)).toHaveLength(1)
    const comments = sim.state.reviewComments.filter(c => c.pullNumber === pr)
    // Five certain fixes (the offset, two tags, a key, a quoted boolean) on four lines: four suggestions, one request.
    expect(comments.map(c => [c.path, c.line, c.side, suggestionOf(c.body)])).toEqual([
      [NEW_POST, 3, 'RIGHT', fixedLines[2]],
      [NEW_POST, 5, 'RIGHT', fixedLines[4]],
      [NEW_POST, 6, 'RIGHT', fixedLines[5]],
      [NEW_POST, 7, 'RIGHT', fixedLines[6]]
    ])
    expect(fixedLines.slice(2, 7)).toEqual([
      'date: 2026-11-28 08:00:00 +0900',
      'categories: [AI 부트캠프, Daily & Weekly Log]',
      'tags: [daily-log, ai]',
      'comments: false',
      'published: false'
    ])
    expect(result.summary).toContain('Suggested changes: 4 posted.')
    expect(sim.specViolations).toEqual([])
  })

  it('a rerun writes nothing', async () => {
    await onPull(pr)
    expect(ops()).toEqual(['repos/get-content:404', 'pulls/list-files:200', 'pulls/list-review-comments:200'])
    expect(writes()).toHaveLength(0)
  })

  it('a push fixing one leaves exactly the other', async () => {
    await sim.commitFiles('day-27', { [NEW_POST]: POST_TEXT('2026-11-28 08:00:00 +0900') }, 'day 27: offset')
    const result = await onPull(pr)
    expect(ops()).toEqual(['repos/get-content:404', 'pulls/list-files:200', 'pulls/list-review-comments:200', 'pulls/delete-review-comment:204'])
    const comments = sim.state.reviewComments.filter(c => c.pullNumber === pr)
    expect(comments.map(c => [c.line, suggestionOf(c.body)])).toEqual([
      [5, 'tags: [daily-log, ai]'],
      [6, 'comments: false'],
      [7, 'published: false']
    ])
    expect(result.summary).toContain('3 already on the pull request, 1 removed (fixed)')
  })

  it("gives a fork's pull request none, and says why", async () => {
    const before = sim.state.reviewComments.length
    const result = await onPull(pr, DEFAULT_TOKENS.readOnlyToken, true)
    expect(writes()).toHaveLength(0)
    expect(sim.state.reviewComments.length).toBe(before)
    expect(result.stdout).toContain("check: suggestions: skipped: a fork's pull request gets a read-only token, and suggestions need `pull-requests: write`")
    expect(result.annotations).toContainEqual(expect.objectContaining({ file: NEW_POST, title: 'tags/lowercase' }))
  })

  it('places nothing on lines the pull request did not change', async () => {
    const day017 = '_posts/2026-11-18-week03-day017.md'
    const text = readFileSync(join(workspace, day017), 'utf8')
    await sim.createBranch('retitle')
    await sim.commitFiles('retitle', { [day017]: text.replace('학습 기록', '학습 기록 (수정)') }, 'retitle')
    const other = (await sim.openPullRequest({ head: 'retitle', title: 'Retitle' })).number
    const result = await onPull(other)
    expect(ops()).toEqual(['repos/get-content:404', 'pulls/list-files:200', 'pulls/list-review-comments:200'])
    expect(result.summary).toContain('1 on lines this pull request did not change (annotations only)')
    expect(result.annotations).toContainEqual(expect.objectContaining({ file: day017, title: 'tags/lowercase' }))
  })
})

describe('the fix pull request on schedule', () => {
  const schedule = () => run('schedule', { schedule: '0 0 * * *' }, { jobs: 'fixes', token: DEFAULT_TOKENS.githubToken }, git(workspace, 'rev-parse', 'main'))
  const ours = () => sim.state.pulls.filter(p => p.head === FIX_BRANCH)
  const onBranch = async (path: string) => (await sim.flows.git.blob((await sim.flows.git.entry(FIX_BRANCH, path))!.sha)).toString('utf8')

  it('is made from the default branch only: a dispatch on another branch is skipped with one line', async () => {
    const result = await run('workflow_dispatch', { ref: 'refs/heads/day-27' }, { jobs: 'fixes', token: DEFAULT_TOKENS.githubToken }, git(workspace, 'rev-parse', 'day-27'))
    expect(sim.requests).toHaveLength(0)
    expect(result.stdout).toContain('fixes: skipped: the run is on refs/heads/day-27, not the default branch main')
  })

  it('opens one pull request whose commit holds the fixed posts and nothing else', async () => {
    const expected = Object.fromEntries(
      ['_posts/2026-11-18-week03-day017.md', '_posts/2026-11-19-week03-day018.md', '_posts/2026-11-22-week03-day021.md', '_posts/2026-11-26-week04-day025.md'].map(p => [p, fixedText(p)])
    )
    const result = await schedule()
    expect(ops()).toEqual([
      'pulls/list:200',
      'git/get-commit:200',
      'git/create-tree:201',
      'git/create-commit:201',
      'git/get-ref:404',
      'git/create-ref:201',
      'pulls/create:201'
    ])
    expect(ours()).toHaveLength(1)
    const pull = ours()[0]!
    expect(pull.title).toBe('Fix front matter: 4 certain fixes')
    expect(pull.body).toContain('| _posts/2026-11-22-week03-day021.md | 3 | [`date/placeholder-offset`]')
    const diff = await sim.flows.git.diff(git(workspace, 'rev-parse', 'main'), (await sim.flows.branchSha(FIX_BRANCH))!)
    expect(diff.map(d => d.filename).sort()).toEqual(Object.keys(expected))
    for (const [path, text] of Object.entries(expected)) expect(await onBranch(path)).toBe(text)
    expect(await onBranch('_posts/2026-11-22-week03-day021.md')).toContain('date: 2026-11-22 21:00:00 +0900\n')
    expect(result.stdout).toContain(`fixes: opened pull request #${pull.number}`)
    expect(sim.specViolations).toEqual([])
  })

  it('a rerun opens no second pull request and writes nothing', async () => {
    await schedule()
    expect(ops()).toEqual(['pulls/list:200'])
    expect(ours()).toHaveLength(1)
  })

  it('updates it in place when the fixes change', async () => {
    const day020 = '_posts/2026-11-21-week03-day020.md'
    const text = readFileSync(join(workspace, day020), 'utf8')
    await sim.commitFiles('main', { [day020]: text.replace('daily-log', 'Daily-Log') }, 'day 20: tag')
    const expected = fixedText(day020)
    await schedule()
    expect(ops()).toEqual([
      'pulls/list:200',
      'git/get-commit:200',
      'git/create-tree:201',
      'git/create-commit:201',
      'git/get-ref:200',
      'git/update-ref:200',
      'pulls/update:200'
    ])
    expect(ours()).toHaveLength(1)
    expect(ours()[0]!.title).toBe('Fix front matter: 5 certain fixes')
    expect(await onBranch(day020)).toBe(expected)
  })

  it('closes it when the fixes reach the default branch another way', async () => {
    const number = ours()[0]!.number
    // The author merges the fix branch's changes by hand (another pull request): nothing is left to fix.
    const files: Record<string, string> = {}
    for (const d of await sim.flows.git.diff(git(workspace, 'rev-parse', 'main'), (await sim.flows.branchSha(FIX_BRANCH))!)) {
      files[d.filename] = await onBranch(d.filename)
    }
    await sim.commitFiles('main', files, 'fix front matter by hand')
    await schedule()
    expect(ops()).toEqual(['pulls/list:200', 'pulls/update:200', 'git/delete-ref:204'])
    expect(sim.pull(number)!.state).toBe('closed')
    expect(await sim.flows.branchSha(FIX_BRANCH)).toBeNull()
    await schedule()
    expect(ops()).toEqual(['pulls/list:200'])
  })

  it('opens a new one for new fixes, and once it is merged there is nothing left to do', async () => {
    const day016 = '_posts/2026-11-17-week03-day016.md'
    const text = readFileSync(join(workspace, day016), 'utf8')
    await sim.commitFiles('main', { [day016]: text.replace('daily-log', 'Daily-Log') }, 'day 16: tag')
    await schedule()
    expect(writes().map(r => r.operationId)).toEqual(['git/create-tree', 'git/create-commit', 'git/create-ref', 'pulls/create'])
    const open = ours().filter(p => p.state === 'open')
    expect(open).toHaveLength(1)
    expect(open[0]!.title).toBe('Fix front matter: 1 certain fix')
    await sim.mergePullRequest(open[0]!.number)
    await schedule()
    expect(ops()).toEqual(['pulls/list:200'])
    expect(readFileSync(join(workspace, day016), 'utf8')).toBe(text)
  })

  it('leaves a pull request a person closed without merging closed for the same fixes', async () => {
    const day015 = '_posts/2026-11-16-week03-day015.md'
    const text = readFileSync(join(workspace, day015), 'utf8')
    await sim.commitFiles('main', { [day015]: text.replace('daily-log', 'Daily-Log') }, 'day 15: tag')
    await schedule()
    const open = ours().filter(p => p.state === 'open')
    expect(open).toHaveLength(1)
    sim.closePullRequest(open[0]!.number, 'octo')
    const result = await schedule()
    expect(ops()).toEqual(['pulls/list:200'])
    expect(result.stdout).toContain('was closed without merging; it stays closed until the fixes change')
  })
})
