// The one table of the action's inputs: name, default and description. action.yml, the README's input table and the
// configuration file's JSON Schema are generated from it (`npm run docs`); no other file may hold a default.

/** One input of the action. */
export interface InputSpec {
  readonly name: string
  /** Used when neither the workflow's `with:` nor the configuration file gives a value ('' = none). */
  readonly default: string
  readonly description: string
  /** Tokens and the file's own path can only be given by the workflow, never by a file in the repository. */
  readonly fileMayNotSet?: true
  /** What action.yml itself must fill in (only the token: the runner expands `${{ github.token }}`). */
  readonly actionDefault?: string
}

export const INPUTS: readonly InputSpec[] = [
  {
    name: 'jobs',
    default: 'auto',
    description:
      "Which jobs to run: `auto` picks by event (pull_request: check, board; push: check, tasks, board; schedule: tasks, board, daily, and `weekly` when today in the blog's timezone is `weekly-day`; issues/create: board; workflow_dispatch: check, tasks, board, daily; schedule and workflow_dispatch also `fixes` when `fix-pr` is true), or a comma-separated list of `check`, `tasks`, `board`, `daily`, `weekly`, `fixes` to force."
  },
  {
    name: 'token',
    default: '',
    actionDefault: '${{ github.token }}',
    fileMayNotSet: true,
    description:
      "Token for issues, pull requests and contents. The workflow's GITHUB_TOKEN is enough for `check`, `tasks` and `daily`."
  },
  {
    name: 'blog-path',
    default: '.',
    description: 'Folder of the Jekyll site inside the repository (where `_config.yml` and `_posts/` are).'
  },
  {
    name: 'config-file',
    fileMayNotSet: true,
    default: '.github/jekyll-post-ops.yml',
    description:
      'Optional YAML file with rule severities, heading patterns and column names; inputs given here override it.'
  },
  {
    name: 'fail-on',
    default: 'error',
    description: '`check` fails the step on `error` findings, on `warning` and worse, or `never`.'
  },
  {
    name: 'severity',
    default: '',
    description:
      'Rule severity overrides, comma- or newline-separated `rule=level` pairs, level one of error, warning, notice, off (e.g. `tags/lowercase=warning, date/future=off`).'
  },
  {
    name: 'schema',
    default: '',
    description: "Path (in the repository) of a JSON Schema that every post's front matter must satisfy."
  },
  {
    name: 'since',
    default: '14 days',
    description:
      'Only posts newer than this open task issues (`14 days`, `3 weeks`, or a date `2026-01-01`). Older unchecked tasks are counted in the summary.'
  },
  {
    name: 'label',
    default: 'task',
    description: 'Label that marks the task issues this action manages (created if missing).'
  },
  {
    name: 'assignees',
    default: '',
    description:
      'Comma-separated logins assigned to new task issues. Empty assigns the person who pushed; `none` assigns nobody.'
  },
  {
    name: 'max-writes',
    default: '50',
    description:
      'At most this many issue writes per run; the rest converge on the next run and the summary says so.'
  },
  {
    name: 'dry-run',
    default: 'false',
    description: 'Print the plan (what would be created, updated, closed, moved) and write nothing.'
  },
  {
    name: 'today-headings',
    default: '오늘, today, done',
    description:
      'Case-insensitive regular expressions (separated by a newline, or a comma and a space) of headings for "done today" sections.'
  },
  {
    name: 'tomorrow-headings',
    default: '내일\\s*할\\s*일, tomorrow, to\\s*do\\s*tomorrow, ^todo$, next',
    description:
      'Case-insensitive regular expressions (separated by a newline, or a comma and a space) of headings for "tomorrow" sections.'
  },
  {
    name: 'project',
    default: '',
    description:
      'URL of the Projects (v2) board, e.g. https://github.com/users/NAME/projects/1 or https://github.com/orgs/ORG/projects/2. Empty skips `board`.'
  },
  {
    name: 'project-token',
    fileMayNotSet: true,
    default: '',
    description:
      'Token that can reach the project (a classic PAT with the `project` scope, or a GitHub App token). GITHUB_TOKEN cannot reach Projects v2.'
  },
  {
    name: 'status-field',
    default: 'Status',
    description: "Name of the board's single-select Status field."
  },
  {
    name: 'due-field',
    default: '',
    description:
      "Optional Date field of the board that gets each task's due date on the cards the action adds: a task under a tomorrow heading of the post of day D is due D + 1, any other D (the first listing's, when carried)."
  },
  {
    name: 'week-field',
    default: '',
    description:
      'Optional field of the board that gets the week on the cards the action adds: an Iteration field takes the iteration holding the due date; a single-select or text field takes the week label of the post title (`week-pattern`).'
  },
  {
    name: 'post-field',
    default: '',
    description:
      'Optional Text field of the board that gets the URL on the site of the post that first listed the task, on the cards the action adds.'
  },
  {
    name: 'nested-tasks',
    default: 'body',
    description:
      "What a task item nested under a task becomes: `body` (a line of its parent's issue body) or `sub-issues` (a task issue of its own, a sub-issue of its parent's issue, closed when checked; the daily plan's `sub-issues` then attaches only top-level tasks)."
  },
  {
    name: 'todo-column',
    default: 'Todo',
    description: 'Status option for open tasks nobody has started.'
  },
  {
    name: 'in-progress-column',
    default: 'In Progress',
    description: 'Status option for tasks with a branch or an open pull request.'
  },
  {
    name: 'in-review-column',
    default: '',
    description:
      'Optional Status option for tasks whose pull request is open and ready for review; empty uses the in-progress column.'
  },
  {
    name: 'done-column',
    default: 'Done',
    description: 'Status option for tasks merged, checked in a post, or closed as completed.'
  },
  {
    name: 'not-planned',
    default: 'done',
    description: 'Where an issue closed as not planned goes on the board, `done` or `todo`.'
  },
  {
    name: 'branch-patterns',
    default: '^(\\d+)[-_], ^issue[-_]?(\\d+)(?:$|[-_]), ^[^/]+/(\\d+)[-_], ^[^/]+/issue[-_]?(\\d+)(?:$|[-_])',
    description:
      'Regular expressions (separated by a newline, or a comma and a space) that find an issue number in a branch name (first capture group).'
  },
  {
    name: 'timezone',
    default: '',
    description:
      'IANA timezone for "today" in `daily` and for dates in `check`; empty uses `_config.yml`\'s `timezone`, else UTC.'
  },
  {
    name: 'daily-title',
    default: 'Daily plan {date}',
    description:
      "Title of the daily plan issue; `{date}` is today's date (YYYY-MM-DD) and `{weekday}` its weekday."
  },
  {
    name: 'daily-label',
    default: 'daily-plan',
    description: 'Label of the daily plan issues.'
  },
  {
    name: 'sub-issues',
    default: 'false',
    description: "Also attach today's task issues to the plan issue as sub-issues."
  },
  {
    name: 'pin',
    default: 'false',
    description: "Pin today's plan issue and this week's review, unpinning the earlier ones."
  },
  {
    name: 'always',
    default: 'false',
    description: 'Open a plan issue even when nothing is due and nothing is open.'
  },
  {
    name: 'weekly-day',
    default: 'monday',
    description:
      "The weekday (in the blog's timezone) on which `jobs: auto` runs `weekly` on schedule: `monday` .. `sunday`."
  },
  {
    name: 'weekly-start',
    default: 'monday',
    description: 'The weekday a week starts on, for the weekly review (`monday` .. `sunday`).'
  },
  {
    name: 'weekly-title',
    default: 'Weekly review {week}',
    description:
      'Title of the weekly review issue; `{week}` is the ISO week (2026-W11), `{start}`/`{end}` its first and last day, `{label}` the week label of its posts (see `week-pattern`). Hangul in it gives Korean headings.'
  },
  {
    name: 'week-pattern',
    default: 'Week\\s*(\\d+)',
    description:
      "Case-insensitive regular expression that finds the week label in a post's title (its first capture group, else the whole match), e.g. `06` of `[Week 06 / Day 024]`: the weekly review's `{label}` and a single-select or text `week-field`."
  },
  {
    name: 'weekly-label',
    default: 'weekly-review',
    description: 'Label of the weekly review issues.'
  },
  {
    name: 'suggestions',
    default: 'true',
    description:
      "On a pull request, `check` turns each certain fix on a line the pull request changed into a suggested change (one review per run, at most 30 new suggestions, never repeated; removed when fixed). Needs `pull-requests: write`; a fork's pull request gets the annotations only, with one line saying why."
  },
  {
    name: 'fix-pr',
    default: 'false',
    description:
      'On schedule and workflow_dispatch, also run `fixes`: one pull request from the branch `jekyll-post-ops/fix-posts` with the certain fixes of the posts on the default branch (opened, updated in place, closed when nothing is left; never pushed to the default branch). Needs `contents: write` and `pull-requests: write`.'
  }
]

/** Every input name, in action.yml's order. */
export const INPUT_NAMES: readonly string[] = INPUTS.map(input => input.name)

/** Inputs a file in the repository may not set: secrets, and the file's own path. */
export const NOT_FROM_FILE: ReadonlySet<string> = new Set(
  INPUTS.filter(i => i.fileMayNotSet).map(i => i.name)
)

/** Where a setting's value came from. */
export type InputSource = 'workflow' | 'file' | 'default'

export interface ResolvedInputs {
  /** name -> the value to parse (trimmed). */
  readonly values: Readonly<Record<string, string>>
  /** name -> where it came from. */
  readonly sources: Readonly<Record<string, InputSource>>
}

/**
 * Precedence: the workflow's `with:` (an empty input means "not given": action.yml declares no defaults), then the
 * configuration file, then the table's default.
 */
export function resolveInputs(
  read: (name: string) => string,
  fileValues: Record<string, string> = {}
): ResolvedInputs {
  const values: Record<string, string> = {}
  const sources: Record<string, InputSource> = {}
  for (const input of INPUTS) {
    const given = read(input.name).trim()
    const fromFile = input.fileMayNotSet ? '' : (fileValues[input.name] ?? '').trim()
    if (given !== '') [values[input.name], sources[input.name]] = [given, 'workflow']
    else if (fromFile !== '') [values[input.name], sources[input.name]] = [fromFile, 'file']
    else [values[input.name], sources[input.name]] = [input.default, 'default']
  }
  return { values, sources }
}
