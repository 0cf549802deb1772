// The `check` job's suggested changes on a pull request: every certain fix on a line the pull request added
// becomes a ```suggestion comment, all of one run in one review. Never comments on lines the pull request kept.
import { lineFixesOf } from '../blog/line-fixes.js'
import type { Diagnostic, Post } from '../blog/model.js'
import type { PullFile } from '../github/changes.js'
import { deleteReviewComment, postReview, reviewComments } from '../github/review.js'
import { addedLines, planSuggestions, reviewBody, RULES_URL } from '../plan/review.js'
import type { JobContext } from './context.js'
import { httpStatus } from '../github/errors.js'

/** The check's read of the blog that suggestions are made from: its posts and the findings on the posts reported. */
export interface CheckedPosts {
  posts: readonly Post[]
  reported: readonly Diagnostic[]
}

/** What the suggestions step did, for the job summary ('' when it did nothing worth a line). */
export async function suggestFixes(
  ctx: JobContext,
  result: CheckedPosts,
  files: readonly PullFile[] | undefined
): Promise<string> {
  const { trigger, repo } = ctx.event
  if (!ctx.settings.suggestions || trigger.kind !== 'pull_request') return ''
  const say = (line: string) => {
    ctx.sink.info(`check: suggestions: ${line}`)
    return `Suggested changes: ${line}`
  }
  if (!ctx.client || !repo) return say('skipped: no token to write the review with.')
  if (trigger.fromFork) {
    return say(
      "skipped: a fork's pull request gets a read-only token, and suggestions need `pull-requests: write`; the annotations show the fixes."
    )
  }
  if (!files) return say("skipped: GitHub could not list the pull request's changed lines.")
  const prefix = ctx.settings.blogPath === '' ? '' : `${ctx.settings.blogPath}/`
  const postPaths = new Set(
    files.filter(f => f.filename.startsWith(prefix)).map(f => f.filename.slice(prefix.length))
  )
  const posts = result.posts.filter(p => postPaths.has(p.file.path))
  // A pull request that touches no post can hold no suggestion of ours that matters: nothing is read.
  if (posts.length === 0) return ''
  const fixes = posts.flatMap(p =>
    lineFixesOf(
      p.file,
      result.reported.filter(d => d.file === p.file.path)
    )
  )
  const added = new Map(
    files.map(f => [f.filename, f.patch === undefined ? new Map<number, string>() : addedLines(f.patch)])
  )
  try {
    const existing = await reviewComments(ctx.client, repo, trigger.number)
    const plan = planSuggestions(fixes, added, existing, { prefix, ruleUrl: () => RULES_URL })
    if (plan.post.length > 0) {
      await postReview(
        ctx.client,
        repo,
        trigger.number,
        trigger.headSha,
        reviewBody(plan.post.length),
        plan.post
      )
    }
    for (const id of plan.remove) await deleteReviewComment(ctx.client, repo, id)
    const parts = [
      `${plan.post.length} posted`,
      ...(plan.kept ? [`${plan.kept} already on the pull request`] : []),
      ...(plan.remove.length ? [`${plan.remove.length} removed (fixed)`] : []),
      ...(plan.deferred ? [`${plan.deferred} more next run (at most 30 a run)`] : []),
      ...(plan.outsideDiff
        ? [`${plan.outsideDiff} on lines this pull request did not change (annotations only)`]
        : [])
    ]
    if (
      plan.post.length === 0 &&
      plan.remove.length === 0 &&
      !plan.kept &&
      !plan.deferred &&
      !plan.outsideDiff
    )
      return ''
    return say(parts.join(', ') + '.')
  } catch (error) {
    const status = httpStatus(error)
    if (status === 403)
      return say('skipped: the token cannot write pull request reviews (`pull-requests: write`).')
    return say(`GitHub refused them (${(error as Error).message}); the annotations show the fixes.`)
  }
}
