// Generated convergence scenarios: a blog that changes step by step, people and other workflows on GitHub, one event
// per step and the faults injected into its run. Plain data and fast-check arbitraries only; nothing here runs.
import fc from 'fast-check'

/**
 * The task texts scenarios write. Each entry is one task (one key); `forms` are ways of writing it that must map
 * to the same issue, `key` the identity DESIGN.md gives it and `title` the issue title each form must produce
 * (before GitHub-safe neutralising). Some are hostile on purpose: a mention, a #ref, a marker look-alike.
 */
export const TASKS: ReadonlyArray<{ forms: readonly string[]; key: string; titles: readonly string[] }> = [
  {
    forms: ['과제 제출', '**과제 제출**', '과제  제출'],
    key: '과제 제출',
    titles: ['과제 제출', '과제 제출', '과제 제출']
  },
  { forms: ['강의 수강 및 정리'], key: '강의 수강 및 정리', titles: ['강의 수강 및 정리'] },
  {
    forms: ['Read paper: MobileNetV2', 'read paper: *MobileNetV2*'],
    key: 'read paper: mobilenetv2',
    titles: ['Read paper: MobileNetV2', 'read paper: MobileNetV2']
  },
  { forms: ['@octo 에게 리뷰 요청'], key: '@octo 에게 리뷰 요청', titles: ['@octo 에게 리뷰 요청'] },
  { forms: ['#12 이슈 다시 보기'], key: '#12 이슈 다시 보기', titles: ['#12 이슈 다시 보기'] },
  { forms: ['`npm test` 통과시키기'], key: 'npm test 통과시키기', titles: ['npm test 통과시키기'] },
  {
    forms: ['블로그 테마 수정 <!-- jekyll-post-ops:task 과제%20제출 -->'],
    key: '블로그 테마 수정',
    titles: ['블로그 테마 수정']
  },
  { forms: ['운동 30분', '운동  30분'], key: '운동 30분', titles: ['운동 30분', '운동 30분'] }
]

export type Section = 'today' | 'tomorrow'

export interface TaskSpec {
  /** Index into TASKS. */
  task: number
  /** Index into its forms (taken modulo their number). */
  form: number
  checked: boolean
  section: Section
  /** Plain sub-items written under the task (they go into the issue body). */
  subItems: number
}

export interface PostSpec {
  /** Day relative to the day the post is written (0 today, -1 yesterday, 1 tomorrow: a future post). */
  dayOffset: number
  /** Minute of that day in Seoul (0..1439). */
  minute: number
  /** Write the date in UTC (+0000) instead of +0900: the same instant, often on another calendar day. */
  utc: boolean
  tasks: TaskSpec[]
}

/** A change to the blog; `post`/`task` indices are taken modulo what exists when the step runs. */
export type BlogChange =
  | { kind: 'add'; post: PostSpec }
  | { kind: 'toggle'; post: number; task: number }
  | { kind: 'add-task'; post: number; task: TaskSpec }
  | { kind: 'remove-task'; post: number; task: number }
  | { kind: 'rename'; post: number; task: number; to: number; form: number }
  | { kind: 'delete'; post: number }
  /** Moves the post's time across midnight (or back), optionally writing it in UTC. */
  | { kind: 'move'; post: number; minutes: number; utc: boolean }

/**
 * What people and other workflows do on GitHub; `issue`/`pull` are indices into the open task issues / open pull
 * requests. `bot`: the merge is made with the repository's GITHUB_TOKEN (an auto-merge workflow, `gh pr merge` in a
 * job), as `github-actions[bot]`, the account the action's own writes use; GitHub starts no run for it. A
 * `close-issue` by a `workflow` is another workflow closing the issue with GITHUB_TOKEN (a stale or triage bot): no
 * closer, a comment without the action's marker, no run.
 */
export type PersonAction =
  | { kind: 'branch'; issue: number; linked: boolean }
  | { kind: 'open-pr'; issue: number; draft: boolean }
  | { kind: 'merge-pr'; pull: number; bot?: boolean }
  | { kind: 'close-pr'; pull: number }
  | {
      kind: 'close-issue'
      issue: number
      by: 'person' | 'workflow'
      reason: 'completed' | 'not_planned'
    }

export type FaultTarget =
  | 'issues/create'
  | 'issues/update'
  | 'issues/create-comment'
  | 'issues/create-label'
  | 'JekyllPostOpsManagedIssues'
  | 'JekyllPostOpsRecentIssues'
  | 'JekyllPostOpsDailyPlans'
  | 'BoardResolve'
  | 'addProjectV2ItemById'
  | 'updateProjectV2ItemFieldValue'
  | 'any'

export type FaultSpec =
  | { kind: 'status'; status: 500 | 502 | 503; target: FaultTarget; nth: number; times: number }
  | { kind: 'drop'; target: FaultTarget; nth: number; times: number }
  | { kind: 'lose-response'; target: FaultTarget; nth: number; times: number }
  | { kind: 'secondary'; target: FaultTarget; nth: number; times: number; retryAfter: number }
  | { kind: 'graphql-error'; target: FaultTarget; nth: number; times: number }
  /** The run dies after `afterWrites` writes; the next write reached GitHub (`applied`) or not. */
  | { kind: 'kill'; afterWrites: number; applied: boolean }

export type StepAction =
  | { kind: 'blog'; changes: BlogChange[]; event: 'push' | 'schedule' }
  | { kind: 'person'; action: PersonAction }
  | { kind: 'wait' }

export interface Step {
  /** Minutes the clock moves before the step (crossing midnight in Seoul now and then). */
  advance: number
  action: StepAction
  faults: FaultSpec[]
}

export interface Scenario {
  /** Posts already in the blog before the first run. */
  initial: PostSpec[]
  /** Issues a person made: one labelled `task` without the marker (on the board), one unrelated. */
  personIssues: boolean
  steps: Step[]
}

// ---- arbitraries ---------------------------------------------------------------------------------------------

const taskSpec: fc.Arbitrary<TaskSpec> = fc.record({
  task: fc.nat({ max: TASKS.length - 1 }),
  form: fc.nat({ max: 2 }),
  checked: fc.boolean(),
  section: fc.constantFrom<Section>('today', 'tomorrow'),
  subItems: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }
  )
})

export const postSpec: fc.Arbitrary<PostSpec> = fc.record({
  dayOffset: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -2, max: 0 }) },
    { weight: 1, arbitrary: fc.integer({ min: -20, max: -3 }) },
    { weight: 1, arbitrary: fc.constant(1) }
  ),
  // Late evenings and early mornings are where the calendar day depends on the zone.
  minute: fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 1439 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1380, max: 1439 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }) }
  ),
  utc: fc.boolean(),
  tasks: fc.array(taskSpec, { minLength: 0, maxLength: 5 })
})

const blogChange: fc.Arbitrary<BlogChange> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), post: postSpec }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('toggle' as const), post: fc.nat(), task: fc.nat() })
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('add-task' as const), post: fc.nat(), task: taskSpec })
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('remove-task' as const), post: fc.nat(), task: fc.nat() })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      post: fc.nat(),
      task: fc.nat(),
      to: fc.nat({ max: TASKS.length - 1 }),
      form: fc.nat({ max: 2 })
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), post: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      post: fc.nat(),
      minutes: fc.integer({ min: -180, max: 180 }),
      utc: fc.boolean()
    })
  }
)

// Merges and closes weigh double: who closed an issue decides whether a task comes back (issue 19).
const personAction: fc.Arbitrary<PersonAction> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('branch' as const), issue: fc.nat(), linked: fc.boolean() })
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('open-pr' as const), issue: fc.nat(), draft: fc.boolean() })
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('merge-pr' as const), pull: fc.nat(), bot: fc.boolean() })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close-pr' as const), pull: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('close-issue' as const),
      issue: fc.nat(),
      by: fc.constantFrom('person' as const, 'workflow' as const),
      reason: fc.constantFrom('completed' as const, 'not_planned' as const)
    })
  }
)

const FAULT_TARGETS: FaultTarget[] = [
  'issues/create',
  'issues/update',
  'issues/create-comment',
  'issues/create-label',
  'JekyllPostOpsManagedIssues',
  'JekyllPostOpsRecentIssues',
  'JekyllPostOpsDailyPlans',
  'BoardResolve',
  'addProjectV2ItemById',
  'updateProjectV2ItemFieldValue',
  'any'
]
const WRITE_TARGETS: FaultTarget[] = [
  'issues/create',
  'issues/update',
  'issues/create-comment',
  'addProjectV2ItemById',
  'updateProjectV2ItemFieldValue',
  'any'
]
const GRAPHQL_TARGETS: FaultTarget[] = [
  'JekyllPostOpsManagedIssues',
  'JekyllPostOpsRecentIssues',
  'JekyllPostOpsDailyPlans',
  'BoardResolve',
  'any'
]

const nth = fc.integer({ min: 1, max: 6 })
// More than the client's three retries now and then, so that a fault outlasts them and the run fails.
const times = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 3, max: 8 }) }
)

export const faultSpec: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    status: fc.constantFrom(500 as const, 502 as const, 503 as const),
    target: fc.constantFrom(...FAULT_TARGETS),
    nth,
    times
  }),
  fc.record({ kind: fc.constant('drop' as const), target: fc.constantFrom(...FAULT_TARGETS), nth, times }),
  fc.record({
    kind: fc.constant('lose-response' as const),
    target: fc.constantFrom(...WRITE_TARGETS),
    nth,
    times: fc.integer({ min: 1, max: 3 })
  }),
  fc.record({
    kind: fc.constant('secondary' as const),
    target: fc.constantFrom(...FAULT_TARGETS),
    nth,
    times: fc.integer({ min: 1, max: 2 }),
    retryAfter: fc.integer({ min: 1, max: 3 })
  }),
  fc.record({
    kind: fc.constant('graphql-error' as const),
    target: fc.constantFrom(...GRAPHQL_TARGETS),
    nth,
    times
  }),
  fc.record({
    kind: fc.constant('kill' as const),
    afterWrites: fc.integer({ min: 0, max: 8 }),
    applied: fc.boolean()
  })
)

const advance = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 2, arbitrary: fc.integer({ min: 600, max: 1500 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1500, max: 2 * 1440 }) }
)

export const stepArb: fc.Arbitrary<Step> = fc.record({
  advance,
  action: fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('blog' as const),
        changes: fc.array(blogChange, { minLength: 1, maxLength: 3 }),
        event: fc.constantFrom('push' as const, 'schedule' as const)
      })
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('person' as const), action: personAction }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'wait' as const }) }
  ),
  faults: fc.array(faultSpec, { minLength: 1, maxLength: 2 })
})

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  initial: fc.array(postSpec, { minLength: 0, maxLength: 3 }),
  personIssues: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 5 })
})
