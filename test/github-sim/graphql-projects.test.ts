// The simulator's Projects v2 per token kind: which tokens resolve a project, read its items and move them, and
// what GitHub answers the others. Split from graphql.test.ts; the seed and its tokens are in seed-tokens.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dig, graphql } from './client.js'
import { loadSeed, startSimulator, type Simulator } from './index.js'
import { SEED, T } from './seed-tokens.js'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ seed: loadSeed(SEED) })
})
afterEach(async () => {
  await sim.close()
})

const PROJECT = `query($owner: String!, $number: Int!) {
  organization(login: $owner) {
    projectV2(number: $number) {
      id title
      field(name: "Status") { ... on ProjectV2SingleSelectField { id name options { id name } } }
    }
  }
}`

async function board(token = T.pat) {
  const r = await graphql(sim, token, PROJECT, { owner: 'camp', number: 3 })
  const project = dig<{ id: string; field: { id: string; options: Array<{ id: string; name: string }> } }>(
    r.body.data,
    'organization.projectV2'
  )
  const option = (name: string) => project.field.options.find(o => o.name === name)!.id
  return { project, option }
}

describe('Projects v2 and tokens', () => {
  it('does not let the workflow GITHUB_TOKEN resolve a project', async () => {
    const r = await graphql(sim, T.workflow, PROJECT, { owner: 'camp', number: 3 })
    expect(r.body.data).toEqual({ organization: { projectV2: null } })
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        path: ['organization', 'projectV2'],
        message: 'Could not resolve to a ProjectV2 with the number 3.'
      })
    ])
  })

  it('answers a PAT without the project scope with INSUFFICIENT_SCOPES for each project field', async () => {
    const r = await graphql(sim, T.repoOnly, '{ user(login: "mina") { projectV2(number: 1) { id title } } }')
    expect(r.body.data).toBeUndefined()
    expect(r.body.errors?.map(e => e.type)).toEqual([
      'INSUFFICIENT_SCOPES',
      'INSUFFICIENT_SCOPES',
      'INSUFFICIENT_SCOPES'
    ])
    expect(r.body.errors?.[0]?.message).toBe(
      "Your token has not been granted the required scopes to execute this query. The 'projectV2' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens."
    )
  })

  it('lets read:project read but asks for project to write', async () => {
    expect((await board(T.readProject)).project.id).toMatch(/^PVT_/)
    const r = await graphql(
      sim,
      T.readProject,
      'mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }',
      {
        p: sim.project(3).nodeId,
        c: sim.issue(1)!.nodeId
      }
    )
    expect(r.body.errors?.[0]?.message).toContain(
      "The 'addProjectV2ItemById' field requires one of the following scopes: ['project']"
    )
    expect(sim.state.projectItems.filter(i => i.contentNumber === 1)).toHaveLength(0)
  })

  it.each([
    ["another user's private project", 'rival', 1, false],
    ["another user's public project", 'rival', 2, true],
    ['my own project', 'mina', 1, true]
  ])('shows %s to a PAT: %s', async (_case, login, number, visible) => {
    const r = await graphql(
      sim,
      T.pat,
      'query($l: String!, $n: Int!) { user(login: $l) { projectV2(number: $n) { title } } }',
      { l: login, n: number }
    )
    if (visible) expect(dig(r.body.data, 'user.projectV2.title')).toEqual(expect.any(String))
    else expect(r.body.errors?.[0]?.type).toBe('NOT_FOUND')
  })

  it('lets an app token reach an organization project but not a user project', async () => {
    expect((await board(T.app)).project.id).toMatch(/^PVT_/)
    const r = await graphql(sim, T.app, '{ user(login: "mina") { projectV2(number: 1) { id } } }')
    expect(r.body.errors?.[0]?.type).toBe('NOT_FOUND')
  })

  it('adds an item idempotently and sets its Status by option id', async () => {
    const { project, option } = await board()
    const add = `mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }`
    const vars = { p: project.id, c: sim.issue(1)!.nodeId }
    const first = await graphql(sim, T.pat, add, vars)
    const again = await graphql(sim, T.pat, add, vars)
    const itemId = dig<string>(first.body.data, 'addProjectV2ItemById.item.id')
    expect(itemId).toMatch(/^PVTI_/)
    expect(dig(again.body.data, 'addProjectV2ItemById.item.id')).toBe(itemId)
    expect(sim.state.projectItems.filter(i => i.contentNumber === 1)).toHaveLength(1)

    const set = await graphql(
      sim,
      T.pat,
      `
        mutation ($p: ID!, $i: ID!, $f: ID!, $o: String!) {
          updateProjectV2ItemFieldValue(
            input: { projectId: $p, itemId: $i, fieldId: $f, value: { singleSelectOptionId: $o } }
          ) {
            projectV2Item {
              id
            }
          }
        }
      `,
      { p: project.id, i: itemId, f: project.field.id, o: option('진행 중') }
    )
    expect(set.body.errors).toBeUndefined()
    expect(sim.projectStatus(3, 1)).toBe('진행 중')

    const read = await graphql(
      sim,
      T.pat,
      `
        {
          repository(owner: "camp", name: "til") {
            issue(number: 1) {
              projectItems(first: 5) {
                nodes {
                  id
                  project {
                    id
                    number
                  }
                  fieldValueByName(name: "Status") {
                    ... on ProjectV2ItemFieldSingleSelectValue {
                      name
                      optionId
                    }
                  }
                }
              }
            }
          }
        }
      `
    )
    expect(dig(read.body.data, 'repository.issue.projectItems.nodes')).toEqual([
      {
        id: itemId,
        project: { id: project.id, number: 3 },
        fieldValueByName: { name: '진행 중', optionId: option('진행 중') }
      }
    ])
  })

  it('refuses an option id that is not one of the field', async () => {
    const { project } = await board()
    const item = sim.addToProjectAsUser(3, 1)
    const r = await graphql(
      sim,
      T.pat,
      `
        mutation ($p: ID!, $i: ID!, $f: ID!) {
          updateProjectV2ItemFieldValue(
            input: { projectId: $p, itemId: $i, fieldId: $f, value: { singleSelectOptionId: "deadbeef" } }
          ) {
            projectV2Item {
              id
            }
          }
        }
      `,
      { p: project.id, i: item.nodeId, f: project.field.id }
    )
    expect(r.body.errors?.[0]?.type).toBe('UNPROCESSABLE')
    expect(sim.projectStatus(3, 1)).toBeNull()
  })

  it('runs several aliased mutations in one request, in order', async () => {
    const { project, option } = await board()
    const add = await graphql(
      sim,
      T.pat,
      `
        mutation ($p: ID!, $a: ID!, $b: ID!) {
          a: addProjectV2ItemById(input: { projectId: $p, contentId: $a }) {
            item {
              id
            }
          }
          b: addProjectV2ItemById(input: { projectId: $p, contentId: $b }) {
            item {
              id
            }
          }
        }
      `,
      { p: project.id, a: sim.issue(1)!.nodeId, b: sim.issue(3)!.nodeId }
    )
    expect(sim.requests.at(-1)).toMatchObject({
      graphqlType: 'mutation',
      graphqlFields: ['addProjectV2ItemById', 'addProjectV2ItemById'],
      isWrite: true
    })
    const [a, b] = [dig<string>(add.body.data, 'a.item.id'), dig<string>(add.body.data, 'b.item.id')]
    const setBoth = await graphql(
      sim,
      T.pat,
      `
        mutation ($p: ID!, $f: ID!, $a: ID!, $b: ID!, $todo: String!, $done: String!) {
          one: updateProjectV2ItemFieldValue(
            input: { projectId: $p, itemId: $a, fieldId: $f, value: { singleSelectOptionId: $todo } }
          ) {
            projectV2Item {
              id
            }
          }
          two: updateProjectV2ItemFieldValue(
            input: { projectId: $p, itemId: $b, fieldId: $f, value: { singleSelectOptionId: $done } }
          ) {
            projectV2Item {
              id
            }
          }
        }
      `,
      { p: project.id, f: project.field.id, a, b, todo: option('할 일'), done: option('완료') }
    )
    expect(setBoth.body.errors).toBeUndefined()
    expect([sim.projectStatus(3, 1), sim.projectStatus(3, 3)]).toEqual(['할 일', '완료'])
  })

  it('lists project items with their content and the items a person added', async () => {
    const r = await graphql(
      sim,
      T.pat,
      `
        {
          organization(login: "camp") {
            projectV2(number: 3) {
              items(first: 10) {
                nodes {
                  creator {
                    login
                  }
                  content {
                    ... on Issue {
                      number
                    }
                  }
                  fieldValueByName(name: "Status") {
                    ... on ProjectV2ItemFieldSingleSelectValue {
                      name
                    }
                  }
                }
              }
            }
          }
        }
      `
    )
    expect(dig(r.body.data, 'organization.projectV2.items.nodes')).toEqual([
      { creator: { login: 'joon' }, content: { number: 2 }, fieldValueByName: { name: '진행 중' } }
    ])
  })

  it('deletes an item', async () => {
    const { project } = await board()
    const item = sim.addToProjectAsUser(3, 1, '할 일')
    const r = await graphql(
      sim,
      T.pat,
      'mutation($p: ID!, $i: ID!) { deleteProjectV2Item(input: { projectId: $p, itemId: $i }) { deletedItemId } }',
      {
        p: project.id,
        i: item.nodeId
      }
    )
    expect(dig(r.body.data, 'deleteProjectV2Item.deletedItemId')).toBe(item.nodeId)
    expect(sim.projectStatus(3, 1)).toBeNull()
  })

  it('forbids project writes with the workflow token', async () => {
    const r = await graphql(
      sim,
      T.workflow,
      'mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: { projectId: $p, contentId: $c }) { item { id } } }',
      {
        p: sim.project(3).nodeId,
        c: sim.issue(1)!.nodeId
      }
    )
    expect(r.body.errors?.[0]).toMatchObject({
      type: 'FORBIDDEN',
      message: 'Resource not accessible by integration'
    })
  })
})
