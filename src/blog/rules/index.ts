// The rule catalogue (every rule id, its default severity, family, fixability and one line of description) and
// the runner that applies every rule family to the posts. A rule's bug never escapes: it becomes a diagnostic.
import type { CorpusRule, Diagnostic, Post, PostRule, RuleContext, Severity } from '../model.js'
import { chirpyRules } from './chirpy.js'
import { corpusRules } from './corpus.js'
import { dateRules, publishedRules } from './dates.js'
import { filenameRules } from './filename.js'
import { compileFrontMatterSchema, schemaRules } from './schema.js'
import { taxonomyRules } from './taxonomy.js'

export type SeverityOverride = Severity | 'off'

export interface RuleInfo {
  /** Stable id, e.g. `tags/lowercase`. */
  id: string
  /** Severity before `severity` overrides. */
  severity: Severity
  /** Where the rule lives / what reports it. */
  family:
    | 'file'
    | 'front-matter'
    | 'yaml'
    | 'config'
    | 'filename'
    | 'date'
    | 'published'
    | 'taxonomy'
    | 'chirpy'
    | 'corpus'
    | 'schema'
    | 'tasks'
    | 'internal'
  /** Some of its diagnostics carry a certain fix. */
  fixable: boolean
  /** One line for the README's rule table. */
  description: string
}

const rule = (
  id: string,
  severity: Severity,
  family: RuleInfo['family'],
  fixable: boolean,
  description: string
): RuleInfo => ({
  id,
  severity,
  family,
  fixable,
  description
})

/** Every rule id the action can report, in the order of the README's table. */
export const RULES: RuleInfo[] = [
  // Reading the file and splitting the front matter (posts.ts)
  rule('file/unreadable', 'error', 'file', false, 'The post file cannot be read.'),
  rule('file/too-large', 'error', 'file', false, 'The post file is too large to check.'),
  rule('file/encoding', 'error', 'file', false, 'The file is not valid UTF-8: Jekyll skips it.'),
  rule(
    'file/binary',
    'error',
    'file',
    false,
    'The file contains NUL bytes: it looks binary, yet Jekyll builds it.'
  ),
  rule(
    'file/outside-repository',
    'error',
    'file',
    false,
    "A symbolic link under `_posts` (or `_config.yml`) leads outside the repository: not read, and GitHub Pages' safe mode ignores it."
  ),
  rule(
    'front-matter/missing',
    'warning',
    'front-matter',
    false,
    'No front matter: the first line is not `---`; Jekyll builds the post with no title, layout or tags.'
  ),
  rule(
    'front-matter/unterminated',
    'error',
    'front-matter',
    false,
    'The front matter is never closed: Jekyll publishes the YAML as text and ignores every setting.'
  ),
  rule(
    'yaml/syntax',
    'error',
    'yaml',
    false,
    'The front matter is not valid YAML: Jekyll publishes the post without it.'
  ),
  rule(
    'yaml/alias-limit',
    'error',
    'yaml',
    false,
    'YAML aliases expand to too many values (an "alias bomb").'
  ),
  rule(
    'yaml/disallowed-class',
    'error',
    'yaml',
    false,
    "A Symbol or `!ruby/` object that Jekyll's safe YAML refuses."
  ),
  rule('yaml/not-a-mapping', 'error', 'yaml', false, 'The front matter is not a mapping of keys to values.'),
  rule('yaml/too-large', 'error', 'yaml', false, 'The front matter is too long to parse.'),
  // _config.yml (site.ts)
  rule('config/yaml-syntax', 'error', 'config', false, '`_config.yml` is not valid YAML.'),
  rule('config/not-a-mapping', 'error', 'config', false, '`_config.yml` is not a mapping of keys to values.'),
  rule(
    'config/timezone',
    'error',
    'config',
    false,
    '`timezone:` in `_config.yml` is not a time zone Jekyll knows.'
  ),
  // ---- filename.ts, dates.ts ----
  rule(
    'filename/no-date',
    'error',
    'filename',
    false,
    'The filename does not start with `YYYY-MM-DD-`: Jekyll silently does not build the post.'
  ),
  rule(
    'date/invalid',
    'error',
    'date',
    false,
    '`date:` cannot be parsed by Ruby: `jekyll build` stops with "Invalid date".'
  ),
  rule(
    'date/unrecognised',
    'notice',
    'date',
    false,
    "A `date:` whose reading by Ruby's Time.parse jekyll-post-ops cannot predict."
  ),
  rule(
    'date/rollover',
    'warning',
    'date',
    false,
    'An impossible date or time (e.g. Feb 30) that Ruby rolls over.'
  ),
  rule(
    'date/placeholder-offset',
    'warning',
    'date',
    true,
    "The offset is Chirpy's template placeholder `+/-TTTT`: Jekyll uses the site timezone."
  ),
  rule(
    'date/missing-offset',
    'warning',
    'date',
    true,
    '`date:` has no usable UTC offset: say which zone Jekyll reads it in.'
  ),
  rule(
    'date/filename-mismatch',
    'warning',
    'date',
    false,
    'The front-matter date falls on another day (in the site timezone) than the filename says.'
  ),
  rule(
    'date/future',
    'warning',
    'date',
    false,
    'The post is dated in the future: Jekyll skips it unless `future: true`.'
  ),
  rule(
    'published/not-boolean',
    'error',
    'published',
    true,
    '`published:` is not a boolean (e.g. the string "false", which publishes).'
  ),
  // ---- taxonomy.ts ----
  rule(
    'categories/string',
    'warning',
    'taxonomy',
    false,
    '`categories:` is a string: Jekyll splits it on whitespace into several categories.'
  ),
  rule(
    'tags/string',
    'warning',
    'taxonomy',
    false,
    '`tags:` is a string: Jekyll splits it on whitespace into several tags.'
  ),
  rule(
    'categories/too-many',
    'warning',
    'taxonomy',
    false,
    "More than two categories: Chirpy's category tree has two levels."
  ),
  rule(
    'tags/lowercase',
    'error',
    'taxonomy',
    true,
    'A tag with capitals: Chirpy says "TAG names should always be lowercase".'
  ),
  rule('tags/duplicate', 'warning', 'taxonomy', true, 'A tag listed twice in one post: Jekyll keeps both.'),
  rule(
    'categories/duplicate',
    'warning',
    'taxonomy',
    true,
    'A category listed twice in one post: Jekyll drops the repeat.'
  ),
  rule(
    'tags/empty',
    'warning',
    'taxonomy',
    true,
    'An empty tag entry: null, an empty string or an empty list.'
  ),
  rule(
    'categories/empty',
    'warning',
    'taxonomy',
    true,
    'An empty category entry: null, an empty string or an empty list.'
  ),
  rule(
    'tags/type',
    'warning',
    'taxonomy',
    false,
    'A tag that YAML reads as a number, boolean, date or map (or `tags:` itself is one).'
  ),
  rule(
    'categories/type',
    'error',
    'taxonomy',
    false,
    'A category that YAML reads as a non-string (shown twice by Jekyll), or `categories:` itself is one (Jekyll fails to read the post).'
  ),
  // ---- chirpy.ts ----
  rule(
    'chirpy/unknown-key',
    'warning',
    'chirpy',
    true,
    'A key that is a near miss of one Chirpy reads (e.g. `comment:` for `comments:`).'
  ),
  rule(
    'chirpy/deprecated-key',
    'warning',
    'chirpy',
    true,
    'A key Chirpy renamed: `img_path` -> `media_subpath`, `image.src` -> `image.path`.'
  ),
  rule(
    'chirpy/image-path',
    'warning',
    'chirpy',
    false,
    '`image:` without a usable `path`: Chirpy shows a broken preview image.'
  ),
  // ---- corpus.ts ----
  rule(
    'taxonomy/near-duplicate',
    'warning',
    'corpus',
    false,
    'A category or tag that differs from one other posts use only by case, spacing or Unicode form (NFD vs NFC).'
  ),
  // ---- schema.ts ----
  rule(
    'schema/invalid',
    'error',
    'schema',
    false,
    "The front matter does not satisfy the author's JSON Schema (input `schema`)."
  ),
  rule('tasks/sub-issue-limits', 'warning', 'tasks', false, "Nested tasks beyond GitHub's sub-issue limits."),
  // ---- the runner ----
  rule(
    'internal/rule-crashed',
    'warning',
    'internal',
    false,
    'A rule failed on this post (a bug in jekyll-post-ops); its other rules still ran.'
  ),
  rule(
    'internal/error',
    'error',
    'internal',
    false,
    'The post could not be read at all (a bug in jekyll-post-ops).'
  )
]

const BY_ID = new Map(RULES.map(r => [r.id, r]))

/** The catalogue entry of a rule id, if it is one. */
export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id)
}

/** The per-post rule families, by name (the name shows in `internal/rule-crashed`). */
export const POST_RULES: readonly { name: string; rule: PostRule }[] = [
  { name: 'filename', rule: filenameRules },
  { name: 'date', rule: dateRules },
  { name: 'published', rule: publishedRules },
  { name: 'taxonomy', rule: taxonomyRules },
  { name: 'chirpy', rule: chirpyRules },
  { name: 'schema', rule: schemaRules }
]

export const CORPUS_RULES: readonly { name: string; rule: CorpusRule }[] = [
  { name: 'corpus', rule: corpusRules }
]

/**
 * Runs every rule: per post, the diagnostics found while reading it (`post.diagnostics`) and every post rule
 * family, each inside its own try/catch (a crash becomes `internal/rule-crashed` on that post); then the corpus
 * rules over all posts. Applies `overrides` (a rule id, or `family/*` such as `chirpy/*`, to a severity or
 * `off`) and returns the diagnostics sorted by file, line, column.
 *
 * The schema is compiled once, before any post: an unusable schema throws SchemaError (a setup error).
 */
export function runRules(
  posts: readonly Post[],
  ctx: RuleContext,
  overrides: Readonly<Record<string, SeverityOverride>> = {}
): Diagnostic[] {
  if (ctx.schema) compileFrontMatterSchema(ctx.schema, ctx.schemaRefs)
  const found: Diagnostic[] = []
  for (const post of posts) {
    found.push(...post.diagnostics)
    for (const family of POST_RULES) {
      try {
        found.push(...family.rule(post, ctx))
      } catch (error) {
        found.push(crashed(post, family.name, error))
      }
    }
  }
  if (posts.length > 0) {
    for (const family of CORPUS_RULES) {
      try {
        found.push(...family.rule([...posts], ctx))
      } catch (error) {
        const first = [...posts].sort((a, b) => compareText(a.file.path, b.file.path))[0]!
        found.push(crashed(first, family.name, error, ' (a whole-blog rule; no post was checked by it)'))
      }
    }
  }
  return applyOverrides(found, overrides).sort(compareDiagnostics)
}

function crashed(post: Post, name: string, error: unknown, note = ''): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error)
  return {
    file: post.file.path,
    line: 1,
    column: 1,
    rule: 'internal/rule-crashed',
    severity: 'warning',
    message: `The ${name} rules crashed on this post and were skipped${note}: ${reason}. This is a bug in jekyll-post-ops.`
  }
}

/** Severity overrides: an exact id wins over `family/*` (the part of the id before `/`); `off` drops. */
export function applyOverrides(
  diagnostics: Diagnostic[],
  overrides: Readonly<Record<string, SeverityOverride>>
): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const d of diagnostics) {
    const level = overrides[d.rule] ?? overrides[`${d.rule.split('/')[0]}/*`]
    if (level === 'off') continue
    out.push(level === undefined || level === d.severity ? d : { ...d, severity: level })
  }
  return out
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule)
}
