// The permission matrix through dist/index.js under Node 24: a fork's pull request (read-only token, no secrets),
// `permissions:` without `issues: write`, no project token, a PAT without `project`, a project someone else owns.
// Each gives one clear line naming what to grant, the jobs that can run still run, and the exit status is as the
// README says: a job that cannot run is skipped (the step passes); a token that is given but cannot do the job is an
// input error (the step fails, once, with that line).
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TOKENS, type Seed } from '../github-sim/index.js'
import { assertBundled } from '../e2e/harness.js'
import { Router } from './router.js'
import { taskIssues } from './oracle.js'
import { INPUTS, pushEvent, scheduleEvent, World, type EventSpec } from './world.js'
import { REPOSITORY } from '../e2e/world.js'

const NO_ISSUES_WRITE = 'ghs_simNoIssuesWrite00000000000000000005'

/** A pull request from `hubot/blog` (a fork) into main: GitHub gives it a read-only token and no secrets. */
const forkPullRequest: EventSpec = {
  name: 'pull_request',
  payload: {
    action: 'opened',
    number: 7,
    pull_request: {
      number: 7,
      merged: false,
      head: { ref: 'patch-1', sha: '1'.repeat(40), repo: { full_name: 'hubot/blog' } },
      base: { ref: 'main', sha: '2'.repeat(40), repo: { full_name: 'octo/blog' } }
    },
    repository: REPOSITORY,
    sender: { login: 'hubot' }
  }
}

function seed(s: Seed): void {
  // The workflow's GITHUB_TOKEN when `permissions:` leaves out `issues: write`: it reads, every write gets 403.
  s.tokens!.push({
    token: NO_ISSUES_WRITE,
    login: 'github-actions[bot]',
    scopes: [],
    kind: 'github_token',
    readOnly: true
  })
  s.users!.push({ login: 'hubot' })
  s.projects!.push({
    owner: 'hubot',
    ownerType: 'User',
    number: 2,
    title: "hubot's board",
    fields: [{ name: 'Status', options: ['Todo', 'In Progress', 'Done'] }]
  })
}

interface Case {
  name: string
  event: EventSpec
  inputs: Record<string, string>
  /** The one line that says what is wrong and what to grant. */
  line: RegExp
  /** How it shows: a `skipped:` log line, or an error annotation that fails the step. */
  as: 'skip' | 'error'
  exit: number
  /** Jobs that must still have done their work. */
  ran: Array<'check' | 'tasks' | 'daily'>
}

const CASES: Case[] = [
  {
    name: "a fork's pull request (read-only token, no project token), jobs: auto",
    event: forkPullRequest,
    inputs: { ...INPUTS, token: DEFAULT_TOKENS.readOnlyToken, 'project-token': '' },
    line: /^board: skipped: no 'project-token' input; .*classic PAT with the 'project' scope/,
    as: 'skip',
    exit: 0,
    ran: ['check']
  },
  {
    name: "a fork's pull request with every job asked for",
    event: forkPullRequest,
    inputs: {
      ...INPUTS,
      token: DEFAULT_TOKENS.readOnlyToken,
      'project-token': '',
      jobs: 'check,tasks,board,daily'
    },
    line: /^tasks: skipped: the token cannot write issues .*`permissions: issues: write`/,
    as: 'skip',
    exit: 0,
    ran: ['check']
  },
  {
    name: '`permissions:` without `issues: write` (a push)',
    event: pushEvent(),
    inputs: { ...INPUTS, token: NO_ISSUES_WRITE },
    line: /^tasks: skipped: the token cannot write issues .*`permissions: issues: write`/,
    as: 'skip',
    exit: 0,
    ran: ['check']
  },
  {
    name: 'no project token (the schedule)',
    event: scheduleEvent(),
    inputs: { ...INPUTS, 'project-token': '' },
    line: /^board: skipped: no 'project-token' input; .*classic PAT with the 'project' scope/,
    as: 'skip',
    exit: 0,
    ran: ['tasks', 'daily']
  },
  {
    name: 'a classic PAT without the `project` scope',
    event: scheduleEvent(),
    inputs: { ...INPUTS, 'project-token': DEFAULT_TOKENS.repoOnlyPat },
    line: /^board: Input 'project-token': the token lacks the 'project' scope .*tick 'project'/,
    as: 'error',
    exit: 1,
    ran: ['tasks', 'daily']
  },
  {
    name: 'a project someone else owns (private to them)',
    event: scheduleEvent(),
    inputs: { ...INPUTS, project: 'https://github.com/users/hubot/projects/2' },
    line: /^board: Input 'project': https:\/\/github.com\/users\/hubot\/projects\/2 was not found, or 'project-token' cannot see it\..*owner/,
    as: 'error',
    exit: 1,
    ran: ['tasks', 'daily']
  }
]

let router: Router | undefined
let world: World | undefined
afterEach(async () => {
  await world?.close()
  await router?.close()
})

beforeAll(() => {
  assertBundled('reliability')
})

describe('permissions: one clear line, the other jobs run, the documented exit status', () => {
  it.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    router = await Router.start()
    world = await World.start({
      router,
      personIssues: false,
      seed,
      initial: [
        {
          dayOffset: 0,
          minute: 60,
          utc: false,
          tasks: [{ task: 0, form: 0, checked: false, section: 'tomorrow', subItems: 0 }]
        }
      ]
    })
    world.clock.advance(3_600_000)
    const run = await world.runDistFull(c.event, c.inputs)
    const lines = run.stdout.split('\n')
    const log = lines.filter(l => c.line.test(l))
    const annotated = run.annotations.filter(a => a.level === 'error' && c.line.test(a.message))
    if (c.as === 'skip') {
      expect(log, run.stdout).toHaveLength(1)
      expect(
        run.annotations.filter(a => a.level === 'error'),
        run.stdout
      ).toEqual([])
    } else {
      // Said once, as the error annotation that fails the step (not once in the job and again at the end).
      expect(annotated, run.stdout).toHaveLength(1)
      expect(annotated[0]!.message).not.toContain('\n')
    }
    expect(run.exitCode, run.stdout).toBe(c.exit)
    if (c.ran.includes('check')) expect(run.stdout).toMatch(/^check: 1 posts? \(/m)
    if (c.ran.includes('tasks')) expect(taskIssues(world).map(i => i.key)).toEqual(['과제 제출'])
    if (c.ran.includes('daily'))
      expect(world.sim.state.issues.filter(i => i.labels.includes('daily-plan'))).toHaveLength(1)
    if (!c.ran.includes('tasks')) expect(taskIssues(world)).toEqual([])
  })
})
