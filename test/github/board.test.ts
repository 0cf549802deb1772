// The board's GitHub side: its GraphQL documents against GitHub's published schema, boardOf's resolve of the Status
// field and the fields beyond it, and explainResolveError's messages a person can act on.
import { readFileSync } from 'node:fs'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import { addMutation, moveMutation } from '../../src/github/board-apply.js'
import {
  BoardError,
  boardOf,
  explainResolveError,
  resolveQuery,
  tokenKindOf,
  type ProjectNode,
  type ColumnNames
} from '../../src/github/board.js'
import { managedIssuesPart } from '../../src/github/issues/read.js'
import { combineParts, repoPart } from '../../src/github/links.js'
import type { ProjectRef } from '../../src/settings.js'

const schema = buildSchema(readFileSync('node_modules/@octokit/graphql-schema/schema.graphql', 'utf8'), {
  assumeValidSDL: true
})
const errorsOf = (document: string) => validate(schema, parse(document)).map(e => e.message)

const userProject: ProjectRef = {
  ownerType: 'User',
  owner: 'octo',
  number: 1,
  url: 'https://github.com/users/octo/projects/1'
}
const orgProject: ProjectRef = {
  ownerType: 'Organization',
  owner: 'camp',
  number: 3,
  url: 'https://github.com/orgs/camp/projects/3'
}
const columns: ColumnNames = { todo: 'Todo', inProgress: 'In Progress', inReview: '', done: 'Done' }

describe('GraphQL documents GitHub would accept', () => {
  const part = repoPart({ owner: 'octo', repo: 'blog' }, 'task', 'Status', { numbers: [12], pull: 7 })
  it.each<[string, ProjectRef, boolean]>([
    ['user project alone', userProject, false],
    ['organization project alone', orgProject, false],
    ['user project with the repository part', userProject, true],
    ['organization project with the repository part', orgProject, true]
  ])('resolve: %s', (_name, project, withPart) => {
    const { query, variables } = resolveQuery(project, withPart ? part : undefined)
    expect(errorsOf(query)).toEqual([])
    expect(variables).toMatchObject({ projectOwner: project.owner, projectNumber: project.number })
  })

  it.each<[string, Parameters<typeof repoPart>[3], string | undefined]>([
    ['a full resync (open and recently closed)', { numbers: [] }, '2026-03-02T00:00:00Z'],
    ['an edited pull request (open only)', { numbers: [12], pull: 7 }, undefined]
  ])('resolve with the first page of task issues riding along: %s', (_name, scope, closedSince) => {
    const repo = { owner: 'octo', repo: 'blog' }
    const both = combineParts(
      repoPart(repo, 'task', 'Status', scope),
      managedIssuesPart(repo, {
        label: 'task',
        withBoard: true,
        withLinks: true,
        statusField: 'Status',
        ...(closedSince ? { closedSince } : {})
      })
    )
    const { query, variables } = resolveQuery(userProject, both)
    expect(errorsOf(query)).toEqual([])
    expect(variables).toMatchObject({
      repoOwner: 'octo',
      statusField: 'Status',
      withClosed: closedSince !== undefined
    })
  })

  it('parts that disagree on a variable cannot be combined', () => {
    const repo = { owner: 'octo', repo: 'blog' }
    expect(() =>
      combineParts(
        repoPart(repo, 'task', 'Status', { numbers: [1] }),
        managedIssuesPart(repo, { label: 'task', statusField: '상태' })
      )
    ).toThrow(/\$statusField/)
  })

  it.each([1, 3, 25])('adding %i items in one request', count => {
    expect(errorsOf(addMutation(count))).toEqual([])
  })

  it.each([1, 3, 25])('setting the Status of %i items in one request', count => {
    expect(errorsOf(moveMutation(count))).toEqual([])
  })

  it('setting Status and up to three more fields per item in one request', () => {
    const query = moveMutation(3, [3, 0, 1])
    expect(errorsOf(query)).toEqual([])
    expect(query.match(/updateProjectV2ItemFieldValue/g)).toHaveLength(7)
  })
})

const option = (id: string, name: string) => ({ id, name })
type ProjectField = NonNullable<NonNullable<ProjectNode['projectV2']>['fields']['nodes']>[number]
/** A project node as the resolve query returns it. */
const projectNode = (statusOptions: string[], extraFields: ProjectField[] = []): ProjectNode => ({
  projectV2: {
    id: 'PVT_1',
    title: 'Blog tasks',
    url: 'https://github.com/users/octo/projects/1',
    fields: {
      nodes: [
        { __typename: 'ProjectV2Field', id: 'F_title', name: 'Title' },
        {
          __typename: 'ProjectV2SingleSelectField',
          id: 'F_status',
          name: 'Status',
          options: statusOptions.map((n, i) => option(`o${i}`, n))
        },
        ...extraFields
      ]
    }
  }
})

describe('boardOf: the fields beyond Status', () => {
  const extra: ProjectField[] = [
    { __typename: 'ProjectV2Field', id: 'F_due', name: 'Due', dataType: 'DATE' },
    {
      __typename: 'ProjectV2IterationField',
      id: 'F_week',
      name: 'Week',
      dataType: 'ITERATION',
      configuration: {
        iterations: [{ id: 'i7', title: 'Week 07', startDate: '2026-02-23', duration: 7 }],
        completedIterations: [{ id: 'i6', title: 'Week 06', startDate: '2026-02-16', duration: 7 }]
      }
    },
    { __typename: 'ProjectV2Field', id: 'F_note', name: 'Note', dataType: 'TEXT' }
  ]
  const node = projectNode(['Todo', 'In Progress', 'Done'], extra)

  it('picks the named fields, with every iteration (completed ones too) in start order', () => {
    const board = boardOf(node, userProject, 'Status', columns, 'classic', {
      due: 'Due',
      week: 'Week',
      post: 'Note'
    })
    expect(board.cardFields?.map(f => [f.name, f.kind])).toEqual([
      ['Due', 'date'],
      ['Week', 'iteration'],
      ['Note', 'text']
    ])
    expect(board.cardFields?.[1]?.iterations.map(i => i.title)).toEqual(['Week 06', 'Week 07'])
  })

  it('refuses a missing or mistyped field, naming the project and listing its fields with their types', () => {
    expect(() =>
      boardOf(node, userProject, 'Status', columns, 'classic', { due: 'Note', week: '', post: 'URL' })
    ).toThrow(
      new BoardError(
        "Input 'due-field': the field 'Note' of the project 'Blog tasks' (https://github.com/users/octo/projects/1) is of type text, and the input needs a Date field; " +
          "Input 'post-field': the project 'Blog tasks' (https://github.com/users/octo/projects/1) has no field 'URL' (it needs a Text field). " +
          "Its fields and their types: 'Title' (unknown), 'Status' (unknown), 'Due' (date), 'Week' (iteration), 'Note' (text). Set the input to one of them, or add the field to the board."
      )
    )
  })
})

describe('boardOf: the Status field and the option of every column, resolved once', () => {
  it('maps each column to its option', () => {
    const board = boardOf(projectNode(['Todo', 'In Progress', 'Done']), userProject, 'Status', columns)
    expect(board.field).toEqual({ id: 'F_status', name: 'Status' })
    expect(board.columns).toEqual({
      todo: option('o0', 'Todo'),
      inProgress: option('o1', 'In Progress'),
      inReview: undefined,
      done: option('o2', 'Done')
    })
  })

  it('reads a Korean board', () => {
    const board = boardOf(projectNode(['할 일', '진행 중', '완료']), userProject, 'Status', {
      todo: '할 일',
      inProgress: '진행 중',
      inReview: '',
      done: '완료'
    })
    expect([board.columns.todo.name, board.columns.inProgress.name, board.columns.done.name]).toEqual([
      '할 일',
      '진행 중',
      '완료'
    ])
  })

  it('forgives case and spacing when exactly one option fits, and writes with the board’s own name', () => {
    const board = boardOf(projectNode(['To do', 'In progress', 'Done']), userProject, 'status', {
      ...columns,
      todo: 'to  do'
    })
    expect(board.columns.todo.name).toBe('To do')
    expect(board.columns.inProgress.name).toBe('In progress')
    expect(board.field.name).toBe('Status')
  })

  it('uses the In Review column only when one is configured', () => {
    const board = boardOf(projectNode(['Todo', 'In Progress', 'In Review', 'Done']), userProject, 'Status', {
      ...columns,
      inReview: 'In Review'
    })
    expect(board.columns.inReview).toEqual(option('o2', 'In Review'))
  })

  it.each<[string, Partial<ColumnNames>, string]>([
    [
      'one column',
      { inProgress: 'Doing' },
      "Input 'in-progress-column': 'Doing' is not an option of the field 'Status' of the project 'Blog tasks' (https://github.com/users/octo/projects/1); its options are 'Todo', 'In Progress', 'Done'. Set the input to one of them, or add the option to the board."
    ],
    [
      'two columns',
      { todo: '할 일', done: '완료' },
      "Input 'todo-column': '할 일'; Input 'done-column': '완료' are not options of the field 'Status' of the project 'Blog tasks' (https://github.com/users/octo/projects/1); its options are 'Todo', 'In Progress', 'Done'. Set the input to one of them, or add the option to the board."
    ],
    [
      'the optional In Review column',
      { inReview: 'Review' },
      "Input 'in-review-column': 'Review' is not an option of the field 'Status' of the project 'Blog tasks' (https://github.com/users/octo/projects/1); its options are 'Todo', 'In Progress', 'Done'. Set the input to one of them, or add the option to the board."
    ]
  ])(
    'a column name that is not an option names the input and lists the options: %s',
    (_name, names, message) => {
      expect(() =>
        boardOf(projectNode(['Todo', 'In Progress', 'Done']), userProject, 'Status', { ...columns, ...names })
      ).toThrow(message)
    }
  )

  it('a missing Status field lists the single-select fields there are', () => {
    const node = projectNode(
      ['Todo'],
      [{ __typename: 'ProjectV2SingleSelectField', id: 'F_p', name: 'Priority', options: [] }]
    )
    expect(() => boardOf(node, userProject, 'Stage', columns)).toThrow(
      "Input 'status-field': the project 'Blog tasks' (https://github.com/users/octo/projects/1) has no single-select field 'Stage'; its single-select fields are 'Status', 'Priority'."
    )
  })

  it('a project that is not there (or not visible) says which URL and what to check', () => {
    expect(() => boardOf({ projectV2: null }, orgProject, 'Status', columns)).toThrow(
      "Input 'project': https://github.com/orgs/camp/projects/3 was not found, or 'project-token' cannot see it. Check the organization 'camp' and the number 3 in the URL"
    )
  })
})

/** What octokit throws for a GraphQL answer with errors. */
const graphqlError = (
  errors: Array<{ type: string; message: string; path?: string[] }>,
  data: unknown = null
) =>
  Object.assign(new Error('Request failed due to following response errors'), {
    name: 'GraphqlResponseError',
    errors,
    data
  })

describe('explainResolveError: what a person can act on', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'missing project scope',
      graphqlError([
        {
          type: 'INSUFFICIENT_SCOPES',
          message:
            "Your token has not been granted the required scopes to execute this query. The 'id' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes."
        }
      ]),
      /the token lacks the 'project' scope .*https:\/\/github\.com\/settings\/tokens and tick 'project'/
    ],
    [
      'GITHUB_TOKEN',
      graphqlError([
        {
          type: 'FORBIDDEN',
          message: 'Resource not accessible by integration',
          path: ['projectOwner', 'projectV2']
        }
      ]),
      /cannot reach https:\/\/github\.com\/users\/octo\/projects\/1 \(GitHub: Resource not accessible by integration\)\. The workflow's GITHUB_TOKEN never can/
    ],
    [
      'project not found',
      graphqlError([
        {
          type: 'NOT_FOUND',
          message: 'Could not resolve to a ProjectV2 with the number 1.',
          path: ['projectOwner', 'projectV2']
        }
      ]),
      /^Input 'project': https:\/\/github\.com\/users\/octo\/projects\/1 was not found, or 'project-token' cannot see it/
    ],
    [
      'owner not found',
      graphqlError([
        {
          type: 'NOT_FOUND',
          message: "Could not resolve to a User with the login of 'octo'.",
          path: ['projectOwner']
        }
      ]),
      /was not found, or 'project-token' cannot see it\. Check the user 'octo'/
    ],
    [
      'bad credentials',
      Object.assign(new Error('Bad credentials'), { status: 401 }),
      /GitHub refused the token \(401 Bad credentials\)/
    ],
    [
      'repository not readable',
      graphqlError([
        {
          type: 'NOT_FOUND',
          message: "Could not resolve to a Repository with the name 'octo/blog'.",
          path: ['repository']
        }
      ]),
      /the token cannot read the repository .*'repo' scope/
    ]
  ])('%s', (_name, error, message) => {
    expect(explainResolveError(error, userProject).message).toMatch(message)
  })

  it.each<[string, ProjectRef, string]>([
    [
      'GITHUB_TOKEN on a user project',
      userProject,
      "installation token (the workflow's GITHUB_TOKEN or a GitHub App's): neither can reach a user's project"
    ],
    [
      'GITHUB_TOKEN on an organization project',
      orgProject,
      "installation token: the workflow's GITHUB_TOKEN cannot reach Projects v2; a GitHub App needs the organization permission Projects"
    ]
  ])('not found with an installation token says why: %s', (_name, project, hint) => {
    const error = graphqlError([
      {
        type: 'NOT_FOUND',
        message: 'Could not resolve to a ProjectV2 with the number 1.',
        path: ['projectOwner', 'projectV2']
      }
    ])
    expect(explainResolveError(error, project, tokenKindOf('ghs_abc')).message).toContain(hint)
    expect(explainResolveError(error, project, tokenKindOf('ghp_abc')).message).not.toContain(
      'installation token'
    )
  })

  it.each<[string, string]>([
    ['ghp_x', 'classic'],
    ['github_pat_x', 'fine-grained'],
    ['ghs_x', 'installation'],
    ['gho_x', 'oauth'],
    ['secret', 'unknown']
  ])('token kind of %s: %s', (token, kind) => {
    expect(tokenKindOf(token)).toBe(kind)
  })

  it('passes other failures through unchanged', () => {
    const error = new Error('socket hang up')
    expect(explainResolveError(error, userProject)).toBe(error)
  })
})
