// Reads the settings and the event, runs the chosen jobs one after another (handing on what one reads for a later
// one), and reports. Thin on purpose: a job that fails or cannot run never stops the others; no stack trace escapes.
import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { refusalLine, resolveInside } from './blog/boundary.js'
import { ClockError, nowFrom } from './clock.js'
import { jobsFor, readEvent } from './event.js'
import type { GitHubClient } from './github/client.js'
import type { JobContext, JobOutcome, Sink, TasksHandoff } from './jobs/context.js'
import { settingsSource } from './pr-settings.js'
import {
  DEFAULT_CONFIG_FILE,
  readSettings,
  settingsSourcesMarkdown,
  SettingsError,
  type JobName
} from './settings.js'

/** A job of the run; `taskIssues` is what the tasks job of the same run read and wrote (for the board job). */
type Job = (ctx: JobContext, handoff: TasksHandoff | undefined) => Promise<JobOutcome>

/** Each job is loaded only when it runs: a check-only run never compiles the GitHub or board code. */
const JOBS: Record<JobName, Job> = {
  check: async ctx => (await import('./jobs/check.js')).checkJob(ctx),
  tasks: async ctx => (await import('./jobs/tasks.js')).tasksJob(ctx),
  board: async (ctx, handoff) =>
    (await import('./jobs/board.js')).boardJob(ctx, {
      timeScale: ctx.timeScale,
      ...(handoff?.taskIssues ? { sharedRead: handoff.taskIssues } : {}),
      ...(handoff?.cardFacts ? { cardFacts: handoff.cardFacts } : {})
    }),
  daily: async ctx => (await import('./jobs/daily.js')).dailyJob(ctx),
  weekly: async ctx => (await import('./jobs/weekly.js')).weeklyJob(ctx),
  fixes: async ctx => (await import('./jobs/fix-pr.js')).fixPrJob(ctx)
}

/** The octokit module (and undici under it) is loaded only when there is a token to use it with. */
async function clientFor(token: string, timeScale: number): Promise<GitHubClient | undefined> {
  if (!token) return undefined
  const { createClient } = await import('./github/client.js')
  return createClient(token, { timeScale })
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    // Masked first, before anything (the clock, the config file, an input) can fail and print a message.
    for (const name of ['token', 'project-token']) {
      const secret = core.getInput(name)
      if (secret) core.setSecret(secret)
    }
    const now = nowFrom(env)
    const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd())
    const configPath = core.getInput('config-file') || DEFAULT_CONFIG_FILE
    const event = readEvent(
      env.GITHUB_EVENT_NAME ?? '',
      readPayload(env.GITHUB_EVENT_PATH),
      env.GITHUB_REPOSITORY
    )
    const timeScale = Number(env.JEKYLL_POST_OPS_TIME_SCALE) || 1
    // The token is never read from the file: one client serves the base commit's settings and the jobs.
    const client = await clientFor(core.getInput('token'), timeScale)
    // On a pull request the base commit's configuration file and schema: a pull request never decides how it is judged.
    const config = await settingsSource(workspace, configPath, event, client, values =>
      readSettings(name => core.getInput(name), values)
    )
    const settings = config.settings
    if (config.notice) core.notice(config.notice)
    // Every path the repository controls stays inside the workspace once symbolic links are followed.
    const blog = resolveInside(workspace, settings.blogPath || '.')
    if (blog.kind === 'outside')
      throw new SettingsError('blog-path', refusalLine(`'${settings.blogPath}'`, blog.rule))
    const blogRoot = resolve(workspace, settings.blogPath)
    // `weekly` runs on schedule on the weekly day of the blog's zone (from _config.yml, read on that event only).
    const weekly =
      settings.jobs === 'auto' &&
      event.trigger.kind === 'schedule' &&
      (await import('./jobs/weekly.js')).isWeeklyDay(blogRoot, workspace, settings, now)
    const jobs =
      settings.jobs === 'auto' ? jobsFor(event.trigger, { fixPr: settings.fixPr, weekly }) : settings.jobs
    const ctx: JobContext = {
      settings,
      event,
      workspace,
      blogRoot,
      now,
      tempDir: env.RUNNER_TEMP || join(workspace, '.jekyll-post-ops'),
      serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
      sha: env.GITHUB_SHA || '',
      client,
      projectClient: await clientFor(settings.projectToken, timeScale),
      sink: coreSink(),
      timeScale,
      jobs,
      ...(config.baseFiles ? { baseFiles: config.baseFiles } : {})
    }
    core.info(`jekyll-post-ops: event '${event.name || 'none'}', jobs: ${jobs.join(', ')}`)
    const failures: string[] = []
    let handoff: TasksHandoff | undefined
    for (const name of jobs) {
      const outcome = await runJob(name, JOBS[name], ctx, handoff)
      if (outcome.status === 'done' && outcome.handoff) handoff = outcome.handoff
      if (outcome.status === 'skipped') core.info(`${name}: skipped: ${outcome.reason}`)
      else if (outcome.failure) failures.push(outcome.failure)
    }
    if (config.note) core.summary.addRaw(`${config.note}\n`, true)
    core.summary.addRaw(settingsSourcesMarkdown(settings, configPath), true)
    await core.summary.write()
    if (failures.length > 0) core.setFailed(failures.join('\n'))
  } catch (error) {
    core.setFailed(messageOf(error))
  }
}

/**
 * A job's unexpected error fails the step with its message, never with a stack trace, and the next job runs. The
 * message is annotated once, by the step's failure at the end (as every job's failure is).
 */
async function runJob(
  name: JobName,
  job: Job,
  ctx: JobContext,
  handoff: TasksHandoff | undefined
): Promise<JobOutcome> {
  try {
    return await core.group(`jekyll-post-ops ${name}`, () => job(ctx, handoff))
  } catch (error) {
    const message = `${name}: ${messageOf(error)}`
    // A settings error is the one line already; a stack is for the unexpected.
    if (error instanceof Error && !(error instanceof SettingsError) && error.stack) core.debug(error.stack)
    return { status: 'done', failure: message }
  }
}

function messageOf(error: unknown): string {
  if (error instanceof SettingsError || error instanceof ClockError) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path || !existsSync(path)) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch (error) {
    throw new Error(`cannot read the event payload ${path}: ${(error as Error).message}`)
  }
}

function coreSink(): Sink {
  return {
    info: line => core.info(line),
    annotate: (level, message, props) => {
      if (level === 'error') core.error(message, props)
      else if (level === 'warning') core.warning(message, props)
      else core.notice(message, props)
    },
    summary: markdown => {
      core.summary.addRaw(markdown, true)
    },
    output: (name, value) => core.setOutput(name, value)
  }
}
