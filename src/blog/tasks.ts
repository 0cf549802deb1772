// Reads the GFM task items of a post body (remark + remark-gfm): text as written, key, checked, section, sub-items, line.
// Pure: no file I/O, no network, no process.env; lines come from the syntax tree, never from searching the text.
//
// Decisions (tested in test/blog/tasks.test.ts):
// - A task is a GFM task list item (`- [ ]`, `- [x]`, `- [X]`, `*`/`+` bullets, `1. [ ]`/`1) [ ]`) as CommonMark
//   and GFM read it, so what counts is what GitHub renders as a checkbox. Nothing inside fenced or indented code,
//   HTML blocks, or Liquid `{% raw %}…{% endraw %}` / `{% comment %}…{% endcomment %}` regions spanning lines counts
//   (an unterminated Liquid region runs to the end of the body: Jekyll refuses such a post anyway).
// - Nesting follows CommonMark: a sub-item belongs to its parent when indented to the parent's content column,
//   so the 4-space and tab indents Korean bloggers use under `- [ ]` and `1. [ ]` nest; 8 spaces under `- [ ]`
//   is a lazy paragraph continuation in CommonMark (and on GitHub), not a sub-item.
// - A task item nested inside another task item is a sub-item of the outermost task item only, never a
//   top-level task. A task item nested under a plain item (no task ancestor) is a top-level task.
// - Sub-items are every list item below a task, flattened in document order with `depth` 1 for direct children.
// - `section` is the plain text of the nearest heading above (ATX or setext), or of a paragraph that is
//   nothing but bold text at the top level (`**내일 할 일**` on its own line, a common stand-in for a heading).
import { createHash } from 'node:crypto'
import type { Heading, ListItem, Nodes, Paragraph, PhrasingContent, Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { CONTINUE, SKIP, visit } from 'unist-util-visit'

export type SectionKind = 'today' | 'tomorrow' | 'other'

export interface SubItem {
  /** Inline markdown as written (continuation lines joined with one space). */
  text: string
  /** true/false for a nested task item, null for a plain item. */
  checked: boolean | null
  /** 1 for a direct child of the task, 2 for a grandchild, ... */
  depth: number
  /** 1-based line in the file. */
  line: number
}

export interface Task {
  /** Inline markdown as written after the checkbox (continuation lines joined with one space). */
  text: string
  /** `taskKey(text)`: the task's identity across posts. */
  key: string
  checked: boolean
  /** Plain text of the nearest heading above, or undefined before the first heading. */
  section?: string
  sectionKind: SectionKind
  /** 1-based line in the file of the task's list marker. */
  line: number
  subItems: SubItem[]
}

/** A heading pattern: a RegExp tested against the plain heading text, or a string it must contain (case-folded). */
export type SectionPattern = RegExp | string

export interface SectionPatterns {
  today: SectionPattern[]
  tomorrow: SectionPattern[]
}

/** Tomorrow is tested first, so a heading such as "Todo for tomorrow" is 'tomorrow'. */
export const DEFAULT_SECTION_PATTERNS: SectionPatterns = {
  tomorrow: [/내일\s*할\s*일/i, /tomorrow/i, /to\s*do\s*tomorrow/i, /^todo$/i, /next/i],
  today: [/오늘/i, /today/i, /done/i]
}

export interface ExtractOptions {
  sections?: Partial<SectionPatterns>
}

/**
 * Cheap test: does the text contain anything that could be a task list item? Never false when
 * `extractTasks` would find a task (it may be true when there is none, e.g. inside a code fence).
 */
export function hasTaskMarker(text: string): boolean {
  return TASK_MARKER.test(text)
}
// Line start, container prefixes (indent, `>`), one or more list markers, then `[ ]`, `[x]` or `[X]`.
const TASK_MARKER = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)+\[[ xX]\]/m

const processor = unified().use(remarkParse).use(remarkGfm)

/**
 * Task-like lines read per post. Parsing is what a post costs (about a millisecond per list item), so a post with more
 * is read up to its first task-like line past the limit, and the tasks job says so: a post stays well under a second.
 */
export const MAX_TASKS_PER_POST = 500

/**
 * Lines longer than this are read as their first and last LINE_LIMIT / 2 characters: no markdown line needs more, and
 * the parser's cost per character can be large (about 10 µs for a run of `[`), so a 2 MB line took over 20 s.
 */
export const LINE_LIMIT = 2000

/** `text` with every line longer than LINE_LIMIT cut to its first and last LINE_LIMIT / 2 characters (line count kept). */
export function clipLongLines(text: string): string {
  if (text.length <= LINE_LIMIT) return text
  return text.replace(LONG_LINE, line => {
    const head = boundary(line, LINE_LIMIT / 2)
    return line.slice(0, head) + line.slice(boundary(line, line.length - LINE_LIMIT / 2))
  })
}
// Anchored at line starts: unanchored, the engine retries the scan from every character of a long line.
const LONG_LINE = new RegExp(`^[^\\r\\n]{${LINE_LIMIT + 1},}`, 'gm')

/** `at`, or one further when `at` would split a surrogate pair. */
function boundary(text: string, at: number): number {
  const c = text.charCodeAt(at - 1)
  return c >= 0xd800 && c <= 0xdbff ? at + 1 : at
}

/** Offset in `body` of the first task-like line past MAX_TASKS_PER_POST (where reading stops), or undefined. */
export function taskLimitOffset(body: string): number | undefined {
  const lines = new RegExp(TASK_MARKER.source, 'gm')
  let count = 0
  for (let m = lines.exec(body); m !== null; m = lines.exec(body)) {
    if (++count > MAX_TASKS_PER_POST) return m.index
  }
  return undefined
}

/**
 * The task items of a post body, in document order (at most MAX_TASKS_PER_POST of them).
 * @param body the post text after the front matter
 * @param bodyStartLine the 1-based file line of the body's first line (so lines are file lines)
 */
export function extractTasks(body: string, bodyStartLine: number, options: ExtractOptions = {}): Task[] {
  if (!hasTaskMarker(body)) return []
  const patterns: SectionPatterns = { ...DEFAULT_SECTION_PATTERNS, ...options.sections }
  const limit = taskLimitOffset(body)
  const source = maskLiquidRegions(clipLongLines(limit === undefined ? body : body.slice(0, limit)))
  const tree = processor.parse(source) as Root
  const lineOffset = bodyStartLine - 1
  const tasks: Task[] = []
  let section: string | undefined

  visit(tree, (node: Nodes, _index, parent) => {
    if (node.type === 'heading') {
      section = headingText(node)
      return SKIP
    }
    if (node.type === 'paragraph' && parent?.type === 'root' && isBoldOnlyParagraph(node)) {
      section = headingText(node)
      return SKIP
    }
    if (node.type === 'code' || node.type === 'html') return SKIP
    if (node.type !== 'listItem' || typeof node.checked !== 'boolean') return CONTINUE
    const text = itemText(node, source)
    tasks.push({
      text,
      key: taskKey(text),
      checked: node.checked,
      section,
      sectionKind: sectionKind(section, patterns),
      line: lineOf(node) + lineOffset,
      subItems: subItemsOf(node, source, lineOffset)
    })
    return SKIP
  })
  return tasks
}

/** Headings are classified by their first this many characters (a setext heading or bold paragraph may be long). */
export const HEADING_LIMIT = 1000

/** Classifies a heading's plain text; undefined (no heading yet) is 'other'. */
export function sectionKind(
  heading: string | undefined,
  patterns: SectionPatterns = DEFAULT_SECTION_PATTERNS
): SectionKind {
  if (heading === undefined) return 'other'
  // Bounded: a pattern (the author's own among them) never sees more than HEADING_LIMIT characters of a heading.
  const text = foldSpaces(heading.slice(0, HEADING_LIMIT).normalize('NFC')).trim()
  if (patterns.tomorrow.some(p => matches(p, text))) return 'tomorrow'
  if (patterns.today.some(p => matches(p, text))) return 'today'
  return 'other'
}

function matches(pattern: SectionPattern, text: string): boolean {
  if (typeof pattern === 'string')
    return text.toLowerCase().includes(foldSpaces(pattern).trim().toLowerCase())
  pattern.lastIndex = 0
  return pattern.test(text)
}

/**
 * A task's identity: Unicode NFC, markdown stripped (emphasis, code ticks, links and images -> their text,
 * HTML tags dropped, escapes resolved), whitespace folded to one space, lower-cased (locale-independent), trimmed.
 * `과제  제출`, `**과제 제출**` and `` `과제` 제출 `` share a key. Falls back to the folded raw text when stripping
 * leaves nothing (an image without alt text), so no task has an empty key unless its text is blank.
 */
export function taskKey(text: string): string {
  const plain = plainText(text)
  const base = plain === '' ? foldSpaces(wellFormed(text).normalize('NFC')).trim() : plain
  return bounded(base.toLowerCase().normalize('NFC'))
}

/**
 * Keys longer than this many code points keep their start and a digest of the whole, so the marker that carries a
 * key (percent-encoded, up to 12 characters per code point) always fits in an issue body.
 */
export const KEY_LIMIT = 500

function bounded(key: string): string {
  if (key.length <= KEY_LIMIT) return key
  const points = Array.from(key)
  if (points.length <= KEY_LIMIT) return key
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16)
  return `${points.slice(0, KEY_LIMIT - digest.length - 1).join('')}…${digest}`
}

/**
 * Inline markdown reduced to its visible text, NFC, whitespace folded and trimmed (case kept).
 * Block syntax is not interpreted: `1. 강의` and `# 3` stay as written.
 */
export function plainText(markdown: string): string {
  const text = wellFormed(markdown).normalize('NFC')
  if (!MARKDOWN_CHARS.test(text)) return foldSpaces(text).trim()
  return plainTextParsed(text)
}

/** plainText the long way, always through remark (exported for the test that the short cut agrees). */
export function plainTextParsed(markdown: string): string {
  const text = wellFormed(markdown).normalize('NFC')
  // A leading no-break space keeps block syntax (lists, headings, quotes, thematic breaks, indented code) from
  // starting, while still counting as whitespace for emphasis flanking; it is removed with the rest by trim().
  const tree = processor.parse('\u00a0' + text.replace(/\r?\n|\r/g, ' ')) as Root
  return foldSpaces(toString(tree, { includeHtml: false })).trim()
}
// Anything remark could turn into something other than the same text: escapes, emphasis, code, links, HTML,
// entities, GFM strikethrough and autolink literals (www., scheme://, an e-mail: `@` after a letter, digit or
// `.+-_`, then a domain with a dot). A lone `@mention` is plain text: parsing every task that names someone cost
// half of a 500-task post's planning time.
export const MARKDOWN_CHARS = /[\\`*_[\]<>&~!]|www\.|:\/\/|[\w.+-]@[\w-]*\./

function foldSpaces(text: string): string {
  return text.replace(/\s+/gu, ' ')
}

/** Lone surrogates (impossible in decoded UTF-8, possible in JS strings) become U+FFFD, so keys can be encoded. */
function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\ufffd')
}

function headingText(node: Heading | Paragraph): string | undefined {
  const text = foldSpaces(toString(node, { includeHtml: false })).trim()
  return text === '' ? undefined : text
}

function isBoldOnlyParagraph(node: Paragraph): boolean {
  const parts = node.children.filter((c: PhrasingContent) => !(c.type === 'text' && c.value.trim() === ''))
  return parts.length === 1 && parts[0]?.type === 'strong'
}

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1
}

/** The source of the item's first paragraph (after the checkbox), continuation lines joined with a space. */
function itemText(item: ListItem, source: string): string {
  const para = item.children[0]
  if (para?.type !== 'paragraph') return ''
  // The first child starts after the checkbox; the paragraph itself may still include `[ ] ` when the text
  // begins with emphasis or code (mdast-util-gfm-task-list-item only moves the paragraph start for a text head).
  const start = para.children[0]?.position?.start.offset ?? para.position?.start.offset
  const end = para.position?.end.offset
  if (start === undefined || end === undefined) return foldSpaces(toString(para)).trim()
  return source
    .slice(start, end)
    .split(/\r?\n|\r/)
    .map((line, i) => (i === 0 ? line : line.replace(/^[ \t>]*/, '')))
    .map(line => line.replace(/(?:\\|(?<![ \t])[ \t]+)$/, ''))
    .join(' ')
    .trim()
}

function subItemsOf(task: ListItem, source: string, lineOffset: number): SubItem[] {
  const out: SubItem[] = []
  const walk = (item: ListItem, depth: number): void => {
    for (const child of item.children) {
      if (child.type !== 'list') continue
      for (const sub of child.children) {
        const text = itemText(sub, source)
        if (text !== '') {
          out.push({ text, checked: sub.checked ?? null, depth, line: lineOf(sub) + lineOffset })
        }
        walk(sub, depth + 1)
      }
    }
  }
  walk(task, 1)
  return out
}

// Liquid `{% raw %}`/`{% comment %}` blocks (with optional `-` whitespace control). Only regions that span lines
// are masked: a one-line `{% raw %}{{ x }}{% endraw %}` inside a task's text is part of what the reader sees.
const LIQUID_OPEN = /\{%-?\s*(raw|comment)\s*-?%\}/g
const LIQUID_CLOSE: Record<string, RegExp> = {
  raw: /\{%-?\s*endraw\s*-?%\}/g,
  comment: /\{%-?\s*endcomment\s*-?%\}/g
}

/** Replaces every character of a multi-line Liquid raw/comment region by a space, keeping newlines and offsets. */
export function maskLiquidRegions(body: string): string {
  if (!body.includes('{%')) return body
  let out = ''
  let from = 0
  LIQUID_OPEN.lastIndex = 0
  for (let open = LIQUID_OPEN.exec(body); open !== null; open = LIQUID_OPEN.exec(body)) {
    const close = LIQUID_CLOSE[open[1] as string] as RegExp
    close.lastIndex = open.index + open[0].length
    const found = close.exec(body)
    const end = found === null ? body.length : found.index + found[0].length
    const region = body.slice(open.index, end)
    if (/[\r\n]/.test(region)) {
      out += body.slice(from, open.index) + region.replace(/[^\r\n]/g, ' ')
      from = end
    }
    LIQUID_OPEN.lastIndex = end
  }
  return out + body.slice(from)
}
