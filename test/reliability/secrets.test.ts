// Secrets: the tokens are registered with core.setSecret (`::add-mask::`, which the runner consumes), and no other
// byte the action prints or writes (stdout, stderr, the job summary, the outputs file, the report files in
// RUNNER_TEMP) holds a token, in plain, base64 or URL-encoded form: not on failures, not with debug logging on.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TOKENS } from '../github-sim/index.js'
import { assertBundled } from '../e2e/harness.js'
import { Router } from './router.js'
import { INPUTS, pushEvent, scheduleEvent, World, type EventSpec } from './world.js'

const CONFIG_SECRET = 'ghp_configFileSecret000000000000000000009'

/** Every file under `path` (a file or a folder). */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap(name => filesUnder(join(path, name)))
}

/** The ways a token could leak: as is, base64 (an Authorization header), URL-encoded. */
function forms(token: string): string[] {
  return [
    token,
    Buffer.from(token).toString('base64'),
    Buffer.from(`x-access-token:${token}`).toString('base64'),
    encodeURIComponent(token)
  ]
}

let router: Router | undefined
let world: World | undefined
afterEach(async () => {
  await world?.close()
  await router?.close()
})

beforeAll(() => {
  assertBundled('reliability')
})

interface Case {
  name: string
  event: EventSpec
  inputs: Record<string, string>
  /** Tokens the run is given (each must be masked) and must never print. */
  given: string[]
  /** Other secrets that must never be printed (not given as inputs, so not masked). */
  others?: string[]
  before?: (world: World) => void
}

const CASES: Case[] = [
  {
    name: 'a schedule with failing and lost writes, a PAT without project, debug logging on',
    event: scheduleEvent(),
    inputs: { ...INPUTS, 'project-token': DEFAULT_TOKENS.repoOnlyPat },
    given: [DEFAULT_TOKENS.githubToken, DEFAULT_TOKENS.repoOnlyPat],
    before: w => {
      w.sim.faults.add({
        match: { operationId: 'issues/create', times: 5 },
        fault: { kind: 'status', status: 502 }
      })
      w.sim.faults.add({ match: { operationId: 'issues/create', nth: 6 }, fault: { kind: 'lose-response' } })
      w.sim.faults.add({
        match: { graphqlOperation: 'JekyllPostOpsDailyPlans', times: 6 },
        fault: { kind: 'drop' }
      })
    }
  },
  {
    name: 'a push whose project token works, the board moving cards',
    event: pushEvent(),
    inputs: INPUTS,
    given: [DEFAULT_TOKENS.githubToken, DEFAULT_TOKENS.projectPat]
  },
  {
    name: "a fork's pull request with every job asked for (403s from GitHub)",
    event: {
      name: 'pull_request',
      payload: {
        action: 'opened',
        number: 7,
        pull_request: {
          number: 7,
          head: { ref: 'patch-1', sha: '1'.repeat(40), repo: { full_name: 'hubot/blog' } },
          base: { ref: 'main', sha: '2'.repeat(40), repo: { full_name: 'octo/blog' } }
        },
        repository: { name: 'blog', full_name: 'octo/blog', owner: { login: 'octo' }, default_branch: 'main' }
      }
    },
    inputs: { ...INPUTS, token: DEFAULT_TOKENS.readOnlyToken, jobs: 'check,tasks,board,daily' },
    given: [DEFAULT_TOKENS.readOnlyToken, DEFAULT_TOKENS.projectPat]
  },
  {
    name: 'a token written into the configuration file (refused, by key, not value)',
    event: pushEvent(),
    inputs: INPUTS,
    given: [DEFAULT_TOKENS.githubToken, DEFAULT_TOKENS.projectPat],
    others: [CONFIG_SECRET],
    before: w => {
      mkdirSync(join(w.blog, '.github'), { recursive: true })
      writeFileSync(join(w.blog, '.github', 'jekyll-post-ops.yml'), `project-token: ${CONFIG_SECRET}\n`)
    }
  }
]

describe('no token in anything the action prints or writes', () => {
  it.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    router = await Router.start()
    world = await World.start({
      router,
      personIssues: true,
      initial: [
        {
          dayOffset: 0,
          minute: 60,
          utc: false,
          tasks: [
            { task: 0, form: 0, checked: false, section: 'tomorrow', subItems: 1 },
            { task: 3, form: 0, checked: false, section: 'tomorrow', subItems: 0 }
          ]
        }
      ]
    })
    world.clock.advance(3_600_000)
    c.before?.(world)
    const run = await world.runDistFull(c.event, c.inputs, { RUNNER_DEBUG: '1' })
    const masks = run.stdout.split('\n').filter(l => l.startsWith('::add-mask::'))
    for (const token of c.given)
      expect(masks, `core.setSecret(${token.slice(0, 8)}…)`).toContain(`::add-mask::${token}`)

    // What the runner keeps: everything but the ::add-mask:: commands it consumes.
    const printed = [
      [
        'stdout',
        run.stdout
          .split('\n')
          .filter(l => !l.startsWith('::add-mask::'))
          .join('\n')
      ],
      ['stderr', run.stderr],
      ...run.files.flatMap(filesUnder).map(f => [f, readFileSync(f, 'latin1')] as const)
    ] as const
    expect(printed.length).toBeGreaterThan(3)
    for (const secret of [...c.given, ...(c.others ?? [])]) {
      for (const form of forms(secret)) {
        for (const [where, text] of printed)
          expect(text.includes(form), `${where} holds ${form.slice(0, 8)}…`).toBe(false)
      }
    }
  })
})
