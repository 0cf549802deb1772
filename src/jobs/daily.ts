// The `daily` job: reads the blog and the task issues, and makes today's plan issue say what is due today (dated
// so a rerun edits it), closing the earlier plans. Never reads process.env or @actions/core; time is ctx.now only.
import type { Post } from '../blog/model.js'
import { readBlog } from '../blog/posts.js'
import { extractTasks } from '../blog/tasks.js'
import {
  applyDailyOperations,
  describeOp,
  readPlanIssues,
  type DailyResult,
  type RemotePlanIssue
} from '../github/daily.js'
import { IssueWritePermissionError } from '../github/errors.js'
import { readManagedIssues } from '../github/issues/read.js'
import { planDaily, previousPost, type DailyPlan, type DailyPost } from '../plan/daily.js'
import { CHART_DAYS, type TaskIssue } from '../plan/progress.js'
import { dueDay, openingListing } from '../plan/fields.js'
import { expandNested } from '../plan/nested.js'
import { type NestedTasks } from '../plan/nested-key.js'
import { parseIssueSource } from '../plan/marker.js'
import { dailyOperations, todaysIssue, type DailyOp } from '../plan/daily-steps.js'
import { blogTimeZone, languageOf, localDay } from '../plan/calendar.js'
import type { PlanKind } from '../plan/plan-issue.js'
import { cell } from '../report.js'
import type { JobContext, JobOutcome } from './context.js'
import { DAY_MS } from '../time.js'

export async function dailyJob(ctx: JobContext): Promise<JobOutcome> {
  const { settings, sink, client } = ctx
  const repo = ctx.event.repo
  if (!client) return { status: 'skipped', reason: 'no token: the daily plan is a GitHub issue' }
  if (!repo)
    return {
      status: 'skipped',
      reason: 'no repository to open the plan issue in (GITHUB_REPOSITORY is not set)'
    }

  const { site, posts } = readBlog(ctx.blogRoot, { now: ctx.now, timezone: settings.timezone || undefined })
  const { zone, note } = blogTimeZone(settings.timezone, site.timezone)
  if (note) sink.info(`daily: ${note}; "today" is counted in UTC.`)
  const today = localDay(ctx.now, zone)
  const built = posts.filter(
    p => p.jekyll.built && p.jekyll.epochMs !== undefined && p.jekyll.epochMs <= ctx.now
  )
  const dailyPosts = built.map(p => toDailyPost(p, `${site.url}${site.baseurl}`))
  const previous = previousPost(dailyPosts, today, zone)
  const previousSource = previous ? built.find(p => p.file.path === previous.path) : undefined
  const previousTasks = previousSource
    ? expandNested(
        extractTasks(previousSource.body, previousSource.bodyStartLine, {
          sections: { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings }
        }),
        settings.nestedTasks
      ).tasks
    : []

  // Closed issues are read one day further back than the chart, so its first day is whole in every zone.
  const tasksRead = await readManagedIssues(client, repo, {
    label: settings.label,
    closedSince: ctx.now - (CHART_DAYS + 1) * DAY_MS
  })
  const readPlans = () =>
    readPlanIssues(client, repo, { label: settings.daily.label, withSubIssues: settings.daily.subIssues })
  const plansRead = await readPlans()
  const dueOf = dueDays(built, settings.nestedTasks, {
    sections: { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings }
  })
  const taskIssues: TaskIssue[] = tasksRead.issues.map(i => {
    const due = i.state === 'open' ? dueOf(i.body, i.key) : undefined
    return {
      number: i.number,
      key: i.key,
      state: i.state,
      createdAt: i.createdAt,
      closedAt: i.closedAt,
      ...(due !== undefined ? { due } : {})
    }
  })
  const existing = todaysIssue(plansRead.issues, today)
  const plan = planDaily({
    now: ctx.now,
    timeZone: zone,
    titleTemplate: settings.daily.title,
    always: settings.daily.always,
    posts: dailyPosts,
    previousTasks,
    taskIssues,
    ...(existing?.state === 'open' ? { existing } : {})
  })
  const ops = dailyOperations(plan, plansRead.issues, {
    pin: settings.daily.pin,
    subIssues: settings.daily.subIssues
  })
  const reads = tasksRead.requests + plansRead.requests
  sink.info(
    `daily: ${today} (${zone}): ${plan.due.length} due from ${previous ? previous.path : 'no earlier post'}, ` +
      `${plan.open.length + plan.openNotListed} other open; ${ops.length} step${ops.length === 1 ? '' : 's'} after ${reads} read${reads === 1 ? '' : 's'}.`
  )
  return carryOut(ctx, 'daily', ops, {
    reads,
    existing,
    summary: result => dailySummary(plan, ops, result, existing, result === undefined),
    apply: () =>
      applyDailyOperations(client, repo, ops, {
        label: settings.daily.label,
        labelExists: plansRead.labelExists,
        today,
        language: languageOf(settings.daily.title),
        planIssues: plansRead.issues,
        taskIssueIds: new Map(
          tasksRead.issues.flatMap(i => (i.databaseId === null ? [] : [[i.number, i.databaseId] as const]))
        ),
        reread: async () => (await readPlans()).issues,
        log: line => sink.info(line)
      })
  })
}

/**
 * Carries out the steps of the daily plan or the weekly review (on a dry run only reports them): logs each, applies
 * them, writes the summary (`summary(undefined)` on a dry run) and the `daily-issue` / `weekly-issue` output. A token
 * that cannot write issues skips the job with one line; a failed step fails it, for the next run to repair.
 */
export async function carryOut(
  ctx: JobContext,
  kind: PlanKind,
  ops: readonly DailyOp[],
  options: {
    reads: number
    existing: { number: number } | undefined
    summary: (result: DailyResult | undefined) => string
    apply: () => Promise<DailyResult>
  }
): Promise<JobOutcome> {
  const { sink, settings } = ctx
  const output = `${kind}-issue`
  for (const op of ops) sink.info(`${kind}: ${settings.dryRun ? 'would ' : ''}${describeOp(op, kind)}`)
  if (settings.dryRun) {
    sink.summary(options.summary(undefined))
    if (options.existing) sink.output(output, String(options.existing.number))
    return { status: 'done' }
  }
  let result: DailyResult
  try {
    result = await options.apply()
  } catch (error) {
    if (error instanceof IssueWritePermissionError) return { status: 'skipped', reason: error.message }
    throw error
  }
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`
  sink.info(
    `${kind}: ${steps(result.applied.length)} done with ${result.requests} write request${result.requests === 1 ? '' : 's'}; ${options.reads + result.requests} requests in all.`
  )
  sink.summary(options.summary(result))
  if (result.today) sink.output(output, String(result.today.number))
  if (result.failed.length > 0) {
    return {
      status: 'done',
      failure: `${kind}: ${steps(result.failed.length)} failed (${result.failed.map(f => `${describeOp(f.op, kind)}: ${f.error}`).join('; ')}); the next run repairs it.`
    }
  }
  return { status: 'done' }
}

/**
 * The due day of a task issue: the listing that opened it in the post its source marker names (plan/fields.ts's
 * dueDay); undefined when that post is gone or no longer lists the task. Each source post is read once.
 */
function dueDays(
  posts: readonly Post[],
  nested: NestedTasks,
  options: Parameters<typeof extractTasks>[2]
): (body: string, key: string) => string | undefined {
  const byPath = new Map(posts.map(p => [p.file.path, p]))
  const tasks = new Map<string, ReturnType<typeof extractTasks>>()
  return (body, key) => {
    const source = parseIssueSource(body)
    const post = source && byPath.get(source.path)
    if (!source || !post) return undefined
    let listed = tasks.get(source.path)
    if (!listed) {
      listed = expandNested(extractTasks(post.body, post.bodyStartLine, options), nested).tasks
      tasks.set(source.path, listed)
    }
    const opening = openingListing(listed, key)
    return opening ? dueDay({ dateIso: source.dateIso, sectionKind: opening.sectionKind }) : undefined
  }
}

function toDailyPost(post: Post, siteBase: string): DailyPost {
  const title = post.frontMatter?.data.title
  const path = post.jekyll.url ?? ''
  return {
    path: post.file.path,
    date: post.jekyll.epochMs!,
    title: typeof title === 'string' && title.trim() !== '' ? title : post.file.path,
    url: siteBase !== '' && path !== '' ? `${siteBase}${path.startsWith('/') ? path : `/${path}`}` : ''
  }
}

function dailySummary(
  plan: DailyPlan,
  ops: readonly DailyOp[],
  result: DailyResult | undefined,
  existing: RemotePlanIssue | undefined,
  dryRun: boolean
): string {
  const lines = [`### Daily plan ${plan.date}${dryRun ? ' (dry run: nothing written)' : ''}`, '']
  const today = result?.today ?? (existing ? { number: existing.number, url: existing.url } : undefined)
  if (today) lines.push(`Today's plan: [#${today.number}](${today.url}) ${cell(plan.title)}`, '')
  else if (!plan.wanted)
    lines.push(
      'Nothing is due and nothing is open: no plan issue today (`always: true` makes one anyway).',
      ''
    )
  lines.push(
    `- Due today (from ${plan.previous ? cell(plan.previous.path) : 'no earlier post'}): ${plan.due.map(i => `#${i.number}`).join(', ') || 'none'}`,
    `- Still open: ${plan.open.length + plan.openNotListed}`,
    `- Posting streak: ${plan.streak.days} day${plan.streak.days === 1 ? '' : 's'}`
  )
  if (plan.withoutIssue.length > 0) {
    lines.push(`- Listed for today without a task issue: ${plan.withoutIssue.map(cell).join(', ')}`)
  }
  lines.push(
    '',
    stepsTable(ops, result, dryRun, 'GitHub already shows this plan: nothing to write.', 'daily')
  )
  return lines.join('\n') + '\n'
}

/** The steps and how each went, as a summary table (or `nothing`, when there were none). */
export function stepsTable(
  ops: readonly DailyOp[],
  result: DailyResult | undefined,
  dryRun: boolean,
  nothing: string,
  kind: PlanKind
): string {
  if (ops.length === 0) return nothing
  const lines = ['| step | result |', '| --- | --- |']
  for (const op of ops) {
    const failed = result?.failed.find(f => f.op === op)
    const status = dryRun
      ? 'would run'
      : failed
        ? `failed: ${cell(failed.error)}`
        : result?.applied.includes(op)
          ? 'done'
          : 'not run'
    lines.push(`| ${cell(describeOp(op, kind))} | ${status} |`)
  }
  return lines.join('\n')
}
