// Rules for a post's `categories` and `tags`, judged by what Jekyll 4 makes of them and what Chirpy expects
// (string splitting, lowercase tags, two category levels, repeats, empty and non-string entries). Pure: reads the post only.
import { isScalar, parse, type Node } from 'yaml'
import { diagnosticAt } from '../diagnostic.js'
import { fixOf, nodeSpan, removeItemEdit } from '../fix.js'
import type { Diagnostic, Fix, Post, PostFile, PostRule, Range, Severity, TextEdit } from '../model.js'
import { isRubyDate, isRubyTime, RubyFloat, rubyToS } from '../ruby/values.js'
import { LineIndex } from '../source.js'

export type TaxonomyField = 'tags' | 'categories'

/** One category or tag as Jekyll will see it, with where it is written. */
export interface TaxonomyEntry {
  field: TaxonomyField
  /** Position in the list (in the split words for the string form). */
  index: number
  /** The value as Ruby reads it (a string for well-formed entries). */
  value: unknown
  /** `list`: an item of a YAML sequence; `string`: a word of a string Jekyll splits on whitespace. */
  form: 'list' | 'string'
  /** Where the entry is written (for a word: the word inside its scalar when that can be placed exactly). */
  range?: Range
  /** File span whose text is exactly the string value (plain or quoted without escapes), for certain edits. */
  span?: { start: number; end: number }
  /** The YAML node of a list item. */
  node?: Node
}

const SINGULAR: Record<TaxonomyField, string> = { tags: 'tag', categories: 'category' }

/**
 * The entries of `categories` or `tags`: the items of a list, or the words of a string (split as Ruby's
 * `String#split` does: on ASCII whitespace only, so an ideographic space U+3000 does not split).
 * Empty for a missing, null or non-list, non-string value. Made once per post: callers share the list and must not
 * change it.
 */
export function taxonomyEntries(post: Post, field: TaxonomyField): TaxonomyEntry[] {
  // The per-post rules and the whole-blog rules both ask; placing the entries is worth doing once per post.
  const known = entriesMade.get(post)
  if (known && known.frontMatter === post.frontMatter && known.file === post.file) {
    const entries = known[field]
    if (entries) return entries
  }
  const entries = makeEntries(post, field)
  if (known && known.frontMatter === post.frontMatter && known.file === post.file) known[field] = entries
  else entriesMade.set(post, { frontMatter: post.frontMatter, file: post.file, [field]: entries })
  return entries
}

/** Entries made per post, with the front matter and file they were made from. */
const entriesMade = new WeakMap<
  Post,
  { frontMatter: Post['frontMatter']; file: PostFile } & Partial<Record<TaxonomyField, TaxonomyEntry[]>>
>()

function makeEntries(post: Post, field: TaxonomyField): TaxonomyEntry[] {
  const fm = post.frontMatter
  if (!fm) return []
  const value = fm.data[field]
  if (typeof value === 'string') return stringEntries(post, field, value)
  if (!Array.isArray(value)) return []
  const seq = fm.doc.getIn([field], true)
  return value.map((item, index) => {
    const node = itemNode(seq, index)
    const located = fm.locate([field, index])
    const span = node ? exactSpan(post, node, item) : undefined
    return { field, index, value: item, form: 'list', range: located?.value, span, node }
  })
}

/** Ruby's `String#split` with no argument: split on runs of ASCII whitespace, ignoring leading/trailing runs. */
export function rubySplit(text: string): { word: string; offset: number }[] {
  const words: { word: string; offset: number }[] = []
  for (const match of text.matchAll(/[^ \t\n\v\f\r]+/g)) words.push({ word: match[0], offset: match.index })
  return words
}

export const taxonomyRules: PostRule = post => {
  if (!post.frontMatter) return []
  return [...fieldRules(post, 'categories'), ...fieldRules(post, 'tags')]
}

function fieldRules(post: Post, field: TaxonomyField): Diagnostic[] {
  const fm = post.frontMatter!
  const value = fm.data[field]
  const whole = fm.locate([field])
  const out: Diagnostic[] = []
  const at = (range: Range | undefined, rule: string, severity: Severity, message: string, fix?: Fix) => {
    const where = range ?? whole?.value ?? whole?.key
    out.push(diagnosticAt(post, where, rule, severity, message, fix))
  }
  if (value === undefined || value === null) return out

  if (typeof value === 'string') {
    const words = rubySplit(value).map(w => w.word)
    if (words.length > 1) {
      const one = field === 'tags' ? value.trim().toLowerCase() : value.trim()
      at(
        whole?.value,
        `${field}/string`,
        'warning',
        `\`${field}: ${value.trim()}\` is a string: Jekyll splits it on whitespace into ${rubyToS(words)}. ` +
          `For one ${SINGULAR[field]} write \`[${one}]\`; for several, a list such as \`[${words.join(', ')}]\`.`
      )
    }
  } else if (!Array.isArray(value)) {
    at(whole?.value, `${field}/type`, field === 'tags' ? 'warning' : 'error', wholeTypeMessage(field, value))
    return out
  }

  const entries = taxonomyEntries(post, field)
  const seq = fm.doc.getIn([field], true)
  const first = new Map<string, TaxonomyEntry>()
  for (const entry of entries) {
    const removal = (what: string) =>
      entry.form === 'list' ? fixOf(`Remove ${what}`, removeItemEdit(post, seq, entry.index)) : undefined
    const v = entry.value
    if (v === null || v === undefined) {
      at(
        entry.range,
        `${field}/empty`,
        'warning',
        field === 'tags'
          ? `An empty (null) entry in \`tags\`: Jekyll drops it.`
          : `An empty (null) entry in \`categories\`: Jekyll lists it as an empty category.`,
        removal('the empty entry')
      )
      continue
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        at(
          entry.range,
          `${field}/empty`,
          'warning',
          field === 'tags'
            ? `An empty list inside \`tags\`: Jekyll flattens it away.`
            : `An empty list inside \`categories\`: Jekyll lists it as the category \`[]\`.`,
          removal('the empty list')
        )
      } else {
        at(
          entry.range,
          `${field}/type`,
          field === 'tags' ? 'warning' : 'error',
          field === 'tags'
            ? `A list inside \`tags\`: Jekyll flattens it into the tags ${rubyToS(v.flat(Infinity))}; write them as items of \`tags\`.`
            : `A list inside \`categories\`: Jekyll adds the text \`${rubyToS(v)}\` as a category besides its items; write the items directly.`
        )
      }
      continue
    }
    if (typeof v !== 'string') {
      at(
        entry.range,
        `${field}/type`,
        field === 'tags' ? 'warning' : 'error',
        itemTypeMessage(post, field, entry)
      )
      continue
    }
    if (v.trim() === '') {
      at(
        entry.range,
        `${field}/empty`,
        'warning',
        `An empty ${SINGULAR[field]} ${JSON.stringify(v)}: Jekyll keeps it and Chirpy shows an empty ${SINGULAR[field]} link.`,
        removal(`the empty ${SINGULAR[field]}`)
      )
      continue
    }
    const earlier = first.get(v)
    if (earlier) {
      const line = earlier.range ? ` (first on line ${earlier.range.start.line})` : ''
      at(
        entry.range,
        `${field}/duplicate`,
        'warning',
        field === 'tags'
          ? `Tag \`${v}\` is listed twice${line}: Jekyll keeps both, so the post shows it twice.`
          : `Category \`${v}\` is listed twice${line}: Jekyll drops the repeat.`,
        removal(`the repeated \`${v}\``)
      )
      continue
    }
    first.set(v, entry)
    if (field === 'tags' && v !== v.toLowerCase()) {
      const lower = v.toLowerCase()
      at(
        entry.range,
        'tags/lowercase',
        'error',
        `Tag \`${v}\` is not lowercase (Chirpy: "TAG names should always be lowercase"): use \`${lower}\`.`,
        fixOf(`Lowercase the tag to \`${lower}\``, lowercaseEdit(post, entry))
      )
    }
  }

  if (field === 'categories') {
    const strings = entries.filter(e => typeof e.value === 'string' && e.value.trim() !== '')
    const names = [...new Set(strings.map(e => e.value as string))]
    if (names.length > 2) {
      const third = strings.find(e => e.value === names[2])
      at(
        third?.range,
        'categories/too-many',
        'warning',
        `${names.length} categories: Chirpy's category tree has two levels (\`${names[0]}\` > \`${names[1]}\`); ` +
          `${names
            .slice(2)
            .map(n => `\`${n}\``)
            .join(', ')} ${names.length > 3 ? 'fall' : 'falls'} outside it.`
      )
    }
  }
  return out
}

function itemNode(seq: unknown, index: number): Node | undefined {
  const items = (seq as { items?: unknown[] } | undefined)?.items
  const node = Array.isArray(items) ? items[index] : undefined
  return node && typeof node === 'object' && Array.isArray((node as Node).range) ? (node as Node) : undefined
}

/** The file span whose text is exactly `value`: a plain scalar, or the inside of a quoted one without escapes. */
function exactSpan(post: Post, node: Node, value: unknown): { start: number; end: number } | undefined {
  if (typeof value !== 'string' || !isScalar(node)) return undefined
  const span = nodeSpan(post, node)
  if (!span) return undefined
  const text = post.file.text
  if (node.type === 'PLAIN' && text.slice(span.start, span.end) === value) return span
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && span.end - span.start >= 2) {
    const inner = { start: span.start + 1, end: span.end - 1 }
    if (text.slice(inner.start, inner.end) === value) return inner
  }
  return undefined
}

function stringEntries(post: Post, field: TaxonomyField, value: string): TaxonomyEntry[] {
  const fm = post.frontMatter!
  const located = fm.locate([field])?.value
  const node = fm.doc.getIn([field], true) as Node | undefined
  const span = node ? exactSpan(post, node, value) : undefined
  return rubySplit(value).map(({ word, offset }, index) => {
    if (!span) return { field, index, value: word, form: 'string', range: located }
    const wordSpan = { start: span.start + offset, end: span.start + offset + word.length }
    const range: Range = {
      start: positionAt(post.file, wordSpan.start),
      end: positionAt(post.file, wordSpan.end),
      startOffset: wordSpan.start,
      endOffset: wordSpan.end
    }
    return { field, index, value: word, form: 'string', range, span: wordSpan }
  })
}

const indexes = new WeakMap<PostFile, LineIndex>()

/** 1-based line and column (columns in code points, as posts.ts places everything) of a file offset. */
export function positionAt(file: PostFile, offset: number): { line: number; column: number } {
  let index = indexes.get(file)
  if (!index) indexes.set(file, (index = new LineIndex(file.text)))
  return index.position(offset)
}

/**
 * Lowercasing the written text is certain only when that text is exactly the value and the lowercased text
 * still reads as the same string (a plain `0X1F` lowercased would become the number 31).
 */
function lowercaseEdit(post: Post, entry: TaxonomyEntry): TextEdit | undefined {
  if (!entry.span || typeof entry.value !== 'string') return undefined
  const lower = entry.value.toLowerCase()
  const quoted = post.file.text[entry.span.start - 1]
  const plain =
    !(entry.node && isScalar(entry.node) && entry.node.type !== 'PLAIN') && quoted !== '"' && quoted !== "'"
  if (plain && !readsAsString(lower)) return undefined
  return { start: entry.span.start, end: entry.span.end, text: lower }
}

const readsAsStringCache = new Map<string, boolean>()

function readsAsString(plain: string): boolean {
  let known = readsAsStringCache.get(plain)
  if (known === undefined) readsAsStringCache.set(plain, (known = parsesAsString(plain)))
  return known
}

function parsesAsString(plain: string): boolean {
  const asYaml11 = safeParse(`v: ${plain}`, '1.1')
  const asYaml12 = safeParse(`v: ${plain}`, '1.2')
  return (
    asYaml11 === plain &&
    asYaml12 === plain &&
    !/^(?:null|~|true|false|yes|no|on|off|y|n|[-+]?\.(?:inf|nan))$/.test(plain)
  )
}

function safeParse(text: string, version: '1.1' | '1.2'): unknown {
  try {
    return (parse(text, { version }) as { v?: unknown } | null)?.v
  } catch {
    return undefined
  }
}

/** What Ruby calls the class of a value, for messages that quote Jekyll's errors. */
export function rubyClass(value: unknown): string {
  if (value === true) return 'true'
  if (value === false) return 'false'
  if (value instanceof RubyFloat) return 'Float'
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float'
  if (isRubyTime(value)) return 'Time'
  if (isRubyDate(value)) return 'Date'
  if (Array.isArray(value)) return 'Array'
  if (value && typeof value === 'object') return 'Hash'
  if (typeof value === 'string') return 'String'
  return 'nil'
}

/** How YAML typed a non-string entry, in words: "the number 8 (written `010`)", "the boolean true (written `yes`)". */
function describeValue(post: Post, value: unknown, range: Range | undefined): string {
  const shown = rubyToS(value)
  const cls = rubyClass(value)
  if (cls === 'Hash') return `a map ${shown}`
  const source = range ? post.file.text.slice(range.startOffset, range.endOffset).trim() : undefined
  const wrote = source !== undefined && source !== shown ? ` (written \`${source}\`)` : ''
  const kind =
    cls === 'Integer' || cls === 'Float'
      ? 'the number'
      : cls === 'Time'
        ? 'the time'
        : cls === 'Date'
          ? 'the date'
          : 'the boolean'
  return `${kind} ${shown}${wrote}`
}

function itemTypeMessage(post: Post, field: TaxonomyField, entry: TaxonomyEntry): string {
  const v = entry.value
  const shown = rubyToS(v)
  const what = describeValue(post, v, entry.range)
  const cls = typeof v === 'boolean' ? 'boolean' : rubyClass(v)
  const source = entry.range
    ? post.file.text.slice(entry.range.startOffset, entry.range.endOffset).trim()
    : shown
  const advice =
    rubyClass(v) === 'Hash'
      ? `Write it as a plain ${SINGULAR[field]} name.`
      : `Quote it (\`${JSON.stringify(source)}\`) if that text is what you mean.`
  if (field === 'tags') {
    return `YAML reads this tag as ${what}, not a string: Jekyll keeps the ${cls} and Chirpy shows it as \`${shown}\`. ${advice}`
  }
  return (
    `YAML reads this category as ${what}, not a string: Jekyll lists both the ${cls} and the text \`${shown}\`, ` +
    `so the category appears twice. ${advice}`
  )
}

function wholeTypeMessage(field: TaxonomyField, value: unknown): string {
  const cls = rubyClass(value)
  const noun = typeof value === 'boolean' ? 'boolean' : cls
  if (field === 'tags') {
    return `\`tags\` is a ${noun} (${rubyToS(value)}), not a list or a string: Jekyll ignores it and the post has no tags.`
  }
  return (
    `\`categories\` is a ${noun} (${rubyToS(value)}), not a list or a string: Jekyll cannot read this post ` +
    `("no implicit conversion of ${cls} into Array") and builds it without any of its front matter.`
  )
}
