// What a task issue says: its title, body and comments, rendered from the ledger (the hidden identity lines are
// marker.ts). Pure; user text is untrusted and must never notify, link or forge identity.
//
// Choices (tested in test/plan/issue-text.test.ts):
// - Neutralising: a ZERO WIDTH SPACE (U+200B) goes after `@` of a would-be @mention, after `#` of `#123` (also
//   `owner/repo#123`) and after the `-` of `GH-123`, and between `<` and `!--`, so GitHub neither notifies,
//   links nor starts an HTML comment, while the text reads the same. In bodies only text outside code, links
//   and raw HTML is touched (code never links, and a ZWSP would break a URL).
// - Titles: inline markdown reduced to plain text, neutralised, cut to 256 UTF-16 code units (never more than
//   GitHub's 256 characters) on a grapheme boundary, ending in `…` when cut.
// - Marker: the body's LAST line is `<!-- jekyll-post-ops:task KEY -->`. KEY is the task key with `%`, `<`, `>`,
//   `@`, `#`, whitespace and control/format characters percent-encoded (UTF-8): no spaces, newlines, `-->`, nor
//   a mention or ref should a mail client show the raw body, and Korean stays readable. The line before it, `<!-- jekyll-post-ops:source DATE PATH -->`, records the
//   post that opened the instance the issue stands for (PATH encoded the same way).
import type { Nodes, Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { SKIP, visit } from 'unist-util-visit'
import type { SubItem } from '../blog/tasks.js'
import { MARKDOWN_CHARS, plainText } from '../blog/tasks.js'
import type { Occurrence, TaskInstance } from './ledger.js'
import { CLOSED_MARKER, markerLine, sourceLine } from './marker.js'
import { BODY_LIMIT, neutralize, TITLE_LIMIT, truncate, ZWSP } from './safe-text.js'

/** Builds the URL of a file line in the repository, e.g. `https://github.com/o/r/blob/main/PATH#L12`. */
export type RepoFileUrl = (path: string, line: number) => string

const processor = unified().use(remarkParse).use(remarkGfm)

/**
 * Neutralises user markdown for an issue body: mentions and refs in its text (not in code, link URLs, autolinks
 * or raw HTML), and every `<!--` anywhere, so no user text can hide the rest of the body or look like a marker.
 */
export function neutralizeMarkdown(markdown: string): string {
  if (!/[@#<]|gh-/i.test(markdown)) return markdown
  // One line holding nothing remark reads as code, a link or HTML is a single text node: no parse needed.
  if (!MARKDOWN_CHARS.test(markdown) && !/^[ \t]|[\r\n]/.test(markdown)) return neutralize(markdown)
  return neutralizeParsed(markdown)
}

/** neutralizeMarkdown the long way, always through remark (exported for the test that the short cut agrees). */
export function neutralizeParsed(markdown: string): string {
  const tree = processor.parse(markdown) as Root
  const ranges: Array<[number, number]> = []
  visit(tree, (node: Nodes) => {
    if (node.type === 'link' || node.type === 'linkReference') return SKIP
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (node.type === 'text' && start !== undefined && end !== undefined) ranges.push([start, end])
    return undefined
  })
  let out = ''
  let at = 0
  for (const [start, end] of ranges) {
    if (start < at) continue
    out += markdown.slice(at, start) + neutralize(markdown.slice(start, end))
    at = end
  }
  out += markdown.slice(at)
  return out.replace(/<!--/g, `<${ZWSP}!--`)
}

/** The issue title for a task's text. */
export function issueTitle(text: string): string {
  const plain = plainText(text) || text.replace(/\s+/g, ' ').trim() || '(untitled task)'
  return truncate(neutralize(plain), TITLE_LIMIT)
}

function day(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso
}

/** Link texts (post titles, paths) and section names are cut to this; a link to a longer URL is left as text. */
const TEXT_LIMIT = 300
const URL_LIMIT = 2000

function linkText(text: string): string {
  return (
    neutralize(truncate(text.replace(/\s+/g, ' ').trim(), TEXT_LIMIT)).replace(/([\\[\]])/g, '\\$1') || 'post'
  )
}

function link(text: string, url: string): string {
  if (url.length > URL_LIMIT) return linkText(text)
  const target = /[\s()<>]/.test(url) ? `<${url.replace(/[<>\s]/g, encodeURIComponent)}>` : url
  return `[${linkText(text)}](${target})`
}

function subItemLines(items: readonly SubItem[]): string[] {
  return items.map(item => {
    const indent = '  '.repeat(Math.max(0, item.depth - 1))
    const box = item.checked === null ? '' : item.checked ? '[x] ' : '[ ] '
    return `${indent}- ${box}${neutralizeMarkdown(item.text)}`
  })
}

/** The issue body for a task instance; the marker is its last line. */
export function issueBody(instance: TaskInstance, repoFileUrl: RepoFileUrl): string {
  const seen = instance.lastSeen
  const facts = [
    `- Section: ${seen.section === undefined ? '(none)' : neutralize(truncate(seen.section, TEXT_LIMIT))}`,
    `- Post: ${link(seen.postTitle, seen.url)} (${day(seen.dateIso)})`,
    `- Source: ${link(`${seen.path} line ${seen.line}`, repoFileUrl(seen.path, seen.line))}`
  ]
  if (instance.carriedDays > 0) {
    const days = instance.carriedDays === 1 ? '1 day' : `${instance.carriedDays} days`
    facts.push(
      `- Carried ${days}: first listed ${day(instance.opened.dateIso)} in ${link(instance.opened.postTitle, instance.opened.url)}`
    )
  }
  const head = neutralizeMarkdown(instance.text)
  const tail = `${facts.join('\n')}\n\n${sourceLine(instance.opened)}\n${markerLine(instance.key)}`
  const all = subItemLines(instance.subItems)
  const render = (text: string, lines: readonly string[]): string => {
    const more = all.length - lines.length
    const list = more > 0 ? [...lines, `- … ${more} more`] : lines
    return [text, ...(list.length > 0 ? [list.join('\n')] : []), tail].join('\n\n')
  }
  let lines = all
  let body = render(head, lines)
  while (body.length > BODY_LIMIT && lines.length > 0) {
    lines = lines.slice(0, Math.floor(lines.length / 2))
    body = render(head, lines)
  }
  if (body.length > BODY_LIMIT) body = render(neutralizeMarkdown(truncate(instance.text, 10_000)), [])
  return body
}

/** The comment left when an issue is closed as completed because a post checked its task. */
export function closeComment(check: Occurrence, repoFileUrl?: RepoFileUrl): string {
  const where =
    repoFileUrl === undefined
      ? ''
      : `, ${link(`${check.path} line ${check.line}`, repoFileUrl(check.path, check.line))}`
  return `Checked in ${link(check.postTitle, check.url)} (${day(check.dateIso)}${where}): closing as completed.\n\n${CLOSED_MARKER}`
}

/** The comment left on a newer duplicate issue when it is closed in favour of the oldest one. */
export function duplicateComment(keptNumber: number): string {
  return `Duplicate of #${keptNumber}: both stand for the same task, so this newer one is closed.\n\n${CLOSED_MARKER}`
}

/** The comment left when an issue a person closed is reopened because a later post lists the task again. */
export function reopenComment(listing: Occurrence): string {
  return `Listed unchecked again in ${link(listing.postTitle, listing.url)} (${day(listing.dateIso)}), after this issue was closed: reopening.`
}
