// Reads and writes the task issues on GitHub: one paginated GraphQL read of the managed issues (label + marker)
// carrying everything the tasks and board jobs need, and the REST writes that apply a plan. Never parses markdown.
import type { RepoRef } from '../event.js'
import { isClosingComment, parseMarker } from '../plan/issue-text.js'
import type { ManagedIssue, Operation } from '../plan/reconcile.js'
import { applyCap } from '../plan/reconcile.js'
import type { GitHubClient } from './client.js'
import type { ClosingPullRequest, IssueCloser, QueryPart, RemoteIssue } from './model.js'

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

export const PAGE_SIZE = 100
/** The latest closes and comments read of each closed issue: the action's comment comes right after its close. */
export const TRAIL = 5

const ISSUE_FIELDS = `
fragment TaskIssue on Issue {
  id
  databaseId
  number
  title
  body
  url
  state
  stateReason
  createdAt
  closedAt
  assignees(first: 10) { nodes { login } }
  linkedBranches(first: 10) @include(if: $withLinks) { nodes { ref { name } } }
  closedByPullRequestsReferences(first: 10, includeClosedPrs: true) @include(if: $withLinks) {
    nodes { number state merged isDraft headRefName baseRefName url }
  }
  projectItems(first: 10) @include(if: $withBoard) {
    nodes {
      id
      project { id }
      fieldValueByName(name: $statusField) {
        ... on ProjectV2ItemFieldSingleSelectValue { name optionId }
      }
    }
  }
}
fragment ClosedTaskIssue on Issue {
  ...TaskIssue
  closes: timelineItems(itemTypes: [CLOSED_EVENT], last: 1) { nodes { ...TaskClose } }
  trail: timelineItems(itemTypes: [CLOSED_EVENT, ISSUE_COMMENT], last: ${TRAIL}) {
    nodes {
      __typename
      ... on ClosedEvent { id }
      ... on IssueComment { author { login } body }
    }
  }
}
fragment TaskClose on ClosedEvent {
  id
  actor { __typename login }
  closer {
    __typename
    ... on PullRequest { number }
    ... on Commit { oid }
  }
}`

const OPEN_ISSUES = 'labels: [$label], states: [OPEN], orderBy: { field: CREATED_AT, direction: ASC }'
const CLOSED_ISSUES =
  'labels: [$label], states: [CLOSED], filterBy: { since: $closedSince }, orderBy: { field: UPDATED_AT, direction: DESC }'
const ISSUE_PAGE = 'pageInfo { hasNextPage endCursor } nodes { ...TaskIssue }'
const CLOSED_PAGE = 'pageInfo { hasNextPage endCursor } nodes { ...ClosedTaskIssue }'

/**
 * All open issues with the label (oldest first) and the closed ones updated since `$closedSince` (newest first),
 * paginated side by side in one document: each page advances whichever list still has pages.
 */
export const MANAGED_ISSUES_QUERY = `
query JekyllPostOpsManagedIssues(
  $owner: String!
  $name: String!
  $label: String!
  $pageSize: Int!
  $openAfter: String
  $closedAfter: String
  $closedSince: DateTime
  $first: Boolean!
  $withOpen: Boolean!
  $withClosed: Boolean!
  $withBoard: Boolean!
  $withLinks: Boolean!
  $statusField: String!
) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef @include(if: $first) { name }
    label(name: $label) @include(if: $first) { name }
    open: issues(first: $pageSize, after: $openAfter, ${OPEN_ISSUES}) @include(if: $withOpen) {
      ${ISSUE_PAGE}
    }
    closed: issues(first: $pageSize, after: $closedAfter, ${CLOSED_ISSUES}) @include(if: $withClosed) {
      ${CLOSED_PAGE}
    }
  }
}
${ISSUE_FIELDS}`

/** Open issues with the label, newest first, with just what proves whether a create already happened. */
export const RECENT_ISSUES_QUERY = `
query JekyllPostOpsRecentIssues($owner: String!, $name: String!, $label: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: 25, after: $after, labels: [$label], states: [OPEN], orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes { number url body }
    }
  }
}`

interface IssueNode {
  id: string
  databaseId: number | null
  number: number
  title: string
  body: string
  url: string
  state: 'OPEN' | 'CLOSED'
  stateReason: 'COMPLETED' | 'NOT_PLANNED' | 'REOPENED' | 'DUPLICATE' | null
  createdAt: string
  closedAt: string | null
  assignees: { nodes: Array<{ login: string } | null> | null }
  /** Closed issues only: the latest ClosedEvent, and the latest closes and comments in timeline order. */
  closes?: { nodes: Array<CloseNode | null> | null }
  trail?: {
    nodes: Array<{
      __typename: string
      id?: string
      author?: { login: string } | null
      body?: string
    } | null> | null
  }
  linkedBranches?: { nodes: Array<{ ref: { name: string } | null } | null> | null } | null
  closedByPullRequestsReferences?: { nodes: Array<ClosingPullRequest | null> | null } | null
  projectItems?: {
    nodes: Array<{
      id: string
      project: { id: string }
      fieldValueByName: { name?: string | null; optionId?: string | null } | null
    } | null> | null
  } | null
}

interface CloseNode {
  id: string
  actor: { __typename: string; login: string } | null
  closer: { __typename: string; number?: number; oid?: string } | null
}

interface Connection {
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  nodes: Array<IssueNode | null> | null
}

interface ManagedIssuesData {
  repository: {
    defaultBranchRef?: { name: string } | null
    label?: { name: string } | null
    open?: Connection
    closed?: Connection
  } | null
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
    title: node.title,
    body: node.body,
    url: node.url,
    state: node.state === 'OPEN' ? 'open' : 'closed',
    stateReason: stateReasonOf(node.stateReason),
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

function stateReasonOf(reason: IssueNode['stateReason']): ManagedIssue['stateReason'] {
  switch (reason) {
    case 'COMPLETED':
      return 'completed'
    case 'NOT_PLANNED':
    case 'DUPLICATE':
      return 'not_planned'
    case 'REOPENED':
      return 'reopened'
    default:
      return null
  }
}

/** Who made an issue's latest close (see IssueCloser), from the ClosedEvent and the timeline after it. */
function closerOf(node: IssueNode): IssueCloser {
  const close = node.closes?.nodes?.filter(n => n !== null).at(-1)
  if (!close) return { kind: 'unknown' }
  const login = close.actor?.login
  const by = login ? { login } : {}
  switch (close.closer?.__typename) {
    case 'PullRequest':
      return { kind: 'pull-request', number: close.closer.number ?? 0, ...by }
    case 'Commit':
      return { kind: 'commit', oid: close.closer.oid ?? '', ...by }
    case 'ProjectV2':
      return { kind: 'project', ...by }
  }
  if (!login) return { kind: 'unknown' }
  const trail = (node.trail?.nodes ?? []).filter(n => n !== null)
  const at = trail.findLastIndex(n => n.__typename === 'ClosedEvent')
  const marked =
    at >= 0 &&
    trail[at]!.id === close.id &&
    trail
      .slice(at + 1)
      .some(n => isClosingComment(n.body) && n.author != null && sameLogin(n.author.login, login))
  if (marked) return { kind: 'action' }
  return close.actor?.__typename === 'Bot' || /\[bot\]$/i.test(login)
    ? { kind: 'workflow', login }
    : { kind: 'person', login }
}

/** Logins are case-insensitive, and a bot may be named with or without its `[bot]` suffix. */
export function sameLogin(a: string, b: string): boolean {
  const norm = (login: string) => login.replace(/\[bot\]$/i, '').toLowerCase()
  return a !== '' && b !== '' && norm(a) === norm(b)
}

/** Who closed a closed issue, in a few words for a summary: "this action", "pull request #7", "@octo", …. */
export function describeCloser(closer: IssueCloser): string {
  const by = (login: string | undefined) => (login ? ` (merged by @${login.replace(/\[bot\]$/i, '')})` : '')
  switch (closer.kind) {
    case 'action':
      return 'a post (this action)'
    case 'pull-request':
      return `pull request #${closer.number}${by(closer.login)}`
    case 'commit':
      return `commit ${closer.oid.slice(0, 7)}`
    case 'project':
      return "a project's workflow"
    case 'person':
      return `@${closer.login}`
    case 'workflow':
      return `another workflow (${closer.login.replace(/\[bot\]$/i, '')})`
    case 'unknown':
      return 'nobody GitHub names'
  }
}

function isoOf(instant: number | string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant)
  if (Number.isNaN(ms)) throw new Error(`closedSince '${String(instant)}' is not an instant`)
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * An open managed issue with `key` created after the read whose highest issue number was `afterNumber`: the read
 * that proves whether a create whose response was lost did happen. Pages newest-first until it reaches issues
 * the earlier read already saw.
 */
export async function findCreatedIssue(
  client: GitHubClient,
  repo: RepoRef,
  options: { label: string; key: string; afterNumber: number }
): Promise<{ number: number; url: string } | undefined> {
  let after: string | null = null
  for (;;) {
    const data: {
      repository: {
        issues: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null }
          nodes: Array<{ number: number; url: string; body: string } | null>
        }
      } | null
    } = await client.graphql(RECENT_ISSUES_QUERY, {
      owner: repo.owner,
      name: repo.repo,
      label: options.label,
      after
    })
    const connection = data.repository?.issues
    if (!connection) return undefined
    for (const node of connection.nodes) {
      if (!node) continue
      if (node.number <= options.afterNumber) return undefined
      if (parseMarker(node.body) === options.key) return { number: node.number, url: node.url }
    }
    if (!connection.pageInfo.hasNextPage || connection.pageInfo.endCursor === null) return undefined
    after = connection.pageInfo.endCursor
  }
}

// ---------------------------------------------------------------------------------------------------------
// Writes

/** The token may read but not write issues (a fork's pull request, or `permissions:` without `issues: write`). */
export class IssueWritePermissionError extends Error {
  constructor(readonly detail: string) {
    super(
      `the token cannot write issues (GitHub: ${detail}); give the workflow \`permissions: issues: write\` ` +
        '(a pull request from a fork only ever gets a read-only token)'
    )
    this.name = 'IssueWritePermissionError'
  }
}

interface HttpError {
  status?: number
  message?: string
  response?: {
    data?: { message?: string; errors?: Array<{ field?: string; code?: string; message?: string } | string> }
  }
}

function asHttpError(error: unknown): HttpError {
  return (typeof error === 'object' && error !== null ? error : {}) as HttpError
}

function isPermissionError(error: unknown): boolean {
  const e = asHttpError(error)
  if (e.status !== 403) return false
  const text = `${e.response?.data?.message ?? ''} ${e.message ?? ''}`
  return !/rate limit/i.test(text)
}

function permissionError(error: unknown): IssueWritePermissionError {
  const e = asHttpError(error)
  return new IssueWritePermissionError(`403 ${e.response?.data?.message ?? e.message ?? 'Forbidden'}`)
}

function describe(error: unknown): string {
  const e = asHttpError(error)
  const message = e.response?.data?.message ?? e.message ?? String(error)
  return e.status ? `${e.status} ${message}` : message
}

/** A 422 whose errors name the assignees: someone who cannot be assigned in this repository. */
function isAssigneeRejection(error: unknown): boolean {
  const e = asHttpError(error)
  if (e.status !== 422) return false
  const errors = e.response?.data?.errors ?? []
  return errors.some(item =>
    typeof item === 'string'
      ? /assignee/i.test(item)
      : item.field === 'assignees' || /assignee/i.test(item.message ?? '')
  )
}

export const LABEL_COLOR = '0e8a16'
export const LABEL_DESCRIPTION = 'A task from a blog post (managed by jekyll-post-ops)'

/** Creates the label unless it exists (`exists` from the read saves asking). Returns whether it created it. */
export async function ensureLabel(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
  exists?: boolean
): Promise<boolean> {
  if (exists === true) return false
  if (exists === undefined) {
    try {
      await client.rest.issues.getLabel({ ...repo, name: label })
      return false
    } catch (error) {
      if (asHttpError(error).status !== 404) throw error
    }
  }
  try {
    await client.rest.issues.createLabel({
      ...repo,
      name: label,
      color: LABEL_COLOR,
      description: LABEL_DESCRIPTION
    })
    return true
  } catch (error) {
    if (isPermissionError(error)) throw permissionError(error)
    // Someone (a concurrent run) created it in between: that is what we wanted.
    if (asHttpError(error).status === 422) return false
    throw error
  }
}

export interface ApplyOptions {
  /** Logins assigned to created issues ([] for nobody). */
  assignees: string[]
  dryRun: boolean
  /** Cap on writes this run (operations, as `applyCap` counts them); the rest waits for the next run. */
  maxWrites: number
  label: string
  /** The read the plan was made from: its issues (ids for duplicates) and highest number (to re-read after a failed create). */
  read: Pick<ManagedIssueRead, 'issues' | 'maxNumber'>
  /** A line for the log. */
  log?: (line: string) => void
  /** After this many failed operations in a row the rest waits for the next run (GitHub is struggling). */
  maxConsecutiveFailures?: number
}

export interface AppliedOperation {
  op: Operation
  number: number
  url: string
  /** A create whose response was lost, found by the re-read: the issue exists and was not created twice. */
  adopted?: boolean
  /** A create whose response came back: the issue as GitHub stored it (an adopted one is known by number and URL only). */
  created?: CreatedIssue
  /** Something short of the whole operation (e.g. the closing comment failed). */
  warning?: string
}

/** What GitHub answered to a create, beyond its number and URL. */
export interface CreatedIssue {
  nodeId: string
  databaseId: number
  title: string
  body: string
  createdAt: string
  assignees: string[]
}

export interface ApplyResult {
  /** Writes done (empty on a dry run). */
  applied: AppliedOperation[]
  /** What this run would write: every operation within the cap (what a dry run prints). */
  planned: Operation[]
  /** Writes left for the next run by max-writes (or by repeated failures). */
  deferred: Operation[]
  failed: Array<{ op: Operation; error: string }>
  /** Notes (no write): things the plan left alone on purpose. */
  notes: Operation[]
  /** Assignees GitHub refused, so issues were created without them. */
  droppedAssignees: boolean
}

/**
 * Applies a plan within the cap. Creates are never retried blindly: after a failure, a re-read decides whether
 * the issue exists (adopt it) or not (try once more). A 403 on a write throws IssueWritePermissionError.
 */
export async function applyOperations(
  client: GitHubClient,
  repo: RepoRef,
  ops: readonly Operation[],
  options: ApplyOptions
): Promise<ApplyResult> {
  const { now, deferred } = applyCap(ops, options.maxWrites)
  const result: ApplyResult = {
    applied: [],
    planned: now.filter(op => op.kind !== 'note'),
    deferred: [...deferred],
    failed: [],
    notes: now.filter(op => op.kind === 'note'),
    droppedAssignees: false
  }
  if (options.dryRun) return result
  const log = options.log ?? (() => {})
  const limit = options.maxConsecutiveFailures ?? 3
  const databaseIds = new Map(options.read.issues.map(i => [i.number, i.databaseId]))
  const issues = new Map(options.read.issues.map(i => [i.number, { nodeId: i.nodeId, url: i.url }]))
  let assignees = [...options.assignees]
  let failuresInARow = 0
  const writes = result.planned
  for (let i = 0; i < writes.length; i++) {
    const op = writes[i] as Operation
    if (failuresInARow >= limit) {
      log(`tasks: ${limit} writes failed in a row; leaving ${writes.length - i} for the next run.`)
      result.deferred.unshift(...writes.slice(i))
      break
    }
    if (isClose(op) && issues.has(op.number)) {
      // The closes in a row (the plan puts them first) go out together, CLOSE_BATCH to a request.
      const batch: CloseOp[] = []
      for (let j = i; j < writes.length && batch.length < CLOSE_BATCH; j++) {
        const next = writes[j] as Operation
        if (!isClose(next) || !issues.has(next.number)) break
        batch.push(next)
      }
      for (const done of await closeInBatch(client, batch, issues, log)) {
        if (done.applied) {
          result.applied.push(done.applied)
          if (done.applied.warning) log(`tasks: #${done.applied.number}: ${done.applied.warning}`)
          failuresInARow = 0
        } else {
          const error = done.error ?? 'GitHub did not close it'
          result.failed.push({ op: done.op, error })
          log(`tasks: ${done.op.kind} #${done.op.number} failed: ${error}`)
          failuresInARow++
        }
      }
      i += batch.length - 1
      continue
    }
    try {
      let applied: AppliedOperation
      if (op.kind === 'create') {
        const created = await createOnce(client, repo, op, assignees, options, log)
        if (created.droppedAssignees) {
          assignees = []
          result.droppedAssignees = true
        }
        applied = created.applied
      } else {
        applied = await applyOne(client, repo, op, databaseIds)
      }
      result.applied.push(applied)
      if (applied.warning) log(`tasks: #${applied.number}: ${applied.warning}`)
      failuresInARow = 0
    } catch (error) {
      if (error instanceof IssueWritePermissionError) throw error
      if (isPermissionError(error)) throw permissionError(error)
      result.failed.push({ op, error: describe(error) })
      log(
        `tasks: ${op.kind}${'number' in op && op.number !== undefined ? ` #${op.number}` : ''} failed: ${describe(error)}`
      )
      failuresInARow++
    }
  }
  return result
}

type CreateOp = Extract<Operation, { kind: 'create' }>

/** Retries are off for the POST itself: a create that may have succeeded is re-read, never repeated blindly. */
const NO_RETRY = { retries: 0 } as Record<string, unknown>

async function createOnce(
  client: GitHubClient,
  repo: RepoRef,
  op: CreateOp,
  assigneesGiven: string[],
  options: ApplyOptions,
  log: (line: string) => void
): Promise<{ applied: AppliedOperation; droppedAssignees: boolean }> {
  let assignees = assigneesGiven
  let droppedAssignees = false
  let lastError: unknown
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const { data } = await client.rest.issues.create({
        ...repo,
        title: op.title,
        body: op.body,
        labels: op.labels,
        ...(assignees.length > 0 ? { assignees } : {}),
        request: NO_RETRY
      })
      const created: CreatedIssue = {
        nodeId: data.node_id,
        databaseId: data.id,
        title: data.title,
        body: data.body ?? op.body,
        createdAt: data.created_at,
        assignees: (data.assignees ?? []).flatMap(a => (a ? [a.login] : []))
      }
      return { applied: { op, number: data.number, url: data.html_url, created }, droppedAssignees }
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(error)
      if (assignees.length > 0 && isAssigneeRejection(error)) {
        // GitHub refused before creating anything (422): the same create without assignees is safe.
        log(`tasks: GitHub cannot assign ${assignees.join(', ')} here; creating issues without assignees.`)
        assignees = []
        droppedAssignees = true
        attempt--
        continue
      }
      if (asHttpError(error).status === 422) throw error
      lastError = error
      log(
        `tasks: creating "${op.title}" failed (${describe(error)}); reading GitHub to see whether it was created.`
      )
      const found = await findCreatedIssue(client, repo, {
        label: options.label,
        key: op.key,
        afterNumber: options.read.maxNumber
      })
      if (found)
        return { applied: { op, number: found.number, url: found.url, adopted: true }, droppedAssignees }
    }
  }
  throw lastError
}

/**
 * Posts a comment without ever posting it twice: the POST is not retried blindly (a comment whose answer was lost
 * would appear again); after a failure the issue's comments decide whether it was posted, and if not it is tried again
 * (three tries in all). Returns the comment's URL.
 */
export async function commentOnce(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  body: string
): Promise<string> {
  let lastError: unknown
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const { data } = await client.rest.issues.createComment({
        ...repo,
        issue_number: number,
        body,
        request: NO_RETRY
      })
      return data.html_url
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(error)
      const status = asHttpError(error).status
      if (status === 404 || status === 410 || status === 422) throw error
      lastError = error
      const comments = await client.paginate(client.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100
      })
      const posted = comments.find(c => c.body === body)
      if (posted) return posted.html_url
    }
  }
  throw lastError
}

async function applyOne(
  client: GitHubClient,
  repo: RepoRef,
  op: Exclude<Operation, CreateOp>,
  databaseIds: Map<number, number | null>
): Promise<AppliedOperation> {
  switch (op.kind) {
    case 'update': {
      const { data } = await client.rest.issues.update({
        ...repo,
        issue_number: op.number,
        ...(op.title !== undefined ? { title: op.title } : {}),
        ...(op.body !== undefined ? { body: op.body } : {})
      })
      return { op, number: op.number, url: data.html_url }
    }
    case 'close':
    case 'close-duplicate': {
      const duplicateId = op.kind === 'close-duplicate' ? databaseIds.get(op.duplicateOf) : undefined
      const { data } = await client.rest.issues.update({
        ...repo,
        issue_number: op.number,
        state: 'closed',
        state_reason: op.kind === 'close' ? 'completed' : 'duplicate',
        ...(duplicateId ? { duplicate_issue_id: duplicateId } : {})
      })
      // The state first, then the comment: a failed comment never makes the next run close (and comment) again.
      try {
        await commentOnce(client, repo, op.number, op.comment)
        return { op, number: op.number, url: data.html_url }
      } catch (error) {
        if (isPermissionError(error)) throw permissionError(error)
        return {
          op,
          number: op.number,
          url: data.html_url,
          warning: `closed, but the comment failed (${describe(error)})`
        }
      }
    }
    case 'reopen': {
      const { data } = await client.rest.issues.update({
        ...repo,
        issue_number: op.number,
        state: 'open',
        state_reason: 'reopened'
      })
      return { op, number: op.number, url: data.html_url }
    }
    case 'comment':
      return { op, number: op.number, url: await commentOnce(client, repo, op.number, op.body) }
    case 'note':
      throw new Error('a note is not a write')
  }
}

/**
 * The read as GitHub holds it after the writes `applied` (made from a plan of that read): created issues added
 * (open, on no board, no links), closed ones closed, reopened ones open, new titles and bodies. What the read said
 * of everything else (links, board items) still stands: these writes do not change it. Undefined when a created
 * issue is known by number only (a create whose lost response a later read proved): the read cannot stand in for
 * GitHub then. `at` (epoch ms, the run's instant) stands for when its closes happened; they count as the action's.
 */
export function readAfterWrites(
  read: ManagedIssueRead,
  applied: readonly AppliedOperation[],
  at: number
): ManagedIssueRead | undefined {
  const issues = new Map(read.issues.map(issue => [issue.number, { ...issue }]))
  let maxNumber = read.maxNumber
  for (const { op, number, url, created } of applied) {
    const issue = issues.get(number)
    switch (op.kind) {
      case 'create':
        if (!created) return undefined
        maxNumber = Math.max(maxNumber, number)
        issues.set(number, {
          number,
          nodeId: created.nodeId,
          databaseId: created.databaseId,
          title: created.title,
          body: created.body,
          url,
          state: 'open',
          stateReason: null,
          createdAt: created.createdAt,
          closedAt: null,
          closedByAction: false,
          key: op.key,
          assignees: created.assignees,
          linkedBranches: [],
          closingPullRequests: [],
          projectItems: read.boardReadable ? [] : undefined
        })
        break
      case 'close':
      case 'close-duplicate':
        if (!issue) return undefined
        issue.state = 'closed'
        issue.stateReason = op.kind === 'close' ? 'completed' : 'not_planned'
        issue.closedAt = isoOf(at)
        issue.closedByAction = true
        issue.closer = { kind: 'action' }
        break
      case 'reopen':
        if (!issue) return undefined
        issue.state = 'open'
        issue.stateReason = 'reopened'
        issue.closedAt = null
        issue.closedByAction = false
        delete issue.closer
        break
      case 'update':
        if (!issue) return undefined
        if (op.title !== undefined) issue.title = op.title
        if (op.body !== undefined) issue.body = op.body
        break
      case 'comment':
      case 'note':
        break
    }
  }
  return { ...read, issues: [...issues.values()], maxNumber }
}

// ---------------------------------------------------------------------------------------------------------
// Closing in batches

/** Issues closed per request: each close is a closeIssue and an addComment, aliased in one GraphQL document. */
export const CLOSE_BATCH = 20

type CloseOp = Extract<Operation, { kind: 'close' | 'close-duplicate' }>

const isClose = (op: Operation): op is CloseOp => op.kind === 'close' || op.kind === 'close-duplicate'

/** One issue of a close request: what is still to do on it (a retry after a lost answer may need the comment only). */
export interface CloseStep {
  /** Node id of the issue. */
  issueId: string
  /** Close it (as COMPLETED, or as DUPLICATE of `duplicateOf` when given), or only comment. */
  close: boolean
  reason: 'COMPLETED' | 'DUPLICATE'
  /** Node id of the issue it duplicates, if known. */
  duplicateOf: string | null
  /** The comment to add, or null for none. */
  comment: string | null
}

/**
 * The document and variables that apply `steps` in one request, in order, each issue's close before its comment
 * (a failed comment never makes the next run close, and comment, again): aliases x<n> (closeIssue) and m<n> (addComment).
 */
export function closeMutation(steps: readonly CloseStep[]): {
  query: string
  variables: Record<string, unknown>
} {
  const declared: string[] = []
  const fields: string[] = []
  const variables: Record<string, unknown> = {}
  steps.forEach((step, n) => {
    declared.push(`$i${n}: ID!`)
    variables[`i${n}`] = step.issueId
    if (step.close) {
      declared.push(`$r${n}: IssueClosedStateReason!`, `$d${n}: ID`)
      variables[`r${n}`] = step.reason
      variables[`d${n}`] = step.duplicateOf
      fields.push(
        `x${n}: closeIssue(input: { issueId: $i${n}, stateReason: $r${n}, duplicateIssueId: $d${n} }) { issue { number url } }`
      )
    }
    if (step.comment !== null) {
      declared.push(`$c${n}: String!`)
      variables[`c${n}`] = step.comment
      fields.push(
        `m${n}: addComment(input: { subjectId: $i${n}, body: $c${n} }) { commentEdge { node { url } } }`
      )
    }
  })
  return {
    query: `mutation JekyllPostOpsClose(${declared.join(', ')}) {\n  ${fields.join('\n  ')}\n}`,
    variables
  }
}

/** What became of each issue of a close request. */
type CloseAnswer =
  | { kind: 'answered'; closed: boolean[]; commented: boolean[]; errors: Map<string, string> }
  | { kind: 'lost'; error: unknown }

/** Sends one close request, never retried blindly (a comment must not appear twice). */
async function sendCloses(client: GitHubClient, steps: readonly CloseStep[]): Promise<CloseAnswer> {
  const { query, variables } = closeMutation(steps)
  let data: Record<string, unknown> | null | undefined
  const errors = new Map<string, string>()
  try {
    data = await client.graphql<Record<string, unknown>>(query, { ...variables, request: NO_RETRY })
  } catch (error) {
    const list = (error as { errors?: unknown }).errors
    if (!Array.isArray(list)) {
      if (isPermissionError(error)) throw permissionError(error)
      return { kind: 'lost', error }
    }
    const typed = list as Array<{ type?: string; message?: string; path?: Array<string | number> }>
    const refused = typed.find(e => e.type === 'INSUFFICIENT_SCOPES' || (e.type === 'FORBIDDEN' && !e.path))
    if (refused) throw new IssueWritePermissionError(refused.message ?? refused.type ?? 'forbidden')
    data = (error as { data?: Record<string, unknown> | null }).data
    // No data and no error on a field ("Something went wrong while executing your query"): it may or may not have run.
    if (!data && typed.every(e => !e.path)) return { kind: 'lost', error }
    for (const e of typed) errors.set(String(e.path?.[0] ?? ''), e.message ?? e.type ?? 'error')
    // A token that may read but not write gets FORBIDDEN on every mutation.
    const forbidden = typed.filter(e => e.type === 'FORBIDDEN')
    if (
      forbidden.length > 0 &&
      steps.every((s, n) => !s.close || forbidden.some(e => e.path?.[0] === `x${n}`))
    )
      throw new IssueWritePermissionError(forbidden[0]!.message ?? 'forbidden')
  }
  const answered = (alias: string, key: string) =>
    ((data?.[alias] as Record<string, unknown> | null | undefined)?.[key] ?? null) !== null
  return {
    kind: 'answered',
    closed: steps.map((s, n) => !s.close || answered(`x${n}`, 'issue')),
    commented: steps.map((s, n) => s.comment === null || answered(`m${n}`, 'commentEdge')),
    errors
  }
}

/** After a close request whose answer was lost: which of the issues are closed, and which carry their comment. */
export const CLOSE_CHECK_QUERY = `
query JekyllPostOpsCloseCheck($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Issue { id state comments(last: 30) { nodes { body } } } }
}`

async function readCloses(
  client: GitHubClient,
  ids: readonly string[]
): Promise<Map<string, { closed: boolean; comments: string[] }>> {
  const data = await client.graphql<{
    nodes: Array<{
      id?: string
      state?: string
      comments?: { nodes: Array<{ body: string } | null> | null }
    } | null>
  }>(CLOSE_CHECK_QUERY, { ids })
  const seen = new Map<string, { closed: boolean; comments: string[] }>()
  for (const node of data.nodes) {
    if (!node?.id) continue
    seen.set(node.id, {
      closed: node.state === 'CLOSED',
      comments: (node.comments?.nodes ?? []).flatMap(c => (c ? [c.body] : []))
    })
  }
  return seen
}

/**
 * Closes issues with their comments, CLOSE_BATCH to a request. A request whose answer is lost is never repeated
 * blindly: a read says which closes and comments happened, and only what did not is sent once more.
 */
async function closeInBatch(
  client: GitHubClient,
  ops: readonly CloseOp[],
  issues: ReadonlyMap<number, { nodeId: string; url: string }>,
  log: (line: string) => void
): Promise<Array<{ op: CloseOp; applied?: AppliedOperation; error?: string }>> {
  const outcome = new Map<CloseOp, { applied?: AppliedOperation; error?: string }>()
  const urlOf = (op: CloseOp) => issues.get(op.number)?.url ?? ''
  let pending: Array<{ op: CloseOp; step: CloseStep; adopted: boolean }> = ops.map(op => ({
    op,
    step: {
      issueId: issues.get(op.number)!.nodeId,
      close: true,
      reason: op.kind === 'close' ? ('COMPLETED' as const) : ('DUPLICATE' as const),
      duplicateOf: op.kind === 'close-duplicate' ? (issues.get(op.duplicateOf)?.nodeId ?? null) : null,
      comment: op.comment
    },
    adopted: false
  }))
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answer = await sendCloses(
      client,
      pending.map(p => p.step)
    )
    if (answer.kind === 'answered') {
      pending.forEach(({ op, adopted }, n) => {
        const base = { op, number: op.number, url: urlOf(op), ...(adopted ? { adopted } : {}) }
        if (!answer.closed[n])
          outcome.set(op, {
            error: answer.errors.get(`x${n}`) ?? answer.errors.get('') ?? 'GitHub did not close it'
          })
        else if (!answer.commented[n])
          outcome.set(op, {
            applied: {
              ...base,
              warning: `closed, but the comment failed (${answer.errors.get(`m${n}`) ?? answer.errors.get('') ?? 'no comment returned'})`
            }
          })
        else outcome.set(op, { applied: base })
      })
      break
    }
    const why = describe(answer.error)
    if (attempt === 2) {
      for (const { op } of pending) outcome.set(op, { error: why })
      break
    }
    log(
      `tasks: closing ${pending.length} issue(s) failed (${why}); reading GitHub to see which closes happened.`
    )
    let seen: Map<string, { closed: boolean; comments: string[] }>
    try {
      seen = await readCloses(
        client,
        pending.map(p => p.step.issueId)
      )
    } catch {
      for (const { op } of pending) outcome.set(op, { error: why })
      break
    }
    const next: typeof pending = []
    for (const p of pending) {
      const state = seen.get(p.step.issueId)
      const closed = state?.closed === true
      const commented = state?.comments.includes(p.op.comment) === true
      if (closed && commented)
        outcome.set(p.op, { applied: { op: p.op, number: p.op.number, url: urlOf(p.op), adopted: true } })
      else
        next.push({
          ...p,
          step: { ...p.step, close: !closed, comment: commented ? null : p.op.comment },
          adopted: closed
        })
    }
    pending = next
  }
  return ops.map(op => ({ op, ...outcome.get(op) }))
}
