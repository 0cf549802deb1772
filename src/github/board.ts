// Projects v2: resolves the project, its Status field and options once per run, explains why it cannot be found, and
// applies the moves plan/board.ts chose, batched. Never moves an item it was not asked to.
import type { GitHubClient } from './client.js'
import { httpStatus } from './errors.js'
import type { QueryPart } from './model.js'
import type { Board, BoardOption, Column, Move } from '../plan/board.js'
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
          ... on ProjectV2FieldCommon { id name }
          ... on ProjectV2SingleSelectField { options { id name } }
        }
      }
    }
  }`

/** The project owner's part of the resolve answer. */
export interface ProjectNode {
  projectV2: {
    id: string
    title: string
    url: string
    fields: {
      nodes: Array<{ __typename: string; id?: string; name?: string; options?: BoardOption[] } | null> | null
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
  target: { project: ProjectRef; statusField: string; columns: ColumnNames; tokenKind?: TokenKind },
  part?: QueryPart<T>
): Promise<{ board: Board; read: T | undefined }> {
  const { project, statusField, columns, tokenKind = 'unknown' } = target
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
  const board = boardOf(data.projectOwner as ProjectNode | null, project, statusField, columns, tokenKind)
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
  tokenKind: TokenKind = 'unknown'
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
  return {
    projectId: p.id,
    title: p.title,
    url: p.url,
    field: { id: field.id, name: field.name },
    options: field.options,
    columns: {
      todo: chosen.todo!,
      inProgress: chosen.inProgress!,
      inReview: chosen.inReview,
      done: chosen.done!
    }
  }
}

/** Exact name first; else the one name equal after Unicode NFC, folded case and folded spaces. */
function pickByName<T extends { name: string }>(candidates: readonly T[], wanted: string): T | undefined {
  const exact = candidates.find(c => c.name === wanted)
  if (exact) return exact
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
  const loose = candidates.filter(c => fold(c.name) === fold(wanted))
  return loose.length === 1 ? loose[0] : undefined
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

const badCredentials = () =>
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

// ---- applying -------------------------------------------------------------------------------------------------

/** Mutations per request: several moves share one round trip (GraphQL aliases), without making one huge request. */
export const BATCH = 25

export interface Applied {
  moved: Move[]
  failed: Array<{ move: Move; message: string }>
  /** GraphQL requests sent. */
  requests: number
}

/**
 * Adds the issues not on the board (`addProjectV2ItemById` returns the existing item if there is one, so it is
 * get-or-create) and sets each item's Status, each step batched with aliases. A failed mutation is reported as
 * failed, never as moved.
 */
export async function applyMoves(
  client: GitHubClient,
  board: Board,
  moves: readonly Move[]
): Promise<Applied> {
  const failed: Applied['failed'] = []
  let requests = 0
  const targets: Array<{ move: Move; itemId: string }> = []
  for (const move of moves) if (move.itemId !== undefined) targets.push({ move, itemId: move.itemId })
  for (const batch of chunks(
    moves.filter(m => m.itemId === undefined),
    BATCH
  )) {
    const variables: Record<string, unknown> = { project: board.projectId }
    batch.forEach((m, i) => (variables[`c${i}`] = m.contentId))
    requests++
    const { data, errors } = await mutate(client, addMutation(batch.length), variables)
    batch.forEach((move, i) => {
      const itemId = (data?.[`a${i}`] as { item?: { id?: string } } | null | undefined)?.item?.id
      if (itemId) targets.push({ move, itemId })
      else
        failed.push({
          move,
          message: `adding #${move.number} to the board failed: ${errors.get(`a${i}`) ?? errors.get('') ?? 'GitHub returned no item'}`
        })
    })
  }
  const moved: Move[] = []
  for (const batch of chunks(targets, BATCH)) {
    const variables: Record<string, unknown> = { project: board.projectId, field: board.field.id }
    batch.forEach(({ move, itemId }, i) => {
      variables[`i${i}`] = itemId
      variables[`o${i}`] = move.option.id
    })
    requests++
    const { data, errors } = await mutate(client, moveMutation(batch.length), variables)
    batch.forEach(({ move }, i) => {
      const ok = (data?.[`m${i}`] as { projectV2Item?: { id?: string } } | null | undefined)?.projectV2Item
        ?.id
      if (ok) moved.push(move)
      else
        failed.push({
          move,
          message: `setting #${move.number} to '${move.option.name}' failed: ${errors.get(`m${i}`) ?? errors.get('') ?? 'GitHub returned no item'}`
        })
    })
  }
  moved.sort((a, b) => a.number - b.number)
  return { moved, failed, requests }
}

/** Adds `count` issues ($c0...) to the project ($project), aliased a0...; each answers with its item. */
export function addMutation(count: number): string {
  const declared = range(count).map(i => `$c${i}: ID!`)
  const body = range(count).map(
    i => `a${i}: addProjectV2ItemById(input: { projectId: $project, contentId: $c${i} }) { item { id } }`
  )
  return `mutation BoardAdd($project: ID!, ${declared.join(', ')}) {\n  ${body.join('\n  ')}\n}`
}

/** Sets the single-select field ($field) of `count` items ($i0...) to options ($o0...), aliased m0.... */
export function moveMutation(count: number): string {
  const declared = range(count).map(i => `$i${i}: ID!, $o${i}: String!`)
  const body = range(count).map(
    i =>
      `m${i}: updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $i${i}, fieldId: $field, value: { singleSelectOptionId: $o${i} } }) { projectV2Item { id } }`
  )
  return `mutation BoardMove($project: ID!, $field: ID!, ${declared.join(', ')}) {\n  ${body.join('\n  ')}\n}`
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/**
 * Sends a mutation; a GraphQL error response keeps its partial data, with each error under its alias (or '' for the
 * whole request). Only a token problem is thrown: the rest is reported per move.
 */
async function mutate(
  client: GitHubClient,
  query: string,
  variables: Record<string, unknown>
): Promise<{ data: Record<string, unknown> | null | undefined; errors: Map<string, string> }> {
  try {
    return { data: await client.graphql<Record<string, unknown>>(query, variables), errors: new Map() }
  } catch (error) {
    const list = graphqlErrors(error)
    if (!list) {
      // GitHub's transient errors arrive here after the retry plugin gave up: every mutation of the batch failed.
      const status = httpStatus(error)
      if (status === 401) throw badCredentials()
      return {
        data: undefined,
        errors: new Map([['', error instanceof Error ? error.message : String(error)]])
      }
    }
    if (list.some(e => e.type === 'INSUFFICIENT_SCOPES' || (e.type === 'FORBIDDEN' && !e.path))) {
      throw new BoardError(
        `Input 'project-token': the token may read the project but not change it (GitHub: ${list[0]?.message ?? 'forbidden'}). A classic PAT needs the 'project' scope (not only 'read:project'); an App needs Projects: read and write.`
      )
    }
    const errors = new Map<string, string>()
    for (const e of list) errors.set(String(e.path?.[0] ?? ''), e.message ?? e.type ?? 'error')
    return { data: (error as { data?: Record<string, unknown> | null }).data, errors }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}
