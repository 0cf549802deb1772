// Step 4: a backfill of N task issues against a simulator that enforces GitHub's secondary limits (80 content-creating
// requests a minute, 500 an hour) on an accelerated clock: limit hits and the achieved rate. Measures only.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeTaskBlog } from './task-blog.js'
import { nowAfter } from './economy-scenario.js'
import { failed, pending, row, type Row, type Target } from './table.js'
import { failureOf, jobState, World } from './world.js'

export interface BackfillOptions {
  issues: number
  newest: string
  /** Simulated seconds per real second (the simulator's clock and the action's waits alike). */
  timeScale: number
  log: (line: string) => void
}

const SECTION = 'backfill'

export async function measureBackfill(options: BackfillOptions): Promise<Row[]> {
  const hitsTarget: Target = { op: '<=', value: 0, text: '0 limit hits' }
  const figure = `create ${options.issues} issues under GitHub's secondary limits`
  const tmp = mkdtempSync(join(tmpdir(), 'jpo-backfill-'))
  try {
    const blog = writeTaskBlog({ out: join(tmp, 'blog'), open: options.issues, newest: options.newest })
    // GitHub's own limits (the simulator's defaults): 80 content-creating requests a minute, 500 an hour.
    const w = await World.start({
      blog: blog.root,
      now: nowAfter(options.newest),
      timeScale: options.timeScale
    })
    try {
      options.log(`backfill: ${options.issues} issues, clock ${options.timeScale}× real time`)
      const run = await w.run(w.events.push('0'.repeat(40), w.head(), true), {
        jobs: 'tasks',
        since: '14 days',
        'max-writes': String(options.issues * 2)
      })
      const tasks = jobState(run, 'tasks')
      if (tasks.state === 'missing')
        return [
          pending('backfill.hits', SECTION, figure, 'hits', 'the tasks job is not in this build', hitsTarget)
        ]
      if (tasks.state === 'failed' || (run.exitCode !== 0 && tasks.state !== 'ran'))
        throw new Error(`the action failed: ${failureOf(run)}`)
      const creates = run.requests.filter(
        r =>
          (r.operationId === 'issues/create' && r.status === 201) ||
          (r.graphqlType === 'mutation' && r.graphqlFields.includes('createIssue') && r.status === 200)
      )
      const created = w.openManaged()
      const content = run.requests.filter(r => r.isWrite)
      const first = content[0]?.at ?? 0
      const last = content.at(-1)?.at ?? 0
      const minutes = (last - first) / 60_000
      const perMinute = minutes > 0 ? (content.length - 1) / minutes : NaN
      // The busiest simulated minute, over a sliding window: what the 80-a-minute limit is about.
      let peak = 0
      for (let i = 0, j = 0; i < content.length; i++) {
        while (content[i]!.at - content[j]!.at >= 60_000) j++
        peak = Math.max(peak, i - j + 1)
      }
      options.log(
        `  ${created} issues open, ${run.count.refused} refused, ${content.length} writes over ${minutes.toFixed(1)} simulated minutes, peak ${peak} in a minute`
      )
      const basis = `${creates.length} creates, ${content.length} content-creating requests in all, over ${minutes.toFixed(1)} simulated minutes (clock ${options.timeScale}× real time)`
      return [
        row({
          id: 'backfill.hits',
          section: SECTION,
          figure,
          value: run.count.refused,
          unit: 'hits',
          target: hitsTarget,
          note: `${basis}; ${created} of ${options.issues} issues open afterwards; exit ${run.exitCode}`,
          detail: { count: run.count, created, writes: content.length, minutes, peak }
        }),
        row({
          id: 'backfill.rate',
          section: SECTION,
          figure: 'achieved rate (GitHub allows 80/min, 500/h)',
          value: perMinute,
          unit: 'writes/min',
          target: { op: '<=', value: 80, text: '≤ 80/min' },
          note: `${basis}; busiest minute ${peak} writes; ${options.issues} issues take ${minutes.toFixed(1)} min on GitHub at this pace`
        })
      ]
    } finally {
      await w.close()
    }
  } catch (error) {
    return [failed('backfill.hits', SECTION, figure, 'hits', error, hitsTarget)]
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}
