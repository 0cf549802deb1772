// The `board` job: makes the Projects v2 board's Status of each task issue agree with the issue's state, branches
// and pull requests, read from GitHub. Events only narrow which issues to look at; the payload is never the truth.
import type { RepoRef, WorkflowEvent } from '../event.js'
import { BoardError, resolveBoard, tokenKindOf } from '../github/board.js'
import { applyMoves } from '../github/board-apply.js'
import { planMoves, type Board, type Move } from '../plan/board.js'
import { withCardValues } from '../plan/fields.js'
import type { GitHubClient } from '../github/client.js'
import {
  managedIssuesPart,
  readManagedIssues,
  type ManagedIssueRead,
  type ManagedIssuesPage,
  type ReadOptions
} from '../github/issues/read.js'
import {
  combineParts,
  factsOfRemote,
  issuesOfBranch,
  LINK_RETRY_MS,
  readRemainingBranches,
  repoPart,
  type EventScope,
  type RepoRead
} from '../github/links.js'
import { issueNumberOfBranch, placeIssue, type IssueFacts, type Placement } from '../plan/board.js'
import type { QueryPart } from '../github/model.js'
import { sinceInstant, type Settings } from '../settings.js'
import type { JobContext, JobOutcome, TasksHandoff } from './context.js'

export interface BoardJobOptions {
  /** Divides the waits while a new branch's link is not recorded yet (JEKYLL_POST_OPS_TIME_SCALE). */
  timeScale?: number
  /**
   * The run's read of the task issues, if the tasks job already made it with the project token and the options of
   * the full read (`withBoard`, `withLinks`, closed issues since `since`), patched with what that job wrote: used in
   * place of the board's first read (a full resync then reads no issue page), never for a re-read.
   */
  sharedRead?: ManagedIssueRead
  /** What the cards this run adds show beyond Status, from the tasks job of the same run (see TasksHandoff). */
  cardFacts?: TasksHandoff['cardFacts']
}

/** What the event asks the board job to look at. */
type Focus =
  | { kind: 'full' }
  | { kind: 'issue'; number: number }
  | { kind: 'branch'; branch: string; byName: number | undefined }
  | { kind: 'pull'; number: number; byName: number | undefined; edited: boolean }
  | { kind: 'none'; reason: string }

export async function boardJob(ctx: JobContext, options: BoardJobOptions = {}): Promise<JobOutcome> {
  const { settings, event, sink } = ctx
  if (!settings.project) {
    return {
      status: 'skipped',
      reason:
        "no 'project' input; set it to the board's URL (https://github.com/users/NAME/projects/N or https://github.com/orgs/ORG/projects/N)"
    }
  }
  if (!settings.projectToken || !ctx.projectClient) {
    return {
      status: 'skipped',
      reason:
        "no 'project-token' input; GITHUB_TOKEN cannot reach Projects v2, so set it to a classic PAT with the 'project' scope or a GitHub App token (a secret)"
    }
  }
  if (!event.repo) return { status: 'skipped', reason: 'no repository (GITHUB_REPOSITORY is not set)' }
  const focus = focusOf(event, settings)
  if (focus.kind === 'none') return { status: 'skipped', reason: focus.reason }

  const client = ctx.projectClient
  const repo = event.repo
  const target = {
    project: settings.project,
    statusField: settings.statusField,
    columns: settings.columns,
    tokenKind: tokenKindOf(settings.projectToken),
    cardFields: settings.cardFields
  }
  const managedOptions = (closed: boolean): ReadOptions => ({
    label: settings.label,
    withBoard: true,
    withLinks: true,
    statusField: settings.statusField,
    closedSince: closed ? sinceInstant(settings.since, ctx.now) : undefined
  })
  // The read of task issues (all open ones, and for a full resync those closed within `since`); a read another
  // job of this run already made is used once, re-reads (waiting for a link) always ask GitHub again. When the event
  // needs it from the start, its first page rides in the request that resolves the project: one round trip.
  let shared = options.sharedRead?.boardReadable ? options.sharedRead : undefined
  const readsAtOnce = focus.kind === 'full' || (focus.kind === 'pull' && focus.edited)
  const repoReading = repoPart(repo, settings.label, settings.statusField, scopeOf(focus))
  const part =
    readsAtOnce && !shared
      ? combineParts(repoReading, managedIssuesPart(repo, managedOptions(focus.kind === 'full')))
      : combineParts(repoReading, NO_PART)
  const { board, read: answered } = await resolveBoard(client, target, part)
  sink.info(`board: '${board.title}' (${board.url}), field '${board.field.name}': ${describeColumns(board)}`)
  const [first, firstPage] = answered!
  const read = await readRemainingBranches(client, repo, first)

  let pageAtHand = firstPage
  const readManaged = async (closed: boolean): Promise<void> => {
    const managed = shared ?? (await readManagedIssues(client, repo, managedOptions(closed), pageAtHand))
    shared = undefined
    pageAtHand = undefined
    if (!managed.boardReadable) {
      throw new BoardError(
        `Input 'project-token': GitHub refused the issues' project items to this token, though it can see the project.`
      )
    }
    for (const issue of managed.issues) read.issues.set(issue.number, factsOfRemote(issue))
  }
  if (focus.kind === 'full' || (focus.kind === 'pull' && focus.edited))
    await readManaged(focus.kind === 'full')

  let concerned = concernedIssues(focus, read, settings)
  if (focus.kind === 'branch' && concerned.length === 0 && read.repo.branches.has(focus.branch)) {
    await readManaged(false)
    concerned = concernedIssues(focus, read, settings)
    // GitHub may record the link of a branch made from an issue a moment after the `create` event: look again.
    const scale = options.timeScale && options.timeScale > 0 ? options.timeScale : 1
    for (const wait of concerned.length === 0 ? LINK_RETRY_MS : []) {
      sink.info(
        `board: branch ${focus.branch} is linked to no task issue yet; reading again in ${(wait / scale / 1000).toFixed(1)} s`
      )
      await sleep(wait / scale)
      await readManaged(false)
      concerned = concernedIssues(focus, read, settings)
      if (concerned.length > 0) break
    }
  }
  if (focus.kind === 'branch' && concerned.length === 0) {
    sink.info(
      `board: branch ${focus.branch} is for no open task issue (by its name or GitHub's linked branches); nothing to move`
    )
  }

  if (focus.kind === 'branch' && event.actor)
    await assignBranchCreator(ctx, repo, concerned, event.actor, focus.branch)

  const placements = new Map<number, Placement>()
  const placing = {
    branchPatterns: settings.branchPatterns,
    inReview: board.columns.inReview !== undefined,
    notPlanned: settings.notPlanned
  }
  for (const issue of concerned) placements.set(issue.number, placeIssue(issue, read.repo, placing))
  const planned = planMoves(concerned, board, placements)
  for (const s of planned.skipped) sink.info(`board: #${s.number} left alone: ${s.why}`)
  // Fields beyond Status only on the cards this run adds, in the same mutations as their Status.
  const { moves, notes } = withCardValues(
    planned.moves,
    board.cardFields ?? [],
    options.cardFacts,
    settings.weekPattern
  )
  for (const n of notes) sink.info(`board: #${n.number}: ${n.note}`)
  if ((board.cardFields ?? []).length > 0 && !options.cardFacts && moves.some(m => m.itemId === undefined))
    sink.info(
      'board: no tasks job ran before this one, so the cards added now get no due date, week or post (they are filled when tasks and board run together: push, schedule)'
    )

  if (settings.dryRun) {
    for (const m of moves)
      sink.info(`board (dry run): would move #${m.number} ${fromText(m)} -> ${m.option.name} (${m.reason})`)
    sink.summary(summaryOf(board, moves, [], concerned.length, true, notes))
    sink.output('moved', '')
    return { status: 'done' }
  }
  const applied = await applyMoves(client, board, moves)
  for (const m of applied.moved)
    sink.info(`board: #${m.number} ${fromText(m)} -> ${m.option.name} (${m.reason})`)
  for (const f of applied.failed) sink.annotate('error', `board: ${f.message}`)
  sink.summary(
    summaryOf(
      board,
      applied.moved,
      applied.failed.map(f => f.move),
      concerned.length,
      false,
      notes
    )
  )
  sink.output('moved', applied.moved.map(m => m.number).join(','))
  if (applied.failed.length > 0) {
    return {
      status: 'done',
      failure: `board: ${applied.failed.length} of ${moves.length} moves failed: ${applied.failed.map(f => f.message).join('; ')}`
    }
  }
  return { status: 'done' }
}

/** A part that asks nothing and reads nothing (the first page of task issues when the event needs none at once). */
const NO_PART: QueryPart<ManagedIssuesPage | undefined> = {
  variables: {},
  selection: '',
  fragments: [],
  read: () => undefined
}

function focusOf(event: WorkflowEvent, settings: Settings): Focus {
  const t = event.trigger
  switch (t.kind) {
    case 'schedule':
    case 'workflow_dispatch':
    case 'push':
      return { kind: 'full' }
    case 'issues':
      return t.number > 0
        ? { kind: 'issue', number: t.number }
        : { kind: 'none', reason: 'the issues event names no issue' }
    case 'create':
      if (t.refType !== 'branch' || t.ref === '')
        return { kind: 'none', reason: `a ${t.refType} was created, not a branch; nothing for the board` }
      return { kind: 'branch', branch: t.ref, byName: issueNumberOfBranch(t.ref, settings.branchPatterns) }
    case 'pull_request':
      if (t.number <= 0) return { kind: 'none', reason: 'the pull_request event names no pull request' }
      return {
        kind: 'pull',
        number: t.number,
        byName: issueNumberOfBranch(t.headRef, settings.branchPatterns),
        edited: t.action === 'edited'
      }
    case 'other':
      return { kind: 'none', reason: `the '${t.name}' event does not concern the board` }
  }
}

function scopeOf(focus: Exclude<Focus, { kind: 'none' }>): EventScope {
  switch (focus.kind) {
    case 'full':
      return { numbers: [] }
    case 'issue':
      return { numbers: [focus.number] }
    case 'branch':
      return { numbers: focus.byName !== undefined ? [focus.byName] : [] }
    case 'pull':
      return { numbers: focus.byName !== undefined ? [focus.byName] : [], pull: focus.number }
  }
}

/** The managed issues the event concerns, from what was read. */
function concernedIssues(
  focus: Exclude<Focus, { kind: 'none' }>,
  read: RepoRead,
  settings: Settings
): IssueFacts[] {
  const managed = (n: number | undefined) => {
    const issue = n === undefined ? undefined : read.issues.get(n)
    return issue?.managed ? [issue] : []
  }
  switch (focus.kind) {
    case 'full':
      return [...read.issues.values()].filter(i => i.managed)
    case 'issue':
      return managed(focus.number)
    case 'branch':
      if (!read.repo.branches.has(focus.branch)) return []
      return issuesOfBranch(focus.branch, read.issues.values(), settings.branchPatterns).filter(
        i => i.state === 'OPEN'
      )
    case 'pull': {
      const numbers = new Set<number>(read.pull?.closes ?? [])
      if (focus.byName !== undefined) numbers.add(focus.byName)
      // An edit may have dropped a closing reference: every open task issue is looked at again.
      if (focus.edited)
        for (const issue of read.issues.values()) if (issue.state === 'OPEN') numbers.add(issue.number)
      return [...numbers].sort((a, b) => a - b).flatMap(managed)
    }
  }
}

/** On a branch's first appearance, its creator takes the issue if nobody has. Bots are never assigned. */
async function assignBranchCreator(
  ctx: JobContext,
  repo: RepoRef,
  issues: IssueFacts[],
  actor: string,
  branch: string
): Promise<void> {
  if (/\[bot\]$/i.test(actor)) return
  const client: GitHubClient = ctx.client ?? ctx.projectClient!
  for (const issue of issues) {
    if (issue.assignees.length > 0 || issue.state !== 'OPEN') continue
    if (ctx.settings.dryRun) {
      ctx.sink.info(`board (dry run): would assign #${issue.number} to ${actor}, who created ${branch}`)
      continue
    }
    const { data } = await client.rest.issues.addAssignees({
      ...repo,
      issue_number: issue.number,
      assignees: [actor]
    })
    const now = (data.assignees ?? []).map(a => a.login)
    if (now.some(login => login.toLowerCase() === actor.toLowerCase())) {
      ctx.sink.info(`board: #${issue.number} assigned to ${actor}, who created ${branch}`)
      issue.assignees = now
    } else {
      ctx.sink.info(
        `board: #${issue.number} could not be assigned to ${actor} (GitHub ignores people without access to the repository)`
      )
    }
  }
}

function describeColumns(board: Board): string {
  const c = board.columns
  return [c.todo, c.inProgress, c.inReview, c.done].flatMap(o => (o ? [`'${o.name}'`] : [])).join(' -> ')
}

function fromText(m: Move): string {
  if (m.from === undefined) return '(not on the board)'
  return m.from === null ? '(No Status)' : m.from
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

/** The Status a move sets, and the values it sets beyond it ("Todo · Due 2026-02-23 · Week Week 06"). */
function toText(m: Move): string {
  const extra = (m.fields ?? []).filter(f => !f.shown.startsWith('http')).map(f => `${f.field} ${f.shown}`)
  return [m.option.name, ...extra].join(' · ')
}

function summaryOf(
  board: Board,
  moved: Move[],
  failed: Move[],
  looked: number,
  dryRun: boolean,
  notes: ReadonlyArray<{ number: number; note: string }> = []
): string {
  const lines = [`### Board: [${escapeCell(board.title)}](${board.url})`, '']
  if (moved.length === 0 && failed.length === 0) {
    lines.push(
      `Nothing to move: ${looked} task issue${looked === 1 ? '' : 's'} already where ${looked === 1 ? 'it belongs' : 'they belong'}.`
    )
    return lines.join('\n') + '\n'
  }
  if (dryRun) lines.push('Dry run: these moves would be made.', '')
  lines.push('| Issue | From | To | Why |', '| --- | --- | --- | --- |')
  for (const m of moved)
    lines.push(
      `| [#${m.number}](${m.url}) ${escapeCell(m.title)} | ${escapeCell(fromText(m))} | ${escapeCell(toText(m))} | ${escapeCell(m.reason)} |`
    )
  for (const m of failed)
    lines.push(
      `| [#${m.number}](${m.url}) ${escapeCell(m.title)} | ${escapeCell(fromText(m))} | **failed**: ${escapeCell(m.option.name)} | ${escapeCell(m.reason)} |`
    )
  if (notes.length > 0) lines.push('', ...notes.map(n => `- #${n.number}: ${escapeCell(n.note)}`))
  return lines.join('\n') + '\n'
}

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))
