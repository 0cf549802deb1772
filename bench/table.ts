// The bench's one table: every figure beside its target, whether it is met, and what it rests on; printed as text
// and written as JSON. Formats and judges figures; never measures anything itself.

export type Comparison = '<=' | '>='

export interface Target {
  op: Comparison
  value: number
  /** How the target is written in the issue, e.g. "≤ 3× floor". */
  text: string
}

export interface Row {
  /** Stable id, e.g. `check.vs-floor`. */
  id: string
  section: string
  figure: string
  /** null while pending or when the step failed. */
  value: number | null
  unit: string
  target?: Target
  /** true/false against the target; null when there is no target or no value. */
  met: boolean | null
  status: 'measured' | 'pending' | 'failed'
  /** What the figure rests on, or why it is pending/failed. */
  note?: string
  /** Raw measurements behind the figure (runs, breakdowns). */
  detail?: unknown
}

export function judge(value: number | null, target: Target | undefined): boolean | null {
  if (value === null || target === undefined) return null
  return target.op === '<=' ? value <= target.value : value >= target.value
}

export function row(r: Omit<Row, 'met' | 'status'> & { status?: Row['status'] }): Row {
  return {
    ...r,
    status: r.status ?? (r.value === null ? 'pending' : 'measured'),
    met: judge(r.value, r.target)
  }
}

export function pending(
  id: string,
  section: string,
  figure: string,
  unit: string,
  why: string,
  target?: Target
): Row {
  return {
    id,
    section,
    figure,
    value: null,
    unit,
    ...(target ? { target } : {}),
    met: null,
    status: 'pending',
    note: why
  }
}

export function failed(
  id: string,
  section: string,
  figure: string,
  unit: string,
  error: unknown,
  target?: Target
): Row {
  const message = error instanceof Error ? error.message : String(error)
  return {
    id,
    section,
    figure,
    value: null,
    unit,
    ...(target ? { target } : {}),
    met: null,
    status: 'failed',
    note: message.split('\n')[0]
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—'
  const abs = Math.abs(value)
  const text = Number.isInteger(value)
    ? String(value)
    : abs >= 100
      ? value.toFixed(0)
      : abs >= 10
        ? value.toFixed(1)
        : value.toFixed(2)
  return unit === '' ? text : unit === '×' ? `${text}×` : `${text} ${unit}`
}

/** The table as fixed-width text, one line per figure, grouped by section. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map(r => [
    r.section,
    r.figure,
    formatValue(r.value, r.unit),
    r.target?.text ?? '',
    r.status === 'pending'
      ? 'pending'
      : r.status === 'failed'
        ? 'FAILED'
        : r.met === null
          ? ''
          : r.met
            ? 'met'
            : 'MISSED'
  ])
  const head = ['step', 'figure', 'value', 'target', '']
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => [...c[i]!].length)))
  const line = (c: string[]) =>
    c
      .map((s, i) => s + ' '.repeat(widths[i]! - [...s].length))
      .join('  ')
      .trimEnd()
  const out = [line(head), widths.map(w => '-'.repeat(w)).join('  ')]
  let last = ''
  for (const c of cells) {
    out.push(line(c[0] === last ? ['', ...c.slice(1)] : c))
    last = c[0]!
  }
  const notes = rows.filter(r => r.note && r.status !== 'measured')
  if (notes.length) {
    out.push('', 'Pending or failed:')
    for (const r of notes) out.push(`  ${r.id}: ${r.note}`)
  }
  return out.join('\n')
}
