// The rule catalogue: every rule id with its default severity, family, fixability and one line of description.
// Data only: it runs no rule and reads no post; docs, overrides and annotations all look rules up here.
import type { Severity } from '../model.js'

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
    'filename/data-extension',
    'error',
    'filename',
    false,
    'A `.yml` or `.yaml` file in `_posts` is read as data: Jekyll silently builds no post from it.'
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
