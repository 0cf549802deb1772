// Pull request reviews as GitHub keeps them: a review with line comments placed on the pull request's diff at a
// commit, refused whole (422) when a comment's line is not part of that diff, as GitHub refuses it. Never speaks HTTP.
import { forbidden, notFound, unprocessable, validationFailed } from './errors.js'
import type { GitHubFlows } from './github.js'
import type { SimPull, SimReview, SimReviewComment } from './model.js'

export interface ReviewCommentInput {
  path: string
  line?: number
  side?: 'LEFT' | 'RIGHT'
  start_line?: number
  start_side?: 'LEFT' | 'RIGHT'
  position?: number
  body: string
}

export interface ReviewInput {
  commitId?: string
  body?: string
  event?: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT'
  comments: ReviewCommentInput[]
  author: string
}

interface Hunk {
  header: string
  lines: string[]
  /** Per line of `lines`: its line number on each side (0: not on that side). */
  left: number[]
  right: number[]
}

/** The hunks of a unified diff, each line numbered on the side(s) it belongs to. */
export function hunksOf(patch: string): Hunk[] {
  const hunks: Hunk[] = []
  let left = 0
  let right = 0
  for (const line of patch.split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line)
    if (header) {
      left = Number(header[1])
      right = Number(header[2])
      hunks.push({ header: line, lines: [], left: [], right: [] })
      continue
    }
    const hunk = hunks.at(-1)
    if (!hunk || line.startsWith('\\')) continue
    hunk.lines.push(line)
    if (line.startsWith('+')) {
      hunk.left.push(0)
      hunk.right.push(right++)
    } else if (line.startsWith('-')) {
      hunk.left.push(left++)
      hunk.right.push(0)
    } else {
      hunk.left.push(left++)
      hunk.right.push(right++)
    }
  }
  return hunks
}

const NOT_IN_DIFF = (field: 'line' | 'start_line') =>
  validationFailed([
    {
      resource: 'PullRequestReviewComment',
      code: 'custom',
      field: `pull_request_review_thread.${field}`,
      message: `pull_request_review_thread.${field} must be part of the diff`
    }
  ])

export class PullReviews {
  constructor(private readonly flows: GitHubFlows) {}

  private get model() {
    return this.flows.model
  }

  /** Creates a review with its comments, or refuses the whole review. */
  async create(pull: SimPull, input: ReviewInput): Promise<SimReview> {
    const facts = await this.flows.pullFacts(pull, false)
    const commitId = input.commitId ?? facts.headSha
    const git = this.flows.git
    if ((await git.objectType(commitId)) !== 'commit') throw unprocessable('No commit found for SHA: ' + commitId)
    if (input.event !== undefined && input.event !== 'APPROVE' && !input.body && input.comments.length === 0) {
      throw unprocessable('Body is required when using REQUEST_CHANGES or COMMENT')
    }
    if (input.event === 'REQUEST_CHANGES' && !input.body) throw unprocessable('Body is required when using REQUEST_CHANGES')
    if ((input.event === 'APPROVE' || input.event === 'REQUEST_CHANGES') && input.author === pull.author) {
      throw unprocessable(`Can not ${input.event === 'APPROVE' ? 'approve' : 'request changes on'} your own pull request`)
    }
    const mergeBase = (await git.mergeBase(facts.baseSha, commitId)) ?? facts.baseSha
    const diff = await git.diff(mergeBase, commitId)
    const placed: Array<Omit<SimReviewComment, 'id' | 'nodeId' | 'reviewId'>> = []
    for (const c of input.comments) {
      if (c.position !== undefined && c.line === undefined) throw unprocessable('github-sim does not implement review comments placed by position; use line')
      if (c.line === undefined) throw validationFailed([{ resource: 'PullRequestReviewComment', code: 'missing_field', field: 'line' }])
      const entry = diff.find(e => e.filename === c.path)
      if (!entry) throw validationFailed([{ resource: 'PullRequestReviewComment', code: 'invalid', field: 'path', message: 'Path could not be resolved' }])
      const patch = await git.patch(mergeBase, commitId, entry.previousFilename ? [entry.previousFilename, entry.filename] : [entry.filename])
      const hunks = hunksOf(patch ?? '')
      const side = c.side ?? 'RIGHT'
      const at = (line: number, s: 'LEFT' | 'RIGHT') => {
        for (const hunk of hunks) {
          const index = (s === 'RIGHT' ? hunk.right : hunk.left).indexOf(line)
          if (line > 0 && index >= 0) return { hunk, index }
        }
        return undefined
      }
      const end = at(c.line, side)
      if (!end) throw NOT_IN_DIFF('line')
      if (c.start_line !== undefined) {
        const start = at(c.start_line, c.start_side ?? side)
        if (!start || start.hunk !== end.hunk) throw NOT_IN_DIFF('start_line')
        if (c.start_line >= c.line) throw unprocessable('start_line must precede the end line.')
      }
      const now = this.model.nowIso()
      placed.push({
        pullNumber: pull.number,
        path: c.path,
        line: c.line,
        startLine: c.start_line ?? null,
        side,
        startSide: c.start_line !== undefined ? (c.start_side ?? side) : null,
        body: c.body,
        author: input.author,
        commitId,
        diffHunk: [end.hunk.header, ...end.hunk.lines.slice(0, end.index + 1)].join('\n'),
        inReplyTo: null,
        createdAt: now,
        updatedAt: now
      })
    }
    const review: SimReview = {
      ...this.model.nextIds('PRR_'),
      pullNumber: pull.number,
      author: input.author,
      body: input.body ?? '',
      state:
        input.event === 'APPROVE' ? 'APPROVED' : input.event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : input.event === 'COMMENT' ? 'COMMENTED' : 'PENDING',
      commitId,
      submittedAt: input.event ? this.model.nowIso() : null
    }
    this.model.state.reviews.push(review)
    for (const p of placed) this.model.state.reviewComments.push({ ...this.model.nextIds('PRRC_'), reviewId: review.id, ...p })
    return review
  }

  /** Line comments of a pull request, oldest first; a pending review's comments only to its author. */
  comments(pull: SimPull, viewer: string): SimReviewComment[] {
    const pending = new Set(this.model.state.reviews.filter(r => r.state === 'PENDING' && r.author !== viewer).map(r => r.id))
    return this.model.state.reviewComments.filter(c => c.pullNumber === pull.number && !pending.has(c.reviewId))
  }

  commentsOfReview(review: SimReview): SimReviewComment[] {
    return this.model.state.reviewComments.filter(c => c.reviewId === review.id)
  }

  /** Deletes a line comment (its author, or anyone with push access). */
  delete(id: number, by: string, canPush: boolean): void {
    const list = this.model.state.reviewComments
    const index = list.findIndex(c => c.id === id)
    if (index < 0) throw notFound()
    if (list[index]!.author !== by && !canPush) throw forbidden()
    list.splice(index, 1)
  }
}
