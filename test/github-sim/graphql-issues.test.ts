// The simulator's GraphQL answers on issues and pull requests, per token kind and scope, beside the REST side of
// the same objects. Split from graphql.test.ts; the seed and its tokens are in seed-tokens.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dig, graphql, rest } from './client.js'
import { loadSeed, startSimulator, type Simulator } from './index.js'
import { SEED, T } from './seed-tokens.js'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ seed: loadSeed(SEED) })
})
afterEach(async () => {
  await sim.close()
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
