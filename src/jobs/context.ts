// What every job is handed: settings, the event, where the blog is, the clock, GitHub clients, a sink for what it
// reports, and how a job ends. Jobs never read process.env or call @actions/core themselves.
import type { Severity } from '../blog/model.js'
import type { WorkflowEvent } from '../event.js'
import type { GitHubClient } from '../github/client.js'
import type { ManagedIssueRead } from '../github/issues/read.js'
import type { JobName, Settings } from '../settings.js'

export interface AnnotationProps {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** Where a job's results go: the log, annotations, the job summary and the step outputs. */
export interface Sink {
  info(line: string): void
  annotate(level: Severity, message: string, props?: AnnotationProps): void
  summary(markdown: string): void
  output(name: string, value: string): void
}

export interface JobContext {
  settings: Settings
  event: WorkflowEvent
  /** Absolute path of the repository checkout. */
  workspace: string
  /** Absolute path of the blog inside it. */
  blogRoot: string
  now: number
  /** Folder for files the run leaves behind (RUNNER_TEMP). */
  tempDir: string
  /** https://github.com (or the GHES host), for links. */
  serverUrl: string
  /** The commit the run is about, for links to files. */
  sha: string
  /** The GitHub client for `token`; undefined when no token was given (local runs). */
  client: GitHubClient | undefined
  /** The GitHub client for `project-token`, if given. */
  projectClient: GitHubClient | undefined
  sink: Sink
  /** Divides every wait (1 on GitHub; tests and the benchmark run against a simulator with a faster clock). */
  timeScale: number
  /** The jobs of this run in the order they run (main.ts); undefined when a job runs alone (tests, the CLI). */
  jobs?: readonly JobName[]
}

/**
 * How a job ended: it did its work (maybe with findings that fail the step), or could not run. The tasks job hands
 * on `taskIssues`: the task issues as it read them with the project token and the options of the board's full read,
 * patched with what it wrote; set only when it finished without a failure. main.ts passes it to the board job of the
 * same run, sparing GitHub a second read.
 */
export type JobOutcome =
  { status: 'done'; failure?: string; taskIssues?: ManagedIssueRead } | { status: 'skipped'; reason: string }
