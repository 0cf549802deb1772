// The tasks plan, offline: the blog's posts screened and read, the task ledger, and the operations that make the
// managed issues agree (planTasks), plus the links issue bodies carry. Reads the blog only; never reaches GitHub.
import type { Post, SiteConfig } from '../blog/model.js'
import { readBlog } from '../blog/posts.js'
import { screenPosts } from '../blog/screen.js'
import { stillUnchecked, taskLines } from '../blog/task-lines.js'
import { extractTasks, taskLimitOffset, type SectionPatterns } from '../blog/tasks.js'
import type { RepoFileUrl } from '../plan/issue-text.js'
import { buildLedger, postsThatMatter, type Ledger, type LedgerPost } from '../plan/ledger.js'
import { oldestOpenSourceDate, reconcile, type ManagedIssue, type Operation } from '../plan/reconcile.js'
import { expandNested, type NestingFinding } from '../plan/nested.js'
import { SUB_ISSUE_LEVELS, type NestedTasks } from '../plan/nested-key.js'

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
  /** `sub-issues`: nested task items are tasks of their own (plan/nested.ts); default `body`. */
  nestedTasks?: NestedTasks
  /** How deep a chain of task issues may go (GitHub's 8, one less when the daily plan is their parent). */
  nestingLevels?: number
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
  /** Posts whose nested tasks exceed GitHub's sub-issue limits (with `nested-tasks: sub-issues`). */
  nesting: Array<NestingFinding & { path: string }>
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
  const nesting: TaskPlan['nesting'] = []
  const ledgerPosts = matter.map(({ post }) => {
    const read = ledgerPost(post, site, options.sections)
    const expanded = expandNested(
      read.tasks,
      options.nestedTasks ?? 'body',
      options.nestingLevels ?? SUB_ISSUE_LEVELS
    )
    for (const f of expanded.findings) nesting.push({ ...f, path: read.path })
    return { ...read, tasks: expanded.tasks }
  })
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
    tooManyTasks,
    nesting
  }
}

function reconcileTasks(
  ledger: Ledger,
  issues: readonly ManagedIssue[],
  options: Pick<TaskPlanOptions, 'label' | 'repoFileUrl'>
): Operation[] {
  return reconcile(ledger, issues, { labels: [options.label], repoFileUrl: options.repoFileUrl })
}

export function ledgerPost(
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

export { repoFileLinker } from '../plan/file-url.js'
