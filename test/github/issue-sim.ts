// The simulator the GitHub-layer issue tests run against over HTTP, and the client, bodies and operations they
// build: one port chosen before @actions/github is first imported. Test code only: never a fake of our functions.
import { afterEach, beforeAll } from 'vitest'
import { type ApplyOptions } from '../../src/github/issues/writes.js'
import type { GitHubClient } from '../../src/github/client.js'
import { markerLine } from '../../src/plan/marker.js'
import type { Operation } from '../../src/plan/reconcile.js'
import { DEFAULT_TOKENS, freePort, startSimulator, type Simulator } from '../github-sim/index.js'

// @actions/github fixes its base URL when first imported: the simulator gets a port chosen before that.
let port = 0
let createClient: typeof import('../../src/github/client.js').createClient
let sim: Simulator | undefined

/** The hooks of a test file: port and client before its tests; each simulator closed after each test. */
export function useSimulator(): void {
  beforeAll(async () => {
    port = await freePort()
    process.env.GITHUB_API_URL = `http://127.0.0.1:${port}`
    ;({ createClient } = await import('../../src/github/client.js'))
  })
  afterEach(async () => {
    await sim?.close()
    sim = undefined
  })
}

export const repo = { owner: 'octo', repo: 'blog' }
export const LABEL = 'task'

export async function simulator(
  now = Date.parse('2026-03-16T00:00:00Z')
): Promise<{ sim: Simulator; client: GitHubClient; clock: { at: number } }> {
  const clock = { at: now }
  sim = await startSimulator({ port, now: () => clock.at })
  return { sim, client: client(DEFAULT_TOKENS.githubToken), clock }
}

export const client = (token: string) => createClient(token, { timeScale: 1000, log: () => {} })

/** A body as the action writes it: text, then the marker as the last line. */
export const body = (key: string, text = key) => `${text}\n\n${markerLine(key)}`

export const createOp = (key: string): Operation => ({
  kind: 'create',
  key,
  title: key,
  body: body(key),
  labels: [LABEL],
  reason: 'test'
})

export function applyOptions(read: ApplyOptions['read'], extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return { assignees: [], label: LABEL, read, ...extra }
}
