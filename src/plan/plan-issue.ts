// What the daily plan and the weekly review issues share: the dated marker that is their identity, a post's link,
// and the mermaid xychart text. Pure: no network, no clock; the words of each issue live with its plan.
import { addDays } from './calendar.js'
import { neutralize } from './safe-text.js'

/** The two issues this action keeps one of per period: the day's plan and the week's review. */
export type PlanKind = 'daily' | 'weekly'

const MARKER_RE = /^<!-- jekyll-post-ops:(daily|weekly) (\d{4}-\d{2}-\d{2}) -->$/

/** `<!-- jekyll-post-ops:daily 2026-11-28 -->`: the body's last line; with the label, the issue's identity. */
export function planMarker(kind: PlanKind, day: string): string {
  return `<!-- jekyll-post-ops:${kind} ${day} -->`
}

/** The date in a body's final marker line of this kind, or undefined. A marker anywhere else does not count. */
export function parsePlanMarker(kind: PlanKind, body: string | null | undefined): string | undefined {
  if (!body) return undefined
  const last =
    body
      .trimEnd()
      .split(/\r?\n|\r/)
      .at(-1) ?? ''
  const m = MARKER_RE.exec(last)
  if (!m || m[1] !== kind) return undefined
  const day = m[2]!
  return addDays(day, 0) === day ? day : undefined
}

/** Text shown as is in markdown: @mentions and #refs neutralised, markdown's own characters escaped. */
export function plainText(text: string): string {
  return neutralize(text).replace(/([\\[\]*_`<>])/g, '\\$1')
}

/** A post as a markdown link to its page on the site, or its quoted title when the site has no URL. */
export function postLink(post: { title: string; path: string; url: string }): string {
  const title = plainText(post.title.replace(/\s+/g, ' ').trim() || post.path)
  if (post.url === '' || /[\s<>()]/.test(post.url)) return `“${title}”`
  return `[${title}](${post.url})`
}

export interface XyChart {
  title: string
  axis: string
  /** One label per column. */
  x: readonly string[]
  bars: ReadonlyArray<readonly number[]>
  lines: ReadonlyArray<readonly number[]>
}

/** A mermaid `xychart-beta` (as GitHub renders it); the y axis starts at 0 so an empty span still draws. */
export function xyChart(chart: XyChart): string {
  const top = Math.max(1, ...chart.bars.flat(), ...chart.lines.flat())
  return [
    'xychart-beta',
    `    title "${chart.title}"`,
    `    x-axis [${chart.x.map(label => `"${label}"`).join(', ')}]`,
    `    y-axis "${chart.axis}" 0 --> ${top}`,
    ...chart.bars.map(values => `    bar [${values.join(', ')}]`),
    ...chart.lines.map(values => `    line [${values.join(', ')}]`)
  ].join('\n')
}
