// Compares the desired task issues (the ledger) with the managed issues GitHub holds and returns the ordered
// operations that make them agree: a printable plan. Pure: never talks to GitHub, never reads files or process.env.
//
// Rules, per task key (DESIGN.md "Task semantics"):
// - Several open issues with one key: the oldest is kept, newer ones are closed as duplicates naming it.
// - Latest instance open + open issue: kept, title/body updated only when they differ (a rerun plans no writes).
//   If that issue stands for an EARLIER instance (its source post predates the latest opening and a post checked
//   the task in between), it is closed as completed and a new issue is created for the latest instance.
// - Latest instance open, no open issue: last listed before `since` -> nothing (counted in the ledger); the most
//   recently closed issue was closed by a person -> reopened only if a post dated after that close lists the task
//   unchecked, else left alone; otherwise -> create.
// - Latest instance closed (or only checked listings) + open issue -> closed as completed, the comment linking the
//   post that checked it. No open issue -> nothing: a task opened and checked before any run gets no issue.
// - An issue whose key no post that matters lists is left alone, with a `note`. Issues without a key are ignored.
// Order: closes, then reopens, then creates, then updates, then notes (closes first keep counts low under a cap).
import type { Occurrence, Ledger, TaskHistory, TaskInstance } from './ledger.js'
import { type RepoFileUrl } from './issue-text.js'
import { type IssueSource } from './marker.js'
import { closeComment, duplicateComment, issueBody, issueTitle, reopenComment } from './issue-text.js'
import { parseIssueSource } from './marker.js'

/** A task issue as the GitHub layer reads it (only issues with the action's label are read). */
export interface ManagedIssue {
  number: number
  nodeId: string
  title: string
  body: string
  state: 'open' | 'closed'
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  /** ISO 8601. */
  createdAt: string
  /** ISO 8601; null while open (and for issues never closed). */
  closedAt: string | null
  /** Whether the latest close was done by this action (false: a person closed it). */
  closedByAction: boolean
  /** The task key from the body's marker (`parseMarker`); null without one: such issues are never touched. */
  key: string | null
}

export type Operation =
  | { kind: 'create'; key: string; title: string; body: string; labels: string[]; reason: string }
  | { kind: 'update'; key: string; number: number; title?: string; body?: string; reason: string }
  | {
      kind: 'close'
      key: string
      number: number
      stateReason: 'completed'
      comment: string
      reason: string
    }
  /** A reopen carries the title and body edits the latest listing needs: one request, not a reopen and an update. */
  | { kind: 'reopen'; key: string; number: number; title?: string; body?: string; reason: string }
  | {
      kind: 'close-duplicate'
      key: string
      number: number
      duplicateOf: number
      comment: string
      reason: string
    }
  | { kind: 'comment'; key: string; number: number; body: string; reason: string }
  | { kind: 'note'; key: string; number?: number; reason: string }

export interface ReconcileOptions {
  /** Labels a created issue carries (the action's identity label first). */
  labels: string[]
  repoFileUrl: RepoFileUrl
}

/** Whether an operation writes to GitHub (everything but `note`). */
export function isWrite(op: Operation): boolean {
  return op.kind !== 'note'
}

export function reconcile(
  ledger: Ledger,
  actual: readonly ManagedIssue[],
  options: ReconcileOptions
): Operation[] {
  const byKey = new Map<string, ManagedIssue[]>()
  for (const issue of actual) {
    if (typeof issue.key !== 'string' || issue.key === '') continue
    const list = byKey.get(issue.key) ?? []
    list.push(issue)
    byKey.set(issue.key, list)
  }
  const orphanKeys = [...byKey.keys()]
    .filter(k => !ledger.tasks.has(k))
    .sort((a, b) => minNumber(byKey.get(a)) - minNumber(byKey.get(b)))
  const plan: Plan = { closes: [], reopens: [], creates: [], updates: [], notes: [] }
  for (const key of [...ledger.tasks.keys(), ...orphanKeys]) {
    reconcileKey(key, ledger.tasks.get(key), byKey.get(key) ?? [], ledger.since, options, plan)
  }
  return [...plan.closes, ...plan.reopens, ...plan.creates, ...plan.updates, ...plan.notes]
}

interface Plan {
  closes: Operation[]
  reopens: Operation[]
  creates: Operation[]
  updates: Operation[]
  notes: Operation[]
}

function reconcileKey(
  key: string,
  history: TaskHistory | undefined,
  issues: ManagedIssue[],
  since: number,
  options: ReconcileOptions,
  plan: Plan
): void {
  const open = issues.filter(i => i.state === 'open').sort(byAge)
  const kept = open[0]
  for (const dup of open.slice(1)) {
    plan.closes.push({
      kind: 'close-duplicate',
      key,
      number: dup.number,
      duplicateOf: (kept as ManagedIssue).number,
      comment: duplicateComment((kept as ManagedIssue).number),
      reason: `another open issue (#${(kept as ManagedIssue).number}, older) stands for the same task`
    })
  }

  if (history === undefined) {
    if (kept !== undefined) {
      plan.notes.push({
        kind: 'note',
        key,
        number: kept.number,
        reason: `#${kept.number}: no post that matters lists this task any more; left open for a person to decide`
      })
    }
    return
  }

  const latest = history.instances.at(-1)
  if (latest === undefined || latest.closed !== undefined) {
    if (kept !== undefined) {
      const source = parseIssueSource(kept.body)
      const check =
        (source && firstCheckAfter(history, source, Infinity)) ?? (history.checks.at(-1) as Occurrence)
      plan.closes.push(closeOp(key, kept, check, options, 'the task is checked'))
    }
    return
  }

  let closedKept = false
  if (kept !== undefined) {
    const source = parseIssueSource(kept.body)
    const check = source === undefined ? undefined : checkEndingEarlierInstance(history, latest, source)
    if (check === undefined) {
      pushUpdate(plan, kept, latest, options, 'the task is still open')
      return
    }
    plan.closes.push(closeOp(key, kept, check, options, 'its task was checked and then listed again'))
    closedKept = true
  }

  if (latest.lastSeen.date < since) return

  const lastClosed = closedKept ? undefined : closeToJudge(history, issues, since)
  if (lastClosed !== undefined && !lastClosed.closedByAction) {
    if (latest.lastSeen.date > time(lastClosed.closedAt)) {
      const edit = changesFor(lastClosed, latest, options)
      plan.reopens.push(
        {
          kind: 'reopen',
          key,
          number: lastClosed.number,
          ...(edit?.title !== undefined ? { title: edit.title } : {}),
          ...(edit?.body !== undefined ? { body: edit.body } : {}),
          reason: `a post written after a person closed it lists the task unchecked${edit ? `; ${edit.what} changed` : ''}`
        },
        {
          kind: 'comment',
          key,
          number: lastClosed.number,
          body: reopenComment(latest.lastSeen),
          reason: 'say why it was reopened'
        }
      )
    } else {
      plan.notes.push({
        kind: 'note',
        key,
        number: lastClosed.number,
        reason: `#${lastClosed.number} was closed by a person and no later post lists the task again; left closed`
      })
    }
    return
  }

  plan.creates.push({
    kind: 'create',
    key,
    title: issueTitle(latest.text),
    body: issueBody(latest, options.repoFileUrl),
    labels: [...options.labels],
    reason: closedKept ? 'listed again after it was checked' : 'listed unchecked with no open issue'
  })
}

/**
 * The issue whose closer decides a key's plan (reopen it if a person closed it, else create anew): the most recently
 * closed one, when the task's latest instance is open, was listed since `since`, and no issue of the key is open.
 * The one place reconcile reads `closedByAction`; `closersJudged` asks the same question ahead of a plan.
 */
function closeToJudge(
  history: TaskHistory,
  issues: readonly ManagedIssue[],
  since: number
): ManagedIssue | undefined {
  const latest = history.instances.at(-1)
  if (latest === undefined || latest.closed !== undefined || latest.lastSeen.date < since) return undefined
  if (issues.some(i => i.state === 'open')) return undefined
  return issues
    .filter(i => i.state === 'closed')
    .sort((a, b) => time(b.closedAt) - time(a.closedAt) || b.number - a.number)[0]
}

/**
 * The issues whose `closedByAction` `reconcile(ledger, actual)` would read: the plan depends on who closed them, and
 * on nothing else of who wrote what. A caller that read the issues with another token than the one that closes them
 * must judge these (and only these) against the closing token's login before it plans.
 */
export function closersJudged(ledger: Ledger, actual: readonly ManagedIssue[]): ManagedIssue[] {
  const byKey = new Map<string, ManagedIssue[]>()
  for (const issue of actual) {
    if (typeof issue.key !== 'string' || issue.key === '' || !ledger.tasks.has(issue.key)) continue
    byKey.set(issue.key, [...(byKey.get(issue.key) ?? []), issue])
  }
  return [...byKey].flatMap(([key, issues]) => {
    const judged = closeToJudge(ledger.tasks.get(key)!, issues, ledger.since)
    return judged ? [judged] : []
  })
}

function closeOp(
  key: string,
  issue: ManagedIssue,
  check: Occurrence,
  options: ReconcileOptions,
  reason: string
): Operation {
  return {
    kind: 'close',
    key,
    number: issue.number,
    stateReason: 'completed',
    comment: closeComment(check, options.repoFileUrl),
    reason
  }
}

/** The title and body an issue needs for `instance`, only those that differ; undefined when neither does. */
function changesFor(
  issue: ManagedIssue,
  instance: TaskInstance,
  options: ReconcileOptions
): { title?: string; body?: string; what: string } | undefined {
  const title = issueTitle(instance.text)
  const body = issueBody(instance, options.repoFileUrl)
  const titleChanged = title !== issue.title
  const bodyChanged = sameText(body, issue.body) === false
  if (!titleChanged && !bodyChanged) return undefined
  return {
    ...(titleChanged ? { title } : {}),
    ...(bodyChanged ? { body } : {}),
    what: [titleChanged && 'title', bodyChanged && 'body'].filter(Boolean).join(' and ')
  }
}

function pushUpdate(
  plan: Plan,
  issue: ManagedIssue,
  instance: TaskInstance,
  options: ReconcileOptions,
  why: string
) {
  const edit = changesFor(issue, instance, options)
  if (edit === undefined) return
  const { what, ...fields } = edit
  plan.updates.push({
    kind: 'update',
    key: instance.key,
    number: issue.number,
    ...fields,
    reason: `${why}; ${what} changed`
  })
}

/** GitHub's web editor stores CRLF and may drop trailing whitespace: neither is a difference. */
function sameText(a: string, b: string | null | undefined): boolean {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').trimEnd()
  return norm(a) === norm(b ?? '')
}

/**
 * The check that ended the instance an issue stands for, when that instance is not the latest one: the source
 * post predates the latest opening (and is another post), and a check lies between. Undefined: same instance.
 */
function checkEndingEarlierInstance(
  history: TaskHistory,
  latest: TaskInstance,
  source: IssueSource
): Occurrence | undefined {
  if (source.path === latest.opened.path || source.date >= latest.opened.date) return undefined
  return firstCheckAfter(history, source, latest.opened.seq)
}

/** The first checked listing at or after the source post's date and before fold position `beforeSeq`. */
function firstCheckAfter(
  history: TaskHistory,
  source: IssueSource,
  beforeSeq: number
): Occurrence | undefined {
  return history.checks.find(c => c.date >= source.date && c.seq < beforeSeq)
}

function byAge(a: ManagedIssue, b: ManagedIssue): number {
  return time(a.createdAt) - time(b.createdAt) || a.number - b.number
}

function time(iso: string | null): number {
  const t = iso === null ? NaN : Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

function minNumber(issues: ManagedIssue[] | undefined): number {
  return Math.min(...(issues ?? []).map(i => i.number))
}

/** Epoch ms of the oldest source post among open managed issues (for `postsThatMatter`); undefined if none. */
export function oldestOpenSourceDate(issues: readonly ManagedIssue[]): number | undefined {
  let oldest: number | undefined
  for (const issue of issues) {
    if (issue.state !== 'open' || !issue.key) continue
    const date = parseIssueSource(issue.body)?.date
    if (date !== undefined && (oldest === undefined || date < oldest)) oldest = date
  }
  return oldest
}

/**
 * Splits a plan under a cap on writes: the first `maxWrites` changes in plan order run now, the rest wait for the
 * next run (which recomputes them anyway). A change is one operation, except that a reopen and the comment right
 * after it are one change, as a close and its comment are: they are never split. Notes never wait.
 */
export function applyCap(
  ops: readonly Operation[],
  maxWrites: number
): { now: Operation[]; deferred: Operation[] } {
  const now: Operation[] = []
  const deferred: Operation[] = []
  let budget = Math.max(0, Math.floor(maxWrites))
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation
    if (!isWrite(op)) {
      now.push(op)
      continue
    }
    const next = ops[i + 1]
    const group =
      op.kind === 'reopen' && next?.kind === 'comment' && next.number === op.number ? [op, next] : [op]
    i += group.length - 1
    if (budget > 0 && deferred.length === 0) {
      now.push(...group)
      budget--
    } else {
      deferred.push(...group)
    }
  }
  return { now, deferred }
}
