// The hidden lines that give an issue or a comment its identity: the task marker, the source line and the close
// marker, written and parsed back. A leaf: no markdown parser, no GitHub; a marker anywhere but the end is ignored.

const MARKER = 'jekyll-post-ops:task'
const SOURCE = 'jekyll-post-ops:source'

/** Percent-encodes `%`, `<`, `>`, `@`, `#`, whitespace and control/format characters (UTF-8). */
export function encodeMarkerValue(value: string): string {
  return value.replace(/[%<>@#\s\p{C}]/gu, ch => encodeURIComponent(ch.replace(/\p{Cs}/u, '\ufffd')))
}

/** Inverse of `encodeMarkerValue`; undefined for a malformed encoding. */
export function decodeMarkerValue(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

/** The body's last line: the task key, encoded. */
export function markerLine(key: string): string {
  return `<!-- ${MARKER} ${encodeMarkerValue(key)} -->`
}

/** The line above the marker: the post (its date and path) that opened the instance the issue stands for. */
export function sourceLine(opened: { dateIso: string; path: string }): string {
  return `<!-- ${SOURCE} ${encodeMarkerValue(opened.dateIso)} ${encodeMarkerValue(opened.path)} -->`
}

const MARKER_RE = /^<!-- jekyll-post-ops:task (\S+) -->$/
const SOURCE_RE = /^<!-- jekyll-post-ops:source (\S+) (\S+) -->$/

function lastLines(body: string): string[] {
  return body.trimEnd().split(/\r?\n|\r/)
}

/** The task key in the body's final marker line, or undefined. Markers anywhere else are ignored. */
export function parseMarker(body: string | null | undefined): string | undefined {
  if (!body) return undefined
  const m = MARKER_RE.exec(lastLines(body).at(-1) ?? '')
  const key = m === null ? undefined : decodeMarkerValue(m[1] as string)
  return key === '' ? undefined : key
}

/** The post that opened the instance an issue stands for (from the line just above the marker). */
export interface IssueSource {
  dateIso: string
  /** Epoch ms of `dateIso`. */
  date: number
  path: string
}

export function parseIssueSource(body: string | null | undefined): IssueSource | undefined {
  if (!body || parseMarker(body) === undefined) return undefined
  const m = SOURCE_RE.exec(lastLines(body).at(-2) ?? '')
  if (m === null) return undefined
  const dateIso = decodeMarkerValue(m[1] as string)
  const path = decodeMarkerValue(m[2] as string)
  const date = dateIso === undefined ? NaN : Date.parse(dateIso)
  if (dateIso === undefined || path === undefined || Number.isNaN(date)) return undefined
  return { dateIso, date, path }
}

/**
 * The last line of every comment the action leaves with a close of its own (closeComment, duplicateComment): what
 * tells its closes from any other close by the same account (every workflow's GITHUB_TOKEN is `github-actions`).
 */
export const CLOSED_MARKER = '<!-- jekyll-post-ops:closed -->'

/** Whether a comment is one the action leaves with its own close: its last line is CLOSED_MARKER. */
export function isClosingComment(body: string | null | undefined): boolean {
  return body != null && lastLines(body).at(-1) === CLOSED_MARKER
}
