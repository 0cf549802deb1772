// Creates a task issue exactly once: the POST is never retried blindly; a lost response is settled by a re-read
// (newest first) before one more try; comments likewise. Never creates an issue the re-read found.
import type { RepoRef } from '../../event.js'
import { parseMarker } from '../../plan/marker.js'
import type { GitHubClient } from '../client.js'
import { asHttpError, describeError, isPermissionError, permissionError } from '../errors.js'
import { RECENT_ISSUES_QUERY } from './query.js'
import {
  NO_RETRY,
  type AppliedOperation,
  type ApplyOptions,
  type CreatedIssue,
  type CreateOp
} from './writes.js'

/**
 * An open managed issue with `key` created after the read whose highest issue number was `afterNumber`: the read
 * that proves whether a create whose response was lost did happen. Pages newest-first until it reaches issues
 * the earlier read already saw.
 */
export async function findCreatedIssue(
  client: GitHubClient,
  repo: RepoRef,
  options: { label: string; key: string; afterNumber: number }
): Promise<{ number: number; url: string } | undefined> {
  let after: string | null = null
  for (;;) {
    const data: {
      repository: {
        issues: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null }
          nodes: Array<{ number: number; url: string; body: string } | null>
        }
      } | null
    } = await client.graphql(RECENT_ISSUES_QUERY, {
      owner: repo.owner,
      name: repo.repo,
      label: options.label,
      after
    })
    const connection = data.repository?.issues
    if (!connection) return undefined
    for (const node of connection.nodes) {
      if (!node) continue
      if (node.number <= options.afterNumber) return undefined
      if (parseMarker(node.body) === options.key) return { number: node.number, url: node.url }
    }
    if (!connection.pageInfo.hasNextPage || connection.pageInfo.endCursor === null) return undefined
    after = connection.pageInfo.endCursor
  }
}

/** A 422 whose errors name the assignees: someone who cannot be assigned in this repository. */
function isAssigneeRejection(error: unknown): boolean {
  const e = asHttpError(error)
  if (e.status !== 422) return false
  const errors = e.response?.data?.errors ?? []
  return errors.some(item =>
    typeof item === 'string'
      ? /assignee/i.test(item)
      : item.field === 'assignees' || /assignee/i.test(item.message ?? '')
  )
}

export async function createOnce(
  client: GitHubClient,
  repo: RepoRef,
  op: CreateOp,
  assigneesGiven: string[],
  options: ApplyOptions,
  log: (line: string) => void
): Promise<{ applied: AppliedOperation; droppedAssignees: boolean }> {
  let assignees = assigneesGiven
  let droppedAssignees = false
  let lastError: unknown
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const { data } = await client.rest.issues.create({
        ...repo,
        title: op.title,
        body: op.body,
        labels: op.labels,
        ...(assignees.length > 0 ? { assignees } : {}),
        request: NO_RETRY
      })
      const created: CreatedIssue = {
        nodeId: data.node_id,
        databaseId: data.id,
        title: data.title,
        body: data.body ?? op.body,
        createdAt: data.created_at,
        assignees: (data.assignees ?? []).flatMap(a => (a ? [a.login] : []))
      }
      return { applied: { op, number: data.number, url: data.html_url, created }, droppedAssignees }
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(error)
      if (assignees.length > 0 && isAssigneeRejection(error)) {
        // GitHub refused before creating anything (422): the same create without assignees is safe.
        log(`tasks: GitHub cannot assign ${assignees.join(', ')} here; creating issues without assignees.`)
        assignees = []
        droppedAssignees = true
        attempt--
        continue
      }
      if (asHttpError(error).status === 422) throw error
      lastError = error
      log(
        `tasks: creating "${op.title}" failed (${describeError(error)}); reading GitHub to see whether it was created.`
      )
      const found = await findCreatedIssue(client, repo, {
        label: options.label,
        key: op.key,
        afterNumber: options.read.maxNumber
      })
      if (found)
        return { applied: { op, number: found.number, url: found.url, adopted: true }, droppedAssignees }
    }
  }
  throw lastError
}

/**
 * Posts a comment without ever posting it twice: the POST is not retried blindly (a comment whose answer was lost
 * would appear again); after a failure the issue's comments decide whether it was posted, and if not it is tried again
 * (three tries in all). Returns the comment's URL.
 */
export async function commentOnce(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  body: string
): Promise<string> {
  let lastError: unknown
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const { data } = await client.rest.issues.createComment({
        ...repo,
        issue_number: number,
        body,
        request: NO_RETRY
      })
      return data.html_url
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(error)
      const status = asHttpError(error).status
      if (status === 404 || status === 410 || status === 422) throw error
      lastError = error
      const comments = await client.paginate(client.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100
      })
      const posted = comments.find(c => c.body === body)
      if (posted) return posted.html_url
    }
  }
  throw lastError
}
