// Every scenario in reproductions/ (shrunk counterexamples the generators found, saved by saveReproduction, and the
// fixed bugs' minimal cases) replayed in-process: each must now converge.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPRODUCTIONS, runScenario } from './convergence.js'
import { inProcess } from './inprocess.js'
import type { Scenario } from './scenario.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const { router, main } = await inProcess()

const saved = readdirSync(REPRODUCTIONS)
  .filter(f => f.endsWith('.json'))
  .sort()
  .map(
    f =>
      [
        f,
        JSON.parse(readFileSync(join(REPRODUCTIONS, f), 'utf8')) as { failure: string[]; scenario: Scenario }
      ] as const
  )

describe('saved reproductions converge', () => {
  it('has some', () => {
    expect(saved.length).toBeGreaterThan(0)
  })

  it.each(saved)('%s', async (_file, { scenario }) => {
    const outcome = await runScenario(scenario, { router, driver: 'in-process', main })
    expect(outcome.failure).toBeUndefined()
  })
})
