// The weekly job end to end: dist/index.js under Node 24, as the runner starts it on `schedule` (`jobs: auto`),
// against the GitHub simulator over HTTP. The fortnight of Korean daily logs of test/fixtures/weekly/blog is pushed
// evening by evening (a task closed by a merged pull request on Friday), then Monday's schedule opens the review of
// week 02, a rerun writes nothing, Tuesday's schedule does not run `weekly`, and the next Monday's closes it. Dry runs
// (`dry-run: true`) before each Monday's run and after the first say what it would do and write nothing.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { World, type EventRun } from '../../scripts/demo/world.js'
import { mermaidBlocks, parseMermaid } from '../fixtures/daily/mermaid.js'
import type { RequestLogEntry, SimIssue } from '../github-sim/index.js'
import { assertBundled } from './harness.js'

const BLOG = fileURLToPath(new URL('../fixtures/weekly/blog/', import.meta.url))
const SCALE = 200
const LABEL = 'weekly-review'
const ZWSP = /\u200b/g

let world: World
/** Each schedule run, the requests it made, and the review issues as they were right after it. */
const runs: Record<string, { event: EventRun; requests: RequestLogEntry[]; reviews: SimIssue[] }> = {}

/** The requests of the weekly job: its read of the task issues, of the reviews, and its writes (it runs last). */
function weeklyRequests(requests: readonly RequestLogEntry[]): RequestLogEntry[] {
  const reviews = requests.findIndex(r => r.graphqlOperation === 'JekyllPostOpsWeeklyReviews')
  return reviews < 0 ? [] : requests.slice(reviews - 1)
}
const shape = (requests: readonly RequestLogEntry[]) =>
  requests.map(r => r.operationId ?? `graphql ${r.graphqlOperation ?? r.graphqlFields.join(',')}`)
const writes = (requests: readonly RequestLogEntry[]) => requests.filter(r => r.isWrite)

async function run(name: string, act: () => Promise<EventRun>): Promise<EventRun> {
  world.sim.resetRequests()
  const event = await act()
  runs[name] = {
    event,
    requests: [...world.sim.requests],
    reviews: reviews().map(i => ({ ...i, labels: [...i.labels] }))
  }
  expect(event.run.exitCode, `${name}\n${event.run.stdout}`).toBe(0)
  return event
}

const reviews = (): SimIssue[] => world.sim.state.issues.filter(i => i.labels.includes(LABEL))
const taskNumber = (title: string): number => {
  const found = world.sim.state.issues.filter(
    i => i.labels.includes('task') && i.title.replace(ZWSP, '') === title
  )
  return found.at(-1)!.number
}
/** `- [x] #3` lines under a heading of the review's body. */
const listed = (body: string, heading: string): string[] => {
  const section = body.split(/^## /m).find(s => s.startsWith(heading)) ?? ''
  return [...section.matchAll(/^- \[[ x]\] #\d+.*$/gm)].map(m => m[0])
}

beforeAll(async () => {
  assertBundled('e2e')
  world = await World.start(BLOG, { now: '2026-03-05T23:12:00+09:00', scale: SCALE })
  const push = (files: string[], at: string) => world.push(BLOG, files, `posts ${files.join(', ')}`, at)
  await push(['2026-03-05-week01-day004.md'], '2026-03-05T23:12:00+09:00')
  await push(['2026-03-06-week01-day005.md', '2026-03-08-week01-day007.md'], '2026-03-08T23:35:00+09:00')
  await push(['2026-03-09-week02-day008.md'], '2026-03-09T00:15:00+09:00')
  await push(['2026-03-10-week02-day009.md'], '2026-03-10T23:10:00+09:00')
  await push(['2026-03-12-week02-day010.md'], '2026-03-12T00:45:00+09:00')
  await push(['2026-03-12-week02-day011.md'], '2026-03-12T23:25:00+09:00')
  // Friday: the Docker task is done in code, not in a post: a pull request that closes it is merged.
  const docker = taskNumber('Docker 이미지 용량 줄이기')
  world.at('2026-03-13T15:00:00+09:00')
  await world.sim.createBranch(`${docker}-slim-image`)
  await world.sim.commitFiles(
    `${docker}-slim-image`,
    { 'docker/Dockerfile': 'FROM python:3.11-slim\n' },
    'slim'
  )
  const pull = await world.sim.openPullRequest({
    head: `${docker}-slim-image`,
    title: 'Slim image',
    body: `Closes #${docker}`
  })
  await world.sim.mergePullRequest(pull.number)
  world.pull()
  await push(['2026-03-14-week02-day012.md'], '2026-03-14T22:55:00+09:00')
  await push(['2026-03-15-week02-day013.md'], '2026-03-15T23:35:00+09:00')
  // 00:20 on Monday: week 03's first post, pushed before the morning's schedule.
  await push(['2026-03-16-week03-day014.md'], '2026-03-16T00:25:00+09:00')

  const dry = { 'dry-run': 'true' }
  await run('dry monday', () => world.schedule('2026-03-16T06:50:00+09:00', dry))
  await run('monday', () => world.schedule('2026-03-16T07:00:00+09:00'))
  await run('rerun', () => world.schedule('2026-03-16T07:30:00+09:00'))
  await run('dry rerun', () => world.schedule('2026-03-16T07:40:00+09:00', dry))
  await run('tuesday', () => world.schedule('2026-03-17T07:00:00+09:00'))
  await run('dry next monday', () => world.schedule('2026-03-23T06:50:00+09:00', dry))
  await run('next monday', () => world.schedule('2026-03-23T07:00:00+09:00'))
}, 240_000)

afterAll(async () => {
  await world?.close()
})

describe('weekly: the review of week 02 of a Seoul blog', () => {
  it('Monday’s schedule runs weekly with the others and opens one review with exactly the week’s lists', async () => {
    const { event, requests, reviews: after } = runs.monday!
    expect(event.jobs).toEqual(['tasks', 'board', 'daily', 'weekly'])
    expect(after.map(i => i.state)).toEqual(['open'])
    const review = after[0]!
    expect(review.title).toBe('Weekly review 2026-W11')
    expect(event.run.outputs['weekly-issue']).toBe(String(review.number))
    const body = review.body!
    expect(body.split('\n').at(-1)).toBe('<!-- jekyll-post-ops:weekly 2026-03-09 -->')
    expect(body).toContain('2026-03-09 – 2026-03-15 (Asia/Seoul): 6 posts, 5 done, 5 opened, 2 carried over.')
    // Each listed reference as the task's title and what the line says of it.
    const named = (heading: string) =>
      listed(body, heading)
        .map(line => {
          const m = /^- \[([ x])\] #(\d+)(?: · (.*))?$/.exec(line)!
          const title = world.sim.issue(Number(m[2]))!.title.replace(ZWSP, '')
          return `${m[1]} ${title}${m[3] ? ` · ${m[3].replace(/\[.*?\]\(.*?(day\d+)\/\)/, '$1')}` : ''}`
        })
        .sort()
    const pr = `closed by pull request #${world.sim.state.pulls.at(-1)!.number}`
    expect(named('Done')).toEqual([
      'x Docker 이미지 용량 줄이기 · ' + pr,
      'x 강의 수강 및 정리 · checked in day009',
      'x 강의 수강 및 정리 · checked in day010',
      'x 과제 제출 · checked in day009',
      'x 멘토링 질문 정리 · checked in day012'
    ])
    expect(named('Opened')).toEqual([
      '  팀 회고 준비',
      'x Docker 이미지 용량 줄이기',
      'x 강의 수강 및 정리',
      'x 강의 수강 및 정리',
      'x 멘토링 질문 정리'
    ])
    expect(named('Carried over')).toEqual([
      '  논문 리뷰 작성 · open 10 days',
      '  팀 회고 준비 · opened on the last day'
    ])
    expect(body).not.toContain('Week 03')
    const charts = mermaidBlocks(body)
    expect(charts).toHaveLength(1)
    await expect(parseMermaid(charts[0]!)).resolves.toBe('xychart')

    // Two reads (task issues, reviews); writes: the label (the first review) and the issue.
    const weekly = weeklyRequests(requests)
    expect(shape(weekly.filter(r => !r.isWrite))).toEqual([
      'graphql JekyllPostOpsManagedIssues',
      'graphql JekyllPostOpsWeeklyReviews'
    ])
    expect(shape(writes(weekly))).toEqual(['issues/create-label', 'issues/create'])
  })

  it('a rerun the same morning writes nothing and opens no second review', () => {
    const { requests, reviews: after } = runs.rerun!
    expect(writes(requests)).toEqual([])
    expect(weeklyRequests(requests)).toHaveLength(2)
    expect(after.map(i => [i.number, i.state, i.body])).toEqual(
      runs.monday!.reviews.map(i => [i.number, i.state, i.body])
    )
  })

  it('Tuesday’s schedule does not run weekly', () => {
    const { event, requests } = runs.tuesday!
    expect(event.jobs).toEqual(['tasks', 'board', 'daily'])
    expect(weeklyRequests(requests)).toEqual([])
  })

  it('the next Monday opens the review of week 03 and closes week 02’s with a comment linking it', () => {
    const { event, requests } = runs['next monday']!
    const [first, second] = runs['next monday']!.reviews
    expect([first!.title, first!.state, first!.stateReason]).toEqual([
      'Weekly review 2026-W11',
      'closed',
      'completed'
    ])
    expect([second!.title, second!.state]).toEqual(['Weekly review 2026-W12', 'open'])
    expect(event.run.outputs['weekly-issue']).toBe(String(second!.number))
    const comments = world.sim.state.comments.filter(c => c.issueNumber === first!.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain(
      `Closing the review of 2026-W11: the review of 2026-W12 is #${second!.number}.`
    )
    expect(second!.body).toContain('2026-03-16 – 2026-03-22 (Asia/Seoul): 1 post,')
    const weekly = weeklyRequests(requests)
    expect(shape(weekly.filter(r => !r.isWrite))).toHaveLength(2)
    expect(shape(writes(weekly))).toEqual(['issues/create', 'issues/create-comment', 'issues/update'])
  })
})

describe('weekly: dry runs (`dry-run: true`) say what the schedule would do and write nothing', () => {
  /** The summary's lines that list the week: posts, done, opened, carried over. */
  const lists = (summary: string) =>
    summary.split('\n').filter(l => /^- (Posts|Done|Opened|Carried over):/.test(l))

  it('before the review exists: the issue it would open, the same lists as the real run, no weekly-issue', () => {
    const { event, requests, reviews: after } = runs['dry monday']!
    expect(event.jobs).toEqual(['tasks', 'board', 'daily', 'weekly'])
    // Every job reads as it would (six reads in all, the weekly job's two as on the real run) and none writes.
    expect(shape(requests)).toEqual([
      'graphql JekyllPostOpsManagedIssues',
      'graphql BoardResolve',
      'graphql JekyllPostOpsManagedIssues',
      'graphql JekyllPostOpsDailyPlans',
      'graphql JekyllPostOpsManagedIssues',
      'graphql JekyllPostOpsWeeklyReviews'
    ])
    expect(writes(requests)).toEqual([])
    expect(after).toEqual([])
    const { stdout, summary, outputs } = event.run
    expect(stdout).toContain('weekly: would create "Weekly review 2026-W11"\n')
    expect(stdout).toMatch(/^weekly: 2026-W11 .*; 1 step after 2 reads\.$/m)
    expect(summary).toContain(
      '### Weekly review 2026-W11 (2026-03-09 .. 2026-03-15) (dry run: nothing written)'
    )
    expect(summary).toContain('| create "Weekly review 2026-W11" | would run |')
    // What the dry run lists is what Monday's real run then wrote.
    expect(lists(summary)).toEqual(lists(runs.monday!.event.run.summary))
    expect(lists(summary)).toHaveLength(4)
    // No review exists yet, so no number to give: as the daily job's `daily-issue` on a dry run.
    expect([outputs['weekly-issue'], outputs['daily-issue']]).toEqual([undefined, undefined])
  })

  it('after the real run: nothing to do, and weekly-issue names the review that exists', () => {
    const { event, requests } = runs['dry rerun']!
    expect(writes(requests)).toEqual([])
    expect(shape(weeklyRequests(requests))).toEqual([
      'graphql JekyllPostOpsManagedIssues',
      'graphql JekyllPostOpsWeeklyReviews'
    ])
    const review = runs.monday!.reviews[0]!
    expect(event.run.summary).toContain(`The review: [#${review.number}](`)
    expect(event.run.summary).toContain('GitHub already shows this review: nothing to write.')
    expect(event.run.stdout).not.toMatch(/^weekly: would /m)
    expect(event.run.outputs['weekly-issue']).toBe(String(review.number))
    expect(event.run.outputs['daily-issue']).toBe(String(runs.monday!.event.run.outputs['daily-issue']))
  })

  it('the next Monday: it would open 2026-W12 and close 2026-W11 with a comment; W11 stays open and uncommented', () => {
    const { event, requests, reviews: after } = runs['dry next monday']!
    const w11 = runs.monday!.reviews[0]!.number
    expect(writes(requests)).toEqual([])
    expect(shape(weeklyRequests(requests))).toEqual([
      'graphql JekyllPostOpsManagedIssues',
      'graphql JekyllPostOpsWeeklyReviews'
    ])
    expect(after.map(i => [i.number, i.title, i.state])).toEqual([[w11, 'Weekly review 2026-W11', 'open']])
    const { stdout, summary, outputs } = event.run
    const planned = stdout.split('\n').filter(l => l.startsWith('weekly: would '))
    expect(planned).toEqual([
      'weekly: would create "Weekly review 2026-W12"',
      `weekly: would close #${w11}, the review of 2026-W11, with a comment linking this week's review`
    ])
    expect(stdout).toMatch(
      /^weekly: 2026-W12 \(2026-03-16 \.\. 2026-03-22, Asia\/Seoul\): 1 post, .*; 2 steps after 2 reads\.$/m
    )
    expect(summary).toContain(
      '### Weekly review 2026-W12 (2026-03-16 .. 2026-03-22) (dry run: nothing written)'
    )
    expect(summary).toContain('| create "Weekly review 2026-W12" | would run |')
    expect(summary).toContain(
      `| close #${w11}, the review of 2026-W11, with a comment linking this week's review | would run |`
    )
    // W12 does not exist yet and W11 is last week's: no number, as on the first dry run.
    expect(outputs['weekly-issue']).toBeUndefined()
    // The real run a few minutes later does exactly that: W12 opened, one comment on W11, W11 closed.
    expect(shape(writes(weeklyRequests(runs['next monday']!.requests)))).toEqual([
      'issues/create',
      'issues/create-comment',
      'issues/update'
    ])
  })
})
