// Where a task issue's card belongs, decided from facts already read: the issue number in a branch name (the
// default branch-patterns), the column placeIssue picks and why, and which managed issues a branch is for.
import { describe, expect, it } from 'vitest'
import { issuesOfBranch } from '../../src/github/links.js'
import {
  issueNumberOfBranch,
  placeIssue,
  type IssueFacts,
  type PlacementOptions,
  type PullFacts,
  type RepoFacts
} from '../../src/plan/board.js'
import { readSettings } from '../../src/settings.js'

/** The defaults of action.yml's inputs, as a run without `with:` gets them. */
const defaults = readSettings(() => '')
const patterns = defaults.branchPatterns

describe('issueNumberOfBranch with the default branch-patterns', () => {
  it.each<[string, number | undefined]>([
    ['12-special-mission', 12],
    ['12_special', 12],
    ['issue-12', 12],
    ['issue_12', 12],
    ['issue12', 12],
    ['issue-12-login', 12],
    ['feat/12-x', 12],
    ['user/12_x', 12],
    ['kim/issue-7', 7],
    ['main', undefined],
    ['12', undefined],
    ['issue-12x', undefined],
    ['feature/login', undefined],
    ['a/b/12-x', undefined],
    ['v1.2.3', undefined],
    ['0-zero', undefined]
  ])('%s -> %s', (branch, number) => {
    expect(issueNumberOfBranch(branch, patterns)).toBe(number)
  })

  it('takes the first capture group of the first pattern that matches, from custom patterns', () => {
    expect(issueNumberOfBranch('task/x/41', [/^task\/\w+\/(\d+)$/])).toBe(41)
    expect(issueNumberOfBranch('41-x', [/^task\/(\d+)$/])).toBeUndefined()
  })
})

const pull = (number: number, state: PullFacts['state'], extra: Partial<PullFacts> = {}): PullFacts => ({
  number,
  state,
  isDraft: false,
  headRef: `${number}-work`,
  baseRef: 'main',
  ...extra
})

const issue = (extra: Partial<IssueFacts> = {}): IssueFacts => ({
  id: 'I_12',
  number: 12,
  title: '과제 제출',
  url: 'https://github.com/octo/blog/issues/12',
  state: 'OPEN',
  stateReason: null,
  managed: true,
  assignees: [],
  linkedBranches: [],
  pulls: [],
  items: [],
  ...extra
})

const repo = (...branches: string[]): RepoFacts => ({
  defaultBranch: 'main',
  branches: new Set(['main', ...branches])
})
const placing: PlacementOptions = { branchPatterns: patterns, inReview: false, notPlanned: 'done' }

describe('placeIssue', () => {
  it.each<[string, IssueFacts, RepoFacts, Partial<PlacementOptions>, string, string]>([
    ['open, nothing else', issue(), repo(), {}, 'todo', 'no branch or open PR'],
    [
      'reopened, nothing else',
      issue({ stateReason: 'REOPENED' }),
      repo(),
      {},
      'todo',
      'reopened, no branch or open PR'
    ],
    [
      'a branch named for it',
      issue(),
      repo('12-special-mission'),
      {},
      'inProgress',
      'branch 12-special-mission'
    ],
    ['a branch named for another issue', issue(), repo('13-other'), {}, 'todo', 'no branch or open PR'],
    [
      'a linked branch with any name',
      issue({ linkedBranches: ['my-work'] }),
      repo('my-work'),
      {},
      'inProgress',
      'linked branch my-work'
    ],
    ['an open PR', issue({ pulls: [pull(7, 'OPEN')] }), repo('7-work'), {}, 'inProgress', 'PR #7 open'],
    [
      'a draft PR, In Review configured',
      issue({ pulls: [pull(7, 'OPEN', { isDraft: true })] }),
      repo(),
      { inReview: true },
      'inProgress',
      'PR #7 open (draft)'
    ],
    [
      'a ready PR, In Review configured',
      issue({ pulls: [pull(7, 'OPEN')] }),
      repo(),
      { inReview: true },
      'inReview',
      'PR #7 ready for review'
    ],
    [
      'a PR into another branch does not count',
      issue({ pulls: [pull(7, 'OPEN', { baseRef: 'develop', headRef: 'x' })] }),
      repo('x'),
      {},
      'todo',
      'no branch or open PR'
    ],
    [
      'a PR merged (GitHub closing it any moment)',
      issue({ pulls: [pull(7, 'MERGED')] }),
      repo(),
      {},
      'done',
      'PR #7 merged'
    ],
    [
      'reopened after its PR merged',
      issue({ stateReason: 'REOPENED', pulls: [pull(7, 'MERGED', { headRef: '12-x' })] }),
      repo('12-x'),
      {},
      'todo',
      'reopened, no branch or open PR'
    ],
    [
      'reopened after merge, a new branch',
      issue({ stateReason: 'REOPENED', pulls: [pull(7, 'MERGED', { headRef: '12-first' })] }),
      repo('12-first', '12-second'),
      {},
      'inProgress',
      'branch 12-second'
    ],
    [
      'PR closed unmerged, its branch still there',
      issue({ pulls: [pull(7, 'CLOSED', { headRef: '12-x' })] }),
      repo('12-x'),
      {},
      'todo',
      'no branch or open PR'
    ],
    [
      'PR closed unmerged, another PR open',
      issue({ pulls: [pull(7, 'CLOSED', { headRef: '12-x' }), pull(9, 'OPEN', { headRef: 'retry' })] }),
      repo('12-x', 'retry'),
      {},
      'inProgress',
      'PR #9 open'
    ],
    [
      'PR closed unmerged, another branch holds it',
      issue({
        pulls: [pull(7, 'CLOSED', { headRef: 'first-try' })],
        linkedBranches: ['first-try', 'second-try']
      }),
      repo('first-try', 'second-try'),
      {},
      'inProgress',
      'linked branch second-try'
    ],
    [
      'closed as completed',
      issue({ state: 'CLOSED', stateReason: 'COMPLETED' }),
      repo('12-x'),
      {},
      'done',
      'closed as completed'
    ],
    [
      'closed with no reason (old issues)',
      issue({ state: 'CLOSED', stateReason: null }),
      repo(),
      {},
      'done',
      'closed as completed'
    ],
    [
      'closed as not planned, default',
      issue({ state: 'CLOSED', stateReason: 'NOT_PLANNED' }),
      repo(),
      {},
      'done',
      'closed as not planned'
    ],
    [
      'closed as not planned, not-planned: todo',
      issue({ state: 'CLOSED', stateReason: 'NOT_PLANNED' }),
      repo(),
      { notPlanned: 'todo' },
      'todo',
      'closed as not planned'
    ],
    [
      'closed as a duplicate, not-planned: todo',
      issue({ state: 'CLOSED', stateReason: 'DUPLICATE' }),
      repo(),
      { notPlanned: 'todo' },
      'todo',
      'closed as a duplicate'
    ]
  ])('%s', (_name, facts, repoFacts, options, column, reason) => {
    expect(placeIssue(facts, repoFacts, { ...placing, ...options })).toEqual({ column, reason })
  })
})

describe('issuesOfBranch', () => {
  const issues = [
    issue({ number: 3, linkedBranches: ['docs-fix'] }),
    issue({ number: 12 }),
    issue({ number: 13, managed: false, linkedBranches: ['docs-fix'] })
  ]
  it.each<[string, number[]]>([
    ['12-login', [12]],
    ['docs-fix', [3]],
    ['99-nothing', []],
    ['random', []]
  ])('%s -> %j (managed issues only)', (branch, numbers) => {
    expect(issuesOfBranch(branch, issues, patterns).map(i => i.number)).toEqual(numbers)
  })
})
