// The simulator's rate limits on its own clock: the primary hourly quota with x-ratelimit-* headers, and
// the secondary limits (content creation, concurrency) answered with retry-after, as GitHub documents.
import { Octokit } from '@octokit/core'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import { afterEach, describe, expect, it } from 'vitest'
import { graphql, rest } from './client.js'
import { defaultSeed, DEFAULT_TOKENS, startSimulator, type Seed, type Simulator } from './index.js'

const { githubToken, projectPat } = DEFAULT_TOKENS
let sim: Simulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

function seedWith(change: (seed: Seed) => void): Seed {
  const seed = defaultSeed()
  change(seed)
  return seed
}

/** A clock that moves only when a test advances it, so retry-after values are exact. */
const frozen = () => Date.parse('2026-03-12T14:00:00Z')

const createIssue = (s: Simulator, title: string) =>
  rest(s, githubToken, 'POST', '/repos/octo/blog/issues', { title })

describe('secondary rate limits', () => {
  it('answers the content-creating request past the per-minute limit with 403, retry-after and GitHub message', async () => {
    sim = await startSimulator({
      now: frozen,
      seed: seedWith(s => (s.limits = { secondary: { contentPerMinute: 3 } }))
    })
    for (const n of [1, 2, 3]) expect((await createIssue(sim, `ok ${n}`)).status).toBe(201)
    sim.clock.advance(20_000)
    const refused = await createIssue(sim, 'too many')
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/^You have exceeded a secondary rate limit\./)
    expect(refused.headers.get('retry-after')).toBe('40')
    expect(sim.state.issues.map(i => i.title)).toEqual(['ok 1', 'ok 2', 'ok 3'])
    expect((await rest(sim, githubToken, 'GET', '/repos/octo/blog/issues')).status).toBe(200)
    sim.clock.advance(40_000)
    expect((await createIssue(sim, 'after waiting')).status).toBe(201)
  })

  it('keeps an hourly content budget too, and can answer with 429', async () => {
    sim = await startSimulator({
      now: frozen,
      seed: seedWith(s => (s.limits = { secondary: { contentPerHour: 2, status: 429 } }))
    })
    await createIssue(sim, 'a')
    sim.clock.advance(10 * 60_000)
    await createIssue(sim, 'b')
    sim.clock.advance(10 * 60_000)
    const refused = await createIssue(sim, 'c')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe(String(40 * 60))
  })

  it('counts limits per token', async () => {
    sim = await startSimulator({ seed: seedWith(s => (s.limits = { secondary: { contentPerMinute: 1 } })) })
    expect((await createIssue(sim, 'bot')).status).toBe(201)
    const pat = await rest(sim, projectPat, 'POST', '/repos/octo/blog/issues', { title: 'person' })
    expect(pat.status).toBe(201)
  })

  it('refuses requests beyond the concurrency limit while others are in flight', async () => {
    sim = await startSimulator({ seed: seedWith(s => (s.limits = { secondary: { concurrent: 2 } })) })
    sim.faults.add({
      match: { operationId: 'repos/get', times: 'always' },
      fault: { kind: 'delay', ms: 1000 }
    })
    const statuses = await Promise.all(
      [1, 2, 3].map(() => rest(sim!, githubToken, 'GET', '/repos/octo/blog').then(r => r.status))
    )
    expect(statuses.sort()).toEqual([200, 200, 403])
  })

  it('lets a client that honours retry-after (plugin-throttling) finish every write exactly once', async () => {
    // Simulated time runs 100x faster: GitHub's minute-long waits pass in 0.6 s.
    const scale = 100
    sim = await startSimulator({
      realTimeScale: scale,
      seed: seedWith(s => (s.limits = { secondary: { contentPerMinute: 1 } }))
    })
    const Client = Octokit.plugin(throttling, retry)
    const retried: number[] = []
    const octokit = new Client({
      auth: githubToken,
      baseUrl: sim.apiUrl,
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: (after: number) => {
          retried.push(after)
          return true
        },
        retryAfterBaseValue: 1000 / scale,
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 })
      },
      retry: { retryAfterBaseValue: 1000 / scale }
    })
    for (const n of [1, 2, 3, 4, 5]) {
      await octokit.request('POST /repos/{owner}/{repo}/issues', {
        owner: 'octo',
        repo: 'blog',
        title: `task ${n}`
      })
    }
    expect(sim.state.issues.map(i => i.title)).toEqual(['task 1', 'task 2', 'task 3', 'task 4', 'task 5'])
    expect(retried.length).toBeGreaterThan(0)
    expect(sim.requests.filter(r => r.status === 403 && r.isWrite).length).toBe(retried.length)
  })
})

describe('primary rate limit', () => {
  const limited = () =>
    seedWith(s =>
      s.tokens!.push({ token: 'ghp_small', login: 'octo', scopes: ['repo'], kind: 'pat', rateLimit: 3 })
    )

  it('answers past the hourly quota with 403 and remaining 0 until the window resets', async () => {
    sim = await startSimulator({ seed: limited() })
    const seen = []
    for (let i = 0; i < 4; i++) seen.push(await rest(sim, 'ghp_small', 'GET', '/repos/octo/blog'))
    expect(seen.map(r => [r.status, r.headers.get('x-ratelimit-remaining')])).toEqual([
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [403, '0']
    ])
    const user = sim.state.users.find(u => u.login === 'octo')!
    expect(seen[3]!.body.message).toBe(`API rate limit exceeded for user ID ${user.id}.`)
    const reset = Number(seen[3]!.headers.get('x-ratelimit-reset'))
    sim.clock.advance(reset * 1000 - sim.clock.now() + 1)
    const after = await rest(sim, 'ghp_small', 'GET', '/repos/octo/blog')
    expect([after.status, after.headers.get('x-ratelimit-remaining')]).toEqual([200, '2'])
  })

  it('keeps GraphQL on its own quota and answers RATE_LIMITED', async () => {
    sim = await startSimulator({ seed: limited() })
    for (let i = 0; i < 3; i++) await rest(sim, 'ghp_small', 'GET', '/repos/octo/blog')
    const q = '{ viewer { login } }'
    const ok = await graphql(sim, 'ghp_small', q)
    expect(ok.body.data).toEqual({ viewer: { login: 'octo' } })
    expect(ok.headers.get('x-ratelimit-resource')).toBe('graphql')
    await graphql(sim, 'ghp_small', q)
    await graphql(sim, 'ghp_small', q)
    const over = await graphql(sim, 'ghp_small', q)
    expect(over.status).toBe(200)
    expect(over.body.errors).toEqual([expect.objectContaining({ type: 'RATE_LIMITED' })])
  })

  it('reports the quota on /rate_limit without spending it', async () => {
    sim = await startSimulator({ seed: limited() })
    await rest(sim, 'ghp_small', 'GET', '/repos/octo/blog')
    const a = await rest<{ resources: { core: { remaining: number } } }>(
      sim,
      'ghp_small',
      'GET',
      '/rate_limit'
    )
    const b = await rest<{ resources: { core: { remaining: number } } }>(
      sim,
      'ghp_small',
      'GET',
      '/rate_limit'
    )
    expect([a.body.resources.core.remaining, b.body.resources.core.remaining]).toEqual([2, 2])
  })
})

describe('clock', () => {
  it('stamps writes with simulated time, which advances on request', async () => {
    sim = await startSimulator({ now: frozen })
    const a = await createIssue(sim, 'a')
    sim.clock.advance(90 * 60_000)
    await fetch(`${sim.apiUrl}/_sim/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceMs: 30 * 60_000 })
    })
    const b = await createIssue(sim, 'b')
    expect([a.body.created_at, b.body.created_at]).toEqual(['2026-03-12T14:00:00Z', '2026-03-12T16:00:00Z'])
  })
})
