// The `tasks` job: makes GitHub's task issues agree with the posts' task lists (read the issues, for a board job
// that follows too; ledger, reconcile, cap, apply, report). No process.env, no @actions/core; GitHub via github/issues.
import type { Post, SiteConfig } from '../blog/model.js'
import { formatXmlSchema } from '../blog/ruby/zones.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DATE_FILENAME_MATCHER, findPosts } from '../blog/jekyll/files.js'
import { sniffFrontMatter } from '../blog/jekyll/sniff.js'
import { readBlog } from '../blog/posts.js'
import { civilToUtcMs, daysInMonth } from '../blog/ruby/civil.js'
import { readSite } from '../blog/jekyll/site.js'
import {
  clipLongLines,
  extractTasks,
  hasTaskMarker,
  MAX_TASKS_PER_POST,
  taskKey,
  taskLimitOffset,
  type SectionPatterns
} from '../blog/tasks.js'
import { applyOperations, readAfterWrites, type ApplyResult } from '../github/issues/apply.js'
import { describeCloser } from '../github/issues/closer.js'
import { ensureLabel } from '../github/issues/labels.js'
import { IssueWritePermissionError } from '../github/errors.js'
import { readManagedIssues, type ManagedIssueRead } from '../github/issues/read.js'
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
import { DAY_MS } from '../time.js'

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
  /**
   * Screen posts by their written dates before reading them (default true). false reads and interprets every post:
   * the same plan, at a cost that grows with the blog's history (tests compare the two).
   */
  screen?: boolean
}

export interface TaskPlan {
  site: SiteConfig
  ledger: Ledger
  operations: Operation[]
  /**
   * Posts Jekyll builds (the others open no issues: not on the site). Those screened out as older than the cut-off
   * are counted by a look at their text (a dated file name, not plainly unpublished), not interpreted.
   */
  postsBuilt: number
  /** Posts at or after the cut-off, whose tasks were read. */
  postsRead: number
  /** Post files read in full (front matter parsed): those the screen could not place before the cut-off. */
  postsParsed: number
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

/**
 * Reads the blog and plans: the posts that can matter, folded into a ledger, reconciled with `issues`. The cut-off
 * comes first (from `since` and the issues), so posts plainly older than it are screened out by their dates as
 * written and never parsed: the cost follows the open window, not the blog's history.
 */
export function planTasks(options: TaskPlanOptions): TaskPlan {
  const cutoff = postsThatMatter([], {
    since: options.since,
    oldestOpenIssueSourceDate: oldestOpenSourceDate(options.issues)
  }).cutoff
  const timezone = options.timezone || undefined
  const screen =
    options.screen === false
      ? { read: undefined, older: [] }
      : screenPosts(options.root, { cutoff, ...(timezone ? { timezone } : {}) })
  const { site, posts } = readBlog(options.root, {
    now: options.now,
    ...(timezone ? { timezone } : {}),
    ...(screen.read ? { paths: screen.read } : {})
  })
  const built = posts.filter(
    p => p.jekyll.built && p.jekyll.epochMs !== undefined && p.jekyll.date !== undefined
  )
  const dated = built.map(post => ({ post, date: post.jekyll.epochMs as number }))
  const { posts: matter } = postsThatMatter(dated, {
    since: options.since,
    oldestOpenIssueSourceDate: oldestOpenSourceDate(options.issues)
  })
  const ledgerPosts = matter.map(({ post }) => ledgerPost(post, site, options.sections))
  const tooManyTasks = matter.flatMap(({ post }) => {
    const at = taskLimitOffset(post.body)
    if (at === undefined) return []
    return [
      { path: post.file.path, line: post.bodyStartLine + (post.body.slice(0, at).match(/\n/g)?.length ?? 0) }
    ]
  })
  const ledger = buildLedger(ledgerPosts, { since: options.since })
  const operations = reconcileTasks(ledger, options.issues, options)
  const older = [
    ...dated
      .filter(p => p.date < cutoff)
      .map(p => ({ path: p.post.file.path, date: p.date, lines: taskLines(p.post.body) })),
    ...screen.older
  ].sort((a, b) => a.date - b.date || (a.path < b.path ? -1 : 1))
  const withOpenIssue = new Set(
    options.issues.filter(i => i.state === 'open' && i.key).map(i => i.key as string)
  )
  const staleUnchecked =
    ledger.stale.filter(key => !withOpenIssue.has(key)).length +
    stillUnchecked(
      older.map(p => p.lines),
      new Set([...ledger.tasks.keys(), ...withOpenIssue])
    )
  return {
    site,
    ledger,
    operations,
    postsBuilt: built.length + screen.older.length,
    postsRead: matter.length,
    postsParsed: posts.length,
    cutoff,
    staleUnchecked,
    tooManyTasks
  }
}

function reconcileTasks(
  ledger: Ledger,
  issues: readonly ManagedIssue[],
  options: Pick<TaskPlanOptions, 'label' | 'repoFileUrl'>
): Operation[] {
  return reconcile(ledger, issues, { labels: [options.label], repoFileUrl: options.repoFileUrl })
}

/**
 * Slack around the cut-off when screening by written dates: a date as written is a calendar day, and its time and
 * offset (or the site's timezone) put the post less than a day before it or two days after it.
 */
export const SCREEN_MARGIN_MS = 2 * DAY_MS

/** Post files split by the cut-off without parsing them. */
export interface Screened {
  /** Posts that may be dated at or after the cut-off (or whose date only parsing can tell): read in full. */
  read: string[]
  /**
   * Posts Jekyll builds (as far as a look can tell) that are plainly older than the cut-off: never parsed, only
   * scanned line by line for their task lines (the count of stale tasks). `date` is the written date, to order them.
   */
  older: Array<{ path: string; date: number; lines: TaskLine[] }>
}

/**
 * Screens a blog's post files against the cut-off by the dates they are written with: the file name's date, then
 * (for a post older by name) the front matter's `date:` line. A post that could be dated on or after the cut-off,
 * or whose date needs the YAML parsed, is read in full; a file without a date in its name is not a post Jekyll
 * builds and is left out. Site defaults that set a date turn screening off (every post is read).
 */
export function screenPosts(root: string, options: { cutoff: number; timezone?: string }): Screened {
  const { site } = readSite(root)
  if (options.timezone !== undefined) site.timezone = options.timezone
  const paths = findPosts(root, site)
  if (defaultsSetDate(site)) return { read: paths, older: [] }
  const keepFrom = options.cutoff - SCREEN_MARGIN_MS
  const read: string[] = []
  const older: Screened['older'] = []
  for (const path of paths) {
    const named = DATE_FILENAME_MATCHER.exec(path.replace(/^(?:.*\/)?_posts\//, ''))
    if (!named) continue
    const fileDay = calendarDay(named[1]!)
    if (fileDay === undefined || fileDay >= keepFrom) {
      read.push(path)
      continue
    }
    let bytes: Buffer
    try {
      bytes = readFileSync(join(root, path))
    } catch {
      read.push(path) // readPost reports what is wrong with it
      continue
    }
    const sniff = sniffFrontMatter(bytes)
    if (sniff.date === 'unknown' || (sniff.date !== 'absent' && sniff.date.day >= keepFrom)) {
      read.push(path)
      continue
    }
    if (sniff.unpublished) continue
    older.push({
      path,
      date: sniff.date === 'absent' ? fileDay : sniff.date.approx,
      lines: taskLines(bytes.subarray(sniff.bodyOffset))
    })
  }
  return { read, older }
}

/** Epoch ms of `YYYY-MM-DD` (a file name's date) at 00:00 UTC, or undefined unless it is a real day of a 4-digit year. */
function calendarDay(ymd: string): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(ymd)
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return civilToUtcMs(year, month, day)
}

/** Whether the site's front matter defaults give posts a `date` (then no written date can be trusted alone). */
function defaultsSetDate(site: SiteConfig): boolean {
  const sets = site.raw['defaults']
  if (!Array.isArray(sets)) return false
  return sets.some(set => {
    const values = (set as { values?: unknown } | null)?.values
    return typeof values === 'object' && values !== null && 'date' in values
  })
}

// A top-level GFM task item on one line (at most three spaces of indent), and a code fence.
const TASK_LINE = /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+(.+)$/
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/** A top-level task line of a post, as the line scan reads it. */
export interface TaskLine {
  checked: boolean
  text: string
}

/**
 * The top-level task lines of a post body in order, fenced code skipped, at most MAX_TASKS_PER_POST: a line scan,
 * not a parse. A body given as bytes (UTF-8, as read from disk) is scanned without decoding it whole: the markers
 * are ASCII, and only the task texts are decoded.
 */
export function taskLines(body: string | Uint8Array): TaskLine[] {
  const bytes = typeof body !== 'string'
  const text = bytes ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1') : body
  if (!hasTaskMarker(text)) return []
  const lines: TaskLine[] = []
  let fence: string | undefined
  for (const line of text.split(/\r?\n|\r/)) {
    const f = FENCE.exec(line)
    if (f) {
      if (fence === undefined) fence = f[1]![0]
      else if (f[1]![0] === fence) fence = undefined
      continue
    }
    if (fence !== undefined) continue
    const m = TASK_LINE.exec(line)
    if (!m) continue
    if (lines.length === MAX_TASKS_PER_POST) break
    const written = bytes ? Buffer.from(m[2]!, 'latin1').toString('utf8') : m[2]!
    // Cut as the parser's reading cuts long lines: a 2 MB task line would cost its key seconds to compute.
    lines.push({ checked: m[1] !== ' ', text: clipLongLines(written) })
  }
  return lines
}

/**
 * Tasks still unchecked at the end of `bodies` (in date order), keys in `exclude` left out: the count of older
 * unchecked tasks for the summary. Reads lines, skipping fenced code, instead of parsing: these posts can change
 * no issue, so an estimate is enough and the cost stays small.
 */
export function olderUnchecked(
  bodies: ReadonlyArray<string | Uint8Array>,
  exclude: ReadonlySet<string>
): number {
  return stillUnchecked(bodies.map(taskLines), exclude)
}

/** Tasks still unchecked after the task lines of several posts (in date order), keys in `exclude` left out. */
function stillUnchecked(posts: Iterable<readonly TaskLine[]>, exclude: ReadonlySet<string>): number {
  const open = new Set<string>()
  const keys = new Map<string, string>()
  for (const lines of posts) {
    for (const { checked, text } of lines) {
      let key = keys.get(text)
      if (key === undefined) {
        key = lineKey(text)
        keys.set(text, key)
      }
      if (key === '' || exclude.has(key)) continue
      if (checked) open.delete(key)
      else open.add(key)
    }
  }
  return open.size
}

// What lineKey leaves to the parser: escapes, HTML, entities, strikethrough, images, links and references,
// footnotes, autolink literals, doubled backticks, and whitespace that JavaScript and CommonMark disagree on.
const PARSER_NEEDED =
  /[\\<>&~!\uE000\v\u2028\u2029\uFEFF\uD800-\uDFFF]|www\.|:\/\/|\]\(|\]\[|\[\^|\]:|``|[\w.+-]@/i
// Emphasis between whitespace (or the ends): such a delimiter run can only open (or only close), so it always pairs.
const EMPHASIS = /(^|\s)(\*\*|__|\*|_)(?![\s*_])([^*_]*?[^\s*_])\2(?=\s|$)/g
const CODE = '\uE000'

/**
 * taskKey of a task line's text, without the markdown parser for what daily logs mostly hold: plain text,
 * `**strong**` and `*emphasis*` between spaces, `` `code` ``, a `[label]` that links nowhere, an `@name`. Anything
 * else goes to taskKey itself, so the key is always taskKey's (the tests hold it to that); it only costs less.
 */
export function lineKey(text: string): string {
  if (text.length > 400 || PARSER_NEEDED.test(text)) return taskKey(text)
  let rest = text.normalize('NFC')
  const code: string[] = []
  if (rest.includes('`')) {
    rest = rest.replace(/`([^`]+)`/g, (_all, inner: string) => {
      // A code span's content, with one space stripped from each side when both sides have one.
      code.push(/^ .*[^ ].* $/s.test(inner) ? inner.slice(1, -1) : inner)
      return CODE
    })
    if (rest.includes('`')) return taskKey(text)
  }
  for (let before = ''; before !== rest;) {
    before = rest
    rest = rest.replace(EMPHASIS, '$1$3')
  }
  if (/[*_]/.test(rest)) return taskKey(text)
  let i = 0
  const plain = rest
    .replace(/\uE000/g, () => code[i++] ?? '')
    .replace(/\s+/gu, ' ')
    .trim()
  if (plain === '') return taskKey(text)
  return plain.toLowerCase().normalize('NFC')
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
    issues: read.issues
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
  if (taskRead.forBoard && ctx.shared) {
    const after = readAfterWrites(read, result.applied, ctx.now)
    if (after) ctx.shared.taskIssues = after
    else
      sink.info(
        'tasks: a created issue is known by its number only; the board job reads the task issues itself.'
      )
  }
  return { status: 'done' }
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
