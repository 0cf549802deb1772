// The simulator's Projects v2 fields beyond single select: Date, Iteration and Text values set with
// updateProjectV2ItemFieldValue and read back, an Iteration field's configuration, and what GitHub refuses.
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dig, graphql } from './client.js'
import { loadSeed, startSimulator, type Simulator } from './index.js'

const SEED = fileURLToPath(new URL('./fixtures/seed.json', import.meta.url))
const PAT = 'ghp_minaProject'
const NOW = Date.parse('2026-02-23T03:00:00Z')

let sim: Simulator
beforeEach(async () => {
  const seed = loadSeed(SEED)
  seed.projects![0]!.fields.push(
    { name: 'Due', type: 'date' },
    {
      name: 'Week',
      type: 'iteration',
      iterations: [
        { title: 'Week 06', startDate: '2026-02-16' },
        { title: 'Week 05', startDate: '2026-02-09' },
        { title: 'Week 07', startDate: '2026-02-23', duration: 7 }
      ]
    },
    { name: 'Post', type: 'text' }
  )
  sim = await startSimulator({ seed, now: () => NOW })
})
afterEach(async () => {
  await sim.close()
})

interface Iteration {
  id: string
  title: string
  startDate: string
  duration: number
}

const FIELDS = `query {
  organization(login: "camp") {
    projectV2(number: 3) {
      id
      fields(first: 50) {
        nodes {
          __typename
          ... on ProjectV2FieldCommon { id name dataType }
          ... on ProjectV2IterationField {
            configuration {
              duration startDay
              iterations { id title startDate duration }
              completedIterations { id title startDate duration }
            }
          }
        }
      }
    }
  }
}`

interface FieldNode {
  __typename: string
  id: string
  name: string
  dataType: string
  configuration?: {
    duration: number
    startDay: number
    iterations: Iteration[]
    completedIterations: Iteration[]
  }
}

async function fields() {
  const r = await graphql(sim, PAT, FIELDS)
  expect(r.body.errors).toBeUndefined()
  const project = dig<{ id: string; fields: { nodes: FieldNode[] } }>(r.body.data, 'organization.projectV2')
  const named = (name: string) => project.fields.nodes.find(f => f.name === name)!
  return { projectId: project.id, named }
}

const SET = `mutation ($p: ID!, $i: ID!, $f: ID!, $v: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(input: { projectId: $p, itemId: $i, fieldId: $f, value: $v }) {
    projectV2Item { id }
  }
}`

describe('Date, Iteration and Text fields', () => {
  it('reads an Iteration field with its configuration: current and upcoming, then completed', async () => {
    const { named } = await fields()
    expect(named('Due')).toMatchObject({ __typename: 'ProjectV2Field', dataType: 'DATE' })
    expect(named('Post')).toMatchObject({ __typename: 'ProjectV2Field', dataType: 'TEXT' })
    const week = named('Week')
    expect(week).toMatchObject({ __typename: 'ProjectV2IterationField', dataType: 'ITERATION' })
    expect(week.id).toMatch(/^PVTIF_/)
    const config = week.configuration!
    expect(config.duration).toBe(7)
    expect(config.startDay).toBe(1) // Monday
    expect(config.iterations.map(i => [i.title, i.startDate, i.duration])).toEqual([
      ['Week 07', '2026-02-23', 7]
    ])
    expect(config.completedIterations.map(i => i.title)).toEqual(['Week 06', 'Week 05'])
    expect(config.iterations[0]!.id).toMatch(/^[0-9a-f]{8}$/)
  })

  it('sets a date, an iteration (even a completed one) and a text in one aliased request, and reads them back', async () => {
    const { projectId, named } = await fields()
    const item = sim.addToProjectAsUser(3, 1)
    const week6 = named('Week').configuration!.completedIterations.find(i => i.title === 'Week 06')!
    const r = await graphql(
      sim,
      PAT,
      `
        mutation ($p: ID!, $i: ID!, $due: ID!, $week: ID!, $post: ID!, $it: String!) {
          d: updateProjectV2ItemFieldValue(
            input: { projectId: $p, itemId: $i, fieldId: $due, value: { date: "2026-02-23" } }
          ) {
            projectV2Item {
              id
            }
          }
          w: updateProjectV2ItemFieldValue(
            input: { projectId: $p, itemId: $i, fieldId: $week, value: { iterationId: $it } }
          ) {
            projectV2Item {
              id
            }
          }
          t: updateProjectV2ItemFieldValue(
            input: {
              projectId: $p
              itemId: $i
              fieldId: $post
              value: { text: "https://mina.github.io/posts/day-041/" }
            }
          ) {
            projectV2Item {
              id
            }
          }
        }
      `,
      {
        p: projectId,
        i: item.nodeId,
        due: named('Due').id,
        week: named('Week').id,
        post: named('Post').id,
        it: week6.id
      }
    )
    expect(r.body.errors).toBeUndefined()
    expect(sim.projectValue(3, 1, 'Due')).toBe('2026-02-23')
    expect(sim.projectValue(3, 1, 'Week')).toBe('Week 06')
    expect(sim.projectValue(3, 1, 'Post')).toBe('https://mina.github.io/posts/day-041/')

    const read = await graphql(
      sim,
      PAT,
      `
        {
          repository(owner: "camp", name: "til") {
            issue(number: 1) {
              projectItems(first: 5) {
                nodes {
                  due: fieldValueByName(name: "Due") {
                    ... on ProjectV2ItemFieldDateValue {
                      date
                    }
                  }
                  week: fieldValueByName(name: "Week") {
                    ... on ProjectV2ItemFieldIterationValue {
                      iterationId
                      title
                      startDate
                      duration
                    }
                  }
                  fieldValues(first: 20) {
                    nodes {
                      __typename
                    }
                  }
                }
              }
            }
          }
        }
      `
    )
    expect(read.body.errors).toBeUndefined()
    const node = dig<Record<string, unknown>>(read.body.data, 'repository.issue.projectItems.nodes.0')
    expect(node.due).toEqual({ date: '2026-02-23' })
    expect(node.week).toEqual({
      iterationId: week6.id,
      title: 'Week 06',
      startDate: '2026-02-16',
      duration: 7
    })
    expect(
      (node.fieldValues as { nodes: Array<{ __typename: string }> }).nodes.map(n => n.__typename)
    ).toEqual(expect.arrayContaining(['ProjectV2ItemFieldDateValue', 'ProjectV2ItemFieldIterationValue']))
  })

  it.each([
    [
      'an iteration id of no iteration of the field',
      'Week',
      { iterationId: 'ffffffff' },
      /iteration Id does not belong/
    ],
    ['a text for a date field', 'Due', { text: '2026-02-23' }, /Did not receive a date/],
    ['a date for an iteration field', 'Week', { date: '2026-02-23' }, /Did not receive a iterationId/],
    ['an impossible date', 'Due', { date: '2026-02-30' }, /ISO 8601 date/],
    ['two values at once', 'Due', { date: '2026-02-23', text: 'x' }, /Exactly one value/]
  ])('refuses %s and changes nothing', async (_what, field, value, message) => {
    const { projectId, named } = await fields()
    const item = sim.addToProjectAsUser(3, 1)
    const r = await graphql(sim, PAT, SET, { p: projectId, i: item.nodeId, f: named(field).id, v: value })
    expect(r.body.errors?.[0]?.message).toMatch(message)
    expect(sim.projectValue(3, 1, field)).toBeNull()
  })

  it('refuses a value field GitHub does not know, as graphql-js against the schema does', async () => {
    const { projectId, named } = await fields()
    const item = sim.addToProjectAsUser(3, 1)
    const r = await graphql(sim, PAT, SET, {
      p: projectId,
      i: item.nodeId,
      f: named('Due').id,
      v: { dueDate: '2026-02-23' }
    })
    expect(r.body.errors?.[0]?.message).toMatch(/ProjectV2FieldValue! was provided invalid value/)
    expect(sim.projectValue(3, 1, 'Due')).toBeNull()
  })
})
