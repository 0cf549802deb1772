// Two runs at once against the same GitHub, then the next run: shared by the quick and the soak profiles.
import fc from 'fast-check'
import { expect } from 'vitest'
import { taskIssues, violations } from './oracle.js'
import type { Router } from './router.js'
import { postSpec, type PostSpec } from './scenario.js'
import { pushEvent, scheduleEvent, World, type Driver } from './world.js'

export interface RaceFigures {
  rounds: number
  /** Tasks that had two open issues right after the two runs. */
  transientDuplicates: number
  /** Of those, closed by the next run as duplicates of the older issue, with a comment. */
  healed: number
}

/** Posts with at least one unchecked task dated today, so that both runs want to create issues. */
export const racePosts = fc.array(postSpec, { minLength: 0, maxLength: 2 }).map((more): PostSpec[] => [
  {
    dayOffset: 0,
    minute: 60,
    utc: false,
    tasks: [{ task: 1, form: 0, checked: false, section: 'tomorrow', subItems: 0 }]
  },
  ...more.map(p => ({ ...p, dayOffset: Math.min(p.dayOffset, 0), tasks: p.tasks.slice(0, 3) }))
])

/** Runs a push and the schedule at once, then the next run; returns what is wrong after each. */
export async function race(
  initial: PostSpec[],
  driver: Driver,
  runtime: { router: Router; main?: (env?: NodeJS.ProcessEnv) => Promise<void> },
  figures: RaceFigures
): Promise<void> {
  const { router, main } = runtime
  const world = await World.start({ router, personIssues: true, initial })
  try {
    world.clock.advance(3_600_000)
    // GitHub takes 1.5 s to create each issue: both runs have read the (empty) issue list before either create lands.
    world.sim.faults.add({
      match: { operationId: 'issues/create', times: 'always' },
      fault: { kind: 'delay', ms: 1500 }
    })
    const [push, schedule] = await world.runConcurrently([pushEvent(), scheduleEvent()], driver, main)
    world.sim.faults.clear()
    world.tasksNow = Math.min(push!.now, schedule!.now)
    const now = { tasksNow: world.tasksNow, fullBoard: false }
    expect(violations(world, { ...now, allowDuplicates: true })).toEqual([])
    const open = taskIssues(world).filter(i => i.state === 'open')
    const duplicated = new Set(open.map(i => i.key).filter((key, i, all) => all.indexOf(key) !== i))
    figures.rounds++
    figures.transientDuplicates += duplicated.size

    const next = await world.run(scheduleEvent(), [], driver, main)
    world.tasksNow = next.now
    expect(violations(world, { tasksNow: next.now, fullBoard: true, dailyNow: next.now })).toEqual([])
    for (const key of duplicated) {
      const [older, newer] = open
        .filter(i => i.key === key)
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number)
      expect(world.sim.issue(older!.number)!.state, `#${older!.number}, the older, stays open`).toBe('open')
      const closed = world.sim.issue(newer!.number)!
      expect(closed.state).toBe('closed')
      expect(closed.stateReason).toBe('duplicate')
      const comments = world.sim.state.comments.filter(c => c.issueNumber === newer!.number).map(c => c.body)
      expect(comments).toEqual([expect.stringContaining(`Duplicate of #${older!.number}`)])
      figures.healed++
    }
  } finally {
    await world.close()
  }
}
