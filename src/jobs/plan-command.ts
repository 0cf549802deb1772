// The `plan` command: what the tasks job would do, as text and JSON, offline or read against GitHub. Never writes:
// its GitHub run is a dry run of the same apply the job uses.
import type { RepoRef } from '../event.js'
import type { GitHubClient } from '../github/client.js'
import { writeTasks } from './task-writes.js'
import { readManagedIssues, type ManagedIssueRead } from '../github/issues/read.js'
import { planTasks, repoFileLinker } from './task-plan.js'
import { day, desiredIssues, planJson } from './tasks-report.js'
import { formatPlan } from '../plan/plan-text.js'
import { sinceInstant, type Settings } from '../settings.js'

export interface PlanCommandOptions {
  /** Absolute path of the blog. */
  root: string
  now: number
  settings: Pick<
    Settings,
    'since' | 'label' | 'timezone' | 'todayHeadings' | 'tomorrowHeadings' | 'blogPath' | 'maxWrites'
  >
  /** With a repository and a client: the full plan against GitHub (read only). Without: the desired issues. */
  github?: { client: GitHubClient; repo: RepoRef; serverUrl: string }
}

/** The `plan` command: what the tasks job would do, as text and as JSON. Never writes. */
export async function planCommand(options: PlanCommandOptions): Promise<{ text: string; json: unknown }> {
  const { settings } = options
  const since = sinceInstant(settings.since, options.now)
  const sections = { today: settings.todayHeadings, tomorrow: settings.tomorrowHeadings }
  const planWith = (
    repoFileUrl: (path: string, line: number) => string,
    issues: ManagedIssueRead['issues']
  ) =>
    planTasks({
      root: options.root,
      now: options.now,
      since,
      timezone: settings.timezone,
      sections,
      label: settings.label,
      repoFileUrl,
      issues
    })
  if (!options.github) {
    const plan = planWith((path, line) => `${path}#L${line}`, [])
    const desired = desiredIssues(plan)
    const lines = desired.map(
      d =>
        `${d.title}\t${d.section ?? '(no section)'}\t${d.lastListed.slice(0, 10)}${d.carriedDays > 0 ? `\tcarried ${d.carriedDays}d` : ''}`
    )
    lines.push(
      `${desired.length} task issue${desired.length === 1 ? '' : 's'} should be open (posts since ${day(since, plan.site.timezone)}); ` +
        `${plan.staleUnchecked} older unchecked task${plan.staleUnchecked === 1 ? '' : 's'} open none.`
    )
    return {
      text: lines.join('\n'),
      json: { since: new Date(since).toISOString(), desired, staleUnchecked: plan.staleUnchecked }
    }
  }
  const { client, repo, serverUrl } = options.github
  const read = await readManagedIssues(client, repo, { label: settings.label, closedSince: since })
  const plan = planWith(
    repoFileLinker(serverUrl, repo, read.defaultBranch ?? 'HEAD', settings.blogPath),
    read.issues
  )
  const result = await writeTasks(client, repo, plan.operations, {
    assignees: [],
    dryRun: true,
    maxWrites: settings.maxWrites,
    label: settings.label,
    read
  })
  const lines = [formatPlan([...result.planned, ...result.notes])]
  if (result.deferred.length > 0)
    lines.push(
      `${result.deferred.length} more write(s) would wait for the next run (max-writes ${settings.maxWrites}).`
    )
  lines.push(
    `Read ${read.issues.length} managed issue(s) of ${repo.owner}/${repo.repo} in ${read.requests} request(s); nothing was written.`
  )
  return { text: lines.join('\n'), json: planJson(plan, result, true) }
}
