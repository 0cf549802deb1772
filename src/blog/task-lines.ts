// The line scan of a post body's top-level task lines, and lineKey (taskKey without the parser for plain lines),
// for posts older than the cut-off. Pure; never decides an issue: these posts only count stale tasks.
import { MAX_TASKS_PER_POST, clipLongLines, hasTaskMarker, taskKey } from './tasks.js'

// A top-level GFM task item on one line (at most three spaces of indent), and a code fence. Linear: `.+$` takes the
// rest of the line at once, so `[ \t]+` gives back at most one character.
// eslint-disable-next-line regexp/no-super-linear-backtracking
const TASK_LINE = /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+(.+)$/
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/** A top-level task line of a post, as the line scan reads it. */
export interface TaskLine {
  checked: boolean
  text: string
}

/**
 * The top-level task lines of a post body in order, fenced code skipped, at most MAX_TASKS_PER_POST: a line scan,
 * not a parse. A body given as bytes (UTF-8, as read from disk) is scanned without decoding it whole: the markers
 * are ASCII, and only the task texts are decoded.
 */
export function taskLines(body: string | Uint8Array): TaskLine[] {
  const bytes = typeof body !== 'string'
  const text = bytes ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1') : body
  if (!hasTaskMarker(text)) return []
  const lines: TaskLine[] = []
  let fence: string | undefined
  for (const line of text.split(/\r?\n|\r/)) {
    const f = FENCE.exec(line)
    if (f) {
      if (fence === undefined) fence = f[1]![0]
      else if (f[1]![0] === fence) fence = undefined
      continue
    }
    if (fence !== undefined) continue
    const m = TASK_LINE.exec(line)
    if (!m) continue
    if (lines.length === MAX_TASKS_PER_POST) break
    const written = bytes ? Buffer.from(m[2]!, 'latin1').toString('utf8') : m[2]!
    // Cut as the parser's reading cuts long lines: a 2 MB task line would cost its key seconds to compute.
    lines.push({ checked: m[1] !== ' ', text: clipLongLines(written) })
  }
  return lines
}

/**
 * Tasks still unchecked at the end of `bodies` (in date order), keys in `exclude` left out: the count of older
 * unchecked tasks for the summary. Reads lines, skipping fenced code, instead of parsing: these posts can change
 * no issue, so an estimate is enough and the cost stays small.
 */
export function olderUnchecked(
  bodies: ReadonlyArray<string | Uint8Array>,
  exclude: ReadonlySet<string>
): number {
  return stillUnchecked(bodies.map(taskLines), exclude)
}

/** Tasks still unchecked after the task lines of several posts (in date order), keys in `exclude` left out. */
export function stillUnchecked(posts: Iterable<readonly TaskLine[]>, exclude: ReadonlySet<string>): number {
  const open = new Set<string>()
  const keys = new Map<string, string>()
  for (const lines of posts) {
    for (const { checked, text } of lines) {
      let key = keys.get(text)
      if (key === undefined) {
        key = lineKey(text)
        keys.set(text, key)
      }
      if (key === '' || exclude.has(key)) continue
      if (checked) open.delete(key)
      else open.add(key)
    }
  }
  return open.size
}

// What lineKey leaves to the parser: escapes, HTML, entities, strikethrough, images, links and references,
// footnotes, autolink literals, doubled backticks, and whitespace that JavaScript and CommonMark disagree on.
const PARSER_NEEDED =
  /[\\<>&~!\uE000\v\u2028\u2029\uFEFF\uD800-\uDFFF]|www\.|:\/\/|\]\(|\]\[|\[\^|\]:|``|[\w.+-]@/i
// Emphasis between whitespace (or the ends): such a delimiter run can only open (or only close), so it always pairs.
const EMPHASIS = /(^|\s)(\*\*|__|\*|_)(?![\s*_])([^*_]*?[^\s*_])\2(?=\s|$)/g
const CODE = '\uE000'

/**
 * taskKey of a task line's text, without the markdown parser for what daily logs mostly hold: plain text,
 * `**strong**` and `*emphasis*` between spaces, `` `code` ``, a `[label]` that links nowhere, an `@name`. Anything
 * else goes to taskKey itself, so the key is always taskKey's (the tests hold it to that); it only costs less.
 */
export function lineKey(text: string): string {
  if (text.length > 400 || PARSER_NEEDED.test(text)) return taskKey(text)
  let rest = text.normalize('NFC')
  const code: string[] = []
  if (rest.includes('`')) {
    rest = rest.replace(/`([^`]+)`/g, (_all, inner: string) => {
      // A code span's content, with one space stripped from each side when both sides have one.
      code.push(
        inner.length > 2 && inner[0] === ' ' && inner.endsWith(' ') && /[^ ]/.test(inner.slice(1, -1))
          ? inner.slice(1, -1)
          : inner
      )
      return CODE
    })
    if (rest.includes('`')) return taskKey(text)
  }
  for (let before = ''; before !== rest;) {
    before = rest
    rest = rest.replace(EMPHASIS, '$1$3')
  }
  if (/[*_]/.test(rest)) return taskKey(text)
  let i = 0
  const plain = rest
    .replace(/\uE000/g, () => code[i++] ?? '')
    .replace(/\s+/gu, ' ')
    .trim()
  if (plain === '') return taskKey(text)
  return plain.toLowerCase().normalize('NFC')
}
