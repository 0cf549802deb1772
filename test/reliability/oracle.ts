// The desired state of GitHub, stated from DESIGN.md's task and board semantics over the scenario's own model of
// the blog (never the action's parser or planner), and the ways the simulator's state falls short of it.
import { SINCE_DAYS, World, documentOrder, formOf, markerKey, LABEL, DAILY_LABEL } from './world.js'
import type { SimIssue } from '../github-sim/index.js'
import { TASKS } from './scenario.js'

const DAY_MS = 86_400_000
const BOT = 'github-actions[bot]'
const KNOWN_KEYS = new Set(TASKS.map(t => t.key))
/** The default `branch-patterns`: `12-x`, `issue-12`, `feat/12-x`, `feat/issue-12`. */
const BRANCH_NUMBER = [
  /^(\d+)[-_]/,
  /^issue[-_]?(\d+)(?:$|[-_])/,
  /^[^/]+\/(\d+)[-_]/,
  /^[^/]+\/issue[-_]?(\d+)(?:$|[-_])/
]

export interface CheckOptions {
  /**
   * The instant the last run of the tasks job was told it is (what "future" and `since` are measured from); the
   * task invariants hold as of that run: a future post that has come due since waits for the next one.
   */
  tasksNow: number
  /** The last run was a full one (push or schedule): every open task issue must be on the board. */
  fullBoard: boolean
  /** The last run was a schedule at this instant: only that day's plan issue may be open. */
  dailyNow?: number
  /** Two open issues for one task are allowed (right after two runs raced). */
  allowDuplicates?: boolean
}

/** The options for checking the world right after a clean run of `event` (tasks: as of the last run that had them). */
export function optionsAfter(world: World, event: { name: string }, now: number): CheckOptions {
  const full = event.name === 'push' || event.name === 'schedule'
  return {
    tasksNow: world.tasksNow,
    fullBoard: full,
    ...(event.name === 'schedule' ? { dailyNow: now } : {})
  }
}

/** Managed task issues: the label and the marker in the last line. */
export function taskIssues(world: World): Array<SimIssue & { key: string }> {
  return world.sim.state.issues.flatMap(i => {
    const key = markerKey(i.body)
    return i.labels.includes(LABEL) && key !== undefined ? [{ ...i, key }] : []
  })
}

/** The date of the post that opened the instance an issue stands for (its `source` marker line), epoch ms. */
export function sourceDate(body: string | null | undefined): number | undefined {
  const lines = (body ?? '').replace(/\s+$/, '').split(/\r?\n|\r/)
  const m = /^<!-- jekyll-post-ops:source (\S+) \S+ -->$/.exec(lines.at(-2) ?? '')
  if (!m) return undefined
  const at = Date.parse(decodeURIComponent(m[1]!))
  return Number.isNaN(at) ? undefined : at
}

/**
 * The posts that can matter (DESIGN.md: a post older than both `since` and the oldest open task issue's source post
 * cannot change the plan): built at `now`, and dated at or after that cut-off.
 */
export function postsThatMatter(world: World, now: number): World['posts'] {
  const since = now - SINCE_DAYS * DAY_MS
  const sources = taskIssues(world)
    .filter(i => i.state === 'open')
    .flatMap(i => sourceDate(i.body) ?? [])
  const cutoff = Math.min(since, ...sources)
  return world.posts.filter(p => p.instant <= now && p.instant >= cutoff)
}

/** The last listing of each task key among the posts that matter at `now`, in fold order (date, path, document). */
export function lastListings(
  world: World,
  now: number
): Map<string, { checked: boolean; instant: number; title: string; post: number }> {
  const ordered = [...postsThatMatter(world, now)].sort(
    (a, b) => a.instant - b.instant || cmp(World.postPath(a), World.postPath(b))
  )
  const last = new Map<string, { checked: boolean; instant: number; title: string; post: number }>()
  for (const post of ordered) {
    for (const task of documentOrder(post)) {
      const form = formOf(task)
      last.set(form.key, { checked: task.checked, instant: post.instant, title: form.title, post: post.id })
    }
  }
  return last
}

/** Everything that differs from the desired state; [] when GitHub is exactly as it should be. */
export function violations(world: World, options: CheckOptions): string[] {
  const found: string[] = []
  const issues = taskIssues(world)
  const since = options.tasksNow - SINCE_DAYS * DAY_MS

  // 0 duplicate issues.
  const openByKey = new Map<string, number[]>()
  for (const i of issues.filter(i => i.state === 'open'))
    openByKey.set(i.key, [...(openByKey.get(i.key) ?? []), i.number])
  for (const [key, numbers] of openByKey) {
    if (numbers.length > (options.allowDuplicates ? 2 : 1))
      found.push(`duplicate: ${numbers.length} open issues for "${key}" (#${numbers.join(', #')})`)
  }

  // 0 tasks without their issue, and no issue for a task that is done.
  for (const [key, last] of lastListings(world, options.tasksNow)) {
    const open = issues.filter(i => i.key === key && i.state === 'open')
    if (last.checked) {
      if (open.length > 0)
        found.push(
          `checked task "${key}" (post ${last.post}) still has open issue #${open.map(i => i.number).join(', #')}`
        )
      continue
    }
    if (last.instant < since) continue
    const lastClosed = issues
      .filter(i => i.key === key && i.state === 'closed')
      .sort((a, b) => Date.parse(b.closedAt!) - Date.parse(a.closedAt!) || b.number - a.number)[0]
    // Someone else than the action closed it (a person, a merged pull request whoever merged it, another workflow
    // with the same GITHUB_TOKEN account), and no post written after that lists it again: left closed, not reissued.
    const leftClosed =
      lastClosed !== undefined &&
      (lastClosed.closedBy !== BOT || world.closedByOthers(lastClosed.number)) &&
      last.instant <= Date.parse(lastClosed.closedAt!)
    if (open.length === 0 && !leftClosed)
      found.push(`task without issue: "${key}" is listed unchecked in post ${last.post} and no issue is open`)
    if (open.length > 0 && leftClosed && !options.allowDuplicates)
      found.push(
        `reissued: "${key}" was closed by someone else (#${lastClosed.number}) after post ${last.post} listed it, yet #${open.map(i => i.number).join(', #')} is open`
      )
    for (const i of open) {
      const title = i.title.replace(/\u200b/g, '')
      if (title !== last.title)
        found.push(`#${i.number} is titled "${title}", the latest listing says "${last.title}"`)
      if (/(^|[^\w`])@[A-Za-z0-9]/.test(i.title) || /#\d/.test(i.title))
        found.push(`#${i.number}'s title mentions or links: ${JSON.stringify(i.title)}`)
    }
  }

  // No identity a post did not give (a marker look-alike in a task's text must not become a key).
  for (const i of issues)
    if (!KNOWN_KEYS.has(i.key)) found.push(`#${i.number} carries the key "${i.key}", which no task has`)

  // No spam: the action never says the same thing twice on one issue.
  const said = new Set<string>()
  for (const c of world.sim.state.comments.filter(c => c.author === BOT)) {
    const id = `${c.issueNumber}\u0000${c.body}`
    if (said.has(id))
      found.push(`#${c.issueNumber} has the same comment twice: ${JSON.stringify(c.body.slice(0, 80))}`)
    said.add(id)
  }

  found.push(...boardViolations(world, issues, options))

  // 0 changes to issues without the marker.
  const now = world.snapshotPersonIssues()
  if (now !== world.personSnapshot)
    found.push(`a person's issue changed:\n  was ${world.personSnapshot}\n  now ${now}`)

  // The daily plan: one issue per day, and only today's open after a scheduled run.
  const plans = world.sim.state.issues.filter(i => i.labels.includes(DAILY_LABEL))
  const titles = new Set<string>()
  for (const p of plans) {
    if (titles.has(p.title)) found.push(`two daily plan issues titled "${p.title}"`)
    titles.add(p.title)
  }
  const openPlans = plans.filter(p => p.state === 'open')
  if (openPlans.length > 1)
    found.push(`${openPlans.length} daily plan issues open: #${openPlans.map(p => p.number).join(', #')}`)
  const today = options.dailyNow === undefined ? undefined : World.seoulDay(options.dailyNow)
  if (today !== undefined && openPlans.length === 1 && !openPlans[0]!.title.includes(today)) {
    found.push(
      `the open daily plan #${openPlans[0]!.number} "${openPlans[0]!.title}" is not today's (${today})`
    )
  }
  return found
}

/** The board column DESIGN.md's board semantics give an issue, from what the simulator holds. */
export function expectedColumn(world: World, issue: SimIssue): 'Todo' | 'In Progress' | 'Done' {
  if (issue.state === 'closed') return 'Done'
  const state = world.sim.state
  const closing = state.pulls.filter(p =>
    world.sim.model.closingIssues(p).some(i => i.number === issue.number)
  )
  if (closing.some(p => p.merged) && issue.stateReason !== 'reopened') return 'Done'
  if (closing.some(p => p.state === 'open')) return 'In Progress'
  const liveHeads = new Set(closing.filter(p => p.state === 'open').map(p => p.head))
  const retired = new Set(closing.filter(p => p.state !== 'open' && !liveHeads.has(p.head)).map(p => p.head))
  const linked = issue.linkedBranches.map(l => l.branch)
  const named = world.branches
    .map(b => b.name)
    .filter(name => BRANCH_NUMBER.some(re => Number(re.exec(name)?.[1]) === issue.number))
  const live = new Set(world.branches.map(b => b.name))
  if ([...linked, ...named].some(b => live.has(b) && !retired.has(b))) return 'In Progress'
  return 'Todo'
}

function boardViolations(
  world: World,
  issues: ReadonlyArray<SimIssue & { key: string }>,
  options: CheckOptions
): string[] {
  const found: string[] = []
  const project = world.sim.project(1)
  for (const issue of issues) {
    const item = world.sim.model.itemFor(project, issue)
    if (!item) {
      if (issue.state === 'open' && options.fullBoard)
        found.push(`open task issue #${issue.number} is not on the board`)
      continue
    }
    const status = world.sim.model.statusOf(project, issue)
    const want = expectedColumn(world, issue)
    if (status !== want)
      found.push(
        `#${issue.number} (${issue.state}${issue.stateReason ? `, ${issue.stateReason}` : ''}) is in '${status ?? 'No Status'}', belongs in '${want}'`
      )
  }
  return found
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
