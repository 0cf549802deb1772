// Runs src/main.ts's `run` inside the test process, as dist/index.js would run it, against the simulator behind a
// router: the environment the runner gives a step is set here once, before the action's modules are imported.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionDefaults } from '../e2e/harness.js'
import { Router } from './router.js'
import { INPUTS, SCALE } from './world.js'

export interface InProcess {
  router: Router
  /** src/main.ts's run(env): inputs from INPUT_* (set here), the rest from `env`. */
  main: (env?: NodeJS.ProcessEnv) => Promise<void>
}

let started: Promise<InProcess> | undefined

/**
 * Starts the router and imports the action once per worker. @actions/github reads GITHUB_API_URL when first
 * imported, so nothing may import it before this runs (vitest gives every test file its own process).
 */
export function inProcess(inputs: Record<string, string> = INPUTS): Promise<InProcess> {
  started ??= (async () => {
    const router = await Router.start()
    const dir = mkdtempSync(join(tmpdir(), 'jpo-rel-core-'))
    process.env.GITHUB_API_URL = router.url
    process.env.GITHUB_GRAPHQL_URL = `${router.url}/graphql`
    process.env.GITHUB_OUTPUT = join(dir, 'output')
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md')
    process.env.JEKYLL_POST_OPS_TIME_SCALE = String(SCALE)
    writeFileSync(process.env.GITHUB_OUTPUT, '')
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, '')
    for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs }))
      process.env[`INPUT_${name.toUpperCase()}`] = value
    const { run } = await import('../../src/main.js')
    const main = async (env?: NodeJS.ProcessEnv) => {
      // The runner gives every step fresh files; here they are emptied instead.
      writeFileSync(process.env.GITHUB_OUTPUT!, '')
      writeFileSync(process.env.GITHUB_STEP_SUMMARY!, '')
      await run(env)
    }
    return { router, main }
  })()
  return started
}
