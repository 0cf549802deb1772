import { readFileSync } from 'node:fs'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import type { RemoteIssue } from '../../src/github/model.js'
import {
  BRANCH_PAGE_QUERY,
  factsOfRemote,
  issueFacts,
  issuesOfBranch,
  repoPart,
  type IssueNode
} from '../../src/github/links.js'
import {
  issueNumberOfBranch,
  placeIssue,
  type IssueFacts,
  type PlacementOptions,
  type PullFacts,
  type RepoFacts
} from '../../src/plan/board.js'
import { markerLine } from '../../src/plan/marker.js'
import { readSettings } from '../../src/settings.js'

const schema = buildSchema(readFileSync('node_modules/@octokit/graphql-schema/schema.graphql', 'utf8'), {
  assumeValidSDL: true
})
const errorsOf = (document: string) => validate(schema, parse(document)).map(e => e.message)

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

const node = (extra: Partial<IssueNode> = {}): IssueNode => ({
  id: 'I_kwDO12',
  number: 12,
  title: '과제 제출',
  url: 'https://github.com/octo/blog/issues/12',
  state: 'OPEN',
  stateReason: null,
  body: `과제 제출\n\n${markerLine('과제 제출')}`,
  labels: { nodes: [{ name: 'task' }] },
  assignees: { nodes: [{ login: 'octo' }] },
  linkedBranches: { nodes: [{ ref: { name: '12-x' } }, { ref: null }] },
  closedByPullRequestsReferences: {
    nodes: [{ number: 7, state: 'OPEN', isDraft: true, headRefName: '12-x', baseRefName: 'main' }]
  },
  projectItems: {
    nodes: [{ id: 'PVTI_1', isArchived: false, project: { id: 'PVT_1' }, fieldValueByName: { name: 'Todo' } }]
  },
  ...extra
})

describe('issueFacts', () => {
  it('reads an issue node: deleted linked branches dropped, PRs and board items kept', () => {
    expect(issueFacts(node(), 'task')).toEqual({
      id: 'I_kwDO12',
      number: 12,
      title: '과제 제출',
      url: 'https://github.com/octo/blog/issues/12',
      state: 'OPEN',
      stateReason: null,
      managed: true,
      assignees: ['octo'],
      linkedBranches: ['12-x'],
      pulls: [{ number: 7, state: 'OPEN', isDraft: true, headRef: '12-x', baseRef: 'main' }],
      items: [{ id: 'PVTI_1', projectId: 'PVT_1', status: 'Todo', archived: false }]
    })
  })

  it.each<[string, Partial<IssueNode>, boolean]>([
    ['label and marker', {}, true],
    ['label in another case', { labels: { nodes: [{ name: 'Task' }] } }, true],
    ['no label', { labels: { nodes: [] } }, false],
    ['no marker', { body: '과제 제출' }, false],
    ['marker not on the last line', { body: `${markerLine('x')}\nmore text` }, false],
    ['no body', { body: null }, false]
  ])('managed only with the label and the final marker line: %s', (_name, extra, managed) => {
    expect(issueFacts(node(extra), 'task').managed).toBe(managed)
  })

  it('an item with no Status reads as null', () => {
    const facts = issueFacts(
      node({
        projectItems: {
          nodes: [{ id: 'PVTI_1', isArchived: true, project: { id: 'PVT_1' }, fieldValueByName: null }]
        }
      }),
      'task'
    )
    expect(facts.items).toEqual([{ id: 'PVTI_1', projectId: 'PVT_1', status: null, archived: true }])
  })
})

describe('factsOfRemote', () => {
  const remote = (extra: Partial<RemoteIssue> = {}): RemoteIssue =>
    ({
      number: 12,
      nodeId: 'I_kwDO12',
      databaseId: 1,
      title: '과제 제출',
      body: '',
      url: 'https://github.com/octo/blog/issues/12',
      state: 'closed',
      stateReason: 'not_planned',
      createdAt: '2026-11-20T00:00:00Z',
      closedAt: '2026-11-21T00:00:00Z',
      closedByAction: false,
      key: '과제 제출',
      assignees: [],
      linkedBranches: ['12-x'],
      closingPullRequests: [
        {
          number: 7,
          state: 'MERGED',
          merged: true,
          isDraft: false,
          headRefName: '12-x',
          baseRefName: 'main',
          url: ''
        }
      ],
      projectItems: [
        { id: 'PVTI_1', projectId: 'PVT_1', status: { name: 'Done', optionId: 'o3' }, archived: false }
      ],
      ...extra
    }) as RemoteIssue

  it('maps the shared read of task issues to the same facts', () => {
    expect(factsOfRemote(remote())).toMatchObject({
      id: 'I_kwDO12',
      state: 'CLOSED',
      stateReason: 'NOT_PLANNED',
      managed: true,
      linkedBranches: ['12-x'],
      pulls: [{ number: 7, state: 'MERGED', isDraft: false, headRef: '12-x', baseRef: 'main' }],
      items: [{ id: 'PVTI_1', projectId: 'PVT_1', status: 'Done', archived: false }]
    })
  })

  it('refuses a read made without links or board items, rather than guessing a column', () => {
    expect(() => factsOfRemote(remote({ linkedBranches: undefined }))).toThrow(/withLinks/)
    expect(() => factsOfRemote(remote({ projectItems: undefined }))).toThrow(/withBoard/)
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

describe('GraphQL documents GitHub would accept', () => {
  const standalone = (scope: Parameters<typeof repoPart>[3]) => {
    const part = repoPart({ owner: 'octo', repo: 'blog' }, 'task', 'Status', scope)
    const signature = Object.entries(part.variables).map(([name, v]) => `$${name}: ${v.type}`)
    return [`query T(${signature.join(', ')}) { ${part.selection} }`, ...part.fragments].join('\n')
  }
  it.each<[string, Parameters<typeof repoPart>[3]]>([
    ['branches only', { numbers: [] }],
    ['issues by number', { numbers: [12, 13] }],
    ['a pull request and an issue', { numbers: [12], pull: 7 }]
  ])('repository part: %s', (_name, scope) => {
    expect(errorsOf(standalone(scope))).toEqual([])
  })

  it('the page of further branches', () => {
    expect(errorsOf(BRANCH_PAGE_QUERY)).toEqual([])
  })

  it('reads a response of the repository part back', () => {
    const part = repoPart({ owner: 'octo', repo: 'blog' }, 'task', 'Status', { numbers: [12, 40], pull: 7 })
    const read = part.read({
      repository: {
        defaultBranchRef: { name: 'main' },
        refs: {
          nodes: [{ name: 'main' }, { name: '12-x' }],
          pageInfo: { hasNextPage: true, endCursor: 'c1' }
        },
        issue12: node(),
        issue40: null,
        pullRequest: {
          number: 7,
          state: 'OPEN',
          isDraft: true,
          headRefName: '12-x',
          baseRefName: 'main',
          closingIssuesReferences: { nodes: [node({ number: 14, id: 'I_14' })] }
        }
      }
    })
    expect([...read.repo.branches]).toEqual(['main', '12-x'])
    expect(read.repo.defaultBranch).toBe('main')
    expect([...read.issues.keys()].sort()).toEqual([12, 14])
    expect(read.pull).toEqual({
      number: 7,
      state: 'OPEN',
      isDraft: true,
      headRef: '12-x',
      baseRef: 'main',
      closes: [14]
    })
    expect(read.moreBranches).toBe('c1')
  })
})
