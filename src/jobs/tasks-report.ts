// The tasks job's report: the `plan` output (JSON, cut to GitHub's output limit), the step summary, and the desired
// issues offline. Renders only: reads nothing, writes nothing.
import { formatXmlSchema } from '../blog/ruby/zones.js'
import { type ApplyResult } from '../github/issues/writes.js'
import { describeCloser } from '../github/issues/closer.js'
import type { ManagedIssueRead } from '../github/issues/read.js'
import type { TaskPlan } from './task-plan.js'
import { issueTitle } from '../plan/issue-text.js'
import { desiredOpen, type TaskInstance } from '../plan/ledger.js'
import type { Operation } from '../plan/reconcile.js'
import { cell } from '../report.js'

/** The `plan` output: what was (or, on a dry run, would be) written, and what waits. */
export function planJson(plan: TaskPlan, result: ApplyResult, dryRun: boolean) {
  const applied = new Map(result.applied.map(a => [a.op, a]))
  return {
    dryRun,
    operations: result.planned.map(op => ({
      ...op,
      ...(applied.has(op) ? { issue: applied.get(op)!.number, url: applied.get(op)!.url } : {}),
      ...(result.failed.some(f => f.op === op) ? { failed: result.failed.find(f => f.op === op)!.error } : {})
    })),
    deferred: result.deferred,
    notes: result.notes.map(op => op.reason),
    staleUnchecked: plan.staleUnchecked,
    since: new Date(plan.ledger.since).toISOString(),
    cutoff: new Date(plan.cutoff).toISOString()
  }
}

/** GitHub keeps at most 1 MB of outputs per job: past this size the plan output leaves out bodies and comments. */
export const PLAN_OUTPUT_LIMIT = 256 * 1024

/** The `plan` output as JSON; issue bodies and comments are dropped (`"…"`) when the whole would be too large. */
export function planOutput(json: ReturnType<typeof planJson>): string {
  const full = JSON.stringify(json)
  if (full.length <= PLAN_OUTPUT_LIMIT) return full
  const slim = (op: Operation) => ({
    ...op,
    ...('body' in op ? { body: '…' } : {}),
    ...('comment' in op ? { comment: '…' } : {})
  })
  return JSON.stringify({ ...json, operations: json.operations.map(slim), deferred: json.deferred.map(slim) })
}

const ICON: Record<Operation['kind'], string> = {
  create: '🆕 create',
  update: '✏️ update',
  close: '✅ close',
  'close-duplicate': '♻️ close duplicate',
  reopen: '🔁 reopen',
  comment: '💬 comment',
  note: 'ℹ️ note'
}

interface SummaryInput {
  plan: TaskPlan
  result: ApplyResult
  read: ManagedIssueRead
  dryRun: boolean
  since: number
  maxWrites: number
  issueUrl: (n: number) => string
}

export function tasksSummary(input: SummaryInput): string {
  const { plan, result, read, dryRun } = input
  const tz = plan.site.timezone
  const lines = ['## jekyll-post-ops: tasks', '']
  const count = (kinds: Operation['kind'][]) =>
    (dryRun ? result.planned : result.applied.map(a => a.op)).filter(op => kinds.includes(op.kind)).length
  const verb = dryRun ? 'would be ' : ''
  lines.push(
    `${dryRun ? '**Dry run**: nothing was written. ' : ''}` +
      `${count(['create'])} issue(s) ${verb}created, ${count(['close', 'close-duplicate'])} ${verb}closed, ` +
      `${count(['update', 'reopen'])} ${verb}updated; ${read.issues.filter(i => i.state === 'open').length} task issue(s) were open. ` +
      `${plan.postsRead} post(s) from ${day(plan.cutoff, tz)} on were read.`
  )
  const rows: string[] = []
  const linkFor = (op: Operation): string => {
    const done = result.applied.find(a => a.op === op)
    if (done) return `[#${done.number}](${done.url})${done.adopted ? ' (found after a lost response)' : ''}`
    if ('number' in op && op.number !== undefined) return `[#${op.number}](${input.issueUrl(op.number)})`
    return '(new)'
  }
  const titleOf = (op: Operation): string => {
    if (op.kind === 'create') return op.title
    if ('number' in op && op.number !== undefined)
      return read.issues.find(i => i.number === op.number)?.title ?? op.key
    return op.key
  }
  for (const op of result.planned) {
    const failed = result.failed.find(f => f.op === op)
    const status = failed ? ` **failed**: ${cell(failed.error)}` : ''
    rows.push(`| ${ICON[op.kind]} | ${linkFor(op)} | ${cell(titleOf(op))} | ${cell(op.reason)}${status} |`)
  }
  for (const op of result.notes)
    rows.push(`| ${ICON.note} | ${linkFor(op)} | ${cell(titleOf(op))} | ${cell(op.reason)} |`)
  if (rows.length > 0) lines.push('', '| | Issue | Task | Why |', '| --- | --- | --- | --- |', ...rows)
  else lines.push('', 'No changes: the issues agree with the posts.')
  if (result.deferred.length > 0) {
    const n = result.deferred.length
    lines.push(
      '',
      `${n} more write${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} for the next run (max-writes: ${input.maxWrites}).`
    )
  }
  if (plan.staleUnchecked > 0) {
    const n = plan.staleUnchecked
    lines.push(
      '',
      `${n} unchecked task${n === 1 ? ' was' : 's were'} last listed before ${day(input.since, tz)} (\`since\`): no issue is opened for ${n === 1 ? 'it' : 'them'}.`
    )
  }
  const closed = read.issues.filter(i => i.state === 'closed' && i.closer !== undefined)
  if (closed.length > 0) {
    const shown = closed.slice(0, 20).map(i => `#${i.number} by ${cell(describeCloser(i.closer!))}`)
    const more = closed.length > shown.length ? `, and ${closed.length - shown.length} more` : ''
    lines.push('', `Closed task issues: ${shown.join(', ')}${more}.`)
  }
  if (result.droppedAssignees)
    lines.push('', 'GitHub refused the assignees (not collaborators here): issues were created unassigned.')
  if (read.unmarked > 0) {
    lines.push(
      '',
      `${read.unmarked} open issue(s) carry the label but no task marker: made by a person, left untouched.`
    )
  }
  return lines.join('\n') + '\n'
}

/** The desired task issues, offline (the `plan` command without `--repo`). */
export function desiredIssues(plan: TaskPlan): Array<{
  key: string
  title: string
  section: string | null
  post: string
  opened: string
  lastListed: string
  carriedDays: number
  subItems: number
}> {
  return desiredOpen(plan.ledger).map((instance: TaskInstance) => ({
    key: instance.key,
    title: issueTitle(instance.text),
    section: instance.lastSeen.section ?? null,
    post: instance.lastSeen.url,
    opened: instance.opened.dateIso,
    lastListed: instance.lastSeen.dateIso,
    carriedDays: instance.carriedDays,
    subItems: instance.subItems.length
  }))
}

/** The calendar day of an instant in the site's timezone. */
export function day(ms: number, timezone: string | undefined): string {
  return formatXmlSchema(timezone, ms).slice(0, 10)
}
