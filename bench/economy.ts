// Step 3: API economy. Runs dist/index.js (or, with --from-src, src/ through tsx) against the simulator for each scenario
// of issue 8 and sets the requests the simulator counted beside the floor (writes needed + 1 read per page of 100). Measures; never edits src/.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SeedIssue } from '../test/github-sim/index.js'
import { taskKey } from '../src/blog/tasks.js'
import { markerLine } from '../src/plan/issue-text.js'
import type { Corpus } from './corpus.js'
import { addDays, dayString, parseDay } from './days.js'
import { SITE_CONFIG } from './post-text.js'
import { pushPost, writeTaskBlog } from './task-blog.js'
import { failed, median, pending, row, type Row, type Target } from './table.js'
import { failureOf, jobState, UNLIMITED, World, type WorldRun } from './world.js'

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
const rerunTarget = (open: number): Target => ({
  op: '<=',
  value: pages(open) + 1,
  text: `≤ ceil(${open}/100)+1 = ${pages(open) + 1}`
})
const changeTarget = (k: number, open: number): Target => ({
  op: '<=',
  value: k + pages(open) + 1,
  text: `≤ k + ceil(${open}/100)+1 = ${k + pages(open) + 1}`
})

/** Inputs every scenario shares: the window that opens issues, and room for a whole first sync. */
const BASE_INPUTS = { since: '14 days', 'max-writes': '100000' }

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

interface JobStates {
  missing: string[]
  skipped: string[]
  failed: { job: string; reason: string }[]
}

/** What became of each job; throws when the run failed for a reason other than one job's error. */
function ensureRan(run: WorldRun, jobs: string[]): JobStates {
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

interface Scenario {
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
function economyRow(s: Scenario, run: WorldRun, jobs: string[]): Row {
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

/** Closed task issues from long ago, as earlier runs of the action would have left them. */
function closedHistory(n: number, newest: string): SeedIssue[] {
  const long = `${dayString(addDays(parseDay(newest), -400))}T12:00:00Z`
  return Array.from({ length: n }, (_, i) => {
    const text = `지난 과제 ${i + 1} 정리`
    return {
      title: text,
      body: `Old task from an earlier year.\n\n${markerLine(taskKey(text))}`,
      state: 'closed',
      stateReason: 'completed',
      labels: ['task'],
      createdAt: long,
      updatedAt: long,
      closedAt: long
    } satisfies SeedIssue
  })
}

async function guarded(
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

export async function measureEconomy(options: EconomyOptions): Promise<Row[]> {
  const { log, newest, timeScale } = options
  const fromSource = options.fromSource === true
  const now = nowAfter(newest)
  const rows: Row[] = []
  const tmp = mkdtempSync(join(tmpdir(), 'jpo-economy-'))
  const auto = ['check', 'tasks', 'board']
  try {
    // --- A small blog: first sync, rerun, a push with k changes, a create event -------------------------
    const blog50 = writeTaskBlog({ out: join(tmp, 'blog50'), open: 50, newest })
    log('API economy: 50 open tasks (first sync, rerun, push, create)')
    let world: World | undefined
    try {
      world = await World.start({ blog: blog50.root, now, timeScale, secondary: UNLIMITED, fromSource })
      const w = world
      const zero = '0'.repeat(40)
      const first: Scenario = {
        id: 'api.first-sync',
        figure: 'first sync, 50 open tasks',
        writes: { tasks: 51, board: 100, why: '1 label + 50 issues; board: 50 adds + 50 Todo' },
        readIssues: 0
      }
      let firstRun: WorldRun | undefined
      await guarded(rows, first.id, first.figure, undefined, async () => {
        firstRun = await w.run(w.events.push(zero, w.head(), true), BASE_INPUTS)
        log(`  first sync: ${firstRun.count.total} requests, ${w.openManaged()} open task issues`)
        return economyRow(first, firstRun, auto)
      })
      const open = w.openManaged()
      const rerun: Scenario = {
        id: 'api.rerun',
        figure: `rerun, nothing changed (${open} open)`,
        writes: { tasks: 0, board: 0, why: 'none' },
        readIssues: open,
        target: rerunTarget(open)
      }
      await guarded(rows, rerun.id, rerun.figure, rerun.target, async () => {
        if (!firstRun) throw new Error('needs the first sync')
        const r = await w.run(w.events.push(zero, w.head(), true), BASE_INPUTS)
        log(`  rerun: ${r.count.total} requests`)
        return economyRow(rerun, r, auto)
      })
      // A push adding a post with 3 new tasks that also checks 2 open ones: k = 5 changes.
      const push: Scenario = {
        id: 'api.push-k5',
        figure: 'push: +1 post, 3 new tasks, 2 checked (k=5)',
        writes: {
          tasks: 7,
          board: 8,
          why: '3 issues + 2 closes with 2 comments; board: 3 adds + 3 Todo + 2 Done'
        },
        readIssues: open,
        target: changeTarget(5, open)
      }
      await guarded(rows, push.id, push.figure, push.target, async () => {
        const { added } = pushPost(w.workspace, newest, 3, blog50.open.slice(0, 2))
        const [before, after] = w.commit('daily log with 3 new tasks, 2 checked')
        const r = await w.run(w.events.push(before, after), BASE_INPUTS)
        log(
          `  push (k=5): ${r.count.total} requests, added ${added.length}, ${w.openManaged()} open task issues`
        )
        return economyRow(push, r, auto)
      })
      // A branch for an open task issue, named as GitHub's "Create a branch" would.
      const openNow = w.openManaged()
      const create: Scenario = {
        id: 'api.create',
        figure: 'create event: branch for an open task',
        writes: { tasks: 0, board: 1, why: '1 move to In Progress' },
        readIssues: 0,
        target: changeTarget(1, openNow)
      }
      await guarded(rows, create.id, create.figure, create.target, async () => {
        const issue = w.sim.state.issues.find(i => i.state === 'open' && i.labels.includes('task'))
        if (!issue) throw new Error('no open task issue to branch from')
        const branch = await w.sim.linkBranchToIssue(issue.number)
        const r = await w.run(w.events.create(branch), BASE_INPUTS)
        log(`  create ${branch}: ${r.count.total} requests`)
        return economyRow(create, r, ['board'])
      })
    } finally {
      await world?.close()
    }

    // --- Many managed issues: 500 open and 5,000 closed ----------------------------------------------
    const large: Scenario = {
      id: 'api.large-rerun',
      figure: `rerun with ${options.largeOpen} open + ${options.largeClosed} closed managed`,
      writes: { tasks: 0, board: 0, why: 'none' },
      readIssues: options.largeOpen,
      target: rerunTarget(options.largeOpen)
    }
    log(`API economy: ${options.largeOpen} open and ${options.largeClosed} closed managed issues`)
    await guarded(rows, large.id, large.figure, large.target, async () => {
      const blog = writeTaskBlog({ out: join(tmp, 'blog-large'), open: options.largeOpen, newest })
      const w = await World.start({
        blog: blog.root,
        now,
        timeScale,
        secondary: UNLIMITED,
        fromSource,
        issues: closedHistory(options.largeClosed, newest),
        labels: [{ name: 'task', color: '0e8a16' }]
      })
      try {
        const setup = await w.run(w.events.push('0'.repeat(40), w.head(), true), BASE_INPUTS)
        ensureRan(setup, auto)
        log(`  setup sync: ${setup.count.total} requests, ${w.openManaged()} open task issues`)
        const r = await w.run(w.events.push('0'.repeat(40), w.head(), true), BASE_INPUTS)
        log(`  rerun: ${r.count.total} requests`)
        return economyRow(large, r, auto)
      } finally {
        await w.close()
      }
    })

    // --- Schedule resync of a board with 200 items ---------------------------------------------------
    const resync: Scenario = {
      id: 'api.schedule-resync',
      figure: `schedule resync, ${options.boardItems} board items`,
      writes: { tasks: 0, board: 0, why: 'none' },
      readIssues: options.boardItems,
      target: rerunTarget(options.boardItems)
    }
    log(`API economy: schedule resync of ${options.boardItems} board items`)
    await guarded(rows, resync.id, resync.figure, resync.target, async () => {
      const blog = writeTaskBlog({ out: join(tmp, 'blog-board'), open: options.boardItems, newest })
      const w = await World.start({ blog: blog.root, now, timeScale, secondary: UNLIMITED, fromSource })
      try {
        const setup = await w.run(w.events.push('0'.repeat(40), w.head(), true), BASE_INPUTS)
        ensureRan(setup, auto)
        const onBoard = w.sim.state.projectItems.length
        log(
          `  setup sync: ${setup.count.total} requests, ${w.openManaged()} open task issues, ${onBoard} board items`
        )
        // `daily` is left out: it writes today's plan issue by design, which is not a resync.
        const jobs = ['tasks', 'board']
        const r = await w.run(w.events.schedule(), { ...BASE_INPUTS, jobs: jobs.join(',') })
        log(`  schedule: ${r.count.total} requests`)
        return economyRow(resync, r, jobs)
      } finally {
        await w.close()
      }
    })

    // --- tasks on 10,000 posts vs the newest 100 alone -----------------------------------------------
    rows.push(...(await tasksHistory(options, tmp, now)))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  return rows
}

/**
 * The tasks job's cost on the whole corpus vs on its newest 100 posts alone (same open tasks: the newest 100 span
 * more than the 14-day window). A first sync on each, then reruns timed (CPU of the action's process).
 */
async function tasksHistory(options: EconomyOptions, tmp: string, now: string): Promise<Row[]> {
  const id = 'tasks.10k-vs-100'
  const section = 'tasks history'
  const target: Target = { op: '<=', value: 2, text: '≤ 2× newest 100' }
  const corpus = options.corpus
  if (!corpus)
    return [
      pending(
        id,
        section,
        'tasks job, 10k posts vs newest 100',
        '×',
        'no 10,000-post corpus in this run',
        target
      )
    ]
  try {
    const newest100 = join(tmp, 'newest100')
    mkdirSync(join(newest100, '_posts'), { recursive: true })
    writeFileSync(join(newest100, '_config.yml'), SITE_CONFIG)
    const dated = readdirSync(join(corpus.root, '_posts'))
      .filter(n => /^\d{4}-\d{2}-\d{2}-/.test(n))
      .sort()
    for (const name of dated.slice(-100))
      cpSync(join(corpus.root, '_posts', name), join(newest100, '_posts', name))
    const measure = async (blog: string, label: string) => {
      const w = await World.start({
        blog,
        now,
        timeScale: options.timeScale,
        secondary: UNLIMITED,
        fromSource: options.fromSource === true
      })
      try {
        const jobs = { ...BASE_INPUTS, jobs: 'tasks' }
        const setup = await w.run(w.events.schedule(), jobs)
        const { missing } = ensureRan(setup, ['tasks'])
        if (missing.length) return undefined
        const runs: WorldRun[] = []
        for (let i = 0; i < options.tasksRuns; i++) {
          const r = await w.run(w.events.schedule(), jobs)
          ensureRan(r, ['tasks'])
          runs.push(r)
          options.log(
            `  tasks rerun on ${label}: ${((r.cpuMs ?? NaN) / 1000).toFixed(2)} s CPU, ${(r.ms / 1000).toFixed(2)} s wall, ${r.count.total} requests`
          )
        }
        const line = /^tasks: .*posts can change the plan.*$/m.exec(runs[0]?.stdout ?? '')?.[0] ?? ''
        return { runs, open: w.openManaged(), line }
      } finally {
        await w.close()
      }
    }
    options.log(`tasks history: ${corpus.posts.length} posts vs the newest 100`)
    const big = await measure(corpus.root, `${corpus.posts.length} posts`)
    const small = await measure(newest100, '100 posts')
    if (!big || !small)
      return [
        pending(
          id,
          section,
          'tasks job, 10k posts vs newest 100',
          '×',
          'the tasks job is not in this build',
          target
        )
      ]
    const cpu = (rs: WorldRun[]) => median(rs.map(r => r.cpuMs ?? NaN))
    const wall = (rs: WorldRun[]) => median(rs.map(r => r.ms))
    const req = (rs: WorldRun[]) => median(rs.map(r => r.count.total))
    return [
      row({
        id,
        section,
        figure: `tasks rerun, ${corpus.posts.length} posts / newest 100 (CPU)`,
        value: cpu(big.runs) / cpu(small.runs),
        unit: '×',
        target,
        note:
          `median of ${options.tasksRuns} reruns each, CPU time of the whole action process (cold start included): ` +
          `${(cpu(big.runs) / 1000).toFixed(2)} s vs ${(cpu(small.runs) / 1000).toFixed(2)} s; wall ${(wall(big.runs) / 1000).toFixed(2)} s vs ${(wall(small.runs) / 1000).toFixed(2)} s ` +
          `(${(wall(big.runs) / wall(small.runs)).toFixed(2)}×); requests ${req(big.runs)} vs ${req(small.runs)}; open task issues ${big.open} vs ${small.open}; ` +
          `${big.line.replace(/^tasks: /, '')}`,
        detail: {
          big: big.runs.map(r => ({ cpuMs: r.cpuMs, ms: r.ms, count: r.count })),
          small: small.runs.map(r => ({ cpuMs: r.cpuMs, ms: r.ms, count: r.count }))
        }
      }),
      row({
        id: 'tasks.10k-vs-100.requests',
        section,
        figure: `tasks rerun requests, ${corpus.posts.length} posts vs newest 100`,
        value: req(big.runs) - req(small.runs),
        unit: 'extra requests',
        target: { op: '<=', value: 0, text: '0 extra' },
        note: `${req(big.runs)} vs ${req(small.runs)}`
      })
    ]
  } catch (error) {
    return [failed(id, section, 'tasks job, 10k posts vs newest 100', '×', error, target)]
  }
}
