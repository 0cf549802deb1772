// Reads the task issues on GitHub: one paginated GraphQL read of the managed issues (label + marker) carrying
// everything the tasks and board jobs need, board fields tolerated when the token cannot see projects. Never writes.
import type { RepoRef } from '../../event.js'
import { parseMarker } from '../../plan/marker.js'
import type { GitHubClient } from '../client.js'
import type { QueryPart, RemoteIssue } from '../model.js'
import { closerOf } from './closer.js'
import {
  CLOSED_ISSUES,
  CLOSED_PAGE,
  ISSUE_FIELDS,
  ISSUE_PAGE,
  type IssueNode,
  MANAGED_ISSUES_QUERY,
  type ManagedIssuesData,
  OPEN_ISSUES,
  PAGE_SIZE,
  restStateReason
} from './query.js'

export interface ReadOptions {
  /** The label that marks task issues. */
  label: string
  /**
   * Closed issues updated at or after this instant are read too (epoch ms or ISO 8601); undefined reads no closed
   * issue. Every open issue with the label is always read.
   */
  closedSince?: number | string
  /** Ask for each issue's Projects (v2) items; needs a token that can see projects (GITHUB_TOKEN cannot). */
  withBoard?: boolean
  /** Ask for each issue's linked branches and closing pull requests (what the board moves cards by); default: `withBoard`. */
  withLinks?: boolean
  /** Name of the board's single-select status field (default `Status`). */
  statusField?: string
}

export interface ManagedIssueRead {
  /** Issues that carry the label and the marker: all open ones, then the closed ones asked for. */
  issues: RemoteIssue[]
  /** The repository's default branch, for links that stay valid across commits. */
  defaultBranch: string | undefined
  /** Whether the label exists in the repository. */
  labelExists: boolean
  /** Open issues with the label but no marker: a person's, never touched. */
  unmarked: number
  /** Highest issue number among everything the read returned (marked or not), 0 when none. */
  maxNumber: number
  /** GraphQL requests the read took. */
  requests: number
  /** With `withBoard`: false when GitHub refused the project fields (the token cannot see projects). */
  boardReadable: boolean
}

/** Reads the managed issues: all open ones with the label, and the closed ones as far back as `closedSince`. */
export async function readManagedIssues(
  client: GitHubClient,
  repo: RepoRef,
  options: ReadOptions,
  firstPage?: ManagedIssuesPage
): Promise<ManagedIssueRead> {
  const withBoard = options.withBoard === true
  const closedSince = options.closedSince === undefined ? undefined : isoOf(options.closedSince)
  const result: ManagedIssueRead = {
    issues: [],
    defaultBranch: undefined,
    labelExists: false,
    unmarked: 0,
    maxNumber: 0,
    requests: 0,
    boardReadable: withBoard
  }
  const seen = new Set<number>()
  let openAfter: string | null = null
  let closedAfter: string | null = null
  let withOpen = true
  let withClosed = closedSince !== undefined
  let first = true
  while (first || withOpen || withClosed) {
    const variables = {
      owner: repo.owner,
      name: repo.repo,
      label: options.label,
      pageSize: PAGE_SIZE,
      openAfter,
      closedAfter,
      closedSince: closedSince ?? null,
      first,
      withOpen,
      withClosed,
      withBoard: withBoard && result.boardReadable,
      withLinks: options.withLinks ?? withBoard,
      statusField: options.statusField ?? 'Status'
    }
    const given = first ? firstPage : undefined
    if (given === undefined) result.requests++
    if (given?.boardRefused) result.boardReadable = false
    const data: ManagedIssuesData = given?.data ?? (await queryTolerantOfBoard(client, variables, result))
    if (!data.repository)
      throw new Error(`repository ${repo.owner}/${repo.repo} not found, or the token cannot read it`)
    if (first) {
      result.defaultBranch = data.repository.defaultBranchRef?.name ?? undefined
      result.labelExists = data.repository.label != null
    }
    for (const node of [...(data.repository.open?.nodes ?? []), ...(data.repository.closed?.nodes ?? [])]) {
      if (!node || seen.has(node.number)) continue
      seen.add(node.number)
      result.maxNumber = Math.max(result.maxNumber, node.number)
      const issue = toRemoteIssue(node, variables.withBoard, variables.withLinks)
      if (issue) result.issues.push(issue)
      else if (node.state === 'OPEN') result.unmarked++
    }
    const open = data.repository.open
    const closed = data.repository.closed
    if (withOpen) {
      withOpen = open?.pageInfo.hasNextPage === true && open.pageInfo.endCursor !== null
      openAfter = open?.pageInfo.endCursor ?? null
    }
    if (withClosed) {
      withClosed = closed?.pageInfo.hasNextPage === true && closed.pageInfo.endCursor !== null
      closedAfter = closed?.pageInfo.endCursor ?? null
    }
    first = false
  }
  if (!withBoard) result.boardReadable = false
  return result
}

/** The first page of a managed-issue read, answered inside another request (see managedIssuesPart). */
export interface ManagedIssuesPage {
  data: ManagedIssuesData
  /** GitHub refused the issues' project items to the token (the rest of the page is good). */
  boardRefused: boolean
}

/**
 * The first page of readManagedIssues as a part of another query (the board's first request resolves its project in
 * the same round trip): hand what it reads to readManagedIssues as `firstPage`, which reads any further pages. The
 * page asks exactly what MANAGED_ISSUES_QUERY's first page asks; undefined when the repository could not be read.
 */
export function managedIssuesPart(
  repo: RepoRef,
  options: ReadOptions
): QueryPart<ManagedIssuesPage | undefined> {
  const closedSince = options.closedSince === undefined ? undefined : isoOf(options.closedSince)
  const withBoard = options.withBoard === true
  return {
    variables: {
      repoOwner: { type: 'String!', value: repo.owner },
      repoName: { type: 'String!', value: repo.repo },
      label: { type: 'String!', value: options.label },
      pageSize: { type: 'Int!', value: PAGE_SIZE },
      closedSince: { type: 'DateTime', value: closedSince ?? null },
      withClosed: { type: 'Boolean!', value: closedSince !== undefined },
      withBoard: { type: 'Boolean!', value: withBoard },
      withLinks: { type: 'Boolean!', value: options.withLinks ?? withBoard },
      statusField: { type: 'String!', value: options.statusField ?? 'Status' }
    },
    selection: `managed: repository(owner: $repoOwner, name: $repoName) {
    defaultBranchRef { name }
    label(name: $label) { name }
    open: issues(first: $pageSize, ${OPEN_ISSUES}) { ${ISSUE_PAGE} }
    closed: issues(first: $pageSize, ${CLOSED_ISSUES}) @include(if: $withClosed) { ${CLOSED_PAGE} }
  }`,
    fragments: [ISSUE_FIELDS],
    tolerates: ['managed'],
    read(data, errors) {
      const repository = data.managed as ManagedIssuesData['repository'] | undefined
      if (!repository) return undefined
      const refused = (errors ?? []).filter(e => e.path?.[0] === 'managed')
      // As queryTolerantOfBoard: only a refusal of project items leaves the rest of the page good.
      if (!refused.every(e => (e.path ?? []).includes('projectItems'))) return undefined
      return { data: { repository }, boardRefused: refused.length > 0 }
    }
  }
}

/**
 * Runs one page. When the project fields are refused (a token that cannot see projects) the rest of the page
 * is still good: the page is kept, project items are marked unknown, and later pages stop asking for them.
 */
async function queryTolerantOfBoard(
  client: GitHubClient,
  variables: Record<string, unknown> & { withBoard: boolean },
  result: ManagedIssueRead
): Promise<ManagedIssuesData> {
  try {
    return await client.graphql<ManagedIssuesData>(MANAGED_ISSUES_QUERY, variables)
  } catch (error) {
    const partial = graphqlPartial(error)
    if (
      variables.withBoard &&
      partial &&
      partial.errors.every(e => (e.path ?? []).includes('projectItems'))
    ) {
      result.boardReadable = false
      return partial.data as ManagedIssuesData
    }
    throw error
  }
}

function graphqlPartial(
  error: unknown
): { data: unknown; errors: Array<{ path?: Array<string | number> }> } | undefined {
  const e = error as { name?: string; data?: unknown; errors?: Array<{ path?: Array<string | number> }> }
  if (e?.name !== 'GraphqlResponseError' || !e.data || !Array.isArray(e.errors) || e.errors.length === 0)
    return undefined
  return { data: e.data, errors: e.errors }
}

function toRemoteIssue(node: IssueNode, withBoard: boolean, withLinks: boolean): RemoteIssue | undefined {
  const key = parseMarker(node.body)
  if (key === undefined) return undefined
  const closer = node.state === 'CLOSED' ? closerOf(node) : undefined
  return {
    number: node.number,
    nodeId: node.id,
    databaseId: node.databaseId ?? null,
    parent: node.parent?.number ?? null,
    title: node.title,
    body: node.body,
    url: node.url,
    state: node.state === 'OPEN' ? 'open' : 'closed',
    stateReason: restStateReason(node.stateReason),
    createdAt: node.createdAt,
    closedAt: node.closedAt,
    closedByAction: closer?.kind === 'action',
    ...(closer ? { closer } : {}),
    key,
    assignees: (node.assignees?.nodes ?? []).flatMap(a => (a ? [a.login] : [])),
    linkedBranches: withLinks
      ? (node.linkedBranches?.nodes ?? []).flatMap(b => (b?.ref ? [b.ref.name] : []))
      : [],
    closingPullRequests: withLinks
      ? (node.closedByPullRequestsReferences?.nodes ?? []).flatMap(p => (p ? [p] : []))
      : [],
    projectItems:
      withBoard && node.projectItems
        ? (node.projectItems.nodes ?? []).flatMap(item =>
            item
              ? [
                  {
                    id: item.id,
                    projectId: item.project.id,
                    archived: item.isArchived,
                    status:
                      item.fieldValueByName?.name != null && item.fieldValueByName.optionId != null
                        ? { name: item.fieldValueByName.name, optionId: item.fieldValueByName.optionId }
                        : null
                  }
                ]
              : []
          )
        : undefined
  }
}

export function isoOf(instant: number | string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant)
  if (Number.isNaN(ms)) throw new Error(`closedSince '${String(instant)}' is not an instant`)
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
