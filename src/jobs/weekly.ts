// The `weekly` job: reads the blog and the task issues, and makes the review issue of the week that just ended say
// what was done, opened and carried over (dated so a rerun edits it), closing earlier reviews; and the same review
// offline for the CLI. Never reads process.env or @actions/core; time is ctx.now only.
import { readSite } from '../blog/jekyll/site.js'
import type { Post } from '../blog/model.js'
import { readBlog } from '../blog/posts.js'
import { runRules } from '../blog/rules/index.js'
import { applyDailyOperations, readPlanIssues, type DailyResult } from '../github/daily.js'
import { describeCloser } from '../github/issues/closer.js'
import { readManagedIssues } from '../github/issues/read.js'
import type { IssueCloser, RemoteIssue } from '../github/model.js'
import { addDays, blogTimeZone, languageOf, localDay, weekdayName } from '../plan/calendar.js'
import { dailyOperations, todaysIssue, type DailyOp } from '../plan/daily-steps.js'
import {
  planWeekly,
  reviewWeek,
  type Closer,
  type TaxonomyFlag,
  type WeeklyPost,
  type WeeklyReview,
  type WeeklyTaskIssue
} from '../plan/weekly.js'
import { plural, weeklyBody } from '../plan/weekly-text.js'
import { cell } from '../report.js'
import type { Settings } from '../settings.js'
import { DAY_MS } from '../time.js'
import type { JobContext, JobOutcome } from './context.js'
import { carryOut, stepsTable } from './daily.js'
import { ledgerPost } from './task-plan.js'

/** Tasks are read from the posts of this many days before the week (what can still be open in it), not all history. */
export const LOOKBACK_DAYS = 56

/** The findings of `check` that concern categories and tags (flagged in the review's taxonomy). */
const TAXONOMY_RULE = /^(categories|tags|taxonomy)\//

/** Whether `now`'s day in the blog's zone is `weekly-day` (what `jobs: auto` runs `weekly` on, on schedule). */
export function isWeeklyDay(root: string, workspace: string, settings: Settings, now: number): boolean {
  const { zone } = blogTimeZone(settings.timezone, readSite(root, workspace).site.timezone)
  return weekdayName(localDay(now, zone)) === settings.weekly.day
}

export interface WeeklyBlog {
  zone: string
  /** Why the zone is UTC, when it fell back. */
  note?: string
  posts: WeeklyPost[]
  flags: TaxonomyFlag[]
}

/** The blog as the review reads it: built posts up to now, their tasks (within LOOKBACK_DAYS), taxonomy findings. */
export function readWeeklyBlog(root: string, now: number, settings: Settings, workspace = root): WeeklyBlog {
  const timezone = settings.timezone || undefined
  const { site, posts } = readBlog(root, { now, workspace, ...(timezone ? { timezone } : {}) })
  const { zone, note } = blogTimeZone(settings.timezone, site.timezone)
  const built = posts.filter(
    (p): p is Post & { jekyll: { epochMs: number; date: string } } =>
      p.jekyll.built &&
      p.jekyll.epochMs !== undefined &&
      p.jekyll.date !== undefined &&
      p.jekyll.epochMs <= now
  )
  const from = addDays(reviewWeek(now, zone, settings.weekly.start).start, -LOOKBACK_DAYS)
  const sections = { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings }
  const weeklyPosts = built.map(post => {
    const read = localDay(post.jekyll.epochMs, zone) >= from
    const base = ledgerPost(post, site, sections)
    return {
      ...base,
      tasks: read ? base.tasks : [],
      categories: post.jekyll.categories,
      tags: post.jekyll.tags
    }
  })
  const flags = runRules(built, { site, now }, settings.severity)
    .filter(d => TAXONOMY_RULE.test(d.rule))
    .map(d => ({ path: d.file, line: d.line, rule: d.rule, message: d.message }))
  return { zone, ...(note ? { note } : {}), posts: weeklyPosts, flags }
}

/** The review and its body offline, from the posts alone (the CLI's `weekly`). */
export function weeklyOffline(
  root: string,
  now: number,
  settings: Settings
): { review: WeeklyReview; body: string } {
  const blog = readWeeklyBlog(root, now, settings)
  const review = planWeekly(reviewInput(blog, now, settings))
  return { review, body: weeklyBody(review, languageOf(settings.weekly.title), blog.zone) }
}

function reviewInput(blog: WeeklyBlog, now: number, settings: Settings) {
  return {
    now,
    timeZone: blog.zone,
    weekStart: settings.weekly.start,
    titleTemplate: settings.weekly.title,
    weekPattern: settings.weekly.pattern,
    posts: blog.posts,
    flags: blog.flags
  }
}

function closerOf(closer: IssueCloser | undefined): Closer | undefined {
  if (closer === undefined) return undefined
  switch (closer.kind) {
    case 'unknown':
      return undefined
    case 'action':
      return { kind: 'action' }
    case 'pull-request':
      return { kind: 'pull-request', number: closer.number }
    case 'person':
      return { kind: 'person', login: closer.login }
    default:
      return { kind: 'other', text: describeCloser(closer) }
  }
}

export function weeklyTaskIssue(issue: RemoteIssue): WeeklyTaskIssue {
  const closer = closerOf(issue.closer)
  return {
    number: issue.number,
    key: issue.key,
    state: issue.state,
    stateReason: issue.stateReason,
    createdAt: issue.createdAt,
    closedAt: issue.closedAt,
    ...(closer ? { closer } : {})
  }
}

export async function weeklyJob(ctx: JobContext): Promise<JobOutcome> {
  const { settings, sink, client } = ctx
  const repo = ctx.event.repo
  if (!client) return { status: 'skipped', reason: 'no token: the weekly review is a GitHub issue' }
  if (!repo)
    return { status: 'skipped', reason: 'no repository to open the review in (GITHUB_REPOSITORY is not set)' }

  const blog = readWeeklyBlog(ctx.blogRoot, ctx.now, settings, ctx.workspace)
  if (blog.note) sink.info(`weekly: ${blog.note}; weeks are counted in UTC.`)
  // The week under review began at most 13 days ago: closed issues since a day before that are enough.
  const tasksRead = await readManagedIssues(client, repo, {
    label: settings.label,
    closedSince: ctx.now - 15 * DAY_MS
  })
  const readReviews = () =>
    readPlanIssues(client, repo, { label: settings.weekly.label, withSubIssues: false, kind: 'weekly' })
  const reviewsRead = await readReviews()
  const { start } = reviewWeek(ctx.now, blog.zone, settings.weekly.start)
  const existing = todaysIssue(reviewsRead.issues, start)
  const review = planWeekly({
    ...reviewInput(blog, ctx.now, settings),
    taskIssues: tasksRead.issues.map(weeklyTaskIssue),
    existing: existing?.state === 'open'
  })
  const language = languageOf(settings.weekly.title)
  const body = weeklyBody(review, language, blog.zone)
  const ops = dailyOperations(
    { date: review.start, title: review.title, body, wanted: review.wanted },
    reviewsRead.issues,
    { pin: settings.daily.pin, subIssues: false }
  )
  const reads = tasksRead.requests + reviewsRead.requests
  sink.info(
    `weekly: ${review.week} (${review.start} .. ${review.end}, ${blog.zone}): ${plural(review.posts.length, 'post')}, ` +
      `${review.done.length} done, ${review.opened.length} opened, ${review.carried.length} carried over; ` +
      `${plural(ops.length, 'step')} after ${plural(reads, 'read')}.`
  )
  return carryOut(ctx, 'weekly', ops, {
    reads,
    existing,
    summary: result => weeklySummary(review, ops, result, existing, result === undefined),
    apply: () =>
      applyDailyOperations(client, repo, ops, {
        kind: 'weekly',
        label: settings.weekly.label,
        labelExists: reviewsRead.labelExists,
        today: review.start,
        language,
        planIssues: reviewsRead.issues,
        taskIssueIds: new Map(),
        reread: async () => (await readReviews()).issues,
        log: line => sink.info(line)
      })
  })
}

function weeklySummary(
  review: WeeklyReview,
  ops: readonly DailyOp[],
  result: DailyResult | undefined,
  existing: { number: number; url: string } | undefined,
  dryRun: boolean
): string {
  const lines = [
    `### Weekly review ${review.week} (${review.start} .. ${review.end})${dryRun ? ' (dry run: nothing written)' : ''}`,
    ''
  ]
  const issue = result?.today ?? existing
  if (issue) lines.push(`The review: [#${issue.number}](${issue.url}) ${cell(review.title)}`, '')
  else if (!review.wanted) lines.push('No post and no task this week: no review issue.', '')
  const refs = (items: WeeklyReview['done']) => items.map(i => `#${i.number}`).join(', ') || 'none'
  lines.push(
    `- Posts: ${review.posts.length} (on ${review.postedDays} of 7 days)`,
    `- Done: ${refs(review.done)}`,
    `- Opened: ${refs(review.opened)}`,
    `- Carried over: ${refs(review.carried)}`,
    '',
    stepsTable(ops, result, dryRun, 'GitHub already shows this review: nothing to write.', 'weekly')
  )
  return lines.join('\n') + '\n'
}
