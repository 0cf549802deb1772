// Convergence, quick profile: every fault kind the simulator scripts, on every kind of request, in a fixed week of
// posts and pull requests; a dozen generated scenarios in-process; and a handful through dist/index.js under Node 24,
// where a run killed half-way is a real SIGKILL. After each faulty run, one clean rerun must leave GitHub as desired.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBundled } from '../e2e/harness.js'
import { emptyFigures, runScenario, saveReproduction } from './convergence.js'
import { reportFigures } from './figures.js'
import { inProcess } from './inprocess.js'
import { scenarioArb, type FaultSpec, type Scenario } from './scenario.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const { router, main } = await inProcess()
const figures = emptyFigures()

afterAll(() => {
  reportFigures('convergence-quick', figures)
})

/**
 * A week in miniature: the morning run opens issues and the day's plan; a post checks one task (closed with a
 * comment), carries another and adds two; a pull request opens and merges (`bot`: with GITHUB_TOKEN, by an
 * auto-merge workflow, so no run follows but the next schedule's); the next day renames a task, moves a post across
 * midnight, and closes yesterday's plan.
 */
function week(faults: FaultSpec[], bot = false): Scenario {
  return {
    personIssues: true,
    initial: [
      {
        dayOffset: -1,
        minute: 1390,
        utc: false,
        tasks: [
          { task: 0, form: 0, checked: false, section: 'tomorrow', subItems: 1 },
          { task: 1, form: 0, checked: false, section: 'tomorrow', subItems: 0 },
          { task: 3, form: 0, checked: true, section: 'today', subItems: 0 }
        ]
      }
    ],
    steps: [
      { advance: 30, action: { kind: 'wait' }, faults },
      {
        advance: 60,
        action: {
          kind: 'blog',
          event: 'push',
          changes: [
            {
              kind: 'add',
              post: {
                dayOffset: 0,
                minute: 15,
                utc: true,
                tasks: [
                  { task: 0, form: 1, checked: true, section: 'today', subItems: 0 },
                  { task: 1, form: 0, checked: false, section: 'tomorrow', subItems: 2 },
                  { task: 4, form: 0, checked: false, section: 'tomorrow', subItems: 0 },
                  { task: 6, form: 0, checked: false, section: 'tomorrow', subItems: 0 }
                ]
              }
            }
          ]
        },
        faults
      },
      {
        advance: 30,
        action: { kind: 'person', action: { kind: 'open-pr', issue: 0, draft: false } },
        faults
      },
      { advance: 30, action: { kind: 'person', action: { kind: 'merge-pr', pull: 0, bot } }, faults },
      {
        advance: 1440,
        action: {
          kind: 'blog',
          event: 'schedule',
          changes: [
            { kind: 'rename', post: 1, task: 2, to: 2, form: 0 },
            { kind: 'move', post: 0, minutes: 60, utc: false }
          ]
        },
        faults
      }
    ]
  }
}

const FAULTS: Array<[string, FaultSpec[]]> = [
  [
    'a 502 on every first create',
    [{ kind: 'status', status: 502, target: 'issues/create', nth: 1, times: 1 }]
  ],
  [
    'creates that fail more often than the client retries',
    [{ kind: 'status', status: 500, target: 'issues/create', nth: 1, times: 8 }]
  ],
  ['a create whose response is lost', [{ kind: 'lose-response', target: 'issues/create', nth: 1, times: 1 }]],
  [
    'two creates whose responses are lost',
    [{ kind: 'lose-response', target: 'issues/create', nth: 1, times: 2 }]
  ],
  [
    'closes that fail more often than the client retries',
    [{ kind: 'status', status: 502, target: 'issues/update', nth: 1, times: 8 }]
  ],
  [
    'a closing comment whose response is lost',
    [{ kind: 'lose-response', target: 'issues/create-comment', nth: 1, times: 1 }]
  ],
  [
    'an update whose response is lost',
    [{ kind: 'lose-response', target: 'issues/update', nth: 1, times: 1 }]
  ],
  [
    'dropped connections on the issues read',
    [{ kind: 'drop', target: 'JekyllPostOpsManagedIssues', nth: 1, times: 5 }]
  ],
  [
    'a dropped connection on the re-read after a lost create',
    [
      { kind: 'lose-response', target: 'issues/create', nth: 1, times: 1 },
      { kind: 'drop', target: 'JekyllPostOpsRecentIssues', nth: 1, times: 4 }
    ]
  ],
  [
    'a secondary rate limit with retry-after on creates',
    [{ kind: 'secondary', target: 'issues/create', nth: 1, times: 2, retryAfter: 2 }]
  ],
  [
    'a secondary rate limit on everything',
    [{ kind: 'secondary', target: 'any', nth: 2, times: 2, retryAfter: 1 }]
  ],
  [
    "GitHub's GraphQL 'something went wrong' on the board",
    [{ kind: 'graphql-error', target: 'BoardResolve', nth: 1, times: 4 }]
  ],
  [
    'board moves whose responses are lost',
    [{ kind: 'lose-response', target: 'updateProjectV2ItemFieldValue', nth: 1, times: 1 }]
  ],
  [
    'a 503 on adding items to the board',
    [{ kind: 'status', status: 503, target: 'addProjectV2ItemById', nth: 1, times: 6 }]
  ],
  [
    'the daily plan read failing',
    [{ kind: 'status', status: 502, target: 'JekyllPostOpsDailyPlans', nth: 1, times: 6 }]
  ],
  ['a run killed before its first write', [{ kind: 'kill', afterWrites: 0, applied: false }]],
  ['a run killed as its third write reaches GitHub', [{ kind: 'kill', afterWrites: 2, applied: true }]],
  ['a run killed after five writes', [{ kind: 'kill', afterWrites: 5, applied: false }]]
]

describe('one clean rerun repairs any faulty run (in-process: src/main.ts run against the simulator)', () => {
  // Every other fault kind's week has its pull request merged with GITHUB_TOKEN.
  it.each(
    FAULTS.map(
      ([name, faults], i) =>
        [name, i % 2 === 1 ? ', its pull request merged with GITHUB_TOKEN' : '', faults, i % 2 === 1] as const
    )
  )('%s, in every run of a week%s', async (_name, _merged, faults, bot) => {
    const outcome = await runScenario(week(faults, bot), { router, driver: 'in-process', main, figures })
    expect(outcome.failure).toBeUndefined()
  })

  it('holds for generated scenarios', async () => {
    const result = await fc.check(
      fc.asyncProperty(scenarioArb, async scenario => {
        const outcome = await runScenario(scenario, { router, driver: 'in-process', main, figures })
        if (outcome.failure) throw new Error(outcome.failure)
      }),
      { numRuns: 12, seed: 20260310 }
    )
    if (result.failed) {
      const file = saveReproduction(
        `quick-${result.seed}`,
        result.counterexample![0],
        String(result.errorInstance)
      )
      throw new Error(`${fc.defaultReportMessage(result)}\nsaved as ${file}`)
    }
  })
})

describe('through dist/index.js under Node 24, a killed run being a real SIGKILL', () => {
  beforeAll(() => {
    assertBundled('reliability')
  })

  it('repairs a week whose runs are killed as their second write reaches GitHub', async () => {
    const outcome = await runScenario(week([{ kind: 'kill', afterWrites: 1, applied: true }]), {
      router,
      driver: 'dist',
      figures
    })
    expect(outcome.failure).toBeUndefined()
  })

  it.each(
    fc
      .sample(
        scenarioArb.map(s => ({ ...s, steps: s.steps.slice(0, 3) })),
        { seed: 7, numRuns: 3 }
      )
      .map((s, i) => [i + 1, s] as const)
  )('generated scenario %i', async (_i, scenario) => {
    const outcome = await runScenario(scenario, { router, driver: 'dist', figures })
    expect(outcome.failure).toBeUndefined()
  })
})
