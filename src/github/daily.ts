// Reads and writes the daily plan and the weekly review issues: one GraphQL read of them (label + dated marker), then
// the steps plan/daily-steps computed, in order (create or edit, close the earlier ones, pin, sub-issues). Never
// parses markdown.
import type { RepoRef } from '../event.js'
import type { PlanIssue } from '../plan/daily.js'
import { parsePlanMarker, type PlanKind } from '../plan/plan-issue.js'
import {
  closingCommentMarker,
  closingComment,
  duplicateComment,
  type DailyOp,
  type IssueRef
} from '../plan/daily-steps.js'
import { isoWeekOf, type Language } from '../plan/calendar.js'
import type { GitHubClient } from './client.js'
import { commentOnce } from './issues/create.js'
import { describeError, isPermissionError, permissionError } from './errors.js'

/** Open plan issues read at most (the action closes each day's, so there are rarely more than two). */
export const OPEN_PLAN_LIMIT = 100
/** The newest plan issues read whatever their state, to find today's even when a person closed it. */
export const RECENT_PLAN_LIMIT = 5

const OPERATION: Record<PlanKind, string> = {
  daily: 'JekyllPostOpsDailyPlans',
  weekly: 'JekyllPostOpsWeeklyReviews'
}

/** The open plan (review) issues and the most recent ones, with what pinning, sub-issues and closing comments need. */
export function planIssuesQuery(kind: PlanKind): string {
  return PLAN_ISSUES_QUERY.replace(OPERATION.daily, OPERATION[kind])
}

/** The daily plan issues' read (planIssuesQuery('daily')). */
export const PLAN_ISSUES_QUERY = `
query JekyllPostOpsDailyPlans($owner: String!, $name: String!, $label: String!, $openLimit: Int!, $recentLimit: Int!, $withSubIssues: Boolean!) {
  repository(owner: $owner, name: $name) {
    label(name: $label) { name }
    open: issues(first: $openLimit, labels: [$label], states: [OPEN], orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { ...PlanIssue }
    }
    recent: issues(first: $recentLimit, labels: [$label], orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { ...PlanIssue }
    }
  }
}
fragment PlanIssue on Issue {
  id
  number
  title
  body
  state
  isPinned
  url
  comments(last: 20) { nodes { body } }
  subIssues(first: 100) @include(if: $withSubIssues) { nodes { number } }
}`

export const PIN_MUTATION = `
mutation JekyllPostOpsPinIssue($issueId: ID!) {
  pinIssue(input: { issueId: $issueId }) { issue { number isPinned } }
}`

export const UNPIN_MUTATION = `
mutation JekyllPostOpsUnpinIssue($issueId: ID!) {
  unpinIssue(input: { issueId: $issueId }) { issue { number isPinned } }
}`

interface PlanIssueNode {
  id: string
  number: number
  title: string
  body: string
  state: 'OPEN' | 'CLOSED'
  isPinned: boolean | null
  url: string
  comments: { nodes: Array<{ body: string } | null> | null } | null
  subIssues?: { nodes: Array<{ number: number } | null> | null } | null
}

interface PlanIssuesData {
  repository: {
    label: { name: string } | null
    open: { nodes: Array<PlanIssueNode | null> | null }
    recent: { nodes: Array<PlanIssueNode | null> | null }
  } | null
}

/** A plan issue as read, with what the writes need besides what the plan sees. */
export interface RemotePlanIssue extends PlanIssue {
  nodeId: string
  url: string
}

export interface PlanIssuesRead {
  issues: RemotePlanIssue[]
  labelExists: boolean
  requests: number
}

/** Reads the plan issues: every open one with the label and the newest few, keeping those with a dated marker. */
export async function readPlanIssues(
  client: GitHubClient,
  repo: RepoRef,
  options: { label: string; withSubIssues: boolean; kind?: PlanKind }
): Promise<PlanIssuesRead> {
  const kind = options.kind ?? 'daily'
  const closedMarker = closingCommentMarker(kind)
  const data = await client.graphql<PlanIssuesData>(planIssuesQuery(kind), {
    owner: repo.owner,
    name: repo.repo,
    label: options.label,
    openLimit: OPEN_PLAN_LIMIT,
    recentLimit: RECENT_PLAN_LIMIT,
    withSubIssues: options.withSubIssues
  })
  if (!data.repository)
    throw new Error(`repository ${repo.owner}/${repo.repo} not found, or the token cannot read it`)
  const byNumber = new Map<number, RemotePlanIssue>()
  for (const node of [...(data.repository.open.nodes ?? []), ...(data.repository.recent.nodes ?? [])]) {
    if (!node || byNumber.has(node.number)) continue
    const date = parsePlanMarker(kind, node.body)
    if (date === undefined) continue
    byNumber.set(node.number, {
      number: node.number,
      nodeId: node.id,
      url: node.url,
      date,
      state: node.state === 'OPEN' ? 'open' : 'closed',
      title: node.title,
      body: node.body,
      pinned: node.isPinned === true,
      subIssues: (node.subIssues?.nodes ?? []).flatMap(s => (s ? [s.number] : [])),
      closingCommented: (node.comments?.nodes ?? []).some(c => c?.body.includes(closedMarker) === true)
    })
  }
  return {
    issues: [...byNumber.values()].sort((a, b) => a.number - b.number),
    labelExists: data.repository.label !== null,
    requests: 1
  }
}

export const PLAN_LABEL_COLOR = '1d76db'
export const PLAN_LABEL_DESCRIPTION = 'The daily plan of blog tasks (managed by jekyll-post-ops)'
const LABEL_DESCRIPTION: Record<PlanKind, string> = {
  daily: PLAN_LABEL_DESCRIPTION,
  weekly: 'The weekly review of the blog (managed by jekyll-post-ops)'
}

export interface ApplyDailyOptions {
  /** Which issue the steps are for (default `daily`): the comments' words and the log lines follow it. */
  kind?: PlanKind
  label: string
  labelExists: boolean
  /** Today's date, for the closing comments. */
  today: string
  language: Language
  /** The plan issues the steps were computed from. */
  planIssues: readonly RemotePlanIssue[]
  /** Task issue number -> REST id, for the sub-issues API. */
  taskIssueIds: ReadonlyMap<number, number>
  /** Reads the plan issues again: after a failed create, the read that proves whether it happened. */
  reread: () => Promise<readonly RemotePlanIssue[]>
  log: (line: string) => void
}

export interface DailyResult {
  /** Today's plan issue after the run (created, edited or untouched), if there is one. */
  today?: { number: number; url: string }
  /** The steps done, in order. */
  applied: DailyOp[]
  /** Steps that failed (the run goes on; the next run repairs them). */
  failed: Array<{ op: DailyOp; error: string }>
  /** Requests the writes took. */
  requests: number
}

/**
 * Runs the steps in order. Creating today's issue is never retried blindly: after a failure the plan issues are
 * read again, and an issue with today's marker is adopted. A 403 on a write throws IssueWritePermissionError.
 */
export async function applyDailyOperations(
  client: GitHubClient,
  repo: RepoRef,
  ops: readonly DailyOp[],
  options: ApplyDailyOptions
): Promise<DailyResult> {
  const kind = options.kind ?? 'daily'
  const result: DailyResult = { applied: [], failed: [], requests: 0 }
  const existing = options.planIssues.find(i => i.date === options.today)
  if (existing) result.today = { number: existing.number, url: existing.url }
  let todayNodeId = existing?.nodeId
  const resolve = (ref: IssueRef): number | undefined => (ref === 'today' ? result.today?.number : ref)
  const nodeIdOf = (ref: IssueRef): string | undefined =>
    ref === 'today' ? todayNodeId : options.planIssues.find(i => i.number === ref)?.nodeId

  for (const op of ops) {
    try {
      switch (op.kind) {
        case 'create': {
          if (!options.labelExists)
            await createLabel(client, repo, options.label, LABEL_DESCRIPTION[kind], result)
          const created = await createToday(client, repo, op, options, result)
          result.today = { number: created.number, url: created.url }
          todayNodeId = created.nodeId
          break
        }
        case 'update':
          result.requests++
          await client.rest.issues.update({
            ...repo,
            issue_number: op.number,
            ...(op.title !== undefined ? { title: op.title } : {}),
            ...(op.body !== undefined ? { body: op.body } : {})
          })
          break
        case 'close-earlier':
          if (op.comment) {
            const link = op.link === undefined ? undefined : resolve(op.link)
            result.requests++
            await commentOnce(
              client,
              repo,
              op.number,
              closingComment(op.date, link, options.today, options.language, kind)
            )
          }
          result.requests++
          await client.rest.issues.update({
            ...repo,
            issue_number: op.number,
            state: 'closed',
            state_reason: 'completed'
          })
          break
        case 'close-duplicate':
          result.requests += 2
          await commentOnce(client, repo, op.number, duplicateComment(op.keep, options.language, kind))
          await client.rest.issues.update({
            ...repo,
            issue_number: op.number,
            state: 'closed',
            state_reason: 'duplicate'
          })
          break
        case 'unpin':
        case 'pin': {
          const ref = op.kind === 'pin' ? op.issue : op.number
          const issueId = nodeIdOf(ref)
          if (issueId === undefined) throw new Error(`no node id for plan issue ${String(ref)}`)
          result.requests++
          await client.graphql(op.kind === 'pin' ? PIN_MUTATION : UNPIN_MUTATION, { issueId })
          break
        }
        case 'add-sub-issue': {
          const parent = resolve(op.parent)
          const id = options.taskIssueIds.get(op.child)
          if (parent === undefined) throw new Error("today's plan issue does not exist")
          if (id === undefined) throw new Error(`no REST id for task issue #${op.child}`)
          result.requests++
          // replace_parent: a task carried from yesterday moves from yesterday's plan to today's.
          await client.rest.issues.addSubIssue({
            ...repo,
            issue_number: parent,
            sub_issue_id: id,
            replace_parent: true
          })
          break
        }
      }
      result.applied.push(op)
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(error)
      result.failed.push({ op, error: describeError(error) })
      options.log(`${kind}: ${describeOp(op, kind)} failed: ${describeError(error)}`)
      // Without today's issue the steps that need it cannot run; the next run starts over from a fresh read.
      if (op.kind === 'create') break
    }
  }
  return result
}

async function createLabel(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
  description: string,
  result: DailyResult
): Promise<void> {
  try {
    result.requests++
    await client.rest.issues.createLabel({
      ...repo,
      name: label,
      color: PLAN_LABEL_COLOR,
      description
    })
  } catch (error) {
    // 422: it exists already (a concurrent run made it); the create below names it either way.
    if ((error as { status?: number }).status !== 422) throw error
  }
}

async function createToday(
  client: GitHubClient,
  repo: RepoRef,
  op: Extract<DailyOp, { kind: 'create' }>,
  options: ApplyDailyOptions,
  result: DailyResult
): Promise<{ number: number; url: string; nodeId: string }> {
  const attempt = async () => {
    result.requests++
    const { data } = await client.rest.issues.create({
      ...repo,
      title: op.title,
      body: op.body,
      labels: [options.label],
      request: { retries: 0 }
    })
    return { number: data.number, url: data.html_url, nodeId: data.node_id }
  }
  try {
    return await attempt()
  } catch (error) {
    if (isPermissionError(error)) throw error
    options.log(
      `${options.kind ?? 'daily'}: creating ${options.kind === 'weekly' ? "the week's review" : "today's plan"} issue failed (${describeError(error)}); reading again before trying once more.`
    )
    result.requests++
    const found = (await options.reread()).find(i => i.date === options.today)
    if (found) return { number: found.number, url: found.url, nodeId: found.nodeId }
    return attempt()
  }
}

/** How the log and the summary name a plan issue of each kind: the current one, an earlier one, none. */
const WORDS: Record<PlanKind, { current: string; earlier: (date: string) => string; none: string }> = {
  daily: { current: "today's plan", earlier: date => `the plan for ${date}`, none: 'no plan' },
  weekly: {
    current: "this week's review",
    earlier: date => `the review of ${isoWeekOf(date)}`,
    none: 'no review'
  }
}

/** One line for the log and the summary, in the words of the plan's kind (a day's plan, a week's review). */
export function describeOp(op: DailyOp, kind: PlanKind): string {
  const words = WORDS[kind]
  const ref = (r: IssueRef) => (r === 'today' ? words.current : `#${r}`)
  switch (op.kind) {
    case 'create':
      return `create "${op.title}"`
    case 'update':
      return `update #${op.number} (${[op.title !== undefined ? 'title' : '', op.body !== undefined ? 'body' : ''].filter(Boolean).join(', ')})`
    case 'close-earlier':
      return `close #${op.number}, ${words.earlier(op.date)}${op.comment ? `, with a comment linking ${op.link === undefined ? words.none : ref(op.link)}` : ''}`
    case 'close-duplicate':
      return `close #${op.number} as a duplicate of #${op.keep}`
    case 'pin':
      return `pin ${ref(op.issue)}`
    case 'unpin':
      return `unpin #${op.number}`
    case 'add-sub-issue':
      return `attach #${op.child} to ${ref(op.parent)} as a sub-issue`
  }
}
