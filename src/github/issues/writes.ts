// The shapes a write to the managed issues takes and returns: apply's options and results, the create operation,
// and the no-retry request option. Types and constants only; never calls GitHub.
import type { ManagedIssueRead } from './read.js'
import type { Operation } from '../../plan/reconcile.js'

export interface ApplyOptions {
  /** Logins assigned to created issues ([] for nobody). */
  assignees: string[]
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
  /** Writes left for the next run: by repeated failures (apply), then by max-writes (jobs/task-writes.ts). */
  deferred: Operation[]
  failed: Array<{ op: Operation; error: string }>
  /** Notes (no write): things the plan left alone on purpose. */
  notes: Operation[]
  /** Assignees GitHub refused, so issues were created without them. */
  droppedAssignees: boolean
}

export type CreateOp = Extract<Operation, { kind: 'create' }>

/** Retries are off for the POST itself: a create that may have succeeded is re-read, never repeated blindly. */
export const NO_RETRY = { retries: 0 } as Record<string, unknown>
