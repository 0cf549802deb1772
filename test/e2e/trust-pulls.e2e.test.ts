// The trust boundary on a pull request, end to end (dist/index.js under Node 24, the simulator over HTTP): it is
// judged by the base commit's configuration and schema, and without a token to read that commit it says so.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSeed, DEFAULT_TOKENS, startSimulator, type Simulator } from '../github-sim/index.js'
import { git, runAction, type ActionRun } from './harness.js'
import { config, everything, NOW, outsideFile, refusals, SECRET, workspace } from './trust-workspace.js'

describe('a pull request that changes the configuration file and the schema', () => {
  let sim: Simulator
  let ws: string
  const TAGGED = '_posts/2026-11-27-week04-day026.md'
  const strict = { type: 'object', required: ['title', 'mood'] }

  beforeAll(async () => {
    ws = workspace(path => {
      writeFileSync(join(path, 'front.json'), JSON.stringify(strict))
      config(path, 'schema: front.json\nsuggestions: false\n')
    })
    const seed = defaultSeed()
    seed.repo.path = ws
    sim = await startSimulator({ seed })
  })
  afterAll(async () => {
    await sim?.close()
  })

  it("is judged by the base commit's config and schema, told once that the new ones apply after merge", async () => {
    const outside = outsideFile()
    await sim.createBranch('lenient')
    await sim.commitFiles(
      'lenient',
      {
        [TAGGED]: `${readFileSync(join(ws, TAGGED), 'utf8')}\n`,
        '.github/jekyll-post-ops.yml': `schema: front.json\nfail-on: never\nseverity:\n  schema/invalid: "off"\ntoday-headings: '(a+)+$'\n`,
        // Its own schema would even name a file outside: it is never read, the base commit's schema is.
        'front.json': JSON.stringify({
          type: 'object',
          properties: { title: { $ref: `../${basename(outside)}/outside.txt` } }
        })
      },
      'a lenient check'
    )
    const pr = await sim.openPullRequest({ head: 'lenient', base: 'main', title: 'Lenient' })
    const base = git(ws, 'rev-parse', 'main')
    git(ws, 'checkout', '-q', 'lenient')
    sim.resetRequests()
    let r: ActionRun
    try {
      r = await runAction({
        workspace: ws,
        event: {
          name: 'pull_request',
          payload: {
            action: 'opened',
            number: pr.number,
            repository: {
              name: 'blog',
              full_name: 'octo/blog',
              owner: { login: 'octo' },
              default_branch: 'main'
            },
            sender: { login: 'octo' },
            pull_request: {
              number: pr.number,
              merged: false,
              base: { ref: 'main', sha: base, repo: { full_name: 'octo/blog' } },
              head: { ref: 'lenient', sha: git(ws, 'rev-parse', 'HEAD'), repo: { full_name: 'octo/blog' } }
            }
          }
        },
        inputs: { jobs: 'check', token: DEFAULT_TOKENS.githubToken },
        apiUrl: sim.apiUrl,
        graphqlUrl: sim.graphqlUrl,
        now: NOW,
        timeScale: 1000
      })
    } finally {
      git(ws, 'checkout', '-q', 'main')
    }
    const short = base.slice(0, 7)
    expect(r.exitCode).toBe(1)
    expect(r.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: TAGGED, title: 'schema/invalid' })
    )
    const notices = r.annotations.filter(a => a.level === 'notice' && a.message.includes('apply after merge'))
    expect(notices.map(a => a.message)).toEqual([
      `This pull request changes .github/jekyll-post-ops.yml and front.json: the new settings apply after merge; this check uses the base commit's (${short}).`
    ])
    expect(r.summary).toContain(
      `Settings: this pull request changes \`.github/jekyll-post-ops.yml\` and \`front.json\`; the new settings apply after merge. This check used \`.github/jekyll-post-ops.yml\` and the schema \`front.json\` as at the base commit ${short}.`
    )
    // The base commit's config file and schema, one request each, then the pull request's files.
    expect(sim.requests.map(r => [r.operationId, r.status])).toEqual([
      ['repos/get-content', 200],
      ['repos/get-content', 200],
      ['pulls/list-files', 200]
    ])
    expect(refusals(r)).toEqual([])
    expect(everything(r)).not.toContain(SECRET)
  })
})

describe('a pull request with no token to read its base commit with', () => {
  it("applies neither the pull request's configuration file nor its schema, and says so", async () => {
    const ws = workspace(path => {
      writeFileSync(join(path, 'front.json'), JSON.stringify({ type: 'object', required: ['mood'] }))
      config(path, 'fail-on: never\n')
    })
    const r = await runAction({
      workspace: ws,
      event: {
        name: 'pull_request',
        payload: {
          action: 'opened',
          number: 1,
          pull_request: {
            number: 1,
            base: { ref: 'main', sha: 'b'.repeat(40) },
            head: { ref: 'x', sha: 'c'.repeat(40) }
          }
        }
      },
      inputs: { jobs: 'check', schema: 'front.json' },
      now: NOW
    })
    expect(r.annotations.some(a => a.title === 'schema/invalid')).toBe(false)
    expect(r.exitCode).toBe(1) // fail-on: never is the pull request's own
    expect(r.summary).toContain("Settings: defaults and the workflow's inputs only, without the schema.")
  })
})
