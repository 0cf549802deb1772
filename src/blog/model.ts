// The shapes the blog layer hands to everything else: a post as read from disk, its front matter with
// source positions, what Jekyll makes of it, and a diagnostic. Types only: no logic, no I/O.
import type { Document, LineCounter } from 'yaml'

export type Severity = 'error' | 'warning' | 'notice'

/** A replacement of file text [start, end) (offsets into `PostFile.text`) by `text`. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/** A fix the action is certain of. Applying it changes only the bytes its edits cover. */
export interface Fix {
  description: string
  edits: TextEdit[]
}

export interface Diagnostic {
  /** Path relative to the blog root, with `/` separators (what annotations and the CLI print). */
  file: string
  /** 1-based. */
  line: number
  /** 1-based, in characters of the line. */
  column: number
  endLine?: number
  endColumn?: number
  /** Stable rule id, e.g. `date/future`; listed in the README's rule table. */
  rule: string
  severity: Severity
  message: string
  fix?: Fix
}

/** `_config.yml`, reduced to what the action needs. */
export interface SiteConfig {
  /** IANA zone from `timezone:`; undefined means the machine's zone (UTC on a runner). */
  timezone?: string
  /** `url:` without a trailing slash, '' when absent. */
  url: string
  /** `baseurl:` normalised to '' or '/path' (no trailing slash). */
  baseurl: string
  /** Site-wide `permalink:` (a style name such as `date`/`pretty` or a template). Jekyll's default is `date`. */
  permalink: string
  /** `future: true` builds future-dated posts. */
  future: boolean
  /** `show_drafts`, `unpublished`, and the rest as read. */
  raw: Record<string, unknown>
}

/** A post file as read from disk, before any interpretation. */
export interface PostFile {
  /** Path relative to the blog root, `/` separators, e.g. `_posts/2026-03-12-day-012.md`. */
  path: string
  /** Decoded text (UTF-8; a leading BOM removed). Offsets in TextEdit/positions refer to this string. */
  text: string
  /** The file started with a UTF-8 BOM (restored when a fix is written). */
  bom: boolean
  /** Size in bytes on disk. */
  size: number
}

/** Where something is in the file: 1-based line and column. */
export interface Position {
  line: number
  column: number
}

export interface Range {
  start: Position
  end: Position
  /** Offsets into `PostFile.text`. */
  startOffset: number
  endOffset: number
}

export interface FrontMatter {
  /** The parsed YAML document (yaml package), parsed as Ruby's Psych would type it (YAML 1.1). */
  doc: Document
  lineCounter: LineCounter
  /** Offset in `PostFile.text` where the YAML text (after the opening `---` line) begins. */
  yamlOffset: number
  /** The YAML text itself. */
  yamlText: string
  /**
   * Plain values as Ruby would see them: strings, numbers, booleans, null, arrays, objects.
   * YAML timestamps and dates are kept as `RubyTime` / `RubyDate` values (never a JS Date in UTC by accident).
   */
  data: Record<string, unknown>
  /** Range of the value (and key) at a path such as ['image', 'path'] or ['tags', 2]; undefined if absent. */
  locate(path: (string | number)[]): { key?: Range; value?: Range } | undefined
}

/** A YAML 1.1 timestamp with a time part, as Psych produces a Ruby Time. */
export interface RubyTime {
  kind: 'time'
  /** Milliseconds since the epoch (the instant). */
  epochMs: number
  /** The offset written in the value in minutes east of UTC; undefined when none was written (Psych: UTC). */
  offsetMinutes?: number
  /** The source text. */
  source: string
}

/** A YAML 1.1 date without time (`2022-02-22`), as Psych produces a Ruby Date. */
export interface RubyDate {
  kind: 'date'
  year: number
  month: number
  day: number
  source: string
}

/** What Jekyll 4 does with the post: the model the conformance tests hold against real Jekyll. */
export interface JekyllPost {
  /** Would `jekyll build` write this post? */
  built: boolean
  /**
   * Why not, when it would not: 'filename', 'future', 'unpublished', 'no-front-matter', 'invalid-date', 'yaml',
   * 'data-file' (a `.yml`/`.yaml` file in _posts, which Jekyll reads as data).
   */
  reason?: string
  /** The post's date as Jekyll shows it, ISO 8601 with the site-timezone offset, e.g. 2026-03-12T23:10:00+09:00. */
  date?: string
  /** Epoch ms of `date` (for sorting). */
  epochMs?: number
  /** `site.url`-less URL path, e.g. `/posts/day-012/` or `/ai/2026/03/12/day-012.html`. */
  url?: string
  slug?: string
  categories: string[]
  tags: string[]
}

/** A post read and interpreted. A bad post is a Post with diagnostics, never an exception. */
export interface Post {
  file: PostFile
  /** Undefined when the file has no (or unterminated, or unparsable) front matter. */
  frontMatter?: FrontMatter
  /** Text after the closing `---` line. */
  body: string
  /** 1-based line of the first body line in the file. */
  bodyStartLine: number
  /** Offset of the body in `file.text`. */
  bodyOffset: number
  jekyll: JekyllPost
  /** Problems found while reading and interpreting (not the rule checks). */
  diagnostics: Diagnostic[]
}

/** What a rule may know besides the post: the site, the clock, the author's schema. */
export interface RuleContext {
  site: SiteConfig
  /** The current instant (epoch ms), from the one clock tests can set. */
  now: number
  /** The author's JSON Schema for front matter (input `schema`), already loaded. */
  schema?: Record<string, unknown>
  /** The files the schema's `$ref`s name (each with its `$id`), read from inside the repository. */
  schemaRefs?: readonly Record<string, unknown>[]
}

/** A per-post rule family returns diagnostics with its default severities; severity overrides are applied later. */
export type PostRule = (post: Post, ctx: RuleContext) => Diagnostic[]
/** A whole-blog rule sees every post (e.g. tags that differ only in case). */
export type CorpusRule = (posts: Post[], ctx: RuleContext) => Diagnostic[]
