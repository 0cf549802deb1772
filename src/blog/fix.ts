// Certain fixes: builds the text edits that rename a key or remove a sequence item from front matter, and
// applies the fixes of diagnostics to a file's text. Never changes a byte outside an edit's span.
import { isSeq, type Node, type YAMLSeq } from 'yaml'
import type { Diagnostic, Fix, PostFile, Post, TextEdit } from './model.js'

export interface FixResult {
  /** The new text (the input text when nothing applied). */
  text: string
  /** Fixes applied. */
  applied: number
  /** Fixes not applied: they overlap a fix applied before them, repeat one, or point outside the text. */
  skipped: number
}

/**
 * Applies the fixes of the diagnostics for `file` (diagnostics of other files are ignored). A fix is applied
 * whole or not at all; fixes are taken in the order given and one that overlaps an earlier accepted fix is
 * skipped (running again after re-checking picks it up).
 */
export function applyFixes(file: PostFile, diagnostics: readonly Diagnostic[]): FixResult {
  const accepted: TextEdit[] = []
  let applied = 0
  let skipped = 0
  for (const diagnostic of diagnostics) {
    if (diagnostic.file !== file.path || !diagnostic.fix) continue
    const edits = diagnostic.fix.edits
    if (
      edits.length === 0 ||
      !edits.every(edit => withinText(edit, file.text.length)) ||
      overlapsAny(edits, edits)
    ) {
      skipped++
      continue
    }
    if (edits.some(edit => accepted.some(other => overlaps(edit, other)))) {
      skipped++
      continue
    }
    accepted.push(...edits)
    applied++
  }
  accepted.sort((a, b) => a.start - b.start)
  let text = ''
  let cursor = 0
  for (const edit of accepted) {
    text += file.text.slice(cursor, edit.start) + edit.text
    cursor = edit.end
  }
  text += file.text.slice(cursor)
  return { text, applied, skipped }
}

/** The bytes to write back: the text as UTF-8, with the BOM restored when the file had one. */
export function encodeForDisk(file: PostFile, text: string): Uint8Array {
  return Buffer.from((file.bom ? '\uFEFF' : '') + text, 'utf8')
}

function withinText(edit: TextEdit, length: number): boolean {
  return (
    Number.isInteger(edit.start) &&
    Number.isInteger(edit.end) &&
    edit.start >= 0 &&
    edit.start <= edit.end &&
    edit.end <= length
  )
}

/** Two edits overlap when their spans share a character, or both insert at the same place (order unknown). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start
  if (a.start === a.end) return b.start < a.start && a.start < b.end
  if (b.start === b.end) return a.start < b.start && b.start < a.end
  return a.start < b.end && b.start < a.end
}

function overlapsAny(edits: readonly TextEdit[], others: readonly TextEdit[]): boolean {
  return edits.some((edit, i) => others.some((other, j) => i !== j && overlaps(edit, other)))
}

// ---- building edits from the YAML document (offsets: node ranges + the front matter's offset) ----

/** File offsets [start, end) of a node's value, from the node's own range. */
export function nodeSpan(post: Post, node: Node): { start: number; end: number } | undefined {
  const fm = post.frontMatter
  if (!fm || !node.range) return undefined
  return { start: fm.yamlOffset + node.range[0], end: fm.yamlOffset + node.range[1] }
}

/**
 * The edit that replaces a key (a plain scalar written on one line) with `newName`, or undefined when the key is
 * quoted or otherwise not certain to be replaced byte for byte.
 */
export function renameKeyEdit(post: Post, key: unknown, newName: string): TextEdit | undefined {
  const node = key as Node & { type?: string; source?: string; value?: unknown }
  if (!node || typeof node !== 'object' || node.type !== 'PLAIN' || typeof node.value !== 'string')
    return undefined
  const span = nodeSpan(post, node)
  if (!span || post.file.text.slice(span.start, span.end) !== node.value) return undefined
  return { start: span.start, end: span.end, text: newName }
}

/**
 * The edit that removes item `index` of the sequence `seq` with everything that belongs to it (its comma in a
 * flow sequence, its line in a block sequence), or undefined when that is not certain: a comment in the way,
 * an item spanning lines, another node on the item's line.
 */
export function removeItemEdit(post: Post, seq: unknown, index: number): TextEdit | undefined {
  if (!isSeq(seq)) return undefined
  const items = (seq as YAMLSeq<unknown>).items as Node[]
  const item = items[index]
  if (!item || !isNodeWithRange(item)) return undefined
  const span = nodeSpan(post, item)
  if (!span) return undefined
  const text = post.file.text
  if (seq.flow) {
    let start: number
    let end: number
    if (index > 0) {
      const previous = items[index - 1]
      if (!previous || !isNodeWithRange(previous)) return undefined
      start = nodeSpan(post, previous)!.end
      end = span.end
    } else if (items.length > 1) {
      const next = items[1]
      if (!next || !isNodeWithRange(next)) return undefined
      start = span.start
      end = nodeSpan(post, next)!.start
    } else {
      start = span.start
      end = span.end
    }
    const outside = text.slice(start, span.start) + text.slice(span.end, end)
    if (/[\n\r]/.test(text.slice(span.start, span.end))) return undefined
    if (!(items.length === 1 ? outside === '' : /^\s*,\s*$/.test(outside))) return undefined
    return { start, end, text: '' }
  }
  // Block sequence: remove the item's whole line, when the line holds exactly `- item`.
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1
  const newline = text.indexOf('\n', span.end)
  if (newline < 0) return undefined
  const lineEnd = text[newline - 1] === '\r' ? newline - 1 : newline
  const before = text.slice(lineStart, span.start)
  const value = text.slice(span.start, span.end)
  const after = text.slice(span.end, lineEnd)
  if (/[\n\r]/.test(value)) return undefined
  if (!/^[ \t]*-[ \t]*$/.test(before) && !(value === '' && /^[ \t]*-[ \t]*$/.test(before + after)))
    return undefined
  if (value !== '' && !/^[ \t]*$/.test(after)) return undefined
  return { start: lineStart, end: newline + 1, text: '' }
}

function isNodeWithRange(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && Array.isArray((value as Node).range)
}

/** A fix of one edit, or undefined when there is no certain edit. */
export function fixOf(description: string, edit: TextEdit | undefined): Fix | undefined {
  return edit ? { description, edits: [edit] } : undefined
}
