// What every job is handed: settings, the event, where the blog is, the clock, GitHub clients, a sink for what it
// reports, and how a job ends. Jobs never read process.env or call @actions/core themselves.
import type { Severity } from '../blog/model.js'
import type { WorkflowEvent } from '../event.js'
import type { GitHubClient } from '../github/client.js'
import type { ManagedIssueRead } from '../github/issues/read.js'
import type { CardFacts } from '../plan/fields.js'
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
}

/** What the tasks job hands to the board job of the same run (main.ts passes it on). */
export interface TasksHandoff {
  /**
   * The task issues as the tasks job read them with the project token and the options of the board's full read,
   * patched with what it wrote: the board's first read, spared. Set only when the tasks job finished without a failure.
   */
  taskIssues?: ManagedIssueRead
  /**
   * What each open task issue's card can show beyond Status (due date, week, post URL), by issue number, from the
   * tasks job's ledger; set when the inputs name a card field. The board job fills them on the cards it adds.
   */
  cardFacts?: ReadonlyMap<number, CardFacts>
}

/** How a job ended: it did its work (maybe with findings that fail the step), or could not run. */
export type JobOutcome =
  { status: 'done'; failure?: string; handoff?: TasksHandoff } | { status: 'skipped'; reason: string }
