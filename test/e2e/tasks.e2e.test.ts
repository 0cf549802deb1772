// The tasks job end to end: dist/index.js under Node 24, as the runner starts it, against the GitHub simulator
// over HTTP. A week of Korean daily logs (test/fixtures/week) is pushed post by post or all at once.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DEFAULT_TOKENS, type RequestLogEntry, type SimIssue } from '../github-sim/index.js'
import { CLOSE_BATCH } from '../../src/github/issues/close.js'
import { assertBundled, type ActionRun } from './harness.js'
import { BlogWorld, blogSource } from './world.js'

const WEEK = fileURLToPath(new URL('../fixtures/week/', import.meta.url))
const POSTS = join(WEEK, 'blog', '_posts')
const ALL_POSTS = [
  '2026-03-09-day-015.md',
  '2026-03-10-day-016.md',
  '2026-03-11-day-017.md',
  '2026-03-12-day-018.md',
  '2026-03-14-day-019.md',
  '2026-03-14-day-020.md',
  '2026-03-15-day-021.md'
]
/** The client waits 1/SCALE of what GitHub asks, and the simulator's clock runs SCALE times faster. */
const SCALE = 200
const LABEL = 'task'
const ZWSP = /\u200b/g

interface ExpectedRun {
  post?: string
  edit?: string
  now: string
  created: string[]
  closed: string[]
  updated: string[]
}

const expectedRuns = parse(readFileSync(join(WEEK, 'expected-runs.yml'), 'utf8')) as ExpectedRun[]
const expectedOpen = parse(readFileSync(join(WEEK, 'expected-open.yml'), 'utf8')) as string[]

interface Outcome {
  action: ActionRun
  requests: RequestLogEntry[]
  writes: RequestLogEntry[]
}

/** A blog repository checkout, a simulated GitHub for it, and a clock both agree on. */
class World extends BlogWorld {
  static async start(posts: readonly string[], now: string): Promise<World> {
    const source = blogSource(join(WEEK, 'blog', '_config.yml'), POSTS, posts, 'jpo-week-')
    return new World(await BlogWorld.parts(source, { now, scale: SCALE }))
  }

  /** Commits a post file (from `dir`) into the checkout, as a push would bring it. */
  push(file: string, dir = POSTS): void {
    this.commitPost(file, dir)
  }

  async run(
    now: string,
    options: { inputs?: Record<string, string>; token?: string } = {}
  ): Promise<Outcome> {
    this.at(now)
    const payload = this.pushPayload()
    const action = await this.runEvent(
      'push',
      payload,
      { jobs: 'tasks', token: options.token ?? DEFAULT_TOKENS.githubToken, ...options.inputs },
      { now }
    )
    const requests = [...this.sim.requests]
    return { action, requests, writes: requests.filter(r => r.isWrite) }
  }

  /** Issues carrying the label (the action's and any a person labelled). */
  taskIssues(): SimIssue[] {
    return this.sim.state.issues.filter(i => i.labels.includes(LABEL))
  }

  titles(numbers: string | undefined): string[] {
    if (!numbers) return []
    return numbers.split(',').map(n => plain(this.sim.issue(Number(n))?.title ?? `#${n}?`))
  }

  open(): string[] {
    return this.taskIssues()
      .filter(i => i.state === 'open')
      .map(i => plain(i.title))
  }

  commentsOn(number: number): string[] {
    return this.sim.state.comments.filter(c => c.issueNumber === number).map(c => c.body)
  }
}

const plain = (text: string) => text.replace(ZWSP, '')
const sorted = (list: readonly string[]) => [...list].sort()
const markerKey = (body: string | null) => /<!-- jekyll-post-ops:task (\S+) -->\s*$/.exec(body ?? '')?.[1]
/** What GitHub would notify: `@login` not preceded by a word character or backtick. */
const MENTION = /(^|[^\w`])@[A-Za-z0-9]/
const reads = (o: Outcome) => o.requests.filter(r => !r.isWrite).length

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  assertBundled('e2e')
})

describe('tasks: a week of daily logs, the action running every morning', () => {
  it('opens, updates and closes exactly the expected issues, and a rerun writes nothing', async () => {
    world = await World.start([], expectedRuns[0]!.now)
    for (const [index, step] of expectedRuns.entries()) {
      if (step.post) world.push(step.post)
      if (step.edit) world.push(step.edit, join(WEEK, 'edits'))
      const outcome = await world.run(step.now)
      const where = `run ${index + 1} (${step.post ?? step.edit ?? 'no change'})`
      expect(outcome.action.exitCode, `${where}\n${outcome.action.stdout}`).toBe(0)
      expect({
        where,
        created: sorted(world.titles(outcome.action.outputs.created)),
        closed: sorted(world.titles(outcome.action.outputs.closed)),
        updated: sorted(world.titles(outcome.action.outputs.updated))
      }).toEqual({
        where,
        created: sorted(step.created),
        closed: sorted(step.closed),
        updated: sorted(step.updated)
      })
      // Each create and update is one request; the closes of a run, each a state change and a comment, go out
      // together (CLOSE_BATCH to a request); the first run also creates the label.
      const expectedWrites =
        step.created.length +
        Math.ceil(step.closed.length / CLOSE_BATCH) +
        step.updated.length +
        (index === 0 ? 1 : 0)
      expect(outcome.writes.length, where).toBe(expectedWrites)
      const openManaged = world.open().length
      expect(reads(outcome), where).toBeLessThanOrEqual(Math.ceil(openManaged / 100) + 1)
    }
    expect(sorted(world.open())).toEqual(sorted(expectedOpen))

    // Every closed task issue was closed as completed by the action, with a comment linking the post that checked it.
    for (const issue of world.taskIssues().filter(i => i.state === 'closed')) {
      expect(issue.stateReason, `#${issue.number}`).toBe('completed')
      const comments = world.commentsOn(issue.number)
      expect(comments, `#${issue.number}`).toHaveLength(1)
      expect(comments[0]).toMatch(/^Checked in \[.+\]\(https:\/\/devlog\.example\.com\/posts\/day-0\d\d\/\)/)
    }

    // The recurring task: one issue per day it was listed under 내일, only the latest open.
    const lectures = world.taskIssues().filter(i => plain(i.title) === '강의 수강 및 정리')
    expect(lectures).toHaveLength(7)
    expect(lectures.filter(i => i.state === 'open')).toHaveLength(1)

    // @mentor never becomes a mention, #3 never a reference.
    const question = world.taskIssues().find(i => plain(i.title).startsWith('@mentor'))!
    expect(question.title).not.toMatch(MENTION)
    expect(question.body).not.toMatch(MENTION)
    expect(question.title).not.toMatch(/#3/)

    // The forged markers in Day 017 gave the "메모 정리" issue its own identity and touched no other issue.
    const memo = world.taskIssues().find(i => plain(i.title) === '메모 정리')!
    expect(decodeURIComponent(markerKey(memo.body)!)).toBe('메모 정리')
    expect(memo.body!.match(/<!--/g)).toHaveLength(2) // the source line and the marker: user text is neutralised
    for (const issue of world.taskIssues())
      expect(decodeURIComponent(markerKey(issue.body)!)).toBe(plain(issue.title).toLowerCase())

    // The three-day carry is in the body; sub-items came along.
    const mission = world.taskIssues().find(i => plain(i.title) === '스페셜 미션 제출')!
    expect(mission.body).toContain('Carried 3 days: first listed 2026-03-09')
    expect(mission.body).toContain('- [ ] 제출 양식 맞추기')

    // Assigned to the person who pushed.
    for (const issue of world.taskIssues()) expect(issue.assignees).toEqual(['octo'])
  })
})

describe('tasks: the whole week at once', () => {
  it('a first sync opens only what is still open; a rerun makes no writes and one read', async () => {
    world = await World.start(ALL_POSTS, '2026-03-16T09:00:00+09:00')
    const first = await world.run('2026-03-16T09:00:00+09:00')
    expect(first.action.exitCode, first.action.stdout).toBe(0)
    expect(sorted(world.open())).toEqual(sorted(expectedOpen))
    expect(world.taskIssues()).toHaveLength(expectedOpen.length)
    expect(first.writes).toHaveLength(1 + expectedOpen.length) // the label, then one create per task
    expect(first.action.summary).toMatch(/\[#\d+\]\(https:\/\/github\.com\/octo\/blog\/issues\/\d+\)/)
    const docker = world.taskIssues().find(i => plain(i.title) === 'Docker 이미지 용량 줄이기')!
    expect(docker.body).toContain('https://github.com/octo/blog/blob/main/_posts/2026-03-14-day-020.md#L')
    expect(docker.body).toContain('(https://devlog.example.com/posts/day-020/)')

    const rerun = await world.run('2026-03-16T10:00:00+09:00')
    expect(rerun.action.exitCode).toBe(0)
    expect(rerun.writes).toEqual([])
    expect(rerun.requests.length).toBeLessThanOrEqual(Math.ceil(expectedOpen.length / 100) + 1)
    expect(rerun.action.outputs.created).toBe('')

    // One new post: closes the two tasks it checks, opens tomorrow's lecture, updates the task it lists again.
    world.push('2026-03-16-day-022.md', join(WEEK, 'next'))
    const next = await world.run('2026-03-17T09:00:00+09:00')
    expect(sorted(world.titles(next.action.outputs.closed))).toEqual(
      sorted(['강의 수강 및 정리', '주간 회고 작성'])
    )
    expect(world.titles(next.action.outputs.created)).toEqual(['강의 수강 및 정리'])
    expect(world.titles(next.action.outputs.updated)).toEqual(['Docker 이미지 용량 줄이기'])
    // k = 4 changes: 1 read, the 2 closes with their comments in 1 request, 1 create, 1 update.
    expect(next.requests.map(r => r.graphqlOperation ?? r.operationId)).toEqual([
      'JekyllPostOpsManagedIssues',
      'JekyllPostOpsClose',
      'issues/create',
      'issues/update'
    ])
    expect(next.writes).toHaveLength(1 + 1 + 1)
    expect(reads(next)).toBe(1)
  })

  it('dry-run prints the plan and writes nothing', async () => {
    world = await World.start(ALL_POSTS, '2026-03-16T09:00:00+09:00')
    const run = await world.run('2026-03-16T09:00:00+09:00', { inputs: { 'dry-run': 'true' } })
    expect(run.action.exitCode).toBe(0)
    expect(run.writes).toEqual([])
    expect(world.taskIssues()).toEqual([])
    const plan = JSON.parse(run.action.outputs.plan!) as {
      dryRun: boolean
      operations: Array<{ kind: string; title?: string }>
    }
    expect(plan.dryRun).toBe(true)
    expect(sorted(plan.operations.map(op => `${op.kind} ${op.title}`))).toEqual(
      sorted(expectedOpen.map(t => `create ${t}`))
    )
    expect(run.action.summary).toContain('**Dry run**: nothing was written.')
  })

  it('max-writes spreads the work over runs and says so', async () => {
    world = await World.start(ALL_POSTS, '2026-03-16T09:00:00+09:00')
    const first = await world.run('2026-03-16T09:00:00+09:00', { inputs: { 'max-writes': '3' } })
    expect(world.taskIssues()).toHaveLength(3)
    expect(first.action.summary).toContain('1 more write waits for the next run (max-writes: 3).')
    const second = await world.run('2026-03-16T10:00:00+09:00', { inputs: { 'max-writes': '3' } })
    expect(world.titles(second.action.outputs.created)).toHaveLength(1)
    expect(sorted(world.open())).toEqual(sorted(expectedOpen))
    const third = await world.run('2026-03-16T11:00:00+09:00', { inputs: { 'max-writes': '3' } })
    expect(third.writes).toEqual([])
  })
})

describe('tasks: what people do on GitHub is respected', () => {
  it('leaves a person-made issue with the same title alone, open or when the task is checked', async () => {
    world = await World.start(ALL_POSTS.slice(0, 4), '2026-03-13T08:00:00+09:00')
    const labelled = world.sim.createIssueAsUser({
      title: '스페셜 미션 제출',
      body: '내가 직접 만든 이슈',
      labels: [LABEL],
      author: 'octo'
    })
    const unlabelled = world.sim.createIssueAsUser({
      title: '스페셜 미션 제출',
      body: '라벨 없는 이슈',
      author: 'hubot'
    })
    const snapshot = () =>
      [labelled.number, unlabelled.number].map(n => {
        const i = world!.sim.issue(n)!
        return {
          title: i.title,
          body: i.body,
          state: i.state,
          labels: i.labels,
          updatedAt: i.updatedAt,
          comments: world!.commentsOn(n)
        }
      })
    const before = snapshot()
    const run = await world.run('2026-03-13T09:00:00+09:00')
    expect(run.action.exitCode).toBe(0)
    const ours = world.taskIssues().filter(i => plain(i.title) === '스페셜 미션 제출' && markerKey(i.body))
    expect(ours).toHaveLength(1)
    expect(run.action.summary).toContain('1 open issue(s) carry the label but no task marker')

    world.push('2026-03-14-day-019.md') // checks 스페셜 미션 제출
    await world.run('2026-03-14T09:00:00+09:00')
    expect(world.sim.issue(ours[0]!.number)!.state).toBe('closed')
    expect(snapshot()).toEqual(before)
  })

  it('an issue a person closed stays closed, until a later post lists the task unchecked again', async () => {
    world = await World.start(ALL_POSTS, '2026-03-16T09:00:00+09:00')
    await world.run('2026-03-16T09:00:00+09:00')
    const docker = world.taskIssues().find(i => plain(i.title) === 'Docker 이미지 용량 줄이기')!
    world.at('2026-03-16T10:00:00+09:00')
    world.sim.closeIssueAsUser(docker.number, 'not_planned', 'octo')

    const rerun = await world.run('2026-03-16T11:00:00+09:00')
    expect(rerun.writes).toEqual([])
    expect(world.sim.issue(docker.number)!.state).toBe('closed')
    expect(world.taskIssues().filter(i => plain(i.title) === 'Docker 이미지 용량 줄이기')).toHaveLength(1)

    world.push('2026-03-16-day-022.md', join(WEEK, 'next')) // lists Docker unchecked, written after the close
    const next = await world.run('2026-03-17T09:00:00+09:00')
    expect(world.sim.issue(docker.number)!.state).toBe('open')
    expect(world.titles(next.action.outputs.updated)).toContain('Docker 이미지 용량 줄이기')
    expect(world.commentsOn(docker.number).at(-1)).toMatch(/^Listed unchecked again in/)
    expect(world.taskIssues().filter(i => plain(i.title) === 'Docker 이미지 용량 줄이기')).toHaveLength(1)
  })
})

describe('tasks: failures never duplicate an issue', () => {
  it.each([
    ['a 502 on the first create', { kind: 'status', status: 502 } as const, 1],
    ['a 502 on a create and on its second try', { kind: 'status', status: 502 } as const, 2],
    ['a create whose response is lost after GitHub made the issue', { kind: 'lose-response' } as const, 1],
    ['a create whose connection drops before GitHub sees it', { kind: 'drop' } as const, 2]
  ])('%s: after a rerun every task has exactly one issue', async (_name, fault, times) => {
    world = await World.start(ALL_POSTS, '2026-03-16T09:00:00+09:00')
    const rule = world.sim.faults.add({ match: { operationId: 'issues/create', times }, fault })
    const first = await world.run('2026-03-16T09:00:00+09:00')
    expect(rule.fired).toBe(times)
    expect(first.action.stdout).not.toMatch(/^\s+at /m)
    // One failed try is repaired within the run (re-read, then one more try); two leave the task to the rerun.
    expect(first.action.exitCode, first.action.stdout).toBe(times === 1 ? 0 : 1)
    if (fault.kind === 'lose-response')
      expect(first.action.summary).toContain('(found after a lost response)')
    const rerun = await world.run('2026-03-16T10:00:00+09:00')
    expect(rerun.action.exitCode, rerun.action.stdout).toBe(0)
    const keys = world.taskIssues().map(i => markerKey(i.body))
    expect(keys).toHaveLength(new Set(keys).size)
    expect(sorted(world.open())).toEqual(sorted(expectedOpen))
    const settled = await world.run('2026-03-16T11:00:00+09:00')
    expect(settled.writes).toEqual([])
  })
})

describe('tasks: a read-only token (a pull request from a fork)', () => {
  it('skips the job with one line naming the permission, writing nothing', async () => {
    world = await World.start(ALL_POSTS, '2026-03-16T09:00:00+09:00')
    const run = await world.run('2026-03-16T09:00:00+09:00', { token: DEFAULT_TOKENS.readOnlyToken })
    expect(run.action.exitCode).toBe(0)
    const lines = run.action.stdout.split('\n').filter(line => /tasks: skipped/.test(line))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/issues: write/)
    expect(run.action.stdout + run.action.stderr).not.toMatch(/^\s+at /m)
    expect(world.taskIssues()).toEqual([])
    expect(run.writes.filter(w => w.status < 400)).toEqual([])
  })
})
