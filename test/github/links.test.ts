// Which task issue a branch or pull request is for, as read from GitHub: an issue node's facts, a REST issue's
// facts, and the GraphQL documents of that read, validated against GitHub's published schema.
import { readFileSync } from 'node:fs'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import type { RemoteIssue } from '../../src/github/model.js'
import {
  BRANCH_PAGE_QUERY,
  factsOfRemote,
  issueFacts,
  repoPart,
  type IssueNode
} from '../../src/github/links.js'
import { markerLine } from '../../src/plan/marker.js'

const schema = buildSchema(readFileSync('node_modules/@octokit/graphql-schema/schema.graphql', 'utf8'), {
  assumeValidSDL: true
})
const errorsOf = (document: string) => validate(schema, parse(document)).map(e => e.message)

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
