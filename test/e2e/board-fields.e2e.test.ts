// The board job end to end as a study planner (dist/index.js under Node 24, the simulator over HTTP): the Due,
// Week and Post fields of each task's card, set from its post.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type SeedProjectField } from '../github-sim/index.js'
import { assertBundled } from './harness.js'
import { DAYS, LECTURE, MISSION, mutations, ok, PAPER, POSTS, World } from './board-world.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

beforeAll(() => {
  assertBundled('e2e')
})

/** A study board: a Date, an Iteration (Mondays, the blog's weeks) and a Text field besides Status. */
const STUDY_FIELDS: SeedProjectField[] = [
  { name: 'Due', type: 'date' },
  {
    name: 'Week',
    type: 'iteration',
    iterations: [
      { title: 'Week 02', startDate: '2026-03-02' },
      { title: 'Week 03', startDate: '2026-03-09' },
      { title: 'Week 04', startDate: '2026-03-16' }
    ]
  },
  { name: 'Post', type: 'text' }
]
const FIELD_INPUTS = { 'due-field': 'Due', 'week-field': 'Week', 'post-field': 'Post' }

/** Every task issue's card as a person reads it: Status, Due, Week, Post. */
function cards(
  w: World
): Record<string, [string | null, string | number | null, string | number | null, string | number | null]> {
  const out: ReturnType<typeof cards> = {}
  for (const issue of w.sim.state.issues.filter(i => i.labels.includes('task'))) {
    const v = (field: string) => w.sim.projectValue(1, issue.number, field)
    out[issue.title.replace(/\u200b/g, '')] = [w.status(issue.number), v('Due'), v('Week'), v('Post')]
  }
  return out
}

describe('board: the board as a study planner (due date, week, post URL)', () => {
  it('a week of posts gives each card the action adds its due date, iteration and post URL, in the same mutations as Status', async () => {
    world = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00', fields: STUDY_FIELDS })
    const day = (file: string) => `https://devlog.example.com/posts/${file.slice(11, -3)}/`
    world.commitPost(DAYS[0]!, POSTS)
    const first = await world.push(FIELD_INPUTS)
    ok(first)
    // Without fields this push costs the same: one BoardAdd, one BoardMove (the values ride in it as aliases).
    expect(first.writes.filter(r => r.graphqlType === 'mutation').map(r => r.graphqlOperation)).toEqual([
      'BoardAdd',
      'BoardMove'
    ])
    expect(mutations(first).filter(f => f === 'updateProjectV2ItemFieldValue')).toHaveLength(3 * 4)
    expect(cards(world)).toEqual({
      [LECTURE]: ['Todo', '2026-03-10', 'Week 03', day(DAYS[0]!)],
      [MISSION]: ['Todo', '2026-03-10', 'Week 03', day(DAYS[0]!)],
      [PAPER]: ['Todo', '2026-03-10', 'Week 03', day(DAYS[0]!)]
    })
    expect(first.action.summary).toContain('| Todo · Due 2026-03-10 · Week Week 03 |')

    for (const [i, file] of DAYS.slice(1).entries()) {
      world.clock.at(`2026-03-${String(10 + i).padStart(2, '0')}T23:59:00+09:00`)
      world.commitPost(file, POSTS)
      ok(await world.push(FIELD_INPUTS))
    }
    const after = cards(world)
    // Carried tasks keep their first due date and post; a task under today is due that day; Sunday's tomorrow is Week 04.
    expect(after[MISSION]).toEqual(['Done', '2026-03-10', 'Week 03', day(DAYS[0]!)])
    expect(after['Docker 이미지 용량 줄이기']).toEqual(['Todo', '2026-03-13', 'Week 03', day(DAYS[3]!)])
    expect(after['포트폴리오 README 정리']).toEqual(['Todo', '2026-03-15', 'Week 03', day(DAYS[4]!)])
    expect(after['주간 회고 작성']).toEqual(['Todo', '2026-03-16', 'Week 04', day(DAYS[6]!)])
    for (const [title, [, due, week, post]] of Object.entries(after))
      expect([due, week, post], title).not.toContain(null)

    const rerun = await world.schedule(FIELD_INPUTS)
    ok(rerun)
    expect(rerun.writes).toEqual([])
  })

  it('a card a person added keeps its fields as they are; the others get theirs; the count of mutations stays two', async () => {
    world = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00', fields: STUDY_FIELDS })
    world.commitPost(DAYS[0]!, POSTS)
    ok(await world.push({ jobs: 'tasks' }))
    const paper = world.numberOf(PAPER)
    world.sim.addToProjectAsUser(1, paper, 'In Progress')
    const run = await world.schedule(FIELD_INPUTS)
    ok(run)
    expect(run.writes.filter(r => r.graphqlType === 'mutation').map(r => r.graphqlOperation)).toEqual([
      'BoardAdd',
      'BoardMove'
    ])
    const now = cards(world)
    expect(now[PAPER]).toEqual(['Todo', null, null, null])
    expect(now[MISSION]?.slice(1, 3)).toEqual(['2026-03-10', 'Week 03'])
    expect(run.action.stdout).not.toContain(`#${paper}: `)
  })

  it('a push adding three tasks costs the same requests with the three fields as without them', async () => {
    const pushOnce = async (inputs: Record<string, string>) => {
      const w = await World.start({ posts: [], now: '2026-03-09T23:30:00+09:00', fields: STUDY_FIELDS })
      try {
        w.commitPost(DAYS[0]!, POSTS)
        const run = await w.push(inputs)
        ok(run)
        const list = run.requests.map(r => r.graphqlOperation ?? `${r.method} ${r.operationId}`)
        return { list, cards: Object.values(cards(w)).map(c => c.slice(1)), fields: mutations(run).length }
      } finally {
        await w.close()
      }
    }
    const plain = await pushOnce({})
    const planner = await pushOnce(FIELD_INPUTS)
    expect(planner.list).toEqual(plain.list)
    expect(plain.list.filter(op => op === 'BoardAdd' || op === 'BoardMove')).toEqual([
      'BoardAdd',
      'BoardMove'
    ])
    expect([plain.fields, planner.fields]).toEqual([3 + 3, 3 + 3 * 4])
    expect(plain.cards).toEqual(Array(3).fill([null, null, null]))
  })

  it('a named field that is missing or of the wrong type fails the step, listing the fields and their types', async () => {
    world = await World.start({ fields: STUDY_FIELDS })
    const run = await world.schedule({ jobs: 'board', 'due-field': 'Post', 'week-field': 'Sprint' })
    expect(run.action.exitCode).toBe(1)
    const errors = run.action.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors.join('\n')).toContain(
      "Input 'due-field': the field 'Post' of the project 'Blog tasks' (https://github.com/users/octo/projects/1) is of type text, and the input needs a Date field; " +
        "Input 'week-field': the project 'Blog tasks' (https://github.com/users/octo/projects/1) has no field 'Sprint' (it needs an Iteration, single-select or Text field). " +
        "Its fields and their types: 'Title' (title), 'Assignees' (assignees), 'Labels' (labels), 'Linked pull requests' (linked_pull_requests), 'Milestone' (milestone), 'Repository' (repository), 'Reviewers' (reviewers), 'Status' (single_select), 'Due' (date), 'Week' (iteration), 'Post' (text)."
    )
    expect(run.writes).toEqual([])
  })
})
