// Turns what happened in one demo event (annotations, issue changes, board, plan issue) into terminal text.
// Pure: no simulator, no files, no clock; Korean text is aligned by display width, not by string length.
import stringWidth from 'string-width'

export interface Finding {
  level: 'error' | 'warning' | 'notice'
  message: string
  file?: string
  line?: number
  title?: string
}

export interface IssueView {
  number: number
  title: string
  state: 'open' | 'closed'
  stateReason: string | null
  labels: string[]
}

export interface IssueChange {
  kind: 'opened' | 'closed' | 'reopened'
  issue: IssueView
  /** Who made the change: the action, or GitHub/a person (e.g. a merged pull request closing it). */
  by: 'action' | 'github'
  /** Why, when it is not the action's own doing (`PR #7 merged`). */
  note?: string
}

/** ZERO WIDTH SPACE the action puts into `@mention` and `#ref` look-alikes so GitHub does not link them. */
const ZWSP = /\u200b/g

export const shownTitle = (title: string): string => title.replace(ZWSP, '')

/** Pads `text` with spaces to `width` terminal columns. */
export function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)))
}

/** A boxed table: one header row, then the rows; cells are aligned by their display width. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map(r => stringWidth(r[i] ?? ''))))
  const line = (l: string, m: string, r: string) => l + widths.map(w => '─'.repeat(w + 2)).join(m) + r
  const row = (cells: string[]) => '│' + widths.map((w, i) => ` ${pad(cells[i] ?? '', w)} `).join('│') + '│'
  return [line('┌', '┬', '┐'), row(header), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join(
    '\n'
  )
}

/**
 * The board as people see it: one column per Status option, the cards under it (`#4 title`), cards without a
 * Status last. Cards are listed in issue-number order.
 */
export function boardTable(
  columns: string[],
  cards: Array<{ number: number; title: string; status: string | null; due?: string | null }>
): string {
  const sorted = [...cards].sort((a, b) => a.number - b.number)
  // A card's due date (the board's Due field, `due-field`) as MM-DD after its title.
  const card = (c: (typeof cards)[number]) =>
    `#${c.number} ${shownTitle(c.title)}${c.due ? ` · due ${c.due.slice(5)}` : ''}`
  const byColumn = columns.map(column => sorted.filter(c => c.status === column).map(card))
  const loose = sorted.filter(c => c.status === null || !columns.includes(c.status)).map(card)
  const header = loose.length > 0 ? [...columns, '(no status)'] : columns
  const lists = loose.length > 0 ? [...byColumn, loose] : byColumn
  const height = Math.max(1, ...lists.map(l => l.length))
  const rows = Array.from({ length: height }, (_, i) => lists.map(l => l[i] ?? ''))
  return table(
    header.map((h, i) => `${h} (${lists[i]!.length})`),
    rows
  )
}

/** `3 errors, 7 warnings` (zero counts left out; `no findings` when there are none). */
export function countFindings(findings: Finding[]): string {
  const count = (level: Finding['level']) => findings.filter(f => f.level === level).length
  const parts = (['error', 'warning', 'notice'] as const)
    .map(level => [level, count(level)] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n} ${level}${n === 1 ? '' : 's'}`)
  return parts.length > 0 ? parts.join(', ') : 'no findings'
}

/**
 * The check job's annotations, counted, then the first `max` as `file:line level rule: message`, the message cut
 * to `width` columns, and `… and N more` for the rest.
 */
export function findingLines(findings: Finding[], max: number, width = 110): string[] {
  const lines = findings.slice(0, max).map(f => {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(no file)'
    return cut(`${where}  ${f.level}  ${f.title ? `${f.title}: ` : ''}${oneLine(f.message)}`, width)
  })
  if (findings.length > max)
    lines.push(`… and ${findings.length - max} more (the job summary lists every one)`)
  return lines
}

/** `+ opened #3 title`, `✓ closed #1 title (completed)`, with who did it when it was not the action. */
export function changeLines(changes: IssueChange[]): string[] {
  const mark = { opened: '+ opened  ', closed: '✓ closed  ', reopened: '↺ reopened' }
  return changes.map(change => {
    const reason =
      change.kind === 'closed' && change.issue.stateReason
        ? ` (${change.issue.stateReason.replace(/_/g, ' ')})`
        : ''
    const who = change.by === 'github' ? ` — by GitHub${change.note ? `: ${change.note}` : ''}` : ''
    return `${mark[change.kind]} #${change.issue.number} ${shownTitle(change.issue.title)}${reason}${who}`
  })
}

/** Compares two snapshots of the issues: what was opened, closed or reopened in between, in number order. */
export function issueChanges(
  before: IssueView[],
  after: IssueView[],
  byAction: Set<number>,
  notes: Map<number, string> = new Map()
): IssueChange[] {
  const old = new Map(before.map(i => [i.number, i]))
  const changes: IssueChange[] = []
  for (const issue of [...after].sort((a, b) => a.number - b.number)) {
    const was = old.get(issue.number)
    const kind = !was
      ? 'opened'
      : was.state === 'open' && issue.state === 'closed'
        ? 'closed'
        : was.state === 'closed' && issue.state === 'open'
          ? 'reopened'
          : null
    if (!kind) continue
    const by = kind === 'opened' || byAction.has(issue.number) ? 'action' : 'github'
    changes.push({
      kind,
      issue,
      by,
      ...(by === 'github' && notes.has(issue.number) ? { note: notes.get(issue.number)! } : {})
    })
  }
  return changes
}

/**
 * Today's plan issue for a terminal: its title, then its body: headings, task lines with each `#N` followed by that
 * issue's title (GitHub shows it; a terminal does not), text with links reduced to their text, a chart as its
 * title. An empty section says `(none)`.
 */
export function planLines(
  plan: { number: number; title: string; body: string | null },
  titleOf: (n: number) => string | undefined
): string[] {
  const lines = [`#${plan.number} ${shownTitle(plan.title)}`]
  let fence: string | undefined
  let sectionEmpty = false
  const heading = (text: string) => {
    if (sectionEmpty) lines.push('    (none)')
    lines.push(`  ${text}`)
    sectionEmpty = true
  }
  const item = (text: string) => {
    lines.push(`    ${text}`)
    sectionEmpty = false
  }
  for (const raw of (plan.body ?? '').split('\n')) {
    const open = /^\s*(```+|~~~+)\s*(\S*)/.exec(raw)
    if (fence !== undefined) {
      const title = /^\s*title\s+"(.*)"\s*$/.exec(raw)
      if (title && fence === 'mermaid') item(`(chart) ${title[1]}`)
      if (open) fence = undefined
      continue
    }
    if (open) {
      fence = open[2] ?? ''
      continue
    }
    if (raw.trim() === '' || /^\s*<!--/.test(raw)) continue
    const h = /^#{1,6}\s+(.*)$/.exec(raw)
    if (h) {
      heading(inline(h[1]!))
      continue
    }
    const task = /^(\s*)- \[([ xX])\] (.*)$/.exec(raw)
    if (task) {
      const text = task[3]!.replace(/#(\d+)\b/g, (ref, n: string) => {
        const title = titleOf(Number(n))
        return title === undefined ? ref : `${ref} ${shownTitle(title)}`
      })
      item(`${task[1]}[${task[2] === ' ' ? ' ' : 'x'}] ${inline(text)}`)
      continue
    }
    item(inline(raw.trim()))
  }
  if (sectionEmpty) lines.push('    (none)')
  return lines
}

/** Markdown inline text for a terminal: links as their text, escapes undone. */
function inline(text: string): string {
  return shownTitle(text)
    .replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim()

/** Cuts `text` to at most `width` display columns, ending with `…` when cut. */
export function cut(text: string, width: number): string {
  if (stringWidth(text) <= width) return text
  let out = ''
  for (const char of text) {
    if (stringWidth(out + char) > width - 1) break
    out += char
  }
  return out + '…'
}
