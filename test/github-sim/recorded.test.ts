// The simulator held to real GitHub: every @octokit/fixtures recording (api.github.com) on an operation the
// simulator implements is replayed from the state it started in, and every answer must agree with GitHub's
// (status, body shape and values, the headers clients read, error bodies) or be left with a stated reason.
import { describe, expect, it } from 'vitest'
import {
  compareBody,
  linkPages,
  loadScenarios,
  replayScenario,
  table,
  totals,
  type Difference,
  type ScenarioResult
} from './recorded.js'

describe('recorded GitHub exchanges (@octokit/fixtures)', () => {
  it('the simulator answers every recorded exchange on an operation it implements as GitHub did', async () => {
    const results: ScenarioResult[] = []
    for (const scenario of loadScenarios()) results.push(await replayScenario(scenario))
    const printed = table(results)
    console.log(printed)
    const t = totals(results)
    expect(t.replayed).toBeGreaterThanOrEqual(8)
    expect(t.requests).toBeGreaterThanOrEqual(21)
    const bugs = printed.split('\n').filter(l => l.includes('DISAGREES'))
    expect(bugs, printed).toEqual([])
    // Every scenario not replayed, and every request not sent, says why.
    for (const r of results) {
      if (r.skipped !== undefined) expect(r.skipped, r.name).not.toBe('')
      for (const x of r.exchanges)
        if (x.skipped !== undefined) expect(x.skipped).toMatch(/too old|out of scope|does not implement/)
    }
  })
})

describe('the comparison itself', () => {
  const diff = (recorded: unknown, simulated: unknown): Difference[] => {
    const out: Difference[] = []
    compareBody(recorded, simulated, 'body', out)
    return out
  }
  const issue = {
    id: 1000,
    node_id: 'MDA6RW50aXR5MQ==',
    url: 'https://api.github.com/repos/o/r/issues/1',
    state: 'open',
    locked: false,
    labels: [{ name: 'bug', color: 'd73a4a' }],
    created_at: '2017-10-10T16:00:00Z',
    comments: 42
  }

  it.each([
    [
      'ids, node ids, URLs, timestamps and normalised counts by type',
      {
        ...issue,
        id: 7,
        node_id: 'I_x',
        url: 'http://127.0.0.1:1/repos/o/r/issues/1',
        created_at: '2026-01-01T00:00:00Z',
        comments: 0
      },
      []
    ],
    ['state by value', { ...issue, state: 'closed' }, ['body.state']],
    [
      'a label colour by value',
      { ...issue, labels: [{ name: 'bug', color: 'ffffff' }] },
      ['body.labels[0].color']
    ],
    ['a missing key', (({ locked: _, ...rest }) => rest)(issue), ['body.locked']],
    ['an extra key', { ...issue, active_lock_reason: null }, ['body.active_lock_reason']],
    ['a type', { ...issue, id: '1000' }, ['body.id']],
    ['a list length', { ...issue, labels: [] }, ['body.labels.length']]
  ])('compares %s', (_what, simulated, where) => {
    expect(diff(issue, simulated).map(d => d.where)).toEqual(where)
  })

  it('reads a Link header as rel names and page numbers', () => {
    const header =
      '<https://api.github.com/repositories/1000/issues?per_page=3&page=2>; rel="next", ' +
      '<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel="last"'
    expect(linkPages(header)).toEqual({ next: '2', last: '5' })
  })
})
