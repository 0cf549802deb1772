// The one pull request of certain fixes: its branch, title and body (with a fingerprint of the fixes in a hidden
// marker), and what to do given the pull request GitHub has. Pure: decides only, never reaches GitHub.
import { createHash } from 'node:crypto'
import type { LineFix } from '../blog/line-fixes.js'
import { cell } from '../report.js'
import { neutralize } from './safe-text.js'
import { RULES_URL } from './review.js'

/** The branch the action owns (and the only one it ever pushes). */
export const FIX_BRANCH = 'jekyll-post-ops/fix-posts'
const MARKER = /<!-- jekyll-post-ops:fix-pr ([0-9a-f]{16}) -->/

/** A post whose certain fixes change it. */
export interface FixedFile {
  /** Repository-relative path. */
  path: string
  /** The file as it is on the default branch, and as the fixes leave it (what `check --fix` writes). */
  before: string
  after: string
  fixes: LineFix[]
}

/** The pull request from FIX_BRANCH that GitHub has, newest first (only ones carrying our marker count). */
export interface ExistingFixPr {
  number: number
  state: 'open' | 'closed'
  merged: boolean
  body: string
}

export type FixPrStep =
  | { kind: 'none'; why: string }
  | { kind: 'open' }
  | { kind: 'update'; number: number }
  | { kind: 'close'; number: number }

/** Identity of a set of fixes: the same posts with the same fixes give the same fingerprint. */
export function fingerprintOf(files: readonly FixedFile[]): string {
  const hash = createHash('sha256')
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${f.path}\0${f.before}\0${f.after}\0`)
  }
  return hash.digest('hex').slice(0, 16)
}

export function fingerprintIn(body: string | null | undefined): string | undefined {
  return body ? MARKER.exec(body)?.[1] : undefined
}

/**
 * What to do. With fixes: open a pull request, or update ours when its fixes differ; a pull request a person closed
 * without merging is left closed for the same fixes (they said no), and new fixes open a new one. Without fixes: close
 * ours if it is open.
 */
export function planFixPr(files: readonly FixedFile[], newest: ExistingFixPr | undefined): FixPrStep {
  const wanted = files.length > 0 ? fingerprintOf(files) : undefined
  const theirs = newest ? fingerprintIn(newest.body) : undefined
  if (!wanted) {
    if (newest?.state === 'open') return { kind: 'close', number: newest.number }
    return { kind: 'none', why: 'no post on the default branch has a certain fix' }
  }
  if (newest?.state === 'open') {
    return theirs === wanted
      ? { kind: 'none', why: `pull request #${newest.number} already holds these fixes` }
      : { kind: 'update', number: newest.number }
  }
  if (newest && !newest.merged && theirs === wanted) {
    return {
      kind: 'none',
      why: `pull request #${newest.number} with these fixes was closed without merging; it stays closed until the fixes change`
    }
  }
  return { kind: 'open' }
}

export function fixPrTitle(files: readonly FixedFile[]): string {
  const n = files.reduce((sum, f) => sum + f.fixes.reduce((s, x) => s + x.findings.length, 0), 0)
  return `Fix front matter: ${n} certain fix${n === 1 ? '' : 'es'}`
}

export function fixPrBody(files: readonly FixedFile[]): string {
  const lines = [
    `<!-- jekyll-post-ops:fix-pr ${fingerprintOf(files)} -->`,
    'jekyll-post-ops found fixes it is certain of in posts on the default branch. This pull request makes exactly the',
    'changes `jekyll-post-ops check --fix` makes, and changes no other byte. Merge it, or close it to decline these',
    'fixes (a closed pull request is not reopened for the same fixes).',
    '',
    '| file | line | rule | fix |',
    '| --- | ---: | --- | --- |'
  ]
  for (const file of files) {
    for (const fix of file.fixes) {
      for (const f of fix.findings) {
        lines.push(
          `| ${cell(neutralize(file.path))} | ${f.line} | [\`${f.rule}\`](${RULES_URL}) | ${cell(neutralize(f.description))} |`
        )
      }
    }
  }
  return lines.join('\n') + '\n'
}

export function fixCommitMessage(files: readonly FixedFile[]): string {
  return `${fixPrTitle(files)}\n\nMade by jekyll-post-ops: the fixes \`check --fix\` makes, in ${files.length} post${files.length === 1 ? '' : 's'}.`
}
