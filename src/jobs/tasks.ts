// The `tasks` job: makes GitHub's task issues agree with the posts' task lists (read the issues, for a board job
// that follows too; ledger, reconcile, cap, apply, report). No process.env, no @actions/core; GitHub via github/issues.
import { MAX_TASKS_PER_POST } from '../blog/tasks.js'
import type { RepoRef } from '../event.js'
import type { GitHubClient } from '../github/client.js'
import { IssueWritePermissionError } from '../github/errors.js'
import { readAfterWrites } from '../github/issues/apply.js'
import { writeTasks } from './task-writes.js'
import { type ApplyResult } from '../github/issues/writes.js'
import { ensureLabel } from '../github/issues/labels.js'
import { readManagedIssues, type ManagedIssueRead } from '../github/issues/read.js'
import type { JobContext, JobOutcome, TasksHandoff } from './context.js'
import { planTasks, repoFileLinker } from './task-plan.js'
import { day, planJson, planOutput, tasksSummary } from './tasks-report.js'
import { type Operation } from '../plan/reconcile.js'
import { formatPlan } from '../plan/plan-text.js'
import { cardFactsByIssue } from '../plan/fields.js'
import { subIssueLinks } from '../plan/nested.js'
import { SUB_ISSUE_LEVELS } from '../plan/nested-key.js'
import { attachSubIssues, type AttachResult } from '../github/issues/sub-issues.js'
import { sinceInstant, type Settings } from '../settings.js'

/** Who new issues are assigned to: the `assignees` input, else whoever caused the event (never a bot). */
export function assigneesFor(settings: Pick<Settings, 'assignees'>, actor: string | undefined): string[] {
  if (settings.assignees !== undefined) return settings.assignees
  return actor && !/\[bot\]$/i.test(actor) ? [actor] : []
}

export async function tasksJob(ctx: JobContext): Promise<JobOutcome> {
  const { settings, sink, event } = ctx
  const repo = event.repo
  if (!repo) return { status: 'skipped', reason: 'no repository (GITHUB_REPOSITORY) to keep task issues in' }
  if (!ctx.client)
    return {
      status: 'skipped',
      reason: 'no token: give the `token` input (GITHUB_TOKEN with `issues: write`)'
    }
  const since = sinceInstant(settings.since, ctx.now)
  const taskRead = await readTaskIssues(ctx, ctx.client, repo, since)
  const read = taskRead.read
  const ref = event.defaultBranch || read.defaultBranch || ctx.sha || 'HEAD'
  const repoFileUrl = repoFileLinker(ctx.serverUrl, repo, ref, settings.blogPath)
  const plan = planTasks({
    root: ctx.blogRoot,
    now: ctx.now,
    since,
    timezone: settings.timezone,
    sections: { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings },
    label: settings.label,
    repoFileUrl,
    issues: read.issues,
    nestedTasks: settings.nestedTasks,
    // The daily plan issue is the parent of the top tasks when it attaches them: one level less for the nesting.
    nestingLevels: SUB_ISSUE_LEVELS - (settings.daily.subIssues ? 1 : 0)
  })
  sink.info(
    `tasks: ${read.issues.length} managed issue${read.issues.length === 1 ? '' : 's'} read in ${read.requests} request${read.requests === 1 ? '' : 's'}; ` +
      `${plan.postsRead} of ${plan.postsBuilt} posts can change the plan (from ${day(plan.cutoff, plan.site.timezone)}); ` +
      `${plan.postsParsed} read in full, the older ones screened by their dates as written.`
  )
  sink.info(formatPlan(plan.operations))
  const prefix = settings.blogPath === '' ? '' : `${settings.blogPath}/`
  for (const { path, line } of plan.tooManyTasks) {
    sink.annotate(
      'warning',
      `${path} lists more than ${MAX_TASKS_PER_POST} task items; jekyll-post-ops reads a post's first ${MAX_TASKS_PER_POST}, so tasks from line ${line} on get no issue.`,
      { title: 'tasks: too many task items', file: prefix + path, startLine: line }
    )
  }

  // The check job reports these as `tasks/sub-issue-limits` on the post's line; here one line of the log each.
  for (const { path, message } of plan.nesting) sink.info(`tasks: ${prefix}${path}: ${message}`)

  let result: ApplyResult
  try {
    const creates = plan.operations.some(op => op.kind === 'create')
    if (creates && !settings.dryRun) await ensureLabel(ctx.client, repo, settings.label, read.labelExists)
    result = await writeTasks(ctx.client, repo, plan.operations, {
      assignees: assigneesFor(settings, event.actor),
      dryRun: settings.dryRun,
      maxWrites: settings.maxWrites,
      label: settings.label,
      read,
      log: line => sink.info(line)
    })
  } catch (error) {
    if (error instanceof IssueWritePermissionError) return { status: 'skipped', reason: error.message }
    throw error
  }

  const issueUrl = (n: number) =>
    `${ctx.serverUrl.replace(/(?<!\/)\/+$/, '')}/${repo.owner}/${repo.repo}/issues/${n}`
  sink.summary(
    tasksSummary({
      plan,
      result,
      read,
      dryRun: settings.dryRun,
      since,
      maxWrites: settings.maxWrites,
      issueUrl
    })
  )
  const numbers = (kinds: Operation['kind'][]) =>
    result.applied
      .filter(a => kinds.includes(a.op.kind))
      .map(a => a.number)
      .join(',')
  sink.output('created', numbers(['create']))
  sink.output('closed', numbers(['close', 'close-duplicate']))
  sink.output('updated', numbers(['update', 'reopen']))
  sink.output('plan', planOutput(planJson(plan, result, settings.dryRun)))
  if (result.failed.length > 0) {
    const n = result.failed.length
    return {
      status: 'done',
      failure: `tasks: ${n} issue write${n === 1 ? '' : 's'} failed (${result.failed[0]!.error}); the next run retries.`
    }
  }
  let attached: AttachResult | undefined
  if (settings.nestedTasks === 'sub-issues' && !settings.dryRun) {
    attached = await attachNested(ctx.client, repo, read, result, ctx.now, settings.label)
    for (const l of attached.attached)
      sink.info(`tasks: #${l.child} is now a sub-issue of #${l.parent} (its parent task)`)
    for (const f of attached.failed)
      sink.annotate(
        'warning',
        `tasks: making #${f.link.child} a sub-issue of #${f.link.parent} failed: ${f.error}`
      )
  }
  const { due, week, post } = settings.cardFields
  const handoff: TasksHandoff = {}
  if (due !== '' || week !== '' || post !== '') {
    const open = [
      ...read.issues.filter(i => i.state === 'open'),
      ...result.applied
        .filter(a => a.op.kind === 'create' || a.op.kind === 'reopen')
        .map(a => ({ number: a.number, key: a.op.key }))
    ]
    handoff.cardFacts = cardFactsByIssue(plan.ledger, open, settings.weekPattern)
  }
  if (taskRead.forBoard) {
    const after = readAfterWrites(read, result.applied, ctx.now)
    if (after) handoff.taskIssues = after
    else
      sink.info(
        'tasks: a created issue is known by its number only; the board job reads the task issues itself.'
      )
  }
  return Object.keys(handoff).length > 0 ? { status: 'done', handoff } : { status: 'done' }
}

/**
 * Attaches each open nested task issue to its parent task's issue: the read patched with the writes, or (a create
 * known by number only) a fresh read.
 */
async function attachNested(
  client: GitHubClient,
  repo: RepoRef,
  read: ManagedIssueRead,
  result: ApplyResult,
  now: number,
  label: string
): Promise<AttachResult> {
  const issues =
    readAfterWrites(read, result.applied, now)?.issues ??
    (await readManagedIssues(client, repo, { label })).issues
  const links = subIssueLinks(issues.map(i => ({ ...i, parent: i.parent ?? null })))
  const ids = new Map(issues.flatMap(i => (i.databaseId === null ? [] : [[i.number, i.databaseId] as const])))
  return attachSubIssues(client, repo, links, ids)
}

/** The task issues as the tasks job read them, and what else the read is good for. */
interface TaskIssueRead {
  read: ManagedIssueRead
  /** Read with the project token and the options of the board's full read: the board job of this run can use it. */
  forBoard: boolean
}

/**
 * Reads the task issues. When the board job runs later in this run (and has a project and a project token), the read
 * is made with the project token and the options of the board's full read (links, board items, closed issues since
 * `since`), so the board job need not read them again; if that read fails, or GitHub refuses the board items to the
 * token, the task issues are read once more with `token`, as when no board job follows.
 */
async function readTaskIssues(
  ctx: JobContext,
  client: GitHubClient,
  repo: RepoRef,
  since: number
): Promise<TaskIssueRead> {
  const { settings, sink } = ctx
  const options = { label: settings.label, closedSince: since }
  if (ctx.projectClient && boardFollows(ctx)) {
    try {
      const read = await readManagedIssues(ctx.projectClient, repo, {
        ...options,
        withBoard: true,
        withLinks: true,
        statusField: settings.statusField
      })
      if (read.boardReadable) return { read, forBoard: true }
      sink.info(
        "tasks: GitHub refused the issues' board items to 'project-token'; reading the task issues with 'token'."
      )
    } catch (error) {
      sink.info(
        `tasks: reading the task issues with 'project-token' failed (${error instanceof Error ? error.message : String(error)}); reading them with 'token'.`
      )
    }
  }
  return { read: await readManagedIssues(client, repo, options), forBoard: false }
}

/** Whether the board job runs after the tasks job in this run, with a project and a project token to run with. */
function boardFollows(ctx: JobContext): boolean {
  const jobs = ctx.jobs ?? []
  const tasksAt = jobs.indexOf('tasks')
  return (
    tasksAt >= 0 &&
    jobs.indexOf('board') > tasksAt &&
    ctx.settings.project !== undefined &&
    ctx.settings.projectToken !== ''
  )
}
