// scripts/sim.ts runs the simulator on its own: it prints the environment a step needs, answers over
// HTTP with the seed it was given, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SEED = fileURLToPath(new URL('./fixtures/seed.json', import.meta.url))

describe('scripts/sim.ts', () => {
  it('prints the environment, serves the seed, and stops on SIGTERM', async () => {
    // `node --import tsx` is what `npx tsx` runs, minus tsx's signal-relaying parent process.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/sim.ts', '--port', '0', '--seed', SEED],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
    const env: Record<string, string> = {}
    for await (const line of createInterface({ input: child.stdout })) {
      const at = line.indexOf('=')
      env[line.slice(0, at)] = line.slice(at + 1)
      if (line.startsWith('GITHUB_WORKSPACE=')) break
    }
    expect(Object.keys(env)).toEqual([
      'GITHUB_API_URL',
      'GITHUB_GRAPHQL_URL',
      'GITHUB_REPOSITORY',
      'GITHUB_TOKEN',
      'PROJECT_TOKEN',
      'PROJECT_URL',
      'GITHUB_WORKSPACE'
    ])
    expect(env).toMatchObject({
      GITHUB_API_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      GITHUB_GRAPHQL_URL: `${env.GITHUB_API_URL}/graphql`,
      GITHUB_REPOSITORY: 'camp/til',
      GITHUB_TOKEN: 'ghs_campWorkflow',
      PROJECT_TOKEN: 'ghs_campApp',
      PROJECT_URL: 'https://github.com/orgs/camp/projects/3'
    })
    const issue = await fetch(`${env.GITHUB_API_URL}/repos/camp/til/issues/1`, {
      headers: { authorization: `token ${env.GITHUB_TOKEN}` }
    }).then(r => r.json() as Promise<{ title: string }>)
    expect(issue.title).toBe('과제 제출')
    const state = (await fetch(`${env.GITHUB_API_URL}/_sim/state`).then(r => r.json())) as {
      projects: unknown[]
    }
    expect(state.projects).toHaveLength(4)
    expect(existsSync(`${env.GITHUB_WORKSPACE}/_posts/2026-03-11-day-011.md`)).toBe(true)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(existsSync(env.GITHUB_WORKSPACE!)).toBe(false)
  })
})
