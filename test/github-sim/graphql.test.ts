// The simulator's GraphQL side: queries GitHub would reject are rejected, unimplemented fields fail loudly,
// and issues, pull requests, linked branches and Projects v2 answer per token kind and scope.
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dig, graphql, rest } from './client.js'
import { DEFAULT_TOKENS, loadSeed, startSimulator, type Simulator } from './index.js'

const SEED = fileURLToPath(new URL('./fixtures/seed.json', import.meta.url))
const T = {
  workflow: 'ghs_campWorkflow',
  app: 'ghs_campApp',
  pat: 'ghp_minaProject',
  readProject: 'ghp_minaReadProject',
  repoOnly: 'ghp_joonLimited'
}

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

describe('what GitHub would reject', () => {
  it('rejects an unknown field with GitHub wording and no data', async () => {
    const r = await graphql(sim, T.pat, '{ repository(owner: "camp", name: "til") { id colour } }')
    expect(r.status).toBe(200)
    expect(r.body.data).toBeUndefined()
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'colour' doesn't exist on type 'Repository'",
        extensions: expect.objectContaining({ code: 'undefinedField' })
      })
    ])
  })

  it.each([
    [
      'a wrong argument type',
      '{ repository(owner: "camp", name: "til") { issue(number: "one") { id } } }',
      `Argument 'number' on Field 'issue' has an invalid value ("one"). Expected type 'Int!'.`
    ],
    [
      'an unknown enum value',
      '{ repository(owner: "camp", name: "til") { issues(first: 1, states: [DONE]) { totalCount } } }',
      `Argument 'states' on Field 'issues' has an invalid value ([DONE]). Expected type '[IssueState!]'.`
    ],
    [
      'a missing required argument',
      '{ repository(owner: "camp") { id } }',
      "Field 'repository' is missing required arguments: name"
    ],
    [
      'an argument the field does not take',
      '{ repository(owner: "camp", name: "til", colour: 1) { id } }',
      "Field 'repository' doesn't accept argument 'colour'"
    ],
    ['a syntax error', '{ repository(owner: "camp", name: "til") { id ', 'Parse error'],
    [
      'a selection missing on an object field',
      '{ repository(owner: "camp", name: "til") }',
      "Field must have selections (field 'repository' returns Repository but has no selections."
    ]
  ])('rejects %s without running anything', async (_case, query, message) => {
    const r = await graphql(sim, T.pat, query)
    expect(r.status).toBe(200)
    expect(r.body.data).toBeUndefined()
    expect(r.body.errors?.[0]?.message).toContain(message)
    expect(sim.requests.at(-1)?.status).toBe(200)
  })

  it('rejects a variable of the wrong type', async () => {
    const r = await graphql(
      sim,
      T.pat,
      'query($n: Int!) { repository(owner: "camp", name: "til") { issue(number: $n) { id } } }',
      { n: 'x' }
    )
    expect(r.body.errors?.[0]?.message).toBe('Variable $n of type Int! was provided invalid value')
  })

  it('fails loudly, naming the field, when a valid query reaches a field the simulator does not implement', async () => {
    const r = await graphql(sim, T.pat, '{ repository(owner: "camp", name: "til") { name stargazerCount } }')
    expect(r.body.data).toEqual({ repository: null })
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        type: 'SIMULATOR_UNIMPLEMENTED',
        path: ['repository', 'stargazerCount'],
        message: expect.stringContaining('Repository.stargazerCount')
      })
    ])
  })

  it.each([
    ['no first or last', 'issues { totalCount }', 'MISSING_PAGINATION_BOUNDARIES'],
    ['first over 100', 'issues(first: 101) { totalCount }', 'EXCESSIVE_PAGINATION']
  ])('refuses a connection with %s', async (_case, selection, type) => {
    const r = await graphql(sim, T.pat, `{ repository(owner: "camp", name: "til") { ${selection} } }`)
    expect(r.body.errors?.map(e => e.type)).toEqual([type])
  })
})

describe('issues and pull requests', () => {
  it('lists issues (not pull requests) with states, labels and cursors', async () => {
    await sim.createBranch('pr-branch')
    await sim.commitFiles('pr-branch', { 'x.md': 'x\n' }, 'x')
    await sim.openPullRequest({ head: 'pr-branch', title: 'a pull request' })
    const q = `query($after: String) { repository(owner: "camp", name: "til") {
      issues(first: 1, after: $after, states: [OPEN], labels: ["jekyll-post-ops"]) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { number title state stateReason author { login } labels(first: 5) { nodes { name } } assignees(first: 5) { nodes { login } } }
      } } }`
    const first = await graphql(sim, T.pat, q)
    const page1 = dig<{
      totalCount: number
      pageInfo: { hasNextPage: boolean; endCursor: string }
      nodes: unknown[]
    }>(first.body.data, 'repository.issues')
    expect(page1.totalCount).toBe(2)
    expect(page1.nodes).toEqual([
      {
        number: 1,
        title: '과제 제출',
        state: 'OPEN',
        stateReason: null,
        author: { login: 'mina' },
        labels: { nodes: [{ name: 'jekyll-post-ops' }] },
        assignees: { nodes: [] }
      }
    ])
    expect(page1.pageInfo.hasNextPage).toBe(true)
    const second = await graphql(sim, T.pat, q, { after: page1.pageInfo.endCursor })
    expect(dig(second.body.data, 'repository.issues.nodes.0')).toMatchObject({
      number: 2,
      assignees: { nodes: [{ login: 'mina' }] }
    })
    expect(dig(second.body.data, 'repository.issues.pageInfo.hasNextPage')).toBe(false)
  })

  it('filters by updated since and tells who closed an issue and why', async () => {
    sim.clock.advance(60_000)
    const since = new Date(sim.clock.now()).toISOString()
    sim.clock.advance(60_000)
    sim.closeIssueAsUser(1, 'not_planned', 'joon')
    const r = await graphql(
      sim,
      T.pat,
      `
        query ($since: DateTime) {
          repository(owner: "camp", name: "til") {
            issues(first: 10, filterBy: { since: $since }) {
              nodes {
                number
                state
                stateReason
                closedAt
                timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
                  nodes {
                    ... on ClosedEvent {
                      actor {
                        login
                      }
                      createdAt
                      stateReason
                    }
                  }
                }
              }
            }
          }
        }
      `,
      { since }
    )
    const nodes = dig<Array<Record<string, unknown>>>(r.body.data, 'repository.issues.nodes')
    expect(nodes.map(n => n.number)).toEqual([1])
    expect(nodes[0]).toMatchObject({
      state: 'CLOSED',
      stateReason: 'NOT_PLANNED',
      timelineItems: {
        nodes: [{ actor: { login: 'joon' }, stateReason: 'NOT_PLANNED', createdAt: nodes[0]!.closedAt }]
      }
    })
  })

  // GitHub's ClosedEvent (https://docs.github.com/en/graphql/reference/objects#closedevent; @octokit/graphql-schema):
  // `actor` "Identifies the actor who performed the event", `closer` the "Object which triggered the creation of this
  // event" (union Closer = Commit | ProjectV2 | PullRequest). A merge closes the issues it references with the pull
  // request as closer and whoever merged as actor, the workflow's GITHUB_TOKEN too; a plain close has no closer.
  it('says who closed an issue: the merged pull request and its merger (a person or GITHUB_TOKEN), or a bare close', async () => {
    const bare = sim.createIssueAsUser({ title: 'closed by a triage workflow', author: 'mina' }).number
    for (const n of [1, 2]) {
      await sim.createBranch(`${n}-work`)
      await sim.commitFiles(`${n}-work`, { [`${n}.md`]: 'x\n' }, 'work', 'mina')
      await sim.openPullRequest({ head: `${n}-work`, title: 'work', body: `Closes #${n}`, author: 'mina' })
    }
    const [byPerson, byWorkflow] = sim.state.pulls.map(p => p.number)
    await sim.mergePullRequest(byPerson!, { by: 'mina' })
    // `gh pr merge` and `gh issue close` in another workflow: REST with the repository's GITHUB_TOKEN.
    expect((await rest(sim, T.workflow, 'PUT', `/repos/camp/til/pulls/${byWorkflow}/merge`, {})).status).toBe(
      200
    )
    expect(
      (await rest(sim, T.workflow, 'PATCH', `/repos/camp/til/issues/${bare}`, { state: 'closed' })).status
    ).toBe(200)
    const r = await graphql(
      sim,
      T.workflow,
      `
        {
          viewer {
            login
          }
          repository(owner: "camp", name: "til") {
            issues(first: 5, states: [CLOSED]) {
              nodes {
                number
                stateReason
                timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
                  nodes {
                    ... on ClosedEvent {
                      actor {
                        __typename
                        login
                      }
                      closer {
                        __typename
                        ... on PullRequest {
                          number
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `
    )
    expect(r.body.errors).toBeUndefined()
    const closes = dig<Array<{ number: number; timelineItems: { nodes: unknown[] } }>>(
      r.body.data,
      'repository.issues.nodes'
    )
      .filter(n => [1, 2, bare].includes(n.number))
      .map(n => [n.number, n.timelineItems.nodes[0]])
    expect(closes).toEqual([
      [
        1,
        {
          actor: { __typename: 'User', login: 'mina' },
          closer: { __typename: 'PullRequest', number: byPerson }
        }
      ],
      [
        2,
        {
          actor: { __typename: 'Bot', login: 'github-actions' },
          closer: { __typename: 'PullRequest', number: byWorkflow }
        }
      ],
      [bare, { actor: { __typename: 'Bot', login: 'github-actions' }, closer: null }]
    ])
    // GraphQL names the bot without REST's `[bot]`, except as the viewer of its own token; REST keeps the suffix.
    expect(dig(r.body.data, 'viewer.login')).toBe('github-actions[bot]')
    const issue = await rest(sim, T.workflow, 'GET', '/repos/camp/til/issues/2')
    expect(issue.body.closed_by).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' })
  })

  // The other two closers of the union. A commit "Fixes #N" pushed to the default branch closes N with the commit as
  // closer and the pusher as actor ("Using keywords in issues and pull requests": keywords in a commit message close
  // the issue when the commit lands on the default branch, https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/using-keywords-in-issues-and-pull-requests).
  // A project's "Auto-close issue" workflow closes an issue whose Status is set to the chosen option, the project as
  // closer (https://docs.github.com/en/issues/planning-and-tracking-with-projects/automating-your-project/using-the-built-in-automations);
  // a token that cannot see the project (GITHUB_TOKEN) reads no closer, as it reads no project item.
  it("says who closed an issue: a commit pushed to the default branch, a project's auto-close workflow", async () => {
    const sha = await sim.commitFiles('main', { 'hw.md': 'x\n' }, 'Submit homework\n\nFixes #1', 'mina')
    const other = sim.createIssueAsUser({ title: '논문 리뷰', author: 'mina' }).number
    await sim.createBranch('draft')
    await sim.commitFiles('draft', { 'draft.md': 'x\n' }, `Draft, fixes #${other}`, 'mina')
    sim.project(3, { owner: 'camp' }).workflows.autoClose = '완료'
    sim.setProjectStatusAsUser(3, 2, '진행 중', { owner: 'camp', by: 'joon' })
    expect(sim.issue(2)!.state).toBe('open')
    sim.setProjectStatusAsUser(3, 2, '완료', { owner: 'camp', by: 'joon' })
    const query = `
      {
        repository(owner: "camp", name: "til") {
          issues(first: 5, states: [CLOSED]) {
            nodes {
              number
              stateReason
              timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {
                nodes {
                  ... on ClosedEvent {
                    actor { __typename login }
                    closer {
                      __typename
                      ... on Commit { oid }
                      ... on ProjectV2 { number }
                    }
                  }
                }
              }
            }
          }
        }
      }
    `
    const closes = async (token: string) => {
      const r = await graphql(sim, token, query)
      expect(r.body.errors).toBeUndefined()
      return dig<Array<{ number: number; stateReason: string; timelineItems: { nodes: unknown[] } }>>(
        r.body.data,
        'repository.issues.nodes'
      )
        .filter(n => [1, 2].includes(n.number))
        .map(n => [n.number, n.stateReason, n.timelineItems.nodes[0]])
    }
    expect(await closes(T.pat)).toEqual([
      [
        1,
        'COMPLETED',
        { actor: { __typename: 'User', login: 'mina' }, closer: { __typename: 'Commit', oid: sha } }
      ],
      [
        2,
        'COMPLETED',
        {
          actor: { __typename: 'Bot', login: 'github-project-automation' },
          closer: { __typename: 'ProjectV2', number: 3 }
        }
      ]
    ])
    expect((await closes(T.workflow))[1]).toEqual([
      2,
      'COMPLETED',
      { actor: { __typename: 'Bot', login: 'github-project-automation' }, closer: null }
    ])
    // A keyword in a commit on another branch closes nothing; the auto-close leaves the card where the person put it.
    expect(sim.issue(other)!.state).toBe('open')
    expect(sim.projectStatus(3, 2, { owner: 'camp' })).toBe('완료')
  })

  it('computes closing references only for pull requests into the default branch', async () => {
    await sim.createBranch('develop')
    for (const head of ['1-homework', '2-lecture']) {
      await sim.createBranch(head)
      await sim.commitFiles(head, { [`${head}.md`]: 'x\n' }, head)
    }
    const toMain = await sim.openPullRequest({
      head: '1-homework',
      title: 'hw',
      body: 'Closes #1\n\nAlso fixes camp/til#2'
    })
    const toDevelop = await sim.openPullRequest({
      head: '2-lecture',
      base: 'develop',
      title: 'lecture',
      body: 'Fixes #2'
    })
    const q = `query($n: Int!) { repository(owner: "camp", name: "til") { pullRequest(number: $n) {
      number state merged headRefName baseRefName closingIssuesReferences(first: 10) { nodes { number id } } } } }`
    const main = await graphql(sim, T.workflow, q, { n: toMain.number })
    expect(dig(main.body.data, 'repository.pullRequest')).toMatchObject({
      state: 'OPEN',
      merged: false,
      headRefName: '1-homework',
      baseRefName: 'main',
      closingIssuesReferences: {
        nodes: [
          { number: 1, id: sim.issue(1)!.nodeId },
          { number: 2, id: sim.issue(2)!.nodeId }
        ]
      }
    })
    const develop = await graphql(sim, T.workflow, q, { n: toDevelop.number })
    expect(dig(develop.body.data, 'repository.pullRequest.closingIssuesReferences.nodes')).toEqual([])
    const byIssue = `query($closed: Boolean) { repository(owner: "camp", name: "til") { issue(number: 1) {
      closedByPullRequestsReferences(first: 5, includeClosedPrs: $closed) { nodes { number } } } } }`
    const open = await graphql(sim, T.workflow, byIssue, { closed: false })
    expect(dig(open.body.data, 'repository.issue.closedByPullRequestsReferences.nodes')).toEqual([
      { number: toMain.number }
    ])
    await sim.mergePullRequest(toMain.number)
    const afterMerge = await graphql(sim, T.workflow, byIssue, { closed: false })
    expect(dig(afterMerge.body.data, 'repository.issue.closedByPullRequestsReferences.nodes')).toEqual([])
    const withClosed = await graphql(sim, T.workflow, byIssue, { closed: true })
    expect(dig(withClosed.body.data, 'repository.issue.closedByPullRequestsReferences.nodes')).toEqual([
      { number: toMain.number }
    ])
    const merged = await graphql(sim, T.workflow, q, { n: toMain.number })
    expect(dig(merged.body.data, 'repository.pullRequest')).toMatchObject({ state: 'MERGED', merged: true })
    expect([sim.issue(1)?.state, sim.issue(2)?.state]).toEqual(['closed', 'closed'])
  })

  it('answers NOT_FOUND for a missing issue number', async () => {
    const r = await graphql(
      sim,
      T.pat,
      '{ repository(owner: "camp", name: "til") { issue(number: 99) { id } } }'
    )
    expect(r.body.data).toEqual({ repository: { issue: null } })
    expect(r.body.errors?.[0]).toMatchObject({
      type: 'NOT_FOUND',
      message: 'Could not resolve to an Issue with the number of 99.'
    })
  })

  it('lists branches under refs/heads/ and resolves nodes by id', async () => {
    await sim.createBranch('feat/2-lecture')
    const r = await graphql(
      sim,
      T.workflow,
      `
        query ($ids: [ID!]!) {
          repository(owner: "camp", name: "til") {
            refs(refPrefix: "refs/heads/", first: 10) {
              nodes {
                name
              }
            }
          }
          nodes(ids: $ids) {
            ... on Issue {
              number
            }
          }
        }
      `,
      { ids: [sim.issue(2)!.nodeId, 'I_kwDOnope'] }
    )
    expect(dig(r.body.data, 'repository.refs.nodes')).toEqual([{ name: 'feat/2-lecture' }, { name: 'main' }])
    expect(dig(r.body.data, 'nodes')).toEqual([{ number: 2 }, null])
    expect(r.body.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', path: ['nodes', 1] })])
  })
})

describe('linked branches', () => {
  const LINKED = `query { repository(owner: "camp", name: "til") { issue(number: 2) { id linkedBranches(first: 5) { nodes { ref { name } } } } } }`

  it('shows a branch created from the issue, and forgets it once the branch is deleted', async () => {
    const branch = await sim.linkBranchToIssue(2)
    expect(branch).toBe('2-강의-수강-및-정리')
    const r = await graphql(sim, T.workflow, LINKED)
    expect(dig(r.body.data, 'repository.issue.linkedBranches.nodes')).toEqual([{ ref: { name: branch } }])
    await sim.deleteBranch(branch)
    const after = await graphql(sim, T.workflow, LINKED)
    expect(dig(after.body.data, 'repository.issue.linkedBranches.nodes')).toEqual([])
  })

  it('creates one with the createLinkedBranch mutation', async () => {
    const oid = (await sim.flows.git.resolve('main'))!
    const r = await graphql(
      sim,
      T.workflow,
      `
        mutation ($issue: ID!, $oid: GitObjectID!) {
          createLinkedBranch(input: { issueId: $issue, oid: $oid, name: "2-notes" }) {
            linkedBranch {
              ref {
                name
              }
            }
          }
        }
      `,
      { issue: sim.issue(2)!.nodeId, oid }
    )
    expect(dig(r.body.data, 'createLinkedBranch.linkedBranch.ref.name')).toBe('2-notes')
    expect(await sim.flows.git.resolve('refs/heads/2-notes')).toBe(oid)
  })
})

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

describe('issue mutations', () => {
  it('pins and unpins an issue, and closes one with a reason', async () => {
    const id = sim.issue(1)!.nodeId
    await graphql(
      sim,
      T.workflow,
      'mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { isPinned } } }',
      { id }
    )
    expect(sim.issue(1)?.pinned).toBe(true)
    const pinned = await graphql(
      sim,
      T.workflow,
      '{ repository(owner: "camp", name: "til") { pinnedIssues(first: 3) { nodes { issue { number } } } } }'
    )
    expect(dig(pinned.body.data, 'repository.pinnedIssues.nodes')).toEqual([{ issue: { number: 1 } }])
    await graphql(
      sim,
      T.workflow,
      'mutation($id: ID!) { unpinIssue(input: { issueId: $id }) { issue { isPinned } } }',
      { id }
    )
    expect(sim.issue(1)?.pinned).toBe(false)
    const closed = await graphql(
      sim,
      T.workflow,
      'mutation($id: ID!) { closeIssue(input: { issueId: $id, stateReason: NOT_PLANNED }) { issue { state stateReason } } }',
      { id }
    )
    expect(dig(closed.body.data, 'closeIssue.issue')).toEqual({ state: 'CLOSED', stateReason: 'NOT_PLANNED' })
  })
})

describe('read-only token', () => {
  let s: Simulator
  beforeAll(async () => {
    s = await startSimulator()
  })
  afterAll(async () => {
    await s.close()
  })

  it('is refused every mutation with Resource not accessible by integration, changing nothing', async () => {
    const issue = s.createIssueAsUser({ title: 'stay open' })
    const r = await graphql(
      s,
      DEFAULT_TOKENS.readOnlyToken,
      'mutation($id: ID!) { closeIssue(input: { issueId: $id }) { issue { state } } }',
      {
        id: issue.nodeId
      }
    )
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        type: 'FORBIDDEN',
        message: 'Resource not accessible by integration',
        path: ['closeIssue']
      })
    ])
    expect(s.issue(issue.number)?.state).toBe('open')
    expect(s.requests.at(-1)).toMatchObject({ isWrite: true, errorTypes: ['FORBIDDEN'] })
  })
})
