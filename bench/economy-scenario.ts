// What an API-economy scenario is: its options, shared inputs, floor and target, what became of each job in a run,
// and the row a measured run becomes. Counts and compares; never starts the simulator or the action itself.
import type { Corpus } from './corpus.js'
import { addDays, dayString, parseDay } from './days.js'
import { failed, pending, row, type Row, type Target } from './table.js'
import { failureOf, jobState, type WorldRun } from './world.js'

export interface EconomyOptions {
  /** The newest day of the generated blogs; runs happen the next morning in Seoul. */
  newest: string
  timeScale: number
  /** Open and closed managed issues of the large scenario (issue 8: 500 and 5,000). */
  largeOpen: number
  largeClosed: number
  /** Board items of the schedule resync (issue 8: 200). */
  boardItems: number
  /** Reruns timed for tasks 10k vs 100 (median). */
  tasksRuns: number
  /** The 10,000-post corpus (already written), for tasks 10k vs 100. */
  corpus?: Corpus
  /** Run src/index.ts through tsx instead of dist/index.js: the source's request counts without a bundle. */
  fromSource?: boolean
  log: (line: string) => void
}

const SECTION = 'API economy'
const pages = (n: number) => Math.max(1, Math.ceil(n / 100))
export const rerunTarget = (open: number): Target => ({
  op: '<=',
  value: pages(open) + 1,
  text: `≤ ceil(${open}/100)+1 = ${pages(open) + 1}`
})
export const changeTarget = (k: number, open: number): Target => ({
  op: '<=',
  value: k + pages(open) + 1,
  text: `≤ k + ceil(${open}/100)+1 = ${k + pages(open) + 1}`
})

/** Inputs every scenario shares: the window that opens issues, and room for a whole first sync. */
export const BASE_INPUTS = { since: '14 days', 'max-writes': '100000' }

export function nowAfter(newest: string): string {
  return `${dayString(addDays(parseDay(newest), 1))}T09:00:00+09:00`
}

function describe(run: WorldRun): string {
  const kinds = Object.entries(run.count.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n}× ${k}`)
    .join(', ')
  return `${run.count.reads} reads + ${run.count.writes} writes: ${kinds}`
}

export interface JobStates {
  missing: string[]
  skipped: string[]
  failed: { job: string; reason: string }[]
}

/** What became of each job; throws when the run failed for a reason other than one job's error. */
export function ensureRan(run: WorldRun, jobs: string[]): JobStates {
  const states: JobStates = { missing: [], skipped: [], failed: [] }
  for (const job of jobs) {
    const s = jobState(run, job)
    if (s.state === 'missing') states.missing.push(job)
    if (s.state === 'skipped') states.skipped.push(`${job} (${s.reason})`)
    if (s.state === 'failed') states.failed.push({ job, reason: s.reason ?? '' })
  }
  const explained =
    states.failed.length > 0 ||
    run.annotations.some(a => a.level === 'error' && /^check found/.test(a.message))
  if (run.exitCode !== 0 && !explained) throw new Error(`the action failed: ${failureOf(run)}`)
  return states
}

export interface Scenario {
  id: string
  figure: string
  /** Writes GitHub must take, by kind, with and without the board. */
  writes: { tasks: number; board: number; why: string }
  /** Managed issues whose pages must be read. */
  readIssues: number
  target?: Target
}

/**
 * A row for one measured run: requests beside floor and target. When `board` failed or is missing in this build,
 * the figure is the `token` side alone (check, tasks), board requests are left out, and the figure says so.
 */
export function economyRow(s: Scenario, run: WorldRun, jobs: string[]): Row {
  const { missing, skipped, failed: broken } = ensureRan(run, jobs)
  if (jobs.includes('tasks') && (missing.includes('tasks') || broken.some(f => f.job === 'tasks'))) {
    const why = missing.includes('tasks')
      ? 'the tasks job is not in this build'
      : `the tasks job failed: ${broken.find(f => f.job === 'tasks')!.reason}`
    return pending(s.id, SECTION, s.figure, 'requests', why, s.target)
  }
  const boardWanted = jobs.includes('board')
  const boardBroken = broken.find(f => f.job === 'board')
  const boardIn =
    boardWanted && !missing.includes('board') && !boardBroken && !skipped.some(x => x.startsWith('board'))
  if (boardWanted && !boardIn && s.writes.tasks === 0 && !jobs.includes('tasks')) {
    const why = boardBroken
      ? `the board job failed: ${boardBroken.reason}`
      : 'the board job is not in this build'
    return pending(s.id, SECTION, s.figure, 'requests', why, s.target)
  }
  const writes = s.writes.tasks + (boardIn ? s.writes.board : 0)
  const floor = writes + pages(s.readIssues)
  const value = boardIn || !boardWanted ? run.count.total : run.count.byToken.token
  const notes = [
    `floor ${floor} = ${writes} writes (${s.writes.why}${boardIn ? '' : '; board not counted'}) + ${pages(s.readIssues)} page${pages(s.readIssues) === 1 ? '' : 's'}`,
    `${(value / floor).toFixed(2)}× floor`,
    describe(run)
  ]
  if (missing.length) notes.push(`not in this build: ${missing.join(', ')}`)
  if (boardBroken)
    notes.push(
      `board FAILED (${run.count.byToken.projectToken} board requests left out): ${boardBroken.reason}`
    )
  if (skipped.length) notes.push(`skipped: ${skipped.join('; ')}`)
  if (run.count.refused) notes.push(`${run.count.refused} refused`)
  return row({
    id: s.id,
    section: SECTION,
    figure: `${s.figure}${boardWanted && !boardIn ? ' [board pending]' : ''} (floor ${floor})`,
    value,
    unit: 'requests',
    ...(s.target ? { target: s.target } : {}),
    note: notes.join('; '),
    detail: {
      floor,
      writesNeeded: writes,
      pages: pages(s.readIssues),
      count: run.count,
      boardCounted: boardIn
    }
  })
}

export async function guarded(
  rows: Row[],
  id: string,
  figure: string,
  target: Target | undefined,
  fn: () => Promise<Row | Row[]>
): Promise<void> {
  try {
    const r = await fn()
    rows.push(...(Array.isArray(r) ? r : [r]))
  } catch (error) {
    rows.push(failed(id, SECTION, figure, 'requests', error, target))
  }
}
