// Two runs at once against the same GitHub (a push and the schedule, as a workflow without a `concurrency:` group
// allows): at most a transient duplicate per task, which the next run heals by closing the newer issue as a
// duplicate of the older one, with a comment. Creates are slowed so that both runs read before either writes.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBundled } from '../e2e/harness.js'
import { reportFigures } from './figures.js'
import { inProcess } from './inprocess.js'
import { race, racePosts } from './race.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const { router, main } = await inProcess()
const figures = { rounds: 0, transientDuplicates: 0, healed: 0 }
const runtime = { router, main }
afterAll(() => {
  reportFigures('concurrency-quick', figures)
})

describe('a push and the schedule at once', () => {
  it('in-process: at most one transient duplicate per task, healed by the next run', async () => {
    await fc.assert(
      fc.asyncProperty(racePosts, async initial => race(initial, 'in-process', runtime, figures)),
      { numRuns: 4, seed: 42 }
    )
    // The slowed creates make the race happen every time: the healing above was exercised, not just allowed.
    expect(figures.transientDuplicates).toBeGreaterThan(0)
  })

  describe('through dist/index.js (two processes)', () => {
    beforeAll(() => {
      assertBundled('reliability')
    })

    it('heals the same way', async () => {
      const before = figures.healed
      await race(fc.sample(racePosts, { seed: 3, numRuns: 1 })[0]!, 'dist', { router }, figures)
      expect(figures.healed).toBeGreaterThan(before)
    })
  })
})
