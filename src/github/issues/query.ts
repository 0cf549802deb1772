// The GraphQL text of the managed-issue read and the shapes GitHub answers it with: the issue fields, the
// open and closed pages, the newest-first read that finds a lost create. Text and types only: no request.
import type { ClosingPullRequest } from '../model.js'

export const PAGE_SIZE = 100
/** The latest closes and comments read of each closed issue: the action's comment comes right after its close. */
export const TRAIL = 5

export const ISSUE_FIELDS = `
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
  parent { number }
  assignees(first: 10) { nodes { login } }
  linkedBranches(first: 10) @include(if: $withLinks) { nodes { ref { name } } }
  closedByPullRequestsReferences(first: 10, includeClosedPrs: true) @include(if: $withLinks) {
    nodes { number state merged isDraft headRefName baseRefName url }
  }
  projectItems(first: 10) @include(if: $withBoard) {
    nodes {
      id
      isArchived
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

export const OPEN_ISSUES = 'labels: [$label], states: [OPEN], orderBy: { field: CREATED_AT, direction: ASC }'
export const CLOSED_ISSUES =
  'labels: [$label], states: [CLOSED], filterBy: { since: $closedSince }, orderBy: { field: UPDATED_AT, direction: DESC }'
export const ISSUE_PAGE = 'pageInfo { hasNextPage endCursor } nodes { ...TaskIssue }'
export const CLOSED_PAGE = 'pageInfo { hasNextPage endCursor } nodes { ...ClosedTaskIssue }'

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

export interface IssueNode {
  parent?: { number: number } | null
  id: string
  databaseId: number | null
  number: number
  title: string
  body: string
  url: string
  state: 'OPEN' | 'CLOSED'
  stateReason: GraphqlStateReason | null
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
      isArchived: boolean
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

export interface ManagedIssuesData {
  repository: {
    defaultBranchRef?: { name: string } | null
    label?: { name: string } | null
    open?: Connection
    closed?: Connection
  } | null
}

/**
 * GitHub's GraphQL IssueStateReason and the REST `state_reason` it stands for: one table, read both ways
 * (`duplicate` is its own reason on both since GitHub added it; it is not `not_planned`).
 */
const STATE_REASONS = {
  COMPLETED: 'completed',
  NOT_PLANNED: 'not_planned',
  DUPLICATE: 'duplicate',
  REOPENED: 'reopened'
} as const
export type GraphqlStateReason = keyof typeof STATE_REASONS
export type RestStateReason = (typeof STATE_REASONS)[GraphqlStateReason]

export function restStateReason(reason: GraphqlStateReason | null | undefined): RestStateReason | null {
  return reason ? STATE_REASONS[reason] : null
}

export function graphqlStateReason(reason: RestStateReason | null | undefined): GraphqlStateReason | null {
  const found = Object.entries(STATE_REASONS).find(([, rest]) => rest === reason)
  return found ? (found[0] as GraphqlStateReason) : null
}
