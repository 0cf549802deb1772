// Closes task issues in batches: one GraphQL mutation closes several and comments the marked closing comment on
// each; a lost answer is settled by reading their state. Never closes an issue the plan did not name.
import type { Operation } from '../../plan/reconcile.js'
import type { GitHubClient } from '../client.js'
import { describeError, isPermissionError, IssueWritePermissionError, permissionError } from '../errors.js'
import { NO_RETRY, type AppliedOperation } from './writes.js'

/** Issues closed per request: each close is a closeIssue and an addComment, aliased in one GraphQL document. */
export const CLOSE_BATCH = 20

export type CloseOp = Extract<Operation, { kind: 'close' | 'close-duplicate' }>

export const isClose = (op: Operation): op is CloseOp => op.kind === 'close' || op.kind === 'close-duplicate'

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
export async function closeInBatch(
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
    const why = describeError(answer.error)
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
