// Reads the workflow event (its name and payload) into the few facts the jobs use, and picks the jobs for
// `jobs: auto`. Pure: main.ts reads GITHUB_EVENT_NAME and the payload file and hands them in.
import type { JobName } from './settings.js'

export interface RepoRef {
  owner: string
  repo: string
}

export type Trigger =
  | { kind: 'pull_request'; number: number; action: string; baseSha: string; headSha: string; baseRef: string; headRef: string; merged: boolean; fromFork: boolean }
  | { kind: 'push'; before: string; after: string; ref: string; created: boolean; deleted: boolean }
  | { kind: 'create'; ref: string; refType: 'branch' | 'tag' }
  | { kind: 'issues'; action: string; number: number }
  | { kind: 'schedule' }
  | { kind: 'workflow_dispatch'; ref: string }
  | { kind: 'other'; name: string }

export interface WorkflowEvent {
  name: string
  trigger: Trigger
  repo: RepoRef | undefined
  defaultBranch: string | undefined
  /** Who caused the event (the pusher, the PR's opener): the default assignee of new task issues. */
  actor: string | undefined
}

const ZERO_SHA = /^0+$/

/** `payload` is the parsed JSON of GITHUB_EVENT_PATH (or {} when absent). */
export function readEvent(name: string, payload: Record<string, unknown>, repository?: string): WorkflowEvent {
  const p = payload as Payload
  const repo = repoOf(p, repository)
  const actor = p.sender?.login ?? p.pusher?.name
  return { name, trigger: triggerOf(name, p), repo, defaultBranch: p.repository?.default_branch, actor }
}

/**
 * The jobs `jobs: auto` runs for an event (`fixPr`: input `fix-pr`, adds `fixes` on schedule and dispatch; `weekly`:
 * today is `weekly-day` in the blog's zone, adds `weekly` on schedule).
 */
export function jobsFor(trigger: Trigger, options: { fixPr?: boolean; weekly?: boolean } = {}): JobName[] {
  const jobs = autoJobs(trigger)
  if (options.weekly && trigger.kind === 'schedule') jobs.push('weekly')
  if (options.fixPr && (trigger.kind === 'schedule' || trigger.kind === 'workflow_dispatch')) jobs.push('fixes')
  return jobs
}

function autoJobs(trigger: Trigger): JobName[] {
  switch (trigger.kind) {
    case 'pull_request':
      return ['check', 'board']
    case 'push':
      return ['check', 'tasks', 'board']
    case 'schedule':
      return ['tasks', 'board', 'daily']
    case 'workflow_dispatch':
      return ['check', 'tasks', 'board', 'daily']
    case 'issues':
    case 'create':
      return ['board']
    case 'other':
      return ['check']
  }
}

/** True when a push created the ref or rewrote history, so `before` cannot be compared. */
export function pushHasNoBase(trigger: Extract<Trigger, { kind: 'push' }>): boolean {
  return trigger.created || ZERO_SHA.test(trigger.before) || trigger.before === ''
}

interface Payload {
  action?: string
  number?: number
  ref?: string
  ref_type?: string
  before?: string
  after?: string
  created?: boolean
  deleted?: boolean
  sender?: { login?: string }
  pusher?: { name?: string }
  issue?: { number?: number }
  repository?: { name?: string; owner?: { login?: string }; full_name?: string; default_branch?: string }
  pull_request?: {
    number?: number
    merged?: boolean
    base?: { sha?: string; ref?: string; repo?: { full_name?: string } }
    head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null }
  }
}

function repoOf(p: Payload, repository?: string): RepoRef | undefined {
  const full = repository || p.repository?.full_name
  if (!full || !full.includes('/')) return undefined
  const [owner, repo] = full.split('/') as [string, string]
  return { owner, repo }
}

function triggerOf(name: string, p: Payload): Trigger {
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = p.pull_request ?? {}
      return {
        kind: 'pull_request',
        number: pr.number ?? p.number ?? 0,
        action: p.action ?? '',
        baseSha: pr.base?.sha ?? '',
        headSha: pr.head?.sha ?? '',
        baseRef: pr.base?.ref ?? '',
        headRef: pr.head?.ref ?? '',
        merged: pr.merged === true,
        fromFork: pr.head?.repo?.full_name !== undefined && pr.head.repo.full_name !== pr.base?.repo?.full_name
      }
    }
    case 'push':
      return {
        kind: 'push',
        before: p.before ?? '',
        after: p.after ?? '',
        ref: p.ref ?? '',
        created: p.created === true,
        deleted: p.deleted === true
      }
    case 'create':
      return { kind: 'create', ref: p.ref ?? '', refType: p.ref_type === 'tag' ? 'tag' : 'branch' }
    case 'issues':
      return { kind: 'issues', action: p.action ?? '', number: p.issue?.number ?? 0 }
    case 'schedule':
      return { kind: 'schedule' }
    case 'workflow_dispatch':
      return { kind: 'workflow_dispatch', ref: p.ref ?? '' }
    default:
      return { kind: 'other', name }
  }
}
