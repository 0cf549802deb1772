// Suggested changes on a pull request: reads its review comments, posts one review holding the new suggestions,
// deletes suggestions of ours whose finding is gone. Never edits or deletes a comment the plan did not name.
import type { RepoRef } from '../event.js'
import type { ExistingComment, SuggestionComment } from '../plan/review.js'
import type { GitHubClient } from './client.js'

/** Every review comment of the pull request (paginated), reduced to what the plan reads. */
export async function reviewComments(client: GitHubClient, repo: RepoRef, number: number): Promise<ExistingComment[]> {
  const comments = await client.paginate(client.rest.pulls.listReviewComments, { ...repo, pull_number: number, per_page: 100 })
  return comments.map(c => ({ id: c.id, body: c.body, inReplyTo: c.in_reply_to_id ?? undefined }))
}

/** One review (event COMMENT) on `commitId` with every comment in it: one request, however many comments. */
export async function postReview(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  commitId: string,
  body: string,
  comments: readonly SuggestionComment[]
): Promise<string> {
  const { data } = await client.rest.pulls.createReview({
    ...repo,
    pull_number: number,
    ...(commitId ? { commit_id: commitId } : {}),
    event: 'COMMENT',
    body,
    comments: comments.map(c => ({ ...c }))
  })
  return data.html_url
}

export async function deleteReviewComment(client: GitHubClient, repo: RepoRef, id: number): Promise<void> {
  await client.rest.pulls.deleteReviewComment({ ...repo, comment_id: id })
}
