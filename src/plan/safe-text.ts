// Plain text made safe to show on GitHub: @mentions, #refs, GH-refs and `<!--` neutralised with a zero width space,
// titles cut on a grapheme boundary. A leaf: it never parses markdown (issue-text.ts does that for bodies).

/** GitHub's limit on an issue title (characters). */
export const TITLE_LIMIT = 256
/** GitHub rejects issue bodies longer than this (characters). */
export const BODY_LIMIT = 65_536
export const ZWSP = '\u200b'

/** Neutralises @mentions, #refs, GH-refs and `<!--` in plain text (titles, or text known to hold no markup). */
export function neutralize(text: string): string {
  return text
    .replace(/(^|[^A-Za-z0-9_`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWSP}`)
    .replace(/<!--/g, `<${ZWSP}!--`)
}

/** Cuts to at most `limit` UTF-16 code units on a grapheme boundary, with `…` when cut. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text
  // Only the start is kept, so only the start is segmented (whether a boundary falls at a place depends on the next
  // character at most): segmenting a 2 MB post title whole took seconds.
  const start = text.slice(0, limit + 1)
  let out = ''
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(start)) {
    if (out.length + segment.length > limit - 1) break
    out += segment
  }
  return out.trimEnd() + '…'
}
