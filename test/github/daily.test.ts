// The GitHub side of the daily job: its GraphQL documents against GitHub's schema, and (over HTTP, against the
// simulator) reading the plan issues and applying the steps: create, edit, close with a link, pin, sub-issues.
import { readFileSync } from 'node:fs'
import { buildSchema, parse, validate } from 'graphql'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { GitHubClient } from '../../src/github/client.js'
import {
  applyDailyOperations,
  PIN_MUTATION,
  PLAN_ISSUES_QUERY,
  planIssuesQuery,
  readPlanIssues,
  UNPIN_MUTATION,
  type ApplyDailyOptions,
  type RemotePlanIssue
} from '../../src/github/daily.js'
import { IssueWritePermissionError } from '../../src/github/errors.js'
import { dailyMarker } from '../../src/plan/daily.js'
import { CLOSING_COMMENT_MARKER, type DailyOp } from '../../src/plan/daily-steps.js'
import { DEFAULT_TOKENS, startSimulator, type Simulator } from '../github-sim/index.js'

const schema = buildSchema(readFileSync('node_modules/@octokit/graphql-schema/schema.graphql', 'utf8'), {
  assumeValidSDL: true
})

describe('GraphQL documents', () => {
  it.each([
    ['plan issues', PLAN_ISSUES_QUERY],
    ['weekly review issues', planIssuesQuery('weekly')],
    ['pin', PIN_MUTATION],
    ['unpin', UNPIN_MUTATION]
  ])('%s is valid against GitHub’s schema', (_name, document) => {
    expect(validate(schema, parse(document)).map(e => e.message)).toEqual([])
  })

  it('a document GitHub would reject is caught by the same check', () => {
    expect(validate(schema, parse(PLAN_ISSUES_QUERY.replace('isPinned', 'pinned'))).length).toBeGreaterThan(0)
  })
})

const repo = { owner: 'octo', repo: 'blog' }
const LABEL = 'daily-plan'
let now = Date.parse('2026-11-28T00:30:00+09:00')
let sim: Simulator
let createClient: (token: string, options?: { timeScale?: number }) => GitHubClient
let client: GitHubClient

const plan = (day: string, text = 'plan') => `${text}\n\n${dailyMarker(day)}`

beforeAll(async () => {
  sim = await startSimulator({ now: () => now })
  // @actions/github reads GITHUB_API_URL once, when it is first imported.
  process.env.GITHUB_API_URL = sim.apiUrl
  ;({ createClient } = await import('../../src/github/client.js'))
  client = createClient(DEFAULT_TOKENS.githubToken, { timeScale: 1000 })
})
afterAll(async () => {
  await sim?.close()
})

function seedIssue(title: string, body: string, labels = [LABEL]) {
  return sim.createIssueAsUser({ title, body, labels })
}

function options(
  planIssues: readonly RemotePlanIssue[],
  over: Partial<ApplyDailyOptions> = {}
): ApplyDailyOptions {
  return {
    label: LABEL,
    labelExists: true,
    today: '2026-11-28',
    language: 'en',
    planIssues,
    taskIssueIds: new Map(),
    reread: async () => (await readPlanIssues(client, repo, { label: LABEL, withSubIssues: true })).issues,
    log: () => {},
    ...over
  }
}

describe('reading the plan issues', () => {
  beforeEach(() => sim.resetRequests())

  it('keeps the issues with the label and a dated marker, in one request', async () => {
    const yesterday = seedIssue('Daily plan 2026-11-27', plan('2026-11-27'))
    seedIssue('a person’s note', 'no marker here')
    const unlabelled = sim.createIssueAsUser({ title: 'copied', body: plan('2026-11-26'), labels: [] })
    sim.commentAsUser(yesterday.number, `Closing.\n\n${CLOSING_COMMENT_MARKER}`)
    const read = await readPlanIssues(client, repo, { label: LABEL, withSubIssues: true })
    expect(read.issues.map(i => [i.number, i.date, i.state, i.closingCommented])).toEqual([
      [yesterday.number, '2026-11-27', 'open', true]
    ])
    expect(read.issues.some(i => i.number === unlabelled.number)).toBe(false)
    expect(read.labelExists).toBe(true)
    expect(sim.requests).toHaveLength(1)
    sim.closeIssueAsUser(yesterday.number)
  })

  it('finds today’s plan even when a person closed it', async () => {
    const today = seedIssue('Daily plan 2026-11-28', plan('2026-11-28'))
    sim.closeIssueAsUser(today.number)
    const read = await readPlanIssues(client, repo, { label: LABEL, withSubIssues: false })
    expect(read.issues.find(i => i.number === today.number)?.state).toBe('closed')
  })
})

describe('applying the steps', () => {
  it('creates today’s plan, then closes yesterday’s with a comment linking it, unpinning it for today’s', async () => {
    const yesterday = seedIssue('Daily plan 2026-11-27', plan('2026-11-27'))
    sim.model.setPinned(sim.issue(yesterday.number)!, true, 'octo')
    const read = await readPlanIssues(client, repo, { label: LABEL, withSubIssues: true })
    expect(read.issues.find(i => i.number === yesterday.number)?.pinned).toBe(true)
    const ops: DailyOp[] = [
      { kind: 'create', title: 'Daily plan 2026-11-28', body: plan('2026-11-28', 'today') },
      { kind: 'close-earlier', number: yesterday.number, date: '2026-11-27', comment: true, link: 'today' },
      { kind: 'unpin', number: yesterday.number },
      { kind: 'pin', issue: 'today' }
    ]
    const result = await applyDailyOperations(
      client,
      repo,
      ops,
      options(read.issues.filter(i => i.state === 'open'))
    )
    expect(result.failed).toEqual([])
    const today = sim.issue(result.today!.number)!
    expect(today.title).toBe('Daily plan 2026-11-28')
    expect(today.labels).toEqual([LABEL])
    expect(today.pinned).toBe(true)
    const old = sim.issue(yesterday.number)!
    expect([old.state, old.stateReason, old.pinned]).toEqual(['closed', 'completed', false])
    const comments = sim.state.comments.filter(c => c.issueNumber === yesterday.number)
    expect(comments.at(-1)?.body).toContain(`today's (2026-11-28) plan is #${today.number}`)
    // A rerun reads the comment back, so it is never left twice; and it sees today's pin.
    const again = await readPlanIssues(client, repo, { label: LABEL, withSubIssues: true })
    expect(again.issues.find(i => i.number === yesterday.number)?.closingCommented).toBe(true)
    expect(again.issues.find(i => i.number === today.number)?.pinned).toBe(true)
  })

  it('attaches task issues as sub-issues, moving a carried one from yesterday’s plan', async () => {
    const task = seedIssue('과제 제출', 'task body', ['task'])
    const yesterday = seedIssue('Daily plan 2026-11-27', plan('2026-11-27'))
    const today = seedIssue('Daily plan 2026-11-28', plan('2026-11-28'))
    sim.model.addSubIssue(sim.issue(yesterday.number)!, sim.issue(task.number)!, false)
    const read = await readPlanIssues(client, repo, { label: LABEL, withSubIssues: true })
    const ops: DailyOp[] = [{ kind: 'add-sub-issue', parent: today.number, child: task.number }]
    const result = await applyDailyOperations(
      client,
      repo,
      ops,
      options(read.issues, { taskIssueIds: new Map([[task.number, task.id]]) })
    )
    expect(result.failed).toEqual([])
    expect(sim.issue(today.number)!.subIssues).toEqual([task.number])
    expect(sim.issue(yesterday.number)!.subIssues).toEqual([])
    const reread = await readPlanIssues(client, repo, { label: LABEL, withSubIssues: true })
    expect(reread.issues.find(i => i.number === today.number)?.subIssues).toEqual([task.number])
    for (const n of [yesterday.number, today.number]) sim.closeIssueAsUser(n)
  })

  it('adopts the issue when the response to its create was lost, instead of creating a second one', async () => {
    now = Date.parse('2026-11-29T07:00:00+09:00')
    sim.faults.add({ match: { operationId: 'issues/create' }, fault: { kind: 'lose-response' } })
    const ops: DailyOp[] = [{ kind: 'create', title: 'Daily plan 2026-11-29', body: plan('2026-11-29') }]
    const result = await applyDailyOperations(client, repo, ops, options([], { today: '2026-11-29' }))
    const made = sim.state.issues.filter(i => i.body === plan('2026-11-29'))
    expect(made).toHaveLength(1)
    expect(result.today?.number).toBe(made[0]!.number)
    expect(result.failed).toEqual([])
    sim.closeIssueAsUser(made[0]!.number)
  })

  it('stops with a permission error naming issues: write when the token is read-only', async () => {
    const readOnly = createClient(DEFAULT_TOKENS.readOnlyToken, { timeScale: 1000 })
    const ops: DailyOp[] = [{ kind: 'create', title: 'Daily plan 2026-11-30', body: plan('2026-11-30') }]
    await expect(
      applyDailyOperations(readOnly, repo, ops, options([], { today: '2026-11-30' }))
    ).rejects.toThrow(IssueWritePermissionError)
    await expect(
      applyDailyOperations(readOnly, repo, ops, options([], { today: '2026-11-30' }))
    ).rejects.toThrow(/issues: write/)
    expect(sim.state.issues.some(i => i.body === plan('2026-11-30'))).toBe(false)
  })

  it('creates the label with a description when the repository lacks it', async () => {
    const label = 'plan-of-the-day'
    const read = await readPlanIssues(client, repo, { label, withSubIssues: false })
    expect(read.labelExists).toBe(false)
    const ops: DailyOp[] = [{ kind: 'create', title: 'Plan 2026-12-01', body: plan('2026-12-01') }]
    const result = await applyDailyOperations(
      client,
      repo,
      ops,
      options([], { label, labelExists: false, today: '2026-12-01' })
    )
    expect(sim.state.labels.find(l => l.name === label)?.description).toMatch(/daily plan/)
    expect(sim.issue(result.today!.number)!.labels).toEqual([label])
  })
})
