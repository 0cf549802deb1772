// The tasks job's cost on the whole 10,000-post corpus vs on its newest 100 posts alone (CPU, wall, requests).
// Measures through the simulator; never edits src/ nor the corpus it is given (it copies the newest 100).
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BASE_INPUTS, ensureRan, type EconomyOptions } from './economy-scenario.js'
import { SITE_CONFIG } from './post-text.js'
import { failed, median, pending, row, type Row, type Target } from './table.js'
import { UNLIMITED, World, type WorldRun } from './world.js'

/**
 * The tasks job's cost on the whole corpus vs on its newest 100 posts alone (same open tasks: the newest 100 span
 * more than the 14-day window). A first sync on each, then reruns timed (CPU of the action's process).
 */
export async function tasksHistory(options: EconomyOptions, tmp: string, now: string): Promise<Row[]> {
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
