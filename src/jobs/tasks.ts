// The `tasks` job: makes GitHub's task issues agree with the task lists in the posts (blog -> ledger, issues read,
// reconcile, cap, apply, report). Never reads process.env or @actions/core; talks to GitHub only via github/issues.
import type { Post, SiteConfig } from '../blog/model.js'
import { formatXmlSchema } from '../blog/jekyll.js'
import { readBlog } from '../blog/posts.js'
import {
  extractTasks,
  hasTaskMarker,
  MAX_TASKS_PER_POST,
  taskKey,
  taskLimitOffset,
  type SectionPatterns
} from '../blog/tasks.js'
import {
  applyOperations,
  ensureLabel,
  IssueWritePermissionError,
  readManagedIssues,
  type ApplyResult,
  type ManagedIssueRead
} from '../github/issues.js'
import { issueTitle, type RepoFileUrl } from '../plan/issue-text.js'
import {
  buildLedger,
  desiredOpen,
  postsThatMatter,
  type Ledger,
  type LedgerPost,
  type TaskInstance
} from '../plan/ledger.js'
import {
  formatPlan,
  oldestOpenSourceDate,
  reconcile,
  type ManagedIssue,
  type Operation
} from '../plan/reconcile.js'
import type { RepoRef } from '../event.js'
import type { GitHubClient } from '../github/client.js'
import { cell } from '../report.js'
import { sinceInstant, type Settings } from '../settings.js'
import type { JobContext, JobOutcome } from './context.js'

export interface TaskPlanOptions {
  /** Absolute path of the blog (where _config.yml is). */
  root: string
  now: number
  /** Epoch ms: posts older than this open no issues. */
  since: number
  /** Site timezone override ('' or undefined: _config.yml's). */
  timezone?: string
  sections?: Partial<SectionPatterns>
  /** The label created issues carry. */
  label: string
  repoFileUrl: RepoFileUrl
  /** The managed issues GitHub holds ([] offline: the plan is then the desired issues). */
  issues: readonly ManagedIssue[]
}

export interface TaskPlan {
  site: SiteConfig
  ledger: Ledger
  operations: Operation[]
  /** Posts Jekyll builds (the others open no issues: not on the site). */
  postsBuilt: number
  /** Posts at or after the cut-off, whose tasks were read. */
  postsRead: number
  /** Epoch ms: posts dated before it cannot change the plan and were not parsed. */
  cutoff: number
  /**
   * Unchecked tasks last listed before `since` that open no issue: those the ledger saw (posts between the cut-off
   * and `since`) plus an estimate for the older posts, read line by line instead of parsed.
   */
  staleUnchecked: number
  /** Posts listing more task items than MAX_TASKS_PER_POST, and the line from which their tasks were not read. */
  tooManyTasks: Array<{ path: string; line: number }>
}

/** Reads the blog and plans: the posts that can matter, folded into a ledger, reconciled with `issues`. */
export function planTasks(options: TaskPlanOptions): TaskPlan {
  const { site, posts } = readBlog(options.root, {
    now: options.now,
    timezone: options.timezone || undefined
  })
  const built = posts.filter(
    p => p.jekyll.built && p.jekyll.epochMs !== undefined && p.jekyll.date !== undefined
  )
  const dated = built.map(post => ({ post, date: post.jekyll.epochMs as number }))
  const { cutoff, posts: matter } = postsThatMatter(dated, {
    since: options.since,
    oldestOpenIssueSourceDate: oldestOpenSourceDate(options.issues)
  })
  const ledgerPosts = matter.map(({ post }) => ledgerPost(post, site, options.sections))
  const tooManyTasks = matter.flatMap(({ post }) => {
    const at = taskLimitOffset(post.body)
    if (at === undefined) return []
    return [{ path: post.file.path, line: post.bodyStartLine + (post.body.slice(0, at).match(/\n/g)?.length ?? 0) }]
  })
  const ledger = buildLedger(ledgerPosts, { since: options.since })
  const operations = reconcile(ledger, options.issues, {
    labels: [options.label],
    repoFileUrl: options.repoFileUrl
  })
  const older = dated
    .filter(p => p.date < cutoff)
    .sort((a, b) => a.date - b.date || (a.post.file.path < b.post.file.path ? -1 : 1))
  const withOpenIssue = new Set(
    options.issues.filter(i => i.state === 'open' && i.key).map(i => i.key as string)
  )
  const staleUnchecked =
    ledger.stale.filter(key => !withOpenIssue.has(key)).length +
    olderUnchecked(
      older.map(p => p.post.body),
      new Set([...ledger.tasks.keys(), ...withOpenIssue])
    )
  return {
    site,
    ledger,
    operations,
    postsBuilt: built.length,
    postsRead: matter.length,
    cutoff,
    staleUnchecked,
    tooManyTasks
  }
}

// A top-level GFM task item on one line (at most three spaces of indent), and a code fence.
const TASK_LINE = /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+(.+)$/
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * Tasks still unchecked at the end of `bodies` (in date order), keys in `exclude` left out: the count of older
 * unchecked tasks for the summary. Reads lines, skipping fenced code, instead of parsing: these posts can change
 * no issue, so an estimate is enough and the cost stays small.
 */
export function olderUnchecked(bodies: readonly string[], exclude: ReadonlySet<string>): number {
  const open = new Set<string>()
  for (const body of bodies) {
    if (!hasTaskMarker(body)) continue
    let fence: string | undefined
    let read = 0
    for (const line of body.split(/\r?\n|\r/)) {
      const f = FENCE.exec(line)
      if (f) {
        if (fence === undefined) fence = f[1]![0]
        else if (f[1]![0] === fence) fence = undefined
        continue
      }
      if (fence !== undefined) continue
      const m = TASK_LINE.exec(line)
      if (!m) continue
      if (++read > MAX_TASKS_PER_POST) break
      const key = taskKey(m[2]!)
      if (key === '' || exclude.has(key)) continue
      if (m[1] === ' ') open.add(key)
      else open.delete(key)
    }
  }
  return open.size
}

function ledgerPost(
  post: Post,
  site: SiteConfig,
  sections: Partial<SectionPatterns> | undefined
): LedgerPost {
  const title = post.frontMatter?.data.title
  return {
    path: post.file.path,
    date: post.jekyll.epochMs as number,
    dateIso: post.jekyll.date as string,
    url: postUrl(site, post.jekyll.url ?? '/'),
    title: typeof title === 'string' && title.trim() !== '' ? title : post.file.path,
    tasks: extractTasks(post.body, post.bodyStartLine, sections ? { sections } : {})
  }
}

/** The post's address on the site: `url` + `baseurl` + the permalink Jekyll gives it. */
export function postUrl(site: Pick<SiteConfig, 'url' | 'baseurl'>, path: string): string {
  return `${site.url}${site.baseurl}${path.startsWith('/') ? path : `/${path}`}`
}

/** Links a line of a blog file in the repository at `ref` (the default branch keeps issue bodies stable). */
export function repoFileLinker(
  serverUrl: string,
  repo: { owner: string; repo: string },
  ref: string,
  blogPath: string
): RepoFileUrl {
  const prefix = blogPath === '' ? '' : `${blogPath}/`
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/')
  return (path, line) =>
    `${serverUrl.replace(/\/+$/, '')}/${repo.owner}/${repo.repo}/blob/${encode(ref)}/${encode(prefix + path)}#L${line}`
}

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
  const read = await readManagedIssues(ctx.client, repo, { label: settings.label, closedSince: since })
  const ref = event.defaultBranch || read.defaultBranch || ctx.sha || 'HEAD'
  const plan = planTasks({
    root: ctx.blogRoot,
    now: ctx.now,
    since,
    timezone: settings.timezone,
    sections: { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings },
    label: settings.label,
    repoFileUrl: repoFileLinker(ctx.serverUrl, repo, ref, settings.blogPath),
    issues: read.issues
  })
  sink.info(
    `tasks: ${read.issues.length} managed issue${read.issues.length === 1 ? '' : 's'} read in ${read.requests} request${read.requests === 1 ? '' : 's'}; ` +
      `${plan.postsRead} of ${plan.postsBuilt} posts can change the plan (from ${day(plan.cutoff, plan.site.timezone)}).`
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

  let result: ApplyResult
  try {
    const creates = plan.operations.some(op => op.kind === 'create')
    if (creates && !settings.dryRun) await ensureLabel(ctx.client, repo, settings.label, read.labelExists)
    result = await applyOperations(ctx.client, repo, plan.operations, {
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
    `${ctx.serverUrl.replace(/\/+$/, '')}/${repo.owner}/${repo.repo}/issues/${n}`
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
  return { status: 'done' }
}

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
function day(ms: number, timezone: string | undefined): string {
  return formatXmlSchema(timezone, ms).slice(0, 10)
}

export interface PlanCommandOptions {
  /** Absolute path of the blog. */
  root: string
  now: number
  settings: Pick<
    Settings,
    'since' | 'label' | 'timezone' | 'todayHeadings' | 'tomorrowHeadings' | 'blogPath' | 'maxWrites'
  >
  /** With a repository and a client: the full plan against GitHub (read only). Without: the desired issues. */
  github?: { client: GitHubClient; repo: RepoRef; serverUrl: string }
}

/** The `plan` command: what the tasks job would do, as text and as JSON. Never writes. */
export async function planCommand(options: PlanCommandOptions): Promise<{ text: string; json: unknown }> {
  const { settings } = options
  const since = sinceInstant(settings.since, options.now)
  const sections = { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings }
  if (!options.github) {
    const plan = planTasks({
      root: options.root,
      now: options.now,
      since,
      timezone: settings.timezone,
      sections,
      label: settings.label,
      repoFileUrl: (path, line) => `${path}#L${line}`,
      issues: []
    })
    const desired = desiredIssues(plan)
    const lines = desired.map(
      d =>
        `${d.title}\t${d.section ?? '(no section)'}\t${d.lastListed.slice(0, 10)}${d.carriedDays > 0 ? `\tcarried ${d.carriedDays}d` : ''}`
    )
    lines.push(
      `${desired.length} task issue${desired.length === 1 ? '' : 's'} should be open (posts since ${day(since, plan.site.timezone)}); ` +
        `${plan.staleUnchecked} older unchecked task${plan.staleUnchecked === 1 ? '' : 's'} open none.`
    )
    return {
      text: lines.join('\n'),
      json: { since: new Date(since).toISOString(), desired, staleUnchecked: plan.staleUnchecked }
    }
  }
  const { client, repo, serverUrl } = options.github
  const read = await readManagedIssues(client, repo, { label: settings.label, closedSince: since })
  const plan = planTasks({
    root: options.root,
    now: options.now,
    since,
    timezone: settings.timezone,
    sections,
    label: settings.label,
    repoFileUrl: repoFileLinker(serverUrl, repo, read.defaultBranch ?? 'HEAD', settings.blogPath),
    issues: read.issues
  })
  const result = await applyOperations(client, repo, plan.operations, {
    assignees: [],
    dryRun: true,
    maxWrites: settings.maxWrites,
    label: settings.label,
    read
  })
  const lines = [formatPlan([...result.planned, ...result.notes])]
  if (result.deferred.length > 0)
    lines.push(
      `${result.deferred.length} more write(s) would wait for the next run (max-writes ${settings.maxWrites}).`
    )
  lines.push(
    `Read ${read.issues.length} managed issue(s) of ${repo.owner}/${repo.repo} in ${read.requests} request(s); nothing was written.`
  )
  return { text: lines.join('\n'), json: planJson(plan, result, true) }
}
