// Splits a post into front matter and body exactly as Jekyll 4 does (YAML_FRONT_MATTER_REGEXP), types the YAML as
// Psych would and keeps positions for every key and value. Never throws past one post: problems are diagnostics.
import { diagnosticIn } from '../diagnostic.js'
import type { Diagnostic, FrontMatter, PostFile } from '../model.js'
import { parsePsychYaml } from '../ruby/psych.js'
import { isRubyHash } from '../ruby/values.js'
import { LineIndex, locateIn } from '../source.js'

/**
 * Jekyll's `Document::YAML_FRONT_MATTER_REGEXP`, `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` with Ruby's `m`,
 * translated exactly: Ruby's `\s` is ASCII whitespace, `^`/`$` are about `\n` only, `.` with `m` is any char.
 * The opening `---\s*\n` is matched up to its first newline and the lazy part takes any blank lines after it: the
 * same split (a closing line is not blank), and linear: Ruby's greedy `\s*` retried the lazy scan once per newline
 * (8 s on `---` and 100,000 newlines with no closing line).
 */
const RUBY_SPACE = '[ \\t\\n\\v\\f\\r]'
export const YAML_FRONT_MATTER_REGEXP = new RegExp(
  `^(---[ \\t\\v\\f\\r]*\\n[\\s\\S]*?\\n?)(?<=\\n)((---|\\.\\.\\.)${RUBY_SPACE}*(?=\\n|$)\\n?)`
)

export interface FrontMatterSplit {
  frontMatter?: FrontMatter
  body: string
  bodyStartLine: number
  bodyOffset: number
  diagnostics: Diagnostic[]
}


/** Front matter longer than this is not parsed (Jekyll would; no real post has 2 MB of front matter). */
export const MAX_FRONT_MATTER_CHARS = 2 * 1024 * 1024

/**
 * Splits a post the way Jekyll does. A file whose first line is not `---` has no front matter (Jekyll still
 * builds it: `front-matter/missing`); a `---` with no closing line leaves everything as body
 * (`front-matter/unterminated`); YAML errors become `yaml/syntax` at their file line and column.
 */
export function parseFrontMatter(file: PostFile): FrontMatterSplit {
  if (file.text.length < SPLIT_CACHE_MIN_CHARS) return splitFrontMatter(file)
  // A huge post is read by the check job and again by the tasks job of the same run: parse it once. The key is the
  // whole text (and path, which the diagnostics carry); callers get their own diagnostics array.
  const cacheKey = `${file.path}\u0000${file.text}`
  let split = SPLIT_CACHE.get(cacheKey)
  if (split === undefined) {
    split = splitFrontMatter(file)
    SPLIT_CACHE.set(cacheKey, split)
    if (SPLIT_CACHE.size > SPLIT_CACHE_ENTRIES) SPLIT_CACHE.delete(SPLIT_CACHE.keys().next().value as string)
  }
  return { ...split, diagnostics: [...split.diagnostics] }
}

/** Posts at least this long (characters) have their split kept for the next reader of the same text. */
const SPLIT_CACHE_MIN_CHARS = 256 * 1024
const SPLIT_CACHE_ENTRIES = 4
const SPLIT_CACHE = new Map<string, FrontMatterSplit>()

function splitFrontMatter(file: PostFile): FrontMatterSplit {
  const text = file.text
  const index = new LineIndex(text)
  const diagnostics: Diagnostic[] = []
  const whole = (): FrontMatterSplit => ({ body: text, bodyStartLine: 1, bodyOffset: 0, diagnostics })

  if (!/^---[ \t\v\f\r]*(\n|$)/.test(text)) {
    const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')
    diagnostics.push(
      diagnosticIn(
        file.path,
        index.range(0, firstLineEnd),
        'front-matter/missing',
        'warning',
        'no front matter: the first line is not `---`. Jekyll still builds the post, with no title, layout or tags, and its date from the file name.'
      )
    )
    return whole()
  }
  const m = YAML_FRONT_MATTER_REGEXP.exec(text)
  if (!m || m[1] === undefined || m[2] === undefined) {
    const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')
    diagnostics.push(
      diagnosticIn(
        file.path,
        index.range(0, firstLineEnd),
        'front-matter/unterminated',
        'error',
        'front matter is never closed: no line `---` (or `...`) ends it. Jekyll reads the whole file as content, publishes the YAML as text, and ignores every setting in it.'
      )
    )
    return whole()
  }
  const head = m[1]
  const openLineEnd = text.indexOf('\n') + 1
  const yamlOffset = openLineEnd
  const yamlText = head.slice(openLineEnd)
  const bodyOffset = head.length + m[2].length
  const body = text.slice(bodyOffset)
  const bodyStartLine = index.position(bodyOffset).line
  const split: FrontMatterSplit = { body, bodyStartLine, bodyOffset, diagnostics }

  if (yamlText.length > MAX_FRONT_MATTER_CHARS) {
    diagnostics.push(
      diagnosticIn(
        file.path,
        index.range(0, openLineEnd),
        'yaml/too-large',
        'error',
        `front matter is ${yamlText.length} characters long; over ${MAX_FRONT_MATTER_CHARS} it is not parsed.`
      )
    )
    return split
  }
  const parsed = parsePsychYaml(yamlText)
  for (const e of parsed.errors) {
    diagnostics.push(
      diagnosticIn(
        file.path,
        index.range(yamlOffset + e.start, yamlOffset + Math.max(e.end, e.start)),
        e.rule,
        e.severity,
        e.message
      )
    )
  }
  if (parsed.data === undefined) return split
  const data = isRubyHash(parsed.data) ? parsed.data : {}
  if (parsed.data !== null && !isRubyHash(parsed.data)) {
    diagnostics.push(
      diagnosticIn(
        file.path,
        index.range(yamlOffset, yamlOffset + yamlText.length),
        'yaml/not-a-mapping',
        'error',
        `front matter must be a mapping of keys to values; this is ${describeRuby(parsed.data)}. Jekyll stops reading the post with an error and publishes the file as if it had no front matter, dated at build time.`
      )
    )
    return split
  }
  split.frontMatter = {
    doc: parsed.doc,
    lineCounter: parsed.lineCounter,
    yamlOffset,
    yamlText,
    data,
    locate: path => locateIn(parsed.doc, path, yamlOffset, index)
  }
  return split
}

function describeRuby(v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'string') return 'a string'
  if (typeof v === 'number') return 'a number'
  if (typeof v === 'boolean') return 'a boolean'
  return 'a scalar'
}
