// Certain fixes as replacements of whole lines (what a suggested change on a pull request holds): the lines a
// post's fixes touch, and exactly what `applyFixes` turns them into. Pure: never changes a byte outside them.
import { createHash } from 'node:crypto'
import { applyFixes } from './fix.js'
import type { Diagnostic, PostFile } from './model.js'

/** The fixes of one run of lines, as one replacement. */
export interface LineFix {
  /** Blog-relative path of the post. */
  file: string
  /** First and last line replaced (1-based, inclusive). */
  startLine: number
  endLine: number
  /** The lines as written, with their line ends. */
  original: string
  /** What replaces them, with line ends; '' removes the lines. */
  replacement: string
  /** The findings whose fixes it applies, in file order. */
  findings: Array<{ rule: string; line: number; description: string }>
  /** Stable identity: the file, the lines as written and their replacement. */
  key: string
}

interface Candidate {
  diagnostic: Diagnostic
  startLine: number
  endLine: number
}

/**
 * The line fixes of `file`: fixes on overlapping runs of lines become one (so two suggestions never fight over a
 * line). Applying every one of them gives exactly `applyFixes(file, diagnostics).text`.
 */
export function lineFixesOf(file: PostFile, diagnostics: readonly Diagnostic[]): LineFix[] {
  const text = file.text
  const lineStarts = lineStartsOf(text)
  const candidates: Candidate[] = []
  for (const diagnostic of diagnostics) {
    if (diagnostic.file !== file.path || !diagnostic.fix || diagnostic.fix.edits.length === 0) continue
    const edits = diagnostic.fix.edits
    const start = Math.min(...edits.map(e => e.start))
    const end = Math.max(...edits.map(e => e.end))
    if (!(start >= 0 && end <= text.length && start <= end)) continue
    const startLine = lineAt(lineStarts, start)
    // An edit that ends just after a line end (a removed line) ends on that line, not the next.
    const endLine = end > start && text[end - 1] === '\n' ? lineAt(lineStarts, end - 1) : lineAt(lineStarts, end)
    candidates.push({ diagnostic, startLine, endLine })
  }
  candidates.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine)
  const groups: Candidate[][] = []
  for (const candidate of candidates) {
    const last = groups.at(-1)
    if (last && candidate.startLine <= Math.max(...last.map(c => c.endLine))) last.push(candidate)
    else groups.push([candidate])
  }
  const fixes: LineFix[] = []
  for (const group of groups) {
    const startLine = group[0]!.startLine
    const endLine = Math.max(...group.map(c => c.endLine))
    const from = lineStarts[startLine - 1]!
    const to = endLine < lineStarts.length ? lineStarts[endLine]! : text.length
    // Applied in the order the rules gave them, as `check --fix` applies them.
    const inOrder = diagnostics.filter(d => group.some(c => c.diagnostic === d))
    const fixed = applyFixes(file, inOrder)
    if (fixed.applied === 0) continue
    const replacement = fixed.text.slice(from, to + fixed.text.length - text.length)
    const original = text.slice(from, to)
    if (replacement === original) continue
    fixes.push({
      file: file.path,
      startLine,
      endLine,
      original,
      replacement,
      findings: group
        .map(c => ({ rule: c.diagnostic.rule, line: c.diagnostic.line, description: c.diagnostic.fix!.description }))
        .sort((a, b) => a.line - b.line),
      key: keyOf(file.path, original, replacement)
    })
  }
  return fixes
}

/** Applies line fixes (of one file, disjoint, as `lineFixesOf` returns them) to its text. */
export function applyLineFixes(text: string, fixes: readonly LineFix[]): string {
  const lineStarts = lineStartsOf(text)
  let out = ''
  let cursor = 0
  for (const fix of [...fixes].sort((a, b) => a.startLine - b.startLine)) {
    const from = lineStarts[fix.startLine - 1]!
    const to = fix.endLine < lineStarts.length ? lineStarts[fix.endLine]! : text.length
    if (from < cursor || text.slice(from, to) !== fix.original) throw new Error(`${fix.file}:${fix.startLine}: the lines changed since the fix was made`)
    out += text.slice(cursor, from) + fix.replacement
    cursor = to
  }
  return out + text.slice(cursor)
}

/** The replacement as the lines of a suggested change: line ends dropped ('' removes the lines). */
export function suggestedLines(fix: LineFix): string {
  return fix.replacement.replace(/\r?\n$/, '').replace(/\r\n/g, '\n')
}

function keyOf(file: string, original: string, replacement: string): string {
  return createHash('sha256').update(`${file}\0${original}\0${replacement}`).digest('hex').slice(0, 16)
}

/** Offsets where each line starts (line n starts at [n - 1]); lines end at `\n`. */
function lineStartsOf(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 <= text.length; i = text.indexOf('\n', i + 1)) {
    if (i + 1 < text.length) starts.push(i + 1)
  }
  return starts
}

function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0
  let high = lineStarts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (lineStarts[mid]! <= offset) low = mid
    else high = mid - 1
  }
  return low + 1
}
