// Runs a convergence scenario and judges it: after every faulty run nothing is duplicated or touched that must not
// be, and after the one clean rerun that follows GitHub is exactly in the desired state. Also keeps the figures.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { optionsAfter, violations } from './oracle.js'
import type { Router } from './router.js'
import type { Scenario } from './scenario.js'
import { World, type Driver } from './world.js'

export interface ScenarioFigures {
  scenarios: number
  steps: number
  runs: number
  /** Faults put in the script (kills included). */
  faultsInjected: number
  /** Requests a fault actually shaped. */
  faultsFired: number
  /** Runs killed half-way. */
  kills: number
  /** Faulty runs whose step failed (exit status 1) or that were killed. */
  failedRuns: number
  /** Task issues the action created. */
  issuesCreated: number
  /** Faulty runs per event (`push`, `schedule`, `create`, `pull_request.opened`, ...). */
  events: Record<string, number>
  /** Pull requests merged with GITHUB_TOKEN, and the scenarios that had at least one. */
  botMerges: number
  scenariosWithBotMerges: number
  /** Task issues another workflow closed with GITHUB_TOKEN, and the scenarios that had at least one. */
  workflowCloses: number
  scenariosWithWorkflowCloses: number
}

export function emptyFigures(): ScenarioFigures {
  return {
    scenarios: 0,
    steps: 0,
    runs: 0,
    faultsInjected: 0,
    faultsFired: 0,
    kills: 0,
    failedRuns: 0,
    issuesCreated: 0,
    events: {},
    botMerges: 0,
    scenariosWithBotMerges: 0,
    workflowCloses: 0,
    scenariosWithWorkflowCloses: 0
  }
}

export interface Outcome {
  /** What fell short, with where; undefined when the scenario converged after every step. */
  failure?: string
}

export interface RunOptions {
  router: Router
  driver: Driver
  /** src/main.ts's run, for the in-process driver. */
  main?: (env?: NodeJS.ProcessEnv) => Promise<void>
  figures?: ScenarioFigures
}

/** Runs `scenario` step by step, checking after each faulty run and each clean rerun. */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<Outcome> {
  const world = await World.start({
    router: options.router,
    personIssues: scenario.personIssues,
    initial: scenario.initial
  })
  const figures = options.figures
  try {
    for (const [index, step] of scenario.steps.entries()) {
      let afterFault: string[] = []
      const { event, faulty, clean } = await world.step(step, options.driver, options.main, faulty => {
        // Even a faulty run never duplicates an issue or touches a person's (a retried create must not duplicate).
        afterFault = violations(world, { tasksNow: -Infinity, fullBoard: false })
          .filter(v => /^duplicate|person's issue|same comment twice|carries the key/.test(v))
          .map(v => `${v}\n${tail(faulty.stdout)}`)
      })
      const where = `step ${index + 1} of ${scenario.steps.length} (${faulty.event}; faults ${JSON.stringify(step.faults)})`
      if (figures) {
        figures.steps++
        figures.runs += 2
        figures.faultsInjected += step.faults.length
        figures.faultsFired += faulty.faultsFired
        figures.kills += faulty.killed ? 1 : 0
        figures.failedRuns += faulty.exitCode !== 0 || faulty.killed ? 1 : 0
        figures.events[faulty.event] = (figures.events[faulty.event] ?? 0) + 1
      }
      if (afterFault.length > 0)
        return { failure: `${where}, after the faulty run:\n  ${afterFault.join('\n  ')}` }
      const left = violations(world, optionsAfter(world, event, clean.now))
      if (clean.exitCode !== 0 && !/check found/.test(clean.stdout))
        left.push(`the clean rerun failed (exit ${clean.exitCode})`)
      if (left.length > 0)
        return { failure: `${where}, after the clean rerun:\n  ${left.join('\n  ')}\n${tail(clean.stdout)}` }
    }
    return {}
  } finally {
    if (figures) {
      figures.scenarios++
      figures.issuesCreated += world.sim.state.issues.filter(
        i => i.author === 'github-actions[bot]' && i.labels.includes('task')
      ).length
      figures.botMerges += world.botMerges
      figures.scenariosWithBotMerges += world.botMerges > 0 ? 1 : 0
      figures.workflowCloses += world.workflowCloses
      figures.scenariosWithWorkflowCloses += world.workflowCloses > 0 ? 1 : 0
    }
    await world.close()
  }
}

function tail(stdout: string): string {
  const lines = stdout.split('\n').filter(l => !l.startsWith('::add-mask::'))
  return `--- the run's log (last 40 lines) ---\n${lines.slice(-40).join('\n')}`
}

export const REPRODUCTIONS = fileURLToPath(new URL('./reproductions/', import.meta.url))

/** Saves a shrunk counterexample where reproductions.test.ts replays it as a regular test. */
export function saveReproduction(name: string, scenario: Scenario, failure: string): string {
  mkdirSync(REPRODUCTIONS, { recursive: true })
  const file = join(REPRODUCTIONS, `${name}.json`)
  writeFileSync(
    file,
    JSON.stringify(
      { found: new Date().toISOString(), failure: failure.split('\n').slice(0, 12), scenario },
      null,
      2
    ) + '\n'
  )
  return file
}
