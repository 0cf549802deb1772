// The suggested changes a pull request should carry: which line fixes fall on lines it added, the comment text
// (a ```suggestion block under a hidden marker), and what to post or remove given what is there. Pure: no I/O.
import { suggestedLines, type LineFix } from '../blog/line-fixes.js'
import { neutralize } from './safe-text.js'

/** At most this many new suggestions per run (the rest are counted; the next run posts them). */
export const MAX_SUGGESTIONS = 30

const MARKER = /^<!-- jekyll-post-ops:suggestion ([0-9a-f]{16}) -->/
export const REVIEW_MARKER = '<!-- jekyll-post-ops:review -->'
/** Where each rule is explained (the README's rule table). */
export const RULES_URL = 'https://github.com/jekyll-post-ops/jekyll-post-ops#rules'

/** A comment of a review, as GitHub's create-review takes it. */
export interface SuggestionComment {
  path: string
  line: number
  start_line?: number
  side: 'RIGHT'
  start_side?: 'RIGHT'
  body: string
}

/** A review comment already on the pull request (the fields this plan reads). */
export interface ExistingComment {
  id: number
  body: string
  inReplyTo: number | undefined
}

export interface SuggestionPlan {
  /** New suggestions for the one review of this run (at most MAX_SUGGESTIONS). */
  post: SuggestionComment[]
  /** Our suggestions whose finding is gone and that nobody answered. */
  remove: number[]
  /** Suggestions already on the pull request that still hold. */
  kept: number
  /** New suggestions past the cap, left for the next run. */
  deferred: number
  /** Certain fixes on lines the pull request did not change (annotations only). */
  outsideDiff: number
}

/**
 * The lines a pull request added, from a file's unified diff (`patch`): right-side line number -> its text (line end
 * dropped). Hunk headers give the start; `+` lines are added, ` ` lines are context, `-` lines are the left side only.
 */
export function addedLines(patch: string): Map<number, string> {
  const added = new Map<number, string>()
  let right = 0
  for (const line of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line)
    if (hunk) {
      right = Number(hunk[1])
      continue
    }
    if (right === 0) continue
    if (line.startsWith('+')) added.set(right++, line.slice(1))
    else if (line.startsWith(' ')) right++
  }
  return added
}

/** The key of our suggestion in a comment body, or undefined when the comment is not ours. */
export function suggestionKey(body: string): string | undefined {
  return MARKER.exec(body)?.[1]
}

/** The body of a suggestion comment: marker, what is fixed and why, and the fixed line(s). */
export function suggestionBody(fix: LineFix, ruleUrl: (rule: string) => string): string {
  const lines = suggestedLines(fix)
  const longest = Math.max(2, ...[...lines.matchAll(/`+/g)].map(m => m[0].length))
  const fence = '`'.repeat(longest + 1)
  // Descriptions quote post text (a tag, a key): no @mention or #ref in them may notify anyone.
  const what = fix.findings
    .map(f => `[\`${f.rule}\`](${ruleUrl(f.rule)}): ${neutralize(f.description)}`)
    .join('\n')
  return `<!-- jekyll-post-ops:suggestion ${fix.key} -->\n${what}\n\n${fence}suggestion\n${lines}${lines === '' ? '' : '\n'}${fence}\n`
}

/**
 * What to post and remove. `fixes` are every line fix of the pull request's posts (blog-relative paths);
 * `added` maps a repository path to the lines the pull request added; `prefix` turns one into the other. A fix is
 * placed only where every line it replaces was added, with the very text the fix was made from (the checkout may be
 * a merge commit whose lines are numbered otherwise than the pull request's head).
 */
export function planSuggestions(
  fixes: readonly LineFix[],
  added: ReadonlyMap<string, ReadonlyMap<number, string>>,
  existing: readonly ExistingComment[],
  options: { prefix: string; ruleUrl: (rule: string) => string; max?: number }
): SuggestionPlan {
  const max = options.max ?? MAX_SUGGESTIONS
  const ours = existing.filter(c => c.inReplyTo === undefined && suggestionKey(c.body) !== undefined)
  const present = new Set(ours.map(c => suggestionKey(c.body)!))
  const current = new Set(fixes.map(f => f.key))
  const answered = new Set(existing.map(c => c.inReplyTo).filter((id): id is number => id !== undefined))
  const post: SuggestionComment[] = []
  let deferred = 0
  let outsideDiff = 0
  let kept = 0
  for (const fix of fixes) {
    const path = options.prefix + fix.file
    const lines = added.get(path)
    const written = fix.original.replace(/\n$/, '').split('\n')
    let inDiff = lines !== undefined
    for (let line = fix.startLine; inDiff && line <= fix.endLine; line++)
      inDiff = lines!.get(line) === written[line - fix.startLine]
    if (!inDiff) {
      outsideDiff++
      continue
    }
    if (present.has(fix.key)) {
      kept++
      continue
    }
    if (post.length >= max) {
      deferred++
      continue
    }
    post.push({
      path,
      line: fix.endLine,
      ...(fix.endLine > fix.startLine ? { start_line: fix.startLine, start_side: 'RIGHT' as const } : {}),
      side: 'RIGHT',
      body: suggestionBody(fix, options.ruleUrl)
    })
  }
  const remove = ours.filter(c => !current.has(suggestionKey(c.body)!) && !answered.has(c.id)).map(c => c.id)
  return { post, remove, kept, deferred, outsideDiff }
}

/** The review's own text (GitHub requires one for a COMMENT review). */
export function reviewBody(count: number): string {
  return `${REVIEW_MARKER}\njekyll-post-ops suggests ${count} certain front matter fix${count === 1 ? '' : 'es'}: each one is the exact change \`jekyll-post-ops check --fix\` makes; "Commit suggestion" applies it.`
}
