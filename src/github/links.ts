// Which task issue a branch or a pull request is for (GitHub's linked branches, branch names, closing references),
// read as the facts plan/board.ts places each issue by. Reads GitHub; never writes, and never trusts an event payload.
import type { RepoRef } from '../event.js'
import type { GitHubClient } from './client.js'
import type { QueryPart, RemoteIssue } from './model.js'
import {
  issueNumberOfBranch,
  type IssueFacts,
  type IssueStateReason,
  type PullFacts,
  type RepoFacts
} from '../plan/board.js'
import { parseMarker } from '../plan/marker.js'
import { graphqlStateReason } from './issues/query.js'

// ---- reading ------------------------------------------------------------------------------------------------

/** GitHub caps `first` at 100; these are generous for one issue. */
const PER_ISSUE = { labels: 50, assignees: 20, linkedBranches: 20, pulls: 25, items: 20 }

/** The fields of an issue the board needs; `$statusField` names the Status field. */
export const ISSUE_FIELDS = `fragment BoardIssueFields on Issue {
  id
  number
  title
  url
  state
  stateReason
  body
  labels(first: ${PER_ISSUE.labels}) { nodes { name } }
  assignees(first: ${PER_ISSUE.assignees}) { nodes { login } }
  linkedBranches(first: ${PER_ISSUE.linkedBranches}) { nodes { ref { name } } }
  closedByPullRequestsReferences(first: ${PER_ISSUE.pulls}, includeClosedPrs: true) {
    nodes { number state isDraft headRefName baseRefName }
  }
  projectItems(first: ${PER_ISSUE.items}) {
    nodes {
      id
      isArchived
      project { id }
      fieldValueByName(name: $statusField) { ... on ProjectV2ItemFieldSingleSelectValue { name } }
    }
  }
}`

interface Nodes<T> {
  nodes?: Array<T | null> | null
}

/** An issue as ISSUE_FIELDS returns it. */
export interface IssueNode {
  id: string
  number: number
  title: string
  url: string
  state: 'OPEN' | 'CLOSED'
  stateReason: IssueStateReason | null
  body: string | null
  labels: Nodes<{ name: string }> | null
  assignees: Nodes<{ login: string }>
  linkedBranches: Nodes<{ ref: { name: string } | null }>
  closedByPullRequestsReferences: Nodes<{
    number: number
    state: PullFacts['state']
    isDraft: boolean
    headRefName: string
    baseRefName: string
  }> | null
  projectItems: Nodes<{
    id: string
    isArchived: boolean
    project: { id: string } | null
    fieldValueByName: { name?: string | null } | null
  }>
}

const present = <T>(connection: Nodes<T> | null | undefined): T[] =>
  (connection?.nodes ?? []).filter((node): node is T => node !== null && node !== undefined)

/** Facts of an issue node; `label` is the task label (managed = label and marker). */
export function issueFacts(node: IssueNode, label: string): IssueFacts {
  const hasLabel = present(node.labels).some(l => l.name.toLowerCase() === label.toLowerCase())
  return {
    id: node.id,
    number: node.number,
    title: node.title,
    url: node.url,
    state: node.state,
    stateReason: node.stateReason,
    managed: hasLabel && parseMarker(node.body) !== undefined,
    assignees: present(node.assignees).map(a => a.login),
    linkedBranches: present(node.linkedBranches).flatMap(b => (b.ref ? [b.ref.name] : [])),
    pulls: present(node.closedByPullRequestsReferences).map(p => ({
      number: p.number,
      state: p.state,
      isDraft: p.isDraft,
      headRef: p.headRefName,
      baseRef: p.baseRefName
    })),
    items: present(node.projectItems).map(i => ({
      id: i.id,
      projectId: i.project?.id ?? '',
      status: i.fieldValueByName?.name ?? null,
      archived: i.isArchived
    }))
  }
}

/**
 * Two parts as one (one request): variables declared once (a name both use must have the same type and value),
 * selections side by side, fragments once each; the answer read by both.
 */
export function combineParts<A, B>(a: QueryPart<A>, b: QueryPart<B>): QueryPart<[A, B]> {
  const variables = { ...a.variables }
  for (const [name, v] of Object.entries(b.variables)) {
    const same = variables[name]
    if (same && (same.type !== v.type || same.value !== v.value))
      throw new Error(
        `query parts disagree on $${name}: ${same.type} ${String(same.value)} vs ${v.type} ${String(v.value)}`
      )
    variables[name] = v
  }
  const mine =
    (part: QueryPart<unknown>) =>
    (errors: ReadonlyArray<{ path?: ReadonlyArray<string | number> }> | undefined) =>
      errors?.filter(e => part.tolerates?.includes(String(e.path?.[0] ?? '')))
  return {
    variables,
    selection: `${a.selection}\n  ${b.selection}`,
    fragments: [...new Set([...a.fragments, ...b.fragments])],
    tolerates: [...(a.tolerates ?? []), ...(b.tolerates ?? [])],
    read: (data, errors) => [a.read(data, mine(a)(errors)), b.read(data, mine(b)(errors))]
  }
}

export interface EventScope {
  /** Issues to read by number. */
  numbers: readonly number[]
  /** A pull request whose closing references to read (with those issues' facts). */
  pull?: number
}

export interface RepoRead {
  repo: RepoFacts
  /** Every issue read, by number (managed or not: callers filter). */
  issues: Map<number, IssueFacts>
  /** The pull request's own facts, when one was asked for and exists. */
  pull?: PullFacts & { closes: number[] }
  /** Cursor of the next page of branches, if any. */
  moreBranches?: string
}

const BRANCH_PAGE = 100
const PULL_CLOSES = 25

interface RepoNode {
  defaultBranchRef: { name: string } | null
  refs: { nodes: Array<{ name: string } | null> | null; pageInfo: PageInfo } | null
  pullRequest?: {
    number: number
    state: PullFacts['state']
    isDraft: boolean
    headRefName: string
    baseRefName: string
    closingIssuesReferences: Nodes<IssueNode> | null
  } | null
  [alias: `issue${number}`]: IssueNode | null | undefined
}

interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

/**
 * The repository part of the board's first request: default branch, the first page of branches, the issues the
 * event names, and the pull request's closing references (with those issues' facts).
 */
export function repoPart(
  repo: RepoRef,
  label: string,
  statusField: string,
  scope: EventScope
): QueryPart<RepoRead> {
  const numbers = [...new Set(scope.numbers)].filter(n => Number.isSafeInteger(n) && n > 0)
  const lines = [
    'defaultBranchRef { name }',
    `refs(refPrefix: "refs/heads/", first: ${BRANCH_PAGE}) { nodes { name } pageInfo { hasNextPage endCursor } }`,
    ...numbers.map(n => `issue${n}: issue(number: ${n}) { ...BoardIssueFields }`)
  ]
  const variables: QueryPart<RepoRead>['variables'] = {
    repoOwner: { type: 'String!', value: repo.owner },
    repoName: { type: 'String!', value: repo.repo }
  }
  const readsIssues = numbers.length > 0 || scope.pull !== undefined
  if (readsIssues) variables.statusField = { type: 'String!', value: statusField }
  if (scope.pull !== undefined) {
    variables.pull = { type: 'Int!', value: scope.pull }
    lines.push(
      `pullRequest(number: $pull) { number state isDraft headRefName baseRefName closingIssuesReferences(first: ${PULL_CLOSES}) { nodes { ...BoardIssueFields } } }`
    )
  }
  return {
    variables,
    selection: `repository(owner: $repoOwner, name: $repoName) {\n    ${lines.join('\n    ')}\n  }`,
    fragments: readsIssues ? [ISSUE_FIELDS] : [],
    read(data) {
      const node = data.repository as RepoNode | null | undefined
      if (!node)
        throw new Error(`repository ${repo.owner}/${repo.repo} was not found, or the token cannot read it`)
      const issues = new Map<number, IssueFacts>()
      const add = (n: IssueNode | null | undefined) => {
        if (n) issues.set(n.number, issueFacts(n, label))
      }
      for (const n of numbers) add(node[`issue${n}`])
      for (const n of present(node.pullRequest?.closingIssuesReferences)) add(n)
      const pr = node.pullRequest
      return {
        repo: {
          defaultBranch: node.defaultBranchRef?.name ?? '',
          branches: new Set((node.refs?.nodes ?? []).flatMap(r => (r ? [r.name] : [])))
        },
        issues,
        pull: pr
          ? {
              number: pr.number,
              state: pr.state,
              isDraft: pr.isDraft,
              headRef: pr.headRefName,
              baseRef: pr.baseRefName,
              closes: present(pr.closingIssuesReferences).map(i => i.number)
            }
          : undefined,
        moreBranches: node.refs?.pageInfo.hasNextPage
          ? (node.refs.pageInfo.endCursor ?? undefined)
          : undefined
      }
    }
  }
}

/** Reads the further pages of branches the first request left (a repository with more than 100 branches). */
export async function readRemainingBranches(
  client: GitHubClient,
  repo: RepoRef,
  read: RepoRead
): Promise<RepoRead> {
  if (read.moreBranches === undefined) return read
  const branches = new Set(read.repo.branches)
  let cursor: string | undefined = read.moreBranches
  while (cursor !== undefined) {
    const data: { repository: RepoNode | null } = await client.graphql<{ repository: RepoNode | null }>(
      BRANCH_PAGE_QUERY,
      {
        repoOwner: repo.owner,
        repoName: repo.repo,
        cursor
      }
    )
    const refs = data.repository?.refs
    for (const r of refs?.nodes ?? []) if (r) branches.add(r.name)
    cursor = refs?.pageInfo.hasNextPage ? (refs.pageInfo.endCursor ?? undefined) : undefined
  }
  return { ...read, repo: { ...read.repo, branches }, moreBranches: undefined }
}

export const BRANCH_PAGE_QUERY = `query BoardBranches($repoOwner: String!, $repoName: String!, $cursor: String) {
  repository(owner: $repoOwner, name: $repoName) {
    refs(refPrefix: "refs/heads/", first: ${BRANCH_PAGE}, after: $cursor) { nodes { name } pageInfo { hasNextPage endCursor } }
  }
}`

/** The board's facts of an issue from the shared read of managed issues (github/issues/read.ts). */
export function factsOfRemote(issue: RemoteIssue): IssueFacts {
  if (
    issue.linkedBranches === undefined ||
    issue.closingPullRequests === undefined ||
    issue.projectItems === undefined
  ) {
    throw new Error(
      `the read of task issues left out #${issue.number}'s links or board items (read it with withLinks and withBoard)`
    )
  }
  return {
    id: issue.nodeId,
    number: issue.number,
    title: issue.title,
    url: issue.url,
    state: issue.state === 'open' ? 'OPEN' : 'CLOSED',
    stateReason: graphqlStateReason(issue.stateReason),
    managed: true,
    assignees: issue.assignees,
    linkedBranches: issue.linkedBranches,
    pulls: issue.closingPullRequests.map(p => ({
      number: p.number,
      state: p.state,
      isDraft: p.isDraft,
      headRef: p.headRefName,
      baseRef: p.baseRefName
    })),
    items: issue.projectItems.map(i => ({
      id: i.id,
      projectId: i.projectId,
      status: i.status?.name ?? null,
      archived: i.archived
    }))
  }
}

/** The managed issues a branch is for: by its name, else those whose linked branches include it. */
export function issuesOfBranch(
  branch: string,
  issues: Iterable<IssueFacts>,
  patterns: readonly RegExp[]
): IssueFacts[] {
  const all = [...issues].filter(i => i.managed)
  const byName = issueNumberOfBranch(branch, patterns)
  const found = all.filter(i => i.number === byName || i.linkedBranches.includes(branch))
  return found.sort((a, b) => a.number - b.number)
}

/** The waits before each re-read while GitHub has not yet recorded a new branch's link (then give up). */
export const LINK_RETRY_MS: readonly number[] = [1000, 2000, 4000]
