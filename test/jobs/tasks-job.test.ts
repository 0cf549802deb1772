// The tasks job itself against the GitHub simulator over HTTP (issues created once, a rerun plans nothing, skips
// that name their reason), and the CLI's plan command offline and against the simulator.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readEvent } from '../../src/event.js'
import type { JobContext, Sink } from '../../src/jobs/context.js'
import { tasksJob } from '../../src/jobs/tasks.js'
import { planCommand } from '../../src/jobs/plan-command.js'
import { readSettings } from '../../src/settings.js'
import { DEFAULT_TOKENS, freePort, startSimulator, type Simulator } from '../github-sim/index.js'

const WEEK = fileURLToPath(new URL('../fixtures/week/', import.meta.url))
const BLOG = join(WEEK, 'blog')
const expectedOpen = parse(readFileSync(join(WEEK, 'expected-open.yml'), 'utf8')) as string[]
const at = (iso: string) => Date.parse(iso)
const plainTitle = (title: string) => title.replace(/\u200b/g, '')

// @actions/github fixes its base URL when first imported: the simulator gets a port chosen before that.
let port = 0
let createClient: typeof import('../../src/github/client.js').createClient
let cli: typeof import('../../src/cli.js').main
beforeAll(async () => {
  port = await freePort()
  process.env.GITHUB_API_URL = `http://127.0.0.1:${port}`
  ;({ createClient } = await import('../../src/github/client.js'))
  ;({ main: cli } = await import('../../src/cli.js'))
})

let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

interface Collected {
  info: string[]
  summary: string
  outputs: Record<string, string>
}

function context(
  now: string,
  options: { token?: string; inputs?: Record<string, string>; repo?: boolean } = {}
): { ctx: JobContext; seen: Collected } {
  const seen: Collected = { info: [], summary: '', outputs: {} }
  const sink: Sink = {
    info: line => seen.info.push(line),
    annotate: () => {},
    summary: markdown => (seen.summary += markdown),
    output: (name, value) => (seen.outputs[name] = value)
  }
  const inputs: Record<string, string> = {
    token: options.token ?? DEFAULT_TOKENS.githubToken,
    ...options.inputs
  }
  const settings = readSettings(name => inputs[name] ?? '')
  const payload = {
    repository: { name: 'blog', full_name: 'octo/blog', owner: { login: 'octo' }, default_branch: 'main' },
    pusher: { name: 'octo' },
    sender: { login: 'octo' }
  }
  const ctx: JobContext = {
    settings,
    event: readEvent('push', payload, options.repo === false ? '' : 'octo/blog'),
    workspace: BLOG,
    blogRoot: BLOG,
    now: at(now),
    tempDir: mkdtempSync(join(tmpdir(), 'jpo-tasks-')),
    serverUrl: 'https://github.com',
    sha: 'deadbeef',
    client: settings.token ? createClient(settings.token, { timeScale: 1000, log: () => {} }) : undefined,
    projectClient: undefined,
    sink,
    timeScale: 1000
  }
  if (options.repo === false) ctx.event = { ...ctx.event, repo: undefined }
  return { ctx, seen }
}

describe('tasksJob against the simulator', () => {
  it('creates the issues, reports them with links and outputs, then a rerun plans nothing', async () => {
    sim = await startSimulator({ port, now: () => at('2026-03-16T00:00:00Z') })
    const first = context('2026-03-16T09:00:00+09:00')
    expect(await tasksJob(first.ctx)).toEqual({ status: 'done' })
    expect(first.seen.outputs.created).toBe('1,2,3,4')
    expect(first.seen.outputs.closed).toBe('')
    expect(sim.state.issues.map(i => plainTitle(i.title)).sort()).toEqual([...expectedOpen].sort())
    expect(sim.state.issues.every(i => i.assignees.join() === 'octo' && i.labels.join() === 'task')).toBe(
      true
    )
    expect(first.seen.summary).toContain('| 🆕 create | [#1](https://github.com/octo/blog/issues/1) |')
    const planned = JSON.parse(first.seen.outputs.plan!) as {
      operations: Array<{ kind: string; issue?: number }>
    }
    expect(planned.operations.map(op => op.issue)).toEqual([1, 2, 3, 4])

    sim.resetRequests()
    const rerun = context('2026-03-16T10:00:00+09:00')
    expect(await tasksJob(rerun.ctx)).toEqual({ status: 'done' })
    expect(sim.requests).toHaveLength(1)
    expect(rerun.seen.outputs.created).toBe('')
    expect(rerun.seen.summary).toContain('No changes: the issues agree with the posts.')
    expect(rerun.seen.info).toContain('No changes: the issues agree with the posts.')
  })

  it('two weeks later, counts the stale tasks in the summary and writes nothing', async () => {
    sim = await startSimulator({ port, now: () => at('2026-03-30T00:00:00Z') })
    const { ctx, seen } = context('2026-03-30T09:00:00+09:00')
    expect(await tasksJob(ctx)).toEqual({ status: 'done' })
    expect(sim.requests.filter(r => r.isWrite)).toEqual([])
    expect(seen.summary).toContain(
      '4 unchecked tasks were last listed before 2026-03-16 (`since`): no issue is opened for them.'
    )
  })

  it('a read-only token skips the job naming the permission', async () => {
    sim = await startSimulator({ port })
    const { ctx } = context('2026-03-16T09:00:00+09:00', { token: DEFAULT_TOKENS.readOnlyToken })
    const outcome = await tasksJob(ctx)
    expect(outcome.status).toBe('skipped')
    expect(outcome.status === 'skipped' && outcome.reason).toMatch(/permissions: issues: write/)
  })

  it.each([
    ['no token', { inputs: { token: '' } }, /no token/],
    ['no repository', { repo: false }, /no repository/]
  ])('skips with %s', async (_name, options, reason) => {
    const { ctx } = context('2026-03-16T09:00:00+09:00', options)
    const outcome = await tasksJob(ctx)
    expect(outcome.status === 'skipped' && outcome.reason).toMatch(reason)
  })
})

describe('the plan command', () => {
  const settings = readSettings(() => '')

  it('offline, lists the desired issues', async () => {
    const { json } = await planCommand({ root: BLOG, now: at('2026-03-16T09:00:00+09:00'), settings })
    const desired = (json as { desired: Array<{ title: string; carriedDays: number }> }).desired
    expect(desired.map(d => d.title).sort()).toEqual([...expectedOpen].sort())
    expect(desired.find(d => d.title === 'Docker 이미지 용량 줄이기')!.carriedDays).toBe(2)
  })

  it('against GitHub, prints the plan and writes nothing', async () => {
    sim = await startSimulator({ port })
    const { text } = await planCommand({
      root: BLOG,
      now: at('2026-03-16T09:00:00+09:00'),
      settings,
      github: {
        client: createClient(DEFAULT_TOKENS.githubToken, { timeScale: 1000, log: () => {} }),
        repo: { owner: 'octo', repo: 'blog' },
        serverUrl: 'https://github.com'
      }
    })
    expect(text.split('\n').filter(line => line.startsWith('+ create'))).toHaveLength(4)
    expect(sim.requests.filter(r => r.isWrite)).toEqual([])
  })

  it.each([
    [['plan', BLOG, '--repo', 'octo'], {}, /--repo must be owner\/name/],
    [['plan', BLOG, '--repo', 'octo/blog'], {}, /set GITHUB_TOKEN/],
    [['plan', BLOG, '--format', 'yaml'], {}, /--format must be text or json/],
    [['plan', BLOG, '--since', 'soon'], {}, /--since/]
  ])('cli %j refuses with exit 2', async (argv, env, message) => {
    const out: string[] = []
    expect(
      await cli(argv, { JEKYLL_POST_OPS_NOW: '2026-03-16T09:00:00+09:00', ...env }, line => out.push(line))
    ).toBe(2)
    expect(out.join('\n')).toMatch(message)
  })

  it('cli plan prints the desired issues and exits 0', async () => {
    const out: string[] = []
    expect(
      await cli(['plan', BLOG], { JEKYLL_POST_OPS_NOW: '2026-03-16T09:00:00+09:00' }, line => out.push(line))
    ).toBe(0)
    expect(out.join('\n')).toMatch(
      /^4 task issues should be open \(posts since 2026-03-02\); 0 older unchecked tasks open none\.$/m
    )
  })
})
