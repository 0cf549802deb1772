// Turns findings and plans into what a person sees on GitHub: annotations (within GitHub's per-step caps), the
// job summary (markdown) and the step outputs. Pure formatting: the caller writes them through @actions/core.
import type { Diagnostic, Severity } from './blog/model.js'

/** GitHub shows at most this many annotations of each level per step; the rest are dropped silently. */
export const ANNOTATION_CAP = 10
/** The job summary is limited to 1 MiB; the table stops well before that and points to the JSON report. */
export const SUMMARY_ROW_CAP = 500

/** Findings whose consequence is a post that silently disappears from the site come first. */
const SILENT_LOSS = /^(filename\/no-date|date\/future|date\/invalid|published\/|front-matter\/|yaml\/|file\/)/

const LEVEL_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }

export function byImportance(a: Diagnostic, b: Diagnostic): number {
  return (
    LEVEL_ORDER[a.severity] - LEVEL_ORDER[b.severity] ||
    Number(!SILENT_LOSS.test(a.rule)) - Number(!SILENT_LOSS.test(b.rule)) ||
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column
  )
}

export interface AnnotationSelection {
  shown: Diagnostic[]
  /** How many of each level GitHub would not have shown. */
  hidden: Record<Severity, number>
}

/** The most important findings of each level, at most `cap` each. */
export function selectAnnotations(diagnostics: Diagnostic[], cap = ANNOTATION_CAP): AnnotationSelection {
  const hidden: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  const taken: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  const shown: Diagnostic[] = []
  for (const d of [...diagnostics].sort(byImportance)) {
    if (taken[d.severity] < cap) {
      taken[d.severity]++
      shown.push(d)
    } else hidden[d.severity]++
  }
  return { shown, hidden }
}

export interface CheckCounts {
  posts: number
  notBuilt: number
  errors: number
  warnings: number
  notices: number
}

export function countFindings(diagnostics: Diagnostic[]): Pick<CheckCounts, 'errors' | 'warnings' | 'notices'> {
  let errors = 0
  let warnings = 0
  let notices = 0
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++
    else if (d.severity === 'warning') warnings++
    else notices++
  }
  return { errors, warnings, notices }
}

export interface CheckSummaryInput {
  counts: CheckCounts
  /** Findings on the posts this event concerns (what gets annotated). */
  diagnostics: Diagnostic[]
  /** Findings on other posts (whole-blog runs of corpus rules), summarised as a count. */
  elsewhere: number
  scope: string
  hidden: Record<Severity, number>
  reportPath?: string
  /** One more line (what the suggested changes did). */
  note?: string
  fileUrl?: (file: string, line: number) => string
}

export function checkSummary(input: CheckSummaryInput): string {
  const { counts } = input
  const lines: string[] = ['## jekyll-post-ops: check', '']
  lines.push(
    `${counts.posts} post${counts.posts === 1 ? '' : 's'} checked (${input.scope}): ` +
      `**${counts.errors}** error${counts.errors === 1 ? '' : 's'}, **${counts.warnings}** warning${counts.warnings === 1 ? '' : 's'}` +
      (counts.notices ? `, ${counts.notices} notice${counts.notices === 1 ? '' : 's'}` : '') +
      (counts.notBuilt ? `; Jekyll will not build ${counts.notBuilt} of them` : '') +
      '.'
  )
  const hiddenTotal = input.hidden.error + input.hidden.warning + input.hidden.notice
  if (hiddenTotal > 0) {
    lines.push(
      '',
      `GitHub shows at most ${ANNOTATION_CAP} annotations of each level per step: ${hiddenTotal} more finding${hiddenTotal === 1 ? ' is' : 's are'} listed only below` +
        ` (${input.hidden.error} errors, ${input.hidden.warning} warnings, ${input.hidden.notice} notices).`
    )
  }
  if (input.elsewhere > 0) {
    lines.push('', `${input.elsewhere} more finding${input.elsewhere === 1 ? '' : 's'} in posts this event did not change.`)
  }
  if (input.note) lines.push('', input.note)
  if (input.diagnostics.length > 0) {
    lines.push('', '| | File | Line | Rule | Finding |', '| --- | --- | ---: | --- | --- |')
    const rows = [...input.diagnostics].sort(byImportance)
    for (const d of rows.slice(0, SUMMARY_ROW_CAP)) {
      const where = input.fileUrl ? `[${cell(d.file)}](${input.fileUrl(d.file, d.line)})` : cell(d.file)
      lines.push(`| ${ICON[d.severity]} | ${where} | ${d.line} | \`${d.rule}\` | ${cell(d.message)}${d.fix ? ' _(fixable)_' : ''} |`)
    }
    if (rows.length > SUMMARY_ROW_CAP) {
      lines.push('', `${rows.length - SUMMARY_ROW_CAP} more rows are in the JSON report.`)
    }
  }
  if (input.reportPath) lines.push('', `Full report (JSON): \`${input.reportPath}\``)
  return lines.join('\n') + '\n'
}

const ICON: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' }

/** Makes text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
}

/** `path:line:col severity rule message`, the CLI's text format (and what a terminal or editor can jump to). */
export function formatLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`
}
