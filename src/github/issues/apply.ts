// Applies the writes of a task plan already capped (jobs/task-writes.ts): creates, edits, reopens and comments one by
// one, closes in batches, and the read as it stands after. Never decides, caps or dry-runs: the plan and the job do.
import type { RepoRef } from '../../event.js'
import type { Operation } from '../../plan/reconcile.js'
import type { GitHubClient } from '../client.js'
import { describeError, isPermissionError, IssueWritePermissionError, permissionError } from '../errors.js'
import { CLOSE_BATCH, closeInBatch, type CloseOp, isClose } from './close.js'
import { commentOnce, createOnce } from './create.js'
import { isoOf, type ManagedIssueRead } from './read.js'
import type { AppliedOperation, ApplyOptions, ApplyResult, CreateOp } from './writes.js'

/**
 * Applies every operation of `ops` (the plan's writes for this run, capped before). Creates are never retried blindly: after a failure, a re-read decides whether
 * the issue exists (adopt it) or not (try once more). A 403 on a write throws IssueWritePermissionError.
 */
export async function applyOperations(
  client: GitHubClient,
  repo: RepoRef,
  ops: readonly Operation[],
  options: ApplyOptions
): Promise<ApplyResult> {
  const result: ApplyResult = {
    applied: [],
    planned: ops.filter(op => op.kind !== 'note'),
    deferred: [],
    failed: [],
    notes: ops.filter(op => op.kind === 'note'),
    droppedAssignees: false
  }
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
      result.failed.push({ op, error: describeError(error) })
      log(
        `tasks: ${op.kind}${'number' in op && op.number !== undefined ? ` #${op.number}` : ''} failed: ${describeError(error)}`
      )
      failuresInARow++
    }
  }
  return result
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
          warning: `closed, but the comment failed (${describeError(error)})`
        }
      }
    }
    case 'reopen': {
      const { data } = await client.rest.issues.update({
        ...repo,
        issue_number: op.number,
        state: 'open',
        state_reason: 'reopened',
        ...(op.title !== undefined ? { title: op.title } : {}),
        ...(op.body !== undefined ? { body: op.body } : {})
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
          parent: null,
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
        issue.stateReason = op.kind === 'close' ? 'completed' : 'duplicate'
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
        if (op.title !== undefined) issue.title = op.title
        if (op.body !== undefined) issue.body = op.body
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
