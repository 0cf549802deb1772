// The desired-state oracle itself: right after a clean run it finds nothing, and each kind of damage a convergence
// scenario looks for (made by hand on the simulator) is found. A judge that cannot fail would prove nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcess } from './inprocess.js'
import { taskIssues, violations } from './oracle.js'
import { World } from './world.js'

// Before anything imports @actions/github: it reads GITHUB_API_URL once.
const { router, main } = await inProcess()

let world: World
beforeEach(async () => {
  world = await World.start({
    router,
    personIssues: true,
    initial: [
      {
        dayOffset: -1,
        minute: 1300,
        utc: false,
        tasks: [
          { task: 0, form: 0, checked: false, section: 'tomorrow', subItems: 1 },
          { task: 1, form: 0, checked: false, section: 'tomorrow', subItems: 0 },
          { task: 2, form: 0, checked: true, section: 'today', subItems: 0 }
        ]
      }
    ]
  })
  await world.step({ advance: 0, action: { kind: 'wait' }, faults: [] }, 'in-process', main)
})
afterEach(() => world.close())

const check = () =>
  violations(world, { tasksNow: world.tasksNow, fullBoard: true, dailyNow: world.runs.at(-1)!.now })
const issueFor = (key: string) => taskIssues(world).find(i => i.key === key && i.state === 'open')!
/** Another workflow closes open task issue `n` with GITHUB_TOKEN, as a scenario's step does (no run follows). */
const workflowCloses = (n: number) =>
  world.act({
    kind: 'close-issue',
    issue: world.openTaskIssues().indexOf(n),
    by: 'workflow',
    reason: 'completed'
  })

describe('the desired-state oracle', () => {
  it('finds nothing wrong right after a clean run, which opened the two unchecked tasks and a plan', () => {
    expect(check()).toEqual([])
    expect(
      taskIssues(world)
        .map(i => i.key)
        .sort()
    ).toEqual(['강의 수강 및 정리', '과제 제출'])
    expect(world.sim.state.issues.filter(i => i.labels.includes('daily-plan'))).toHaveLength(1)
  })

  it.each<[string, 'merge-pr' | 'close-issue']>([
    ['a pull request merged with GITHUB_TOKEN', 'merge-pr'],
    ['another workflow closing the issue with GITHUB_TOKEN', 'close-issue']
  ])(
    'finds nothing wrong after %s and the next schedule: the task is not issued again',
    async (_name, kind) => {
      const n = issueFor('과제 제출').number
      if (kind === 'close-issue') await workflowCloses(n)
      else {
        await world.act({ kind: 'open-pr', issue: world.openTaskIssues().indexOf(n), draft: false })
        expect(await world.act({ kind: 'merge-pr', pull: 0, bot: true })).toBeUndefined()
      }
      const closes = world.sim.state.events.filter(e => e.issueNumber === n && e.type === 'closed')
      expect(closes.map(e => [e.actor, e.closer?.kind ?? null])).toEqual([
        ['github-actions[bot]', kind === 'merge-pr' ? 'pull' : null]
      ])
      await world.step({ advance: 600, action: { kind: 'wait' }, faults: [] }, 'in-process', main)
      expect(check()).toEqual([])
      expect(
        taskIssues(world)
          .filter(i => i.key === '과제 제출')
          .map(i => [i.number, i.state])
      ).toEqual([[n, 'closed']])
    }
  )

  it.each<[string, () => void | Promise<void>, RegExp]>([
    [
      'a second open issue for a task',
      () => {
        const kept = issueFor('과제 제출')
        world.sim.createIssueAsUser({
          title: kept.title,
          body: kept.body ?? '',
          labels: ['task'],
          author: 'github-actions[bot]'
        })
      },
      /^duplicate: 2 open issues for "과제 제출"/
    ],
    [
      'a task whose issue the action closed',
      () => world.sim.closeIssueAsUser(issueFor('과제 제출').number, 'completed', 'github-actions[bot]'),
      /^task without issue: "과제 제출"/
    ],
    [
      'a task another workflow closed, issued again',
      async () => {
        const kept = issueFor('과제 제출')
        await workflowCloses(kept.number)
        world.sim.createIssueAsUser({
          title: kept.title,
          body: kept.body ?? '',
          labels: ['task'],
          author: 'github-actions[bot]'
        })
      },
      /^reissued: "과제 제출" was closed by someone else \(#\d+\)/
    ],
    [
      'a checked task whose issue is still open',
      () => {
        world.posts[0]!.tasks[0]!.checked = true
      },
      /^checked task "과제 제출" .* still has open issue/
    ],
    [
      'a title the latest listing no longer says',
      () =>
        world.sim.editIssueAsUser(
          issueFor('강의 수강 및 정리').number,
          { title: '강의' },
          'github-actions[bot]'
        ),
      /is titled "강의", the latest listing says "강의 수강 및 정리"/
    ],
    [
      'a card in the wrong column',
      () => world.sim.setProjectStatusAsUser(1, issueFor('과제 제출').number, 'Done'),
      /is in 'Done', belongs in 'Todo'/
    ],
    [
      'an open task issue missing from the board',
      () => {
        const project = world.sim.project(1)
        const item = world.sim.model.itemFor(project, world.sim.issue(issueFor('과제 제출').number)!)!
        world.sim.model.deleteProjectItem(project, item)
      },
      /^open task issue #\d+ is not on the board/
    ],
    [
      "a change to a person's issue",
      () => world.sim.editIssueAsUser(1, { body: 'edited' }),
      /^a person's issue changed/
    ],
    [
      "a card of a person's issue moved",
      () => world.sim.setProjectStatusAsUser(1, 1, 'Done'),
      /^a person's issue changed/
    ],
    [
      'the same comment twice',
      () => {
        const n = issueFor('과제 제출').number
        world.sim.commentAsUser(n, 'Checked in a post', 'github-actions[bot]')
        world.sim.commentAsUser(n, 'Checked in a post', 'github-actions[bot]')
      },
      /has the same comment twice/
    ],
    [
      'an issue whose marker names no task (a forged identity)',
      () =>
        world.sim.createIssueAsUser({
          title: 'forged',
          body: 'x\n<!-- jekyll-post-ops:task 과제%20제출%20x -->',
          labels: ['task'],
          author: 'github-actions[bot]'
        }),
      /carries the key "과제 제출 x", which no task has/
    ],
    [
      'a title that would mention someone',
      () =>
        world.sim.editIssueAsUser(
          issueFor('과제 제출').number,
          { title: '과제 제출 @octo' },
          'github-actions[bot]'
        ),
      /title mentions or links/
    ],
    [
      'two daily plans open',
      () =>
        world.sim.createIssueAsUser({
          title: 'Daily plan 2026-03-01',
          labels: ['daily-plan'],
          author: 'github-actions[bot]'
        }),
      /^2 daily plan issues open/
    ]
  ])('finds %s', async (_name, damage, found) => {
    await damage()
    expect(check().join('\n')).toMatch(found)
  })
})
