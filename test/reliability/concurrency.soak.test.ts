// Concurrency, long profile: 40 generated blogs, each raced by a push and the schedule at once, then healed.
import fc from 'fast-check'
import { afterAll, expect, it } from 'vitest'
import { reportFigures } from './figures.js'
import { inProcess } from './inprocess.js'
import { race, racePosts } from './race.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const runtime = await inProcess()
const figures = { rounds: 0, transientDuplicates: 0, healed: 0 }
afterAll(() => {
  reportFigures('concurrency-soak', figures)
})

it('40 races: at most one transient duplicate per task, each healed by the next run', async () => {
  await fc.assert(
    fc.asyncProperty(racePosts, async initial => race(initial, 'in-process', runtime, figures)),
    { numRuns: 40, seed: 777 }
  )
  expect(figures.healed).toBe(figures.transientDuplicates)
})
