// The daily job end to end: dist/index.js under Node 24, as the runner starts it on `schedule`, against the GitHub
// simulator over HTTP. Three evenings of Korean daily logs (test/fixtures/daily/blog), a run each next morning.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DEFAULT_TOKENS, type RequestLogEntry, type SimIssue } from '../github-sim/index.js'
import { mermaidBlocks, parseMermaid } from '../fixtures/daily/mermaid.js'
import { assertBundled, git, type ActionRun } from './harness.js'
import { BlogWorld, blogSource, REPOSITORY } from './world.js'

const DAILY = fileURLToPath(new URL('../fixtures/daily/', import.meta.url))
const POSTS = join(DAILY, 'blog', '_posts')
/** The client waits 1/SCALE of what GitHub asks, and the simulator's clock runs SCALE times faster. */
const SCALE = 200
const PLAN_LABEL = 'daily-plan'
const ZWSP = /\u200b/g

interface Day {
  post: string
  now: string
  date: string
  due: string[]
  open: string[]
}
const days = parse(readFileSync(join(DAILY, 'expected-days.yml'), 'utf8')) as Day[]

interface Outcome {
  action: ActionRun
  requests: RequestLogEntry[]
  /** The requests of the daily job (it runs after `tasks` in the same run). */
  daily: RequestLogEntry[]
}

/** A blog checkout, a simulated GitHub for it, and a clock both agree on. */
class World extends BlogWorld {
  static async start(now: string): Promise<World> {
    const source = blogSource(join(DAILY, 'blog', '_config.yml'), POSTS, [], 'jpo-daily-')
    return new World(await BlogWorld.parts(source, { now, scale: SCALE }))
  }

  push(file: string): void {
    this.commitPost(file, POSTS)
  }

  /** The scheduled workflow: `tasks` then `daily`, as `jobs: auto` runs them on `schedule`. */
  async run(now: string, inputs: Record<string, string> = {}): Promise<Outcome> {
    this.at(now)
    const action = await this.runEvent(
      'schedule',
      { schedule: '0 22 * * *', repository: REPOSITORY },
      { jobs: 'tasks,daily', token: DEFAULT_TOKENS.githubToken, ...inputs },
      { now, sha: git(this.workspace, 'rev-parse', 'HEAD') }
    )
    const requests = [...this.sim.requests]
    // The daily job starts with its own read of the task issues, just before it reads the plan issues.
    const plans = requests.findIndex(r => r.graphqlOperation === 'JekyllPostOpsDailyPlans')
    const start = plans <= 0 ? Math.max(plans, 0) : plans - 1
    return { action, requests, daily: plans === -1 ? [] : requests.slice(start) }
  }

  plans(): SimIssue[] {
    return this.sim.state.issues.filter(i => i.labels.includes(PLAN_LABEL))
  }

  title(number: number): string {
    return (this.sim.issue(number)?.title ?? `#${number}?`).replace(ZWSP, '')
  }

  /** The titles the plan issue lists under its two headings, in order. */
  listed(plan: SimIssue): { due: string[]; open: string[] } {
    const [dueText = '', openText = ''] = (plan.body ?? '').split(/^## /m).slice(1)
    const refs = (text: string) =>
      [...text.matchAll(/^- \[[ x]\] #(\d+)/gm)].map(m => this.title(Number(m[1])))
    return { due: refs(dueText), open: refs(openText) }
  }
}

const writes = (requests: readonly RequestLogEntry[]) => requests.filter(r => r.isWrite)
const shape = (requests: readonly RequestLogEntry[]) =>
  requests.map(r => r.operationId ?? `graphql ${r.graphqlOperation ?? r.graphqlFields.join(',')}`)

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  assertBundled('e2e')
})

describe('daily: three mornings of a Seoul blog', () => {
  it('lists exactly the right tasks in the right order each day, closes and links yesterday’s, and a rerun writes nothing', async () => {
    world = await World.start(days[0]!.now)
    const made: SimIssue[] = []
    for (const [index, day] of days.entries()) {
      world.push(day.post)
      const outcome = await world.run(day.now)
      const where = `day ${index + 1} (${day.date})`
      expect(outcome.action.exitCode, `${where}\n${outcome.action.stdout}`).toBe(0)

      const today = world.plans().filter(p => p.state === 'open')
      expect(today, where).toHaveLength(1)
      const plan = today[0]!
      made.push(plan)
      expect(plan.title, where).toBe(`Daily plan ${day.date}`)
      expect(world.listed(plan), where).toEqual({ due: day.due, open: day.open })
      expect(plan.body!.split('\n').at(-1), where).toBe(`<!-- jekyll-post-ops:daily ${day.date} -->`)
      expect(outcome.action.outputs['daily-issue'], where).toBe(String(plan.number))

      // GitHub would render the chart: mermaid's own parser accepts it.
      const charts = mermaidBlocks(plan.body!)
      expect(charts, where).toHaveLength(1)
      await expect(parseMermaid(charts[0]!)).resolves.toBe('xychart')

      // Two reads (task issues, plan issues); writes: the label on the first day, the issue, and from the
      // second day on the comment and close of yesterday's plan.
      expect(shape(outcome.daily.filter(r => !r.isWrite)), where).toEqual([
        'graphql JekyllPostOpsManagedIssues',
        'graphql JekyllPostOpsDailyPlans'
      ])
      expect(shape(writes(outcome.daily)), where).toEqual(
        index === 0
          ? ['issues/create-label', 'issues/create']
          : ['issues/create', 'issues/create-comment', 'issues/update']
      )

      if (index > 0) {
        const yesterday = world.sim.issue(made[index - 1]!.number)!
        expect([yesterday.state, yesterday.stateReason], where).toEqual(['closed', 'completed'])
        const comments = world.sim.state.comments.filter(c => c.issueNumber === yesterday.number)
        expect(comments, where).toHaveLength(1)
        expect(comments[0]!.body, where).toContain(`plan is #${plan.number}`)
      }

      // The same morning again: nothing new, nothing written by either job.
      const rerun = await world.run(new Date(Date.parse(day.now) + 30 * 60_000).toISOString())
      expect(rerun.action.exitCode, `${where} rerun\n${rerun.action.stdout}`).toBe(0)
      expect(writes(rerun.requests), `${where} rerun`).toEqual([])
      expect(
        world
          .plans()
          .filter(p => p.state === 'open')
          .map(p => p.number),
        `${where} rerun`
      ).toEqual([plan.number])
      expect(rerun.daily, `${where} rerun`).toHaveLength(2)
    }
    expect(world.plans()).toHaveLength(3)

    // The last day: carried tasks show how long they have been open, the streak counts three evenings.
    const last = made.at(-1)!
    expect(world.sim.issue(last.number)!.body).toContain(
      'Posting streak: 3 days in a row since 2026-11-24 (no post today yet).'
    )
  })

  it('attaches the due tasks as sub-issues and pins today’s plan when asked, moving both along each morning', async () => {
    world = await World.start(days[0]!.now)
    const inputs = { 'sub-issues': 'true', pin: 'true', 'daily-title': '📅 {date} 오늘의 할 일' }
    let previous: SimIssue | undefined
    for (const [index, day] of days.entries()) {
      world.push(day.post)
      const outcome = await world.run(day.now, inputs)
      const where = `day ${index + 1} (${day.date})`
      expect(outcome.action.exitCode, `${where}\n${outcome.action.stdout}`).toBe(0)
      const plan = world.plans().find(p => p.state === 'open')!
      expect(plan.title, where).toBe(`📅 ${day.date} 오늘의 할 일`)
      expect(plan.body, where).toContain('## 오늘 할 일')
      expect(
        plan.subIssues.map(n => world!.title(n)),
        where
      ).toEqual([...day.due, ...day.open])
      expect(plan.pinned, where).toBe(true)
      if (previous) {
        const old = world.sim.issue(previous.number)!
        expect(old.pinned, where).toBe(false)
        // Carried tasks moved to today's plan; yesterday's keeps only those finished (or dropped) since.
        for (const child of old.subIssues) expect(plan.subIssues, where).not.toContain(child)
      }
      const rerun = await world.run(new Date(Date.parse(day.now) + 30 * 60_000).toISOString(), inputs)
      expect(writes(rerun.requests), `${where} rerun`).toEqual([])
      previous = plan
    }
  })

  it('makes no plan issue when nothing is due and nothing is open, unless always', async () => {
    world = await World.start('2026-11-25T07:00:00+09:00')
    const quiet = await world.run('2026-11-25T07:00:00+09:00')
    expect(quiet.action.exitCode, quiet.action.stdout).toBe(0)
    expect(world.plans()).toEqual([])
    expect(writes(quiet.daily)).toEqual([])
    const dry = await world.run('2026-11-25T07:05:00+09:00', { always: 'true', 'dry-run': 'true' })
    expect(dry.action.exitCode, dry.action.stdout).toBe(0)
    expect(writes(dry.requests)).toEqual([])
    expect(dry.action.stdout).toContain('daily: would create "Daily plan 2026-11-25"')
    expect(dry.action.summary).toContain('Daily plan 2026-11-25 (dry run: nothing written)')
    const always = await world.run('2026-11-25T07:10:00+09:00', { always: 'true' })
    expect(always.action.exitCode, always.action.stdout).toBe(0)
    expect(world.plans().map(p => p.title)).toEqual(['Daily plan 2026-11-25'])
    expect(world.plans()[0]!.body).toContain('Nothing else is open.')
  })
})
