// Convergence, long profile (half a of the 1,000 scenarios; the halves run in parallel): generated blogs,
// people and events, with faults in every step's first run, in-process (src/main.ts run against the simulator).
import { expect, it } from 'vitest'
import { inProcess } from './inprocess.js'
import { soakConvergence } from './soak.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const runtime = await inProcess()

it('500 generated scenarios converge after one clean rerun of each faulty run', async () => {
  await expect(soakConvergence('convergence-soak-a', runtime, 500, 1001)).resolves.toBeUndefined()
})
