// The board, decided: which column each task issue belongs in (branches, pull requests, state) and the fewest moves
// that make a Projects board agree. Pure: github/links.ts reads the facts, github/board.ts resolves and applies.
import type { CardField, FieldValue } from './fields.js'

export type IssueStateReason = 'COMPLETED' | 'NOT_PLANNED' | 'DUPLICATE' | 'REOPENED'

/** A pull request that will close (or closed) an issue, as GitHub records it. */
export interface PullFacts {
  number: number
  state: 'OPEN' | 'CLOSED' | 'MERGED'
  isDraft: boolean
  headRef: string
  baseRef: string
}

/** An issue's item on a Projects v2 board. */
export interface ItemFacts {
  id: string
  projectId: string
  /** The Status option's name, or null when the item has none ("No Status"). */
  status: string | null
  archived: boolean
}

/** What the board job needs to know of one issue, all read from GitHub. */
export interface IssueFacts {
  /** Node id (the `contentId` of a project item). */
  id: string
  number: number
  title: string
  url: string
  state: 'OPEN' | 'CLOSED'
  stateReason: IssueStateReason | null
  /** Carries the task label and the hidden task marker: the only issues the action may move. */
  managed: boolean
  assignees: string[]
  /** Names of GitHub's linked branches that still exist. */
  linkedBranches: string[]
  /** Pull requests whose closing references name this issue, open, closed or merged. */
  pulls: PullFacts[]
  items: ItemFacts[]
}

/** The repository facts a column depends on. */
export interface RepoFacts {
  defaultBranch: string
  /** Every branch name (refs/heads/*). */
  branches: ReadonlySet<string>
}

export type Column = 'todo' | 'inProgress' | 'inReview' | 'done'

export interface Placement {
  column: Column
  /** Why, in words a person reads in the summary ("PR #7 merged", "branch 12-login"). */
  reason: string
}

export interface PlacementOptions {
  branchPatterns: readonly RegExp[]
  /** Whether an In Review column is configured. */
  inReview: boolean
  /** Where an issue closed as not planned (or as a duplicate) goes. */
  notPlanned: 'done' | 'todo'
}

/** Branch names are matched on their first this many characters. */
export const BRANCH_LIMIT = 1000

/** The issue number a branch name carries by one of the patterns (first capture group), or undefined. */
export function issueNumberOfBranch(branch: string, patterns: readonly RegExp[]): number | undefined {
  // Bounded: a pattern never sees more than BRANCH_LIMIT characters (Git's own limit on a ref is far below it).
  const name = branch.slice(0, BRANCH_LIMIT)
  for (const pattern of patterns) {
    pattern.lastIndex = 0
    const match = pattern.exec(name)
    const digits = match?.slice(1).find(group => group !== undefined && /^\d+$/.test(group))
    if (digits !== undefined) {
      const n = Number(digits)
      if (Number.isSafeInteger(n) && n > 0) return n
    }
  }
  return undefined
}

/**
 * The column an issue belongs in, from its state, its pull requests and its branches:
 * closed -> Done (not planned: as configured); open with a merged PR (not reopened since) -> Done; an open PR
 * -> In Review when ready and that column exists, else In Progress; a live branch -> In Progress; else Todo.
 * A branch whose pull requests for the issue were all closed or merged no longer holds it.
 */
export function placeIssue(issue: IssueFacts, repo: RepoFacts, options: PlacementOptions): Placement {
  if (issue.state === 'CLOSED') {
    if (issue.stateReason === 'NOT_PLANNED' || issue.stateReason === 'DUPLICATE') {
      const what = issue.stateReason === 'DUPLICATE' ? 'a duplicate' : 'not planned'
      return { column: options.notPlanned === 'todo' ? 'todo' : 'done', reason: `closed as ${what}` }
    }
    return { column: 'done', reason: 'closed as completed' }
  }
  // Closing keywords only count for pull requests into the default branch.
  const closing = issue.pulls.filter(p => p.baseRef === repo.defaultBranch)
  const merged = closing.find(p => p.state === 'MERGED')
  if (merged && issue.stateReason !== 'REOPENED')
    return { column: 'done', reason: `PR #${merged.number} merged` }
  const open = closing.filter(p => p.state === 'OPEN').sort((a, b) => a.number - b.number)
  const ready = open.find(p => !p.isDraft)
  if (ready && options.inReview) return { column: 'inReview', reason: `PR #${ready.number} ready for review` }
  if (open.length > 0) {
    const pull = ready ?? open[0]!
    return { column: 'inProgress', reason: `PR #${pull.number} open${pull.isDraft ? ' (draft)' : ''}` }
  }
  const liveHeads = new Set(issue.pulls.filter(p => p.state === 'OPEN').map(p => p.headRef))
  const retired = new Set(
    issue.pulls.filter(p => p.state !== 'OPEN' && !liveHeads.has(p.headRef)).map(p => p.headRef)
  )
  const linked = issue.linkedBranches.find(b => !retired.has(b))
  if (linked !== undefined) return { column: 'inProgress', reason: `linked branch ${linked}` }
  const named = [...repo.branches]
    .sort()
    .find(
      b =>
        !retired.has(b) &&
        b !== repo.defaultBranch &&
        issueNumberOfBranch(b, options.branchPatterns) === issue.number
    )
  if (named !== undefined) return { column: 'inProgress', reason: `branch ${named}` }
  return {
    column: 'todo',
    reason: issue.stateReason === 'REOPENED' ? 'reopened, no branch or open PR' : 'no branch or open PR'
  }
}

export interface BoardOption {
  id: string
  name: string
}

/** A resolved project: ids to write with, and the option each column maps to. */
export interface Board {
  projectId: string
  title: string
  url: string
  field: { id: string; name: string }
  options: BoardOption[]
  /** inReview is undefined when no In Review column is configured. */
  columns: Record<Exclude<Column, 'inReview'>, BoardOption> & { inReview: BoardOption | undefined }
  /** The fields beyond Status the inputs name (due-field, week-field, post-field), checked; none when absent. */
  cardFields?: CardField[]
}

// ---- planning -------------------------------------------------------------------------------------------------

/** One change to the board: put the issue on it if needed, and set its Status. */
export interface Move {
  number: number
  title: string
  url: string
  /** The issue's node id. */
  contentId: string
  /** The existing item, or undefined when the issue is not on the board yet. */
  itemId: string | undefined
  /** The Status the item has now (null: "No Status"; undefined: not on the board). */
  from: string | null | undefined
  to: Column
  option: BoardOption
  reason: string
  /** Values of the fields beyond Status, set in the same mutation (only on a card the action adds). */
  fields?: FieldValue[]
}

/** Issues left alone, and why (shown in the log, never moved). */
export interface Skip {
  number: number
  why: string
}

/**
 * The fewest moves that make the board agree with `placements`: only managed issues; an item already in its column
 * is not touched; an archived item is a person's choice and stays; a closed issue that is not on the board is not added.
 */
export function planMoves(
  issues: Iterable<IssueFacts>,
  board: Board,
  placements: ReadonlyMap<number, Placement>
): { moves: Move[]; skipped: Skip[] } {
  const moves: Move[] = []
  const skipped: Skip[] = []
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const placement = placements.get(issue.number)
    if (!placement) continue
    if (!issue.managed) {
      skipped.push({ number: issue.number, why: 'not a task issue of this action' })
      continue
    }
    const option = board.columns[placement.column] ?? board.columns.inProgress
    const column: Column = board.columns[placement.column] ? placement.column : 'inProgress'
    const item = issue.items.find(i => i.projectId === board.projectId)
    if (item?.archived) {
      skipped.push({ number: issue.number, why: 'its item is archived' })
      continue
    }
    if (!item && issue.state === 'CLOSED') {
      skipped.push({ number: issue.number, why: 'closed and not on the board' })
      continue
    }
    if (item && item.status === option.name) continue
    moves.push({
      number: issue.number,
      title: issue.title,
      url: issue.url,
      contentId: issue.id,
      itemId: item?.id,
      from: item ? item.status : undefined,
      to: column,
      option,
      reason: placement.reason
    })
  }
  return { moves, skipped }
}
