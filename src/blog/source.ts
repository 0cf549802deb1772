// Positions in a post's text: offsets to 1-based lines and columns (LineIndex), and where a front matter key and
// its value are written (locate, keys read as Psych reads them). Pure: never parses a post or judges it.
import { Document, isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml'
import type { Position, Range } from './model.js'
import { psychTokenize } from './ruby/scalar-scanner.js'
import { RubySymbol, rubyKey } from './ruby/values.js'

/** Maps offsets of a text to 1-based line/column (columns count Unicode code points, lines end at `\n`). */
export class LineIndex {
  readonly starts: number[] = [0]
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }
  /** 0-based index of the line holding `offset`. */
  lineIndexOf(offset: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    const li = this.lineIndexOf(clamped)
    const start = this.starts[li] ?? 0
    return { line: li + 1, column: codePointLength(this.text, start, clamped) + 1 }
  }
  range(startOffset: number, endOffset: number): Range {
    return { start: this.position(startOffset), end: this.position(endOffset), startOffset, endOffset }
  }
}

function codePointLength(text: string, start: number, end: number): number {
  let n = 0
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

export function locateIn(
  doc: Document,
  path: (string | number)[],
  yamlOffset: number,
  index: LineIndex
): { key?: Range; value?: Range } | undefined {
  let node: unknown = doc.contents
  let keyNode: unknown
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(doc)
    if (typeof step === 'number') {
      if (!isSeq(node)) return undefined
      node = node.items[step]
      keyNode = undefined
      if (node === undefined) return undefined
    } else {
      if (!isMap(node)) return undefined
      let found: { key: unknown; value: unknown } | undefined
      for (const pair of node.items) {
        // Psych keeps the last of duplicate keys, so the last one is where the value lives.
        const k = pair.key
        const name = isScalar(k) ? rubyKeySafe(k) : undefined
        if (name === step) found = { key: k, value: pair.value }
      }
      if (!found) return undefined
      keyNode = found.key
      node = found.value
    }
  }
  const toRange = (n: unknown): Range | undefined => {
    const r = (n as { range?: [number, number, number] } | null)?.range
    if (!r) return undefined
    return index.range(yamlOffset + r[0], yamlOffset + r[1])
  }
  const key = toRange(keyNode)
  let value = toRange(node)
  if (value === undefined && keyNode !== undefined && key) {
    // `key:` with nothing after it: an empty value just after the colon.
    value = index.range(key.endOffset, key.endOffset)
  }
  if (key === undefined && value === undefined) return undefined
  return { ...(key ? { key } : {}), ...(value ? { value } : {}) }
}

function rubyKeySafe(k: Scalar): string | undefined {
  try {
    const quoted = k.type !== undefined && k.type !== Scalar.PLAIN
    const source = typeof k.source === 'string' ? k.source : String(k.value ?? '')
    const v = quoted ? source : psychTokenize(source)
    return v instanceof RubySymbol ? undefined : rubyKey(v)
  } catch {
    return undefined
  }
}
