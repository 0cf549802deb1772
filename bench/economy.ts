// Step 3: API economy. Runs dist/index.js (or, with --from-src, src/ through tsx) against the simulator for each scenario
// of issue 8 and sets the requests the simulator counted beside the floor (writes needed + 1 read per page of 100). Measures; never edits src/.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SeedIssue } from '../test/github-sim/index.js'
import { taskKey } from '../src/blog/tasks.js'
import { markerLine } from '../src/plan/marker.js'
import { addDays, dayString, parseDay } from './days.js'
import {
  BASE_INPUTS,
  changeTarget,
  economyRow,
  ensureRan,
  guarded,
  nowAfter,
  rerunTarget,
  type EconomyOptions,
  type Scenario
} from './economy-scenario.js'
import { pushPost, writeTaskBlog } from './task-blog.js'
import type { Row } from './table.js'
import { tasksHistory } from './tasks-history.js'
import { UNLIMITED, World, type WorldRun } from './world.js'

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
