// The soak profile's convergence runner: many generated scenarios in-process, a shrunk counterexample saved as a
// reproduction when one fails, and the figures reported.
import fc from 'fast-check'
import { emptyFigures, runScenario, saveReproduction } from './convergence.js'
import { reportFigures } from './figures.js'
import type { InProcess } from './inprocess.js'
import { scenarioArb } from './scenario.js'

/** Runs `numRuns` generated scenarios from `seed`; throws (after saving the shrunk scenario) on the first failure. */
export async function soakConvergence(
  name: string,
  runtime: InProcess,
  numRuns: number,
  seed: number
): Promise<void> {
  const figures = emptyFigures()
  const started = Date.now()
  const result = await fc.check(
    fc.asyncProperty(scenarioArb, async scenario => {
      const outcome = await runScenario(scenario, {
        router: runtime.router,
        driver: 'in-process',
        main: runtime.main,
        figures
      })
      if (outcome.failure) throw new Error(outcome.failure)
    }),
    { numRuns, seed }
  )
  reportFigures(name, {
    ...figures,
    seed,
    failed: result.failed,
    minutes: Math.round((Date.now() - started) / 600) / 100
  })
  if (result.failed) {
    const file = saveReproduction(`${name}-${seed}`, result.counterexample![0], String(result.errorInstance))
    throw new Error(`${fc.defaultReportMessage(result)}\nsaved as ${file}`)
  }
}
