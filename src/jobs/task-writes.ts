// The task plan's writes for this run: capped by max-writes before anything is applied, then applied through
// github/issues/apply.ts, or on a dry run only listed. Never decides what to write (plan/reconcile does).
import type { RepoRef } from '../event.js'
import { applyOperations } from '../github/issues/apply.js'
import type { ApplyOptions, ApplyResult } from '../github/issues/writes.js'
import type { GitHubClient } from '../github/client.js'
import { applyCap, type Operation } from '../plan/reconcile.js'

export interface WriteOptions extends ApplyOptions {
  /** List what would be written; write nothing. */
  dryRun: boolean
  /** Cap on writes this run (changes, as `applyCap` counts them); the rest waits for the next run. */
  maxWrites: number
}

/** The first `maxWrites` changes of `ops` applied (or, on a dry run, planned); the rest deferred in plan order. */
export async function writeTasks(
  client: GitHubClient,
  repo: RepoRef,
  ops: readonly Operation[],
  options: WriteOptions
): Promise<ApplyResult> {
  const { dryRun, maxWrites, ...applyOptions } = options
  const { now, deferred } = applyCap(ops, maxWrites)
  if (dryRun) {
    return {
      applied: [],
      planned: now.filter(op => op.kind !== 'note'),
      deferred,
      failed: [],
      notes: now.filter(op => op.kind === 'note'),
      droppedAssignees: false
    }
  }
  const result = await applyOperations(client, repo, now, applyOptions)
  return { ...result, deferred: [...result.deferred, ...deferred] }
}
