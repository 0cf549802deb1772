// Projects v2: resolves the project, its Status field and options once per run, explains why it cannot be found, and
// applies the moves plan/board.ts chose, batched. Never moves an item it was not asked to.
import type { GitHubClient } from './client.js'
import { httpStatus } from './errors.js'
import type { QueryPart } from './model.js'
import type { Board, BoardOption, Column } from '../plan/board.js'
import {
  pickByName,
  pickCardFields,
  type BoardFieldInfo,
  type CardFieldNames,
  type Iteration
} from '../plan/fields.js'
import type { ProjectRef } from '../settings.js'

/** The option names the settings ask for; inReview '' means none. */
export interface ColumnNames {
  todo: string
  inProgress: string
  inReview: string
  done: string
}

/** A problem a person fixes in the workflow, the token or the project (the message says how). */
export class BoardError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BoardError'
  }
}

const COLUMN_INPUTS: Record<Column, string> = {
  todo: 'todo-column',
  inProgress: 'in-progress-column',
  inReview: 'in-review-column',
  done: 'done-column'
}

/** A project has at most 50 fields. */
const FIELD_PAGE = 50

const PROJECT_SELECTION = (owner: 'user' | 'organization') => `projectOwner: ${owner}(login: $projectOwner) {
    projectV2(number: $projectNumber) {
      id
      title
      url
      fields(first: ${FIELD_PAGE}) {
        nodes {
          __typename
          ... on ProjectV2FieldCommon { id name dataType }
          ... on ProjectV2SingleSelectField { options { id name } }
          ... on ProjectV2IterationField {
            configuration {
              iterations { id title startDate duration }
              completedIterations { id title startDate duration }
            }
          }
        }
      }
    }
  }`

/** One field of the project as the resolve read answers it. */
export interface FieldNode {
  __typename: string
  id?: string
  name?: string
  dataType?: string
  options?: BoardOption[]
  configuration?: { iterations?: Iteration[]; completedIterations?: Iteration[] }
}

/** The project owner's part of the resolve answer. */
export interface ProjectNode {
  projectV2: {
    id: string
    title: string
    url: string
    fields: {
      nodes: Array<FieldNode | null> | null
    }
  } | null
}

/** The GraphQL document of the board's first request: the project, plus `part` (the repository reading). */
export function resolveQuery<T>(
  project: ProjectRef,
  part?: QueryPart<T>
): { query: string; variables: Record<string, unknown> } {
  const declared: Record<string, { type: string; value: unknown }> = {
    projectOwner: { type: 'String!', value: project.owner },
    projectNumber: { type: 'Int!', value: project.number },
    ...part?.variables
  }
  const signature = Object.entries(declared)
    .map(([name, v]) => `$${name}: ${v.type}`)
    .join(', ')
  const selections = [PROJECT_SELECTION(project.ownerType === 'Organization' ? 'organization' : 'user')]
  if (part) selections.push(part.selection)
  const query = [
    `query BoardResolve(${signature}) {\n  ${selections.join('\n  ')}\n}`,
    ...(part?.fragments ?? [])
  ].join('\n')
  return {
    query,
    variables: Object.fromEntries(Object.entries(declared).map(([name, v]) => [name, v.value]))
  }
}

/**
 * Resolves the project, its Status field and the option of every column in one request (with `part`, the
 * repository reading, riding along). Throws BoardError with what to do when any of it is wrong.
 */
export async function resolveBoard<T>(
  client: GitHubClient,
  target: {
    project: ProjectRef
    statusField: string
    columns: ColumnNames
    tokenKind?: TokenKind
    /** Fields beyond Status the inputs name; each must exist with a type its input can fill. */
    cardFields?: CardFieldNames
  },
  part?: QueryPart<T>
): Promise<{ board: Board; read: T | undefined }> {
  const { project, statusField, columns, tokenKind = 'unknown', cardFields } = target
  const { query, variables } = resolveQuery(project, part)
  let data: Record<string, unknown>
  let tolerated: GraphqlErrorLike[] | undefined
  try {
    data = await client.graphql<Record<string, unknown>>(query, variables)
  } catch (error) {
    // Errors only under the fields `part` tolerates (say, issues' project items): the project is resolved all the same.
    const errors = graphqlErrors(error)
    const partial = (error as { data?: Record<string, unknown> | null } | null)?.data
    if (
      !partial ||
      !errors ||
      errors.length === 0 ||
      !errors.every(e => part?.tolerates?.includes(String(e.path?.[0] ?? '')))
    )
      throw explainResolveError(error, project, tokenKind)
    data = partial
    tolerated = errors
  }
  const board = boardOf(
    data.projectOwner as ProjectNode | null,
    project,
    statusField,
    columns,
    tokenKind,
    cardFields
  )
  return { board, read: part?.read(data, tolerated) }
}

/** What kind of token this is, by GitHub's token prefixes (never logged). */
export type TokenKind = 'classic' | 'fine-grained' | 'installation' | 'oauth' | 'unknown'

export function tokenKindOf(token: string): TokenKind {
  if (token.startsWith('ghp_')) return 'classic'
  if (token.startsWith('github_pat_')) return 'fine-grained'
  if (token.startsWith('ghs_')) return 'installation'
  if (token.startsWith('gho_') || token.startsWith('ghu_')) return 'oauth'
  return 'unknown'
}

/** Checks a project's fields against the settings: the Status field, then every configured column. */
export function boardOf(
  owner: ProjectNode | null,
  project: ProjectRef,
  statusField: string,
  columns: ColumnNames,
  tokenKind: TokenKind = 'unknown',
  cardFieldNames: CardFieldNames = { due: '', week: '', post: '' }
): Board {
  const p = owner?.projectV2
  if (!p) throw notFound(project, tokenKind)
  const singleSelects = (p.fields.nodes ?? []).filter(
    (f): f is { __typename: string; id: string; name: string; options: BoardOption[] } =>
      f !== null &&
      f.__typename === 'ProjectV2SingleSelectField' &&
      typeof f.id === 'string' &&
      typeof f.name === 'string'
  )
  const field = pickByName(singleSelects, statusField)
  if (!field) {
    const names = singleSelects.map(f => `'${f.name}'`)
    throw new BoardError(
      `Input 'status-field': the project '${p.title}' (${project.url}) has no single-select field '${statusField}'; ` +
        (names.length > 0
          ? `its single-select fields are ${names.join(', ')}.`
          : 'it has no single-select field at all; add one named Status.')
    )
  }
  const problems: string[] = []
  const chosen: Partial<Record<Column, BoardOption>> = {}
  for (const column of ['todo', 'inProgress', 'inReview', 'done'] as const) {
    const wanted = columns[column]
    if (column === 'inReview' && wanted === '') continue
    const option = pickByName(field.options, wanted)
    if (option) chosen[column] = option
    else problems.push(`Input '${COLUMN_INPUTS[column]}': '${wanted}'`)
  }
  if (problems.length > 0) {
    const options = field.options.map(o => `'${o.name}'`).join(', ')
    throw new BoardError(
      `${problems.join('; ')} ${problems.length === 1 ? 'is not an option' : 'are not options'} of the field '${field.name}' of the project '${p.title}' (${project.url}); its options are ${options || '(none)'}. Set the input to one of them, or add the option to the board.`
    )
  }
  const where = `the project '${p.title}' (${project.url})`
  const picked = pickCardFields(fieldInfos(p.fields.nodes ?? []), cardFieldNames, where)
  if ('error' in picked) throw new BoardError(picked.error)
  return {
    projectId: p.id,
    title: p.title,
    url: p.url,
    field: { id: field.id, name: field.name },
    cardFields: picked.fields,
    options: field.options,
    columns: {
      todo: chosen.todo!,
      inProgress: chosen.inProgress!,
      inReview: chosen.inReview,
      done: chosen.done!
    }
  }
}

/** The fields as plan/fields.ts weighs them: name, GitHub's type, options, every iteration (completed ones too). */
function fieldInfos(nodes: ReadonlyArray<FieldNode | null>): BoardFieldInfo[] {
  return nodes.flatMap(f =>
    f && typeof f.id === 'string' && typeof f.name === 'string'
      ? [
          {
            id: f.id,
            name: f.name,
            dataType: f.dataType ?? 'UNKNOWN',
            options: f.options ?? [],
            iterations: [
              ...(f.configuration?.completedIterations ?? []),
              ...(f.configuration?.iterations ?? [])
            ].sort((a, b) => a.startDate.localeCompare(b.startDate))
          }
        ]
      : []
  )
}

interface GraphqlErrorLike {
  type?: string
  message?: string
  path?: Array<string | number>
}

/** The errors of a GraphQL response error (octokit's GraphqlResponseError), or undefined for other failures. */
export function graphqlErrors(error: unknown): GraphqlErrorLike[] | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors
  return Array.isArray(errors) ? (errors as GraphqlErrorLike[]) : undefined
}

function notFound(project: ProjectRef, tokenKind: TokenKind): BoardError {
  const owner = project.ownerType === 'Organization' ? 'organization' : 'user'
  const why: Partial<Record<TokenKind, string>> = {
    installation:
      project.ownerType === 'User'
        ? " 'project-token' is an installation token (the workflow's GITHUB_TOKEN or a GitHub App's): neither can reach a user's project; use a classic PAT with the 'project' scope."
        : " 'project-token' is an installation token: the workflow's GITHUB_TOKEN cannot reach Projects v2; a GitHub App needs the organization permission Projects: read and write.",
    'fine-grained':
      project.ownerType === 'User'
        ? " 'project-token' is a fine-grained token, and those cannot reach a user's project; use a classic PAT with the 'project' scope."
        : undefined
  }
  return new BoardError(
    `Input 'project': ${project.url} was not found, or 'project-token' cannot see it. Check the ${owner} '${project.owner}' and the number ${project.number} in the URL, and that the token belongs to someone who can open the project (a private project is visible only to its owner and members).${why[tokenKind] ?? ''}`
  )
}

export const badCredentials = () =>
  new BoardError(
    `Input 'project-token': GitHub refused the token (401 Bad credentials): it is wrong, expired or revoked. Make a new one.`
  )

export function explainResolveError(
  error: unknown,
  project: ProjectRef,
  tokenKind: TokenKind = 'unknown'
): Error {
  const status = httpStatus(error)
  if (status === 401) return badCredentials()
  const errors = graphqlErrors(error)
  if (!errors) return error instanceof Error ? error : new Error(String(error))
  const scopes = errors.find(e => e.type === 'INSUFFICIENT_SCOPES')
  if (scopes) {
    return new BoardError(
      `Input 'project-token': the token lacks the 'project' scope that Projects v2 need (GitHub: ${scopes.message ?? 'insufficient scopes'}). ` +
        `Edit the classic token at https://github.com/settings/tokens and tick 'project' (and 'repo' for a private repository), ` +
        `or use a GitHub App token with the organization permission Projects: read and write.`
    )
  }
  const forbidden = errors.find(e => e.type === 'FORBIDDEN' && e.path?.[0] === 'projectOwner')
  if (forbidden) {
    return new BoardError(
      `Input 'project-token': the token cannot reach ${project.url} (GitHub: ${forbidden.message ?? 'forbidden'}). ` +
        `The workflow's GITHUB_TOKEN never can reach Projects v2; use a classic PAT with the 'project' scope, or a GitHub App token (organization projects only) with Projects: read and write.`
    )
  }
  if (errors.some(e => e.type === 'NOT_FOUND' && e.path?.[0] === 'projectOwner'))
    return notFound(project, tokenKind)
  const repo = errors.find(e => e.path?.[0] === 'repository')
  if (repo) {
    return new BoardError(
      `Input 'project-token': the token cannot read the repository (GitHub: ${repo.message ?? repo.type ?? 'error'}). Give it the 'repo' scope (classic PAT, private repositories) or install the App on the repository with Issues: read.`
    )
  }
  return error instanceof Error ? error : new Error(String(error))
}
