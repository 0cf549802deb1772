// What every job is handed: settings, the event, where the blog is, the clock, GitHub clients, a sink for what it
// reports, and what earlier jobs of the run left for it. Jobs never read process.env or call @actions/core themselves.
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
  /**
   * On a pull request, the schema files as they are at the base commit (repository path -> text, undefined when
   * the commit has none): a pull request is judged by the settings it would merge into, not by its own.
   */
  baseFiles?: ReadonlyMap<string, string | undefined>
  /** What a job leaves for the jobs after it in the same run (main.ts hands it on); undefined: nothing is passed on. */
  shared?: SharedResults
}

/** Results one job of a run hands to a later one, to spare GitHub a second read of the same thing. */
export interface SharedResults {
  /**
   * The task issues as the tasks job read them with the project token and the options of the board's full read,
   * patched with what the tasks job itself wrote. Set only when the tasks job finished without a failure.
   */
  taskIssues?: ManagedIssueRead
}

/** How a job ended: it did its work (maybe with findings that fail the step), or could not run. */
export type JobOutcome = { status: 'done'; failure?: string } | { status: 'skipped'; reason: string }
