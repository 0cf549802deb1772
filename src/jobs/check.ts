// The `check` job: reads the blog, runs every rule, and decides which findings this event reports. The same
// engine serves the action (main.ts) and the CLI; it reads files but never talks to GitHub.
import { repoFileLinker } from '../plan/file-url.js'
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { realRoot } from '../blog/boundary.js'
import type { Diagnostic, Post, SiteConfig } from '../blog/model.js'
import { readBlog } from '../blog/posts.js'
import { applyOverrides, runRules } from '../blog/rules/index.js'
import { SchemaError } from '../blog/rules/schema.js'
import { diskReader, loadSchemaSet, mapReader, SchemaFileError, type SchemaSet } from '../blog/schema-file.js'
import { pushHasNoBase } from '../event.js'
import { filesOfPush, pullFiles, type PullFile } from '../github/changes.js'
import { checkSummary, countFindings, selectAnnotations, type CheckCounts } from '../report.js'
import { SettingsError, type SeverityOverride } from '../settings.js'
import { diagnosticIn } from '../blog/diagnostic.js'
import { extractTasks, type SectionPatterns } from '../blog/tasks.js'
import { expandNested } from '../plan/nested.js'
import { SUB_ISSUE_LEVELS } from '../plan/nested-key.js'
import type { JobContext, JobOutcome } from './context.js'

export interface CheckOptions {
  /** Absolute path of the blog (where _config.yml is). */
  root: string
  now: number
  severity: Record<string, SeverityOverride>
  /** Absolute path of the author's JSON Schema, if any. */
  schemaPath?: string
  /** On a pull request, the schema files as they are at the base commit (repository path -> text). */
  schemaFiles?: ReadonlyMap<string, string | undefined>
  /** The trust boundary (default: `root`): a file whose real path is outside it is refused, never read. */
  workspace?: string
  /** Site timezone override (input `timezone`). */
  timezone?: string
  /** Blog-relative paths of the posts this event concerns; undefined means every post. */
  only?: ReadonlySet<string>
  /** With `nested-tasks: sub-issues`: how deep task issues may nest, to report posts beyond GitHub's limits. */
  subIssueLevels?: number
  sections?: Partial<SectionPatterns>
}

export interface CheckResult {
  site: SiteConfig
  posts: Post[]
  /** Every finding, on every post (whole-blog rules need every post). */
  diagnostics: Diagnostic[]
  /** The findings on the posts this event concerns. */
  reported: Diagnostic[]
  counts: CheckCounts
}

export function runCheck(options: CheckOptions): CheckResult {
  const workspace = options.workspace ?? options.root
  const schema = options.schemaPath
    ? loadSchema(options.schemaPath, workspace, options.schemaFiles)
    : undefined
  const { site, posts, siteDiagnostics } = readBlog(options.root, {
    now: options.now,
    timezone: options.timezone,
    workspace
  })
  let diagnostics: Diagnostic[]
  try {
    diagnostics = runRules(
      posts,
      { site, now: options.now, ...(schema ? { schema: schema.root, schemaRefs: schema.referenced } : {}) },
      options.severity
    )
  } catch (error) {
    if (error instanceof SchemaError)
      throw new SettingsError('schema', `'${schema!.files[0]}': ${error.message}`)
    throw error
  }
  if (options.subIssueLevels !== undefined) {
    const inScope = posts.filter(p => p.jekyll.built && (!options.only || options.only.has(p.file.path)))
    diagnostics.push(
      ...applyOverrides(nestingFindings(inScope, options.subIssueLevels, options.sections), options.severity)
    )
  }
  // _config.yml findings (a timezone Jekyll cannot use...) concern every post, so every event reports them.
  const siteFindings = applyOverrides(siteDiagnostics, options.severity)
  diagnostics.unshift(...siteFindings)
  const reported = options.only
    ? diagnostics.filter(d => options.only!.has(d.file) || siteFindings.includes(d))
    : diagnostics
  const inScope = options.only ? posts.filter(p => options.only!.has(p.file.path)) : posts
  return {
    site,
    posts,
    diagnostics,
    reported,
    counts: {
      posts: inScope.length,
      notBuilt: inScope.filter(p => !p.jekyll.built).length,
      ...countFindings(reported)
    }
  }
}

/** `tasks/sub-issue-limits`: nested tasks a post lists beyond what GitHub's sub-issues hold (plan/nested.ts). */
function nestingFindings(
  posts: readonly Post[],
  levels: number,
  sections: Partial<SectionPatterns> | undefined
): Diagnostic[] {
  return posts.flatMap(post => {
    const tasks = extractTasks(post.body, post.bodyStartLine, sections ? { sections } : {})
    return expandNested(tasks, 'sub-issues', levels).findings.map(f =>
      diagnosticIn(
        post.file.path,
        { start: { line: f.line, column: 1 }, end: { line: f.line, column: 1 } },
        'tasks/sub-issue-limits',
        'warning',
        `With nested-tasks: sub-issues, ${f.message}.`
      )
    )
  })
}

/** The JSON report: every post as Jekyll sees it, and the findings. */
export function checkReport(result: CheckResult, diagnostics: Diagnostic[] = result.reported) {
  return {
    posts: result.posts.map(p => ({
      path: p.file.path,
      built: p.jekyll.built,
      reason: p.jekyll.reason ?? null,
      date: p.jekyll.date ?? null,
      url: p.jekyll.url ?? null,
      categories: p.jekyll.categories,
      tags: p.jekyll.tags
    })),
    diagnostics: diagnostics.map(({ fix, ...d }) => ({
      ...d,
      fix: fix ? { description: fix.description } : undefined
    }))
  }
}

/** Maps repository-relative changed paths to blog-relative post paths. */
export function postsAmong(changed: readonly string[], blogPath: string): Set<string> {
  const prefix = blogPath === '' ? '' : `${blogPath}/`
  const result = new Set<string>()
  for (const path of changed) {
    if (!path.startsWith(prefix)) continue
    const inBlog = path.slice(prefix.length)
    if (/(^|\/)_posts\//.test(inBlog)) result.add(inBlog)
  }
  return result
}

/**
 * Reads the author's schema and the files its `$ref`s name, only from inside the workspace (symbolic links followed)
 * or, on a pull request, from the base commit (`files`). Its errors name the file and the rule, never its bytes.
 */
function loadSchema(
  path: string,
  workspace: string,
  files?: ReadonlyMap<string, string | undefined>
): SchemaSet {
  // Repository-relative as written; through real paths only when the workspace itself sits under a link.
  const lexical = relative(resolve(workspace), resolve(workspace, path))
  const rel =
    lexical === '..' || lexical.startsWith(`..${sep}`) || isAbsolute(lexical)
      ? relative(realRoot(workspace), resolveReal(resolve(workspace, path)))
      : lexical
  const shown = rel.split(sep).join('/') || path
  try {
    return loadSchemaSet(shown, files ? mapReader(files) : diskReader(workspace))
  } catch (error) {
    if (error instanceof SchemaFileError) throw new SettingsError('schema', error.message)
    throw error
  }
}

/** An absolute path with its folder's links followed (the workspace may sit under a linked /tmp). */
function resolveReal(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path))
  } catch {
    return path
  }
}

/** The `check` job as the action runs it: scope from the event, annotations, summary, outputs, report file. */
export async function checkJob(ctx: JobContext): Promise<JobOutcome> {
  const { settings, sink } = ctx
  const scope = await scopeOf(ctx)
  const result = runCheck({
    root: ctx.blogRoot,
    now: ctx.now,
    severity: settings.severity,
    schemaPath: settings.schema ? resolve(ctx.workspace, settings.schema) : undefined,
    ...(ctx.baseFiles ? { schemaFiles: ctx.baseFiles } : {}),
    workspace: ctx.workspace,
    timezone: settings.timezone || undefined,
    only: scope.only,
    ...(settings.nestedTasks === 'sub-issues'
      ? {
          subIssueLevels: SUB_ISSUE_LEVELS - (settings.daily.subIssues ? 1 : 0),
          sections: { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings }
        }
      : {})
  })
  const prefix = settings.blogPath === '' ? '' : `${settings.blogPath}/`
  const selection = selectAnnotations(result.reported)
  for (const d of selection.shown) {
    sink.annotate(d.severity, d.message + (d.fix ? ` (fix: ${d.fix.description})` : ''), {
      title: d.rule,
      file: prefix + d.file,
      startLine: d.line,
      endLine: d.endLine !== undefined && d.endLine !== d.line ? d.endLine : undefined,
      startColumn: d.endLine === undefined || d.endLine === d.line ? d.column : undefined,
      endColumn: d.endLine === undefined || d.endLine === d.line ? d.endColumn : undefined
    })
  }
  const reportDir = join(ctx.tempDir, 'jekyll-post-ops')
  mkdirSync(reportDir, { recursive: true })
  const reportPath = join(reportDir, 'check-report.json')
  writeFileSync(reportPath, JSON.stringify(checkReport(result), null, 2) + '\n')
  // Loaded only on a pull request: a push's check never loads the review code (nor the markdown neutraliser).
  const suggested =
    ctx.event.trigger.kind === 'pull_request' && settings.suggestions
      ? await (await import('./fix-suggestions.js')).suggestFixes(ctx, result, scope.pullFiles)
      : ''
  const repo = ctx.event.repo
  sink.summary(
    checkSummary({
      counts: result.counts,
      diagnostics: result.reported,
      elsewhere: result.diagnostics.length - result.reported.length,
      scope: scope.description,
      hidden: selection.hidden,
      reportPath,
      ...(suggested ? { note: suggested } : {}),
      fileUrl: repo && ctx.sha ? repoFileLinker(ctx.serverUrl, repo, ctx.sha, settings.blogPath) : undefined
    })
  )
  sink.output('errors', String(result.counts.errors))
  sink.output('warnings', String(result.counts.warnings))
  sink.output('report', reportPath)
  sink.info(
    `check: ${result.counts.posts} posts (${scope.description}), ${result.counts.errors} errors, ${result.counts.warnings} warnings.`
  )
  const failing =
    settings.failOn === 'error'
      ? result.counts.errors
      : settings.failOn === 'warning'
        ? result.counts.errors + result.counts.warnings
        : 0
  if (failing > 0) {
    const what = settings.failOn === 'error' ? 'error' : 'error or warning'
    return {
      status: 'done',
      failure: `check found ${failing} ${what} finding${failing === 1 ? '' : 's'} (fail-on: ${settings.failOn}).`
    }
  }
  return { status: 'done' }
}

interface Scope {
  only?: ReadonlySet<string>
  description: string
  /** A pull request's files with their diff hunks (for suggested changes). */
  pullFiles?: PullFile[]
}

/** Which posts this event concerns: a PR's files, a push's changes, or every post. */
async function scopeOf(ctx: JobContext): Promise<Scope> {
  const { trigger, repo } = ctx.event
  const all: Scope = { description: 'all posts' }
  if (trigger.kind !== 'pull_request' && trigger.kind !== 'push') return all
  if (!ctx.client || !repo) return { description: 'all posts: no token to ask GitHub what changed' }
  try {
    if (trigger.kind === 'pull_request') {
      const files = await pullFiles(ctx.client, repo, trigger.number)
      if (!files) return { description: 'all posts: the pull request has too many files to list' }
      return {
        only: postsAmong(
          files.map(f => f.filename),
          ctx.settings.blogPath
        ),
        description: `posts changed by pull request #${trigger.number}`,
        pullFiles: files
      }
    }
    if (pushHasNoBase(trigger))
      return { description: 'all posts: the push has no earlier commit to compare with' }
    const files = await filesOfPush(ctx.client, repo, trigger.before, trigger.after)
    if (!files) return { description: 'all posts: the push changed too many files to list' }
    return {
      only: postsAmong(files, ctx.settings.blogPath),
      description: `posts changed by push ${trigger.after.slice(0, 7)}`
    }
  } catch (error) {
    ctx.sink.info(
      `check: could not ask GitHub which files changed (${(error as Error).message}); checking all posts.`
    )
    return { description: 'all posts: GitHub could not say what changed' }
  }
}
