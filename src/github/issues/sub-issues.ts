// Makes nested task issues sub-issues of their parent task's issue (GitHub's sub-issues REST API), one request per
// link plan/nested.ts chose. Never attaches an issue it was not asked to, nor moves one a person placed.
import type { RepoRef } from '../../event.js'
import type { GitHubClient } from '../client.js'
import { describeError, isPermissionError, permissionError } from '../errors.js'
import type { SubIssueLink } from '../../plan/nested.js'

export interface AttachResult {
  attached: SubIssueLink[]
  failed: Array<{ link: SubIssueLink; error: string }>
  /** REST requests sent. */
  requests: number
}

/**
 * POST /repos/{owner}/{repo}/issues/{parent}/sub_issues with the child's REST id, for each link. A refusal (GitHub's
 * 422 at 100 sub-issues or eight levels) is reported per link; a missing permission stops the run.
 */
export async function attachSubIssues(
  client: GitHubClient,
  repo: RepoRef,
  links: readonly SubIssueLink[],
  restIds: ReadonlyMap<number, number>
): Promise<AttachResult> {
  const result: AttachResult = { attached: [], failed: [], requests: 0 }
  for (const link of links) {
    const id = restIds.get(link.child)
    if (id === undefined) {
      result.failed.push({ link, error: `no REST id for #${link.child}` })
      continue
    }
    try {
      result.requests++
      await client.rest.issues.addSubIssue({
        ...repo,
        issue_number: link.parent,
        sub_issue_id: id,
        ...(link.replace ? { replace_parent: true } : {})
      })
      result.attached.push(link)
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(error)
      result.failed.push({ link, error: describeError(error) })
    }
  }
  return result
}
