// The shapes GitHub's answers take once read: the managed task issue, its closing pull requests and board items,
// and one request's part of a combined GraphQL query. Types only: no request, no parsing, no logic.
import type { ManagedIssue } from '../plan/reconcile.js'

/** A pull request GitHub says will close (or closed) an issue. */
export interface ClosingPullRequest {
  number: number
  state: 'OPEN' | 'CLOSED' | 'MERGED'
  merged: boolean
  isDraft: boolean
  headRefName: string
  baseRefName: string
  url: string
}

/** An issue's card on a Projects (v2) board, with its Status value. */
export interface ProjectItemRef {
  /** The item's node id (what updateProjectV2ItemFieldValue takes). */
  id: string
  projectId: string
  /** The single-select value of the Status field (its name is a parameter of the read); null when unset. */
  status: { name: string; optionId: string } | null
  /** The item is archived on the board (GitHub lists archived items too). */
  archived: boolean
}

/** A managed task issue as read from GitHub: reconcile's ManagedIssue plus what the board job needs. */
export interface RemoteIssue extends ManagedIssue {
  key: string
  /** The issue this one is a sub-issue of (its number), null for none; undefined when not read. */
  parent?: number | null
  /** REST id (what `duplicate_issue_id` takes); null if GitHub did not give it. */
  databaseId: number | null
  url: string
  assignees: string[]
  /** Branches linked to the issue in its Development panel (ref names); always empty unless the read asked `withLinks`. */
  linkedBranches: string[]
  /** Pull requests that close (or closed) the issue, closed ones included; always empty unless the read asked `withLinks`. */
  closingPullRequests: ClosingPullRequest[]
  /** The issue's board items; undefined when the read did not ask for them (`withBoard: false`) or could not see them. */
  projectItems: ProjectItemRef[] | undefined
  /** Who made the latest close; undefined while open. `closedByAction` is `closer.kind === 'action'`. */
  closer?: IssueCloser
}

/**
 * Who closed an issue, as its latest ClosedEvent and the comments after it tell:
 * - `action`: this action: no closer, and the close is followed by a comment carrying CLOSED_MARKER from the account
 *   that closed it (the action comments right after each close of its own; no login alone tells it apart, since every
 *   workflow's GITHUB_TOKEN is `github-actions`);
 * - `pull-request` / `commit` / `project`: GitHub closed it for a merged pull request ("Closes #N"), a pushed commit, or
 *   a project's workflow, whoever merged or pushed (a person, or a workflow with GITHUB_TOKEN);
 * - `person` / `workflow`: anybody else, by hand or by the API (a bot account: another workflow, a stale bot);
 * - `unknown`: GitHub names nobody.
 */
export type IssueCloser =
  | { kind: 'action' }
  | { kind: 'pull-request'; number: number; login?: string }
  | { kind: 'commit'; oid: string; login?: string }
  | { kind: 'project'; login?: string }
  | { kind: 'person'; login: string }
  | { kind: 'workflow'; login: string }
  | { kind: 'unknown' }

/**
 * One GraphQL request's worth of repository reading, to be merged into a larger query (the board resolves its
 * project in the same request): its variable declarations, its selection under `query`, and how to read it back.
 */
export interface QueryPart<T> {
  variables: Record<string, { type: string; value: unknown }>
  selection: string
  fragments: string[]
  /**
   * Root fields (aliases) of this part whose errors do not fail the whole request: `read` then gets the partial data
   * and those errors, and decides. Errors anywhere else fail the request as before.
   */
  tolerates?: readonly string[]
  read(data: Record<string, unknown>, errors?: ReadonlyArray<{ path?: ReadonlyArray<string | number> }>): T
}
