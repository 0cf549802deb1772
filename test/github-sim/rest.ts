// REST operations of the simulated GitHub, one handler per OpenAPI operation id, over validated input. An
// operation without a handler is refused loudly (501), never answered with made-up data.
import type { Access, Caller } from './access.js'
import { forbidden, notFound, SimError, unprocessable, validationFailed } from './errors.js'
import type { GitHubFlows } from './github.js'
import type { RateLimits } from './limits.js'
import type { Model, SimIssueLike } from './model.js'
import { PullReviews, type ReviewCommentInput, type ReviewInput } from './reviews.js'
import type { Shapes } from './shapes.js'

export interface RestContext {
  model: Model
  flows: GitHubFlows
  shapes: Shapes
  access: Access
  limits: RateLimits
  caller: Caller
  path: Record<string, unknown>
  query: Record<string, unknown>
  body: Record<string, unknown> | undefined
  /** The request URL as the client sent it (for Link headers). */
  url: URL
  /** The request's Accept header (media types such as `application/vnd.github.raw+json`). */
  accept: string
  rateLimitOf(caller: Caller): number
}

export interface RestResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** Sent as is instead of JSON (a raw media type); `headers` then carry its content-type. */
  raw?: string | Buffer
}

type Handler = (ctx: RestContext) => Promise<RestResult> | RestResult

const ok = (body: unknown, status = 200, headers?: Record<string, string>): RestResult => ({
  status,
  body,
  headers
})

/** GitHub's page of a list: per_page (default 30, at most 100), page, and a Link header. */
function paginate<T>(ctx: RestContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30) || 30))
  const page = Math.max(1, Number(ctx.query.page ?? 1) || 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (n: number) => {
    const u = new URL(ctx.url.toString())
    u.searchParams.set('page', String(n))
    return u.toString()
  }
  const rels: string[] = []
  if (page > 1) rels.push(`<${link(Math.min(page - 1, last))}>; rel="prev"`)
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`)
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: rels.length ? { link: rels.join(', ') } : {}
  }
}

/**
 * 201 Created with GitHub's `Location` header: the new resource's API URL (its body's `url`). Recorded on
 * api.github.com (@octokit/fixtures add-labels-to-issue, labels, git-refs) for issues, labels and refs;
 * GitHub's v3 reference shows it the same way on comments, pull requests and git objects.
 */
function created(body: Record<string, unknown>): RestResult {
  return ok(body, 201, typeof body.url === 'string' ? { location: body.url } : undefined)
}

function list<T>(ctx: RestContext, items: T[], shape: (t: T) => unknown): RestResult {
  const { items: pageItems, headers } = paginate(ctx, items)
  return ok(pageItems.map(shape), 200, headers)
}

function requireRepo(ctx: RestContext): void {
  const repo = ctx.model.state.repo
  const owner = String(ctx.path.owner ?? '')
  const name = String(ctx.path.repo ?? '')
  if (owner.toLowerCase() !== repo.owner.toLowerCase() || name.toLowerCase() !== repo.name.toLowerCase())
    throw notFound()
  if (!ctx.access.canReadRepo(ctx.caller)) throw notFound()
}

function target(ctx: RestContext, key = 'issue_number'): SimIssueLike {
  requireRepo(ctx)
  const found = ctx.model.issueLike(Number(ctx.path[key]))
  if (!found) throw notFound()
  return found
}

const login = (ctx: RestContext) => ctx.caller.user.login

function labelNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return []
  return raw
    .map(l => (typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? '')))
    .filter(Boolean)
}

function assigneeLogins(body: Record<string, unknown>): string[] | undefined {
  const many = body.assignees
  const one = body.assignee
  if (Array.isArray(many))
    return many.map(a => (typeof a === 'string' ? a : String((a as { login?: unknown }).login)))
  if (typeof one === 'string') return [one]
  if (one === null) return []
  return undefined
}

function sortIssues<T extends SimIssueLike>(ctx: RestContext, items: T[], counts: (t: T) => number): T[] {
  const sort = String(ctx.query.sort ?? 'created')
  const dir = String(ctx.query.direction ?? 'desc') === 'asc' ? 1 : -1
  const key = (t: T): number =>
    sort === 'updated' ? Date.parse(t.updatedAt) : sort === 'comments' ? counts(t) : Date.parse(t.createdAt)
  return [...items].sort((a, b) => (key(a) - key(b) || a.number - b.number) * dir)
}

const handlers: Record<string, Handler> = {
  'users/get-authenticated': ctx => {
    if (ctx.caller.token.kind !== 'pat') throw forbidden()
    return ok(ctx.shapes.privateUser(ctx.caller.user))
  },

  'rate-limit/get': ctx => {
    const limit = ctx.rateLimitOf(ctx.caller)
    const view = (resource: 'core' | 'graphql') => {
      const s = ctx.limits.peek(ctx.caller.token.token, resource, limit)
      return { limit: s.limit, used: s.used, remaining: s.remaining, reset: s.reset }
    }
    const search = { limit: 30, used: 0, remaining: 30, reset: Math.ceil(ctx.model.now() / 1000) + 60 }
    return ok({ resources: { core: view('core'), graphql: view('graphql'), search }, rate: view('core') })
  },

  'repos/get': ctx => {
    requireRepo(ctx)
    return ok(ctx.shapes.repository(true))
  },

  'issues/list-for-repo': ctx => {
    requireRepo(ctx)
    const q = ctx.query
    const state = String(q.state ?? 'open')
    const wanted =
      typeof q.labels === 'string' && q.labels ? q.labels.split(',').map(l => l.trim().toLowerCase()) : []
    const since = typeof q.since === 'string' ? Date.parse(q.since) : null
    const items = [...ctx.model.state.issues, ...ctx.model.state.pulls].filter(i => {
      if (state !== 'all' && i.state !== state) return false
      const mine = i.labels.map(l => l.toLowerCase())
      if (!wanted.every(l => mine.includes(l))) return false
      if (since !== null && Date.parse(i.updatedAt) < since) return false
      if (typeof q.creator === 'string' && i.author.toLowerCase() !== q.creator.toLowerCase()) return false
      if (q.assignee === 'none' && i.assignees.length) return false
      if (q.assignee === '*' && !i.assignees.length) return false
      if (typeof q.assignee === 'string' && !['none', '*'].includes(q.assignee)) {
        if (!i.assignees.some(a => a.toLowerCase() === String(q.assignee).toLowerCase())) return false
      }
      if (q.milestone !== undefined && q.milestone !== '*' && q.milestone !== 'none') return false
      return true
    })
    const sorted = sortIssues(ctx, items, i => ctx.model.commentsOf(i.number).length)
    return list(ctx, sorted, i => ctx.shapes.issue(i))
  },

  'issues/get': ctx => ok(ctx.shapes.issue(target(ctx), true)),

  'issues/create': ctx => {
    requireRepo(ctx)
    const body = ctx.body ?? {}
    const push = ctx.access.hasPush(ctx.caller)
    const issue = ctx.model.createIssue({
      title: String(body.title),
      body: typeof body.body === 'string' ? body.body : null,
      // Without push access GitHub silently drops labels and assignees.
      labels: push ? labelNames(body.labels) : [],
      assignees: push ? (assigneeLogins(body) ?? []) : [],
      author: login(ctx)
    })
    return created(ctx.shapes.issue(issue, true))
  },

  'issues/update': ctx => {
    const t = target(ctx)
    const body = ctx.body ?? {}
    const push = ctx.access.hasPush(ctx.caller)
    if (!push && t.author !== login(ctx)) throw forbidden('Must have push access to repository')
    ctx.model.editIssue(
      t,
      {
        title: body.title === undefined || body.title === null ? undefined : String(body.title),
        body: body.body === undefined ? undefined : (body.body as string | null),
        labels: push && Array.isArray(body.labels) ? labelNames(body.labels) : undefined,
        assignees: push ? assigneeLogins(body) : undefined
      },
      login(ctx)
    )
    const reason = body.state_reason as
      'completed' | 'not_planned' | 'duplicate' | 'reopened' | null | undefined
    if (body.state === 'closed') ctx.model.closeIssue(t, reason ?? null, login(ctx), null)
    if (body.state === 'open') ctx.model.reopenIssue(t, login(ctx))
    return ok(ctx.shapes.issue(t, true))
  },

  'issues/lock': ctx => {
    const t = target(ctx)
    t.locked = true
    return { status: 204 }
  },

  'issues/unlock': ctx => {
    const t = target(ctx)
    t.locked = false
    return { status: 204 }
  },

  'issues/create-comment': ctx => {
    const t = target(ctx)
    if (t.locked && !ctx.access.hasPush(ctx.caller))
      throw forbidden('Unable to create comment because issue is locked.')
    const comment = ctx.model.addComment(t, String(ctx.body?.body ?? ''), login(ctx))
    return created(ctx.shapes.comment(comment))
  },

  'issues/list-comments': ctx => {
    const t = target(ctx)
    const since = typeof ctx.query.since === 'string' ? Date.parse(ctx.query.since) : null
    const comments = ctx.model
      .commentsOf(t.number)
      .filter(c => since === null || Date.parse(c.updatedAt) >= since)
    return list(ctx, comments, c => ctx.shapes.comment(c))
  },

  'issues/get-comment': ctx => {
    requireRepo(ctx)
    const c = ctx.model.state.comments.find(x => x.id === Number(ctx.path.comment_id))
    if (!c) throw notFound()
    return ok(ctx.shapes.comment(c))
  },

  'issues/update-comment': ctx => {
    requireRepo(ctx)
    const c = ctx.model.state.comments.find(x => x.id === Number(ctx.path.comment_id))
    if (!c) throw notFound()
    if (c.author !== login(ctx) && !ctx.access.hasPush(ctx.caller)) throw forbidden()
    const text = String(ctx.body?.body ?? '')
    if (!text.trim())
      throw validationFailed([{ resource: 'IssueComment', field: 'body', code: 'missing_field' }])
    c.body = text
    c.updatedAt = ctx.model.nowIso()
    return ok(ctx.shapes.comment(c))
  },

  'issues/add-assignees': ctx => {
    const t = target(ctx)
    if (ctx.access.hasPush(ctx.caller)) ctx.model.addAssignees(t, assigneeLogins(ctx.body ?? {}) ?? [])
    return ok(ctx.shapes.issue(t), 201)
  },

  'issues/list-labels-on-issue': ctx => {
    const t = target(ctx)
    return list(ctx, t.labels.map(n => ctx.model.label(n)!).filter(Boolean), l => ctx.shapes.label(l))
  },

  'issues/add-labels': ctx => {
    const t = target(ctx)
    const raw = Array.isArray(ctx.body) ? ctx.body : ctx.body?.labels
    const names = labelNames(raw)
    if (!names.length) throw validationFailed([{ resource: 'Label', field: 'labels', code: 'missing_field' }])
    if (ctx.access.hasPush(ctx.caller)) ctx.model.addLabels(t, names, login(ctx))
    return ok(ctx.shapes.labelsOf(t))
  },

  'issues/set-labels': ctx => {
    const t = target(ctx)
    const raw = Array.isArray(ctx.body) ? ctx.body : ctx.body?.labels
    if (ctx.access.hasPush(ctx.caller)) ctx.model.setLabels(t, labelNames(raw), login(ctx))
    return ok(ctx.shapes.labelsOf(t))
  },

  'issues/remove-label': ctx => {
    const t = target(ctx)
    ctx.model.removeLabel(t, String(ctx.path.name), login(ctx))
    return ok(ctx.shapes.labelsOf(t))
  },

  'issues/list-labels-for-repo': ctx => {
    requireRepo(ctx)
    return list(ctx, ctx.model.state.labels, l => ctx.shapes.label(l))
  },

  'issues/get-label': ctx => {
    requireRepo(ctx)
    const label = ctx.model.label(String(ctx.path.name))
    if (!label) throw notFound()
    return ok(ctx.shapes.label(label))
  },

  'issues/create-label': ctx => {
    requireRepo(ctx)
    if (!ctx.access.hasPush(ctx.caller)) throw forbidden('Must have push access to repository')
    const b = ctx.body ?? {}
    const label = ctx.model.createLabel(
      String(b.name),
      typeof b.color === 'string' ? b.color : undefined,
      typeof b.description === 'string' ? b.description : null
    )
    return created(ctx.shapes.label(label))
  },

  'issues/update-label': ctx => {
    requireRepo(ctx)
    if (!ctx.access.hasPush(ctx.caller)) throw forbidden('Must have push access to repository')
    const b = ctx.body ?? {}
    const label = ctx.model.updateLabel(String(ctx.path.name), {
      newName: typeof b.new_name === 'string' ? b.new_name : undefined,
      color: typeof b.color === 'string' ? b.color : undefined,
      description: typeof b.description === 'string' || b.description === null ? b.description : undefined
    })
    if (!label) throw notFound()
    return ok(ctx.shapes.label(label))
  },

  'issues/delete-label': ctx => {
    requireRepo(ctx)
    if (!ctx.access.hasPush(ctx.caller)) throw forbidden('Must have push access to repository')
    if (!ctx.model.deleteLabel(String(ctx.path.name))) throw notFound()
    return { status: 204 }
  },

  'issues/list-sub-issues': ctx => {
    const t = target(ctx)
    const subs = t.kind === 'issue' ? t.subIssues.map(n => ctx.model.issue(n)!).filter(Boolean) : []
    return list(ctx, subs, i => ctx.shapes.issue(i))
  },

  'issues/add-sub-issue': ctx => {
    const parent = target(ctx)
    if (parent.kind !== 'issue') throw notFound()
    const child = ctx.model.state.issues.find(i => i.id === Number(ctx.body?.sub_issue_id))
    if (!child) throw unprocessable('The provided sub-issue does not exist')
    ctx.model.addSubIssue(parent, child, ctx.body?.replace_parent === true)
    return ok(ctx.shapes.issue(parent), 201)
  },

  'pulls/list': ctx => {
    requireRepo(ctx)
    const q = ctx.query
    const state = String(q.state ?? 'open')
    const head = typeof q.head === 'string' ? q.head : null
    const pulls = ctx.model.state.pulls.filter(p => {
      if (state !== 'all' && p.state !== state) return false
      if (typeof q.base === 'string' && p.base !== q.base) return false
      if (head !== null) {
        const [owner, branch] = head.includes(':') ? head.split(':', 2) : [ctx.model.state.repo.owner, head]
        if (owner!.toLowerCase() !== ctx.model.state.repo.owner.toLowerCase() || p.head !== branch)
          return false
      }
      return true
    })
    const sort = String(q.sort ?? 'created')
    // GitHub: descending by default when sorting by creation, ascending otherwise.
    const dir = (q.direction ?? (sort === 'created' ? 'desc' : 'asc')) === 'asc' ? 1 : -1
    const key = (p: (typeof pulls)[number]) =>
      sort === 'updated' ? Date.parse(p.updatedAt) : Date.parse(p.createdAt)
    const sorted = [...pulls].sort((a, b) => (key(a) - key(b) || a.number - b.number) * dir)
    return (async () => {
      const { items, headers } = paginate(ctx, sorted)
      const out = []
      for (const p of items) out.push(ctx.shapes.pull(p, await ctx.flows.pullFacts(p, false)))
      return ok(out, 200, headers)
    })()
  },

  'pulls/get': async ctx => {
    requireRepo(ctx)
    const pull = ctx.flows.requirePull(Number(ctx.path.pull_number))
    return ok(ctx.shapes.pull(pull, await ctx.flows.pullFacts(pull, true)))
  },

  'pulls/create': async ctx => {
    requireRepo(ctx)
    const b = ctx.body ?? {}
    if (typeof b.title !== 'string' && b.issue === undefined) {
      throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }])
    }
    if (typeof b.head !== 'string' || typeof b.base !== 'string') {
      throw validationFailed([
        {
          resource: 'PullRequest',
          field: typeof b.head !== 'string' ? 'head' : 'base',
          code: 'missing_field'
        }
      ])
    }
    const pull = await ctx.flows.openPull({
      head: b.head,
      base: b.base,
      title: String(b.title),
      body: typeof b.body === 'string' ? b.body : null,
      draft: b.draft === true,
      author: login(ctx)
    })
    return created(ctx.shapes.pull(pull, await ctx.flows.pullFacts(pull, true)))
  },

  'pulls/update': async ctx => {
    requireRepo(ctx)
    const pull = ctx.flows.requirePull(Number(ctx.path.pull_number))
    const b = ctx.body ?? {}
    ctx.model.editIssue(
      pull,
      {
        title: typeof b.title === 'string' ? b.title : undefined,
        body: typeof b.body === 'string' ? b.body : undefined
      },
      login(ctx)
    )
    if (typeof b.base === 'string') {
      if (!(await ctx.flows.branchSha(b.base)))
        throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
      pull.base = b.base
    }
    if (b.state === 'closed') ctx.model.closeIssue(pull, null, login(ctx), null)
    if (b.state === 'open') ctx.model.reopenIssue(pull, login(ctx))
    return ok(ctx.shapes.pull(pull, await ctx.flows.pullFacts(pull, true)))
  },

  'pulls/merge': async ctx => {
    requireRepo(ctx)
    const pull = ctx.flows.requirePull(Number(ctx.path.pull_number))
    const b = ctx.body ?? {}
    const sha = await ctx.flows.mergePull(pull, {
      method: (b.merge_method as 'merge' | 'squash' | 'rebase' | undefined) ?? 'merge',
      sha: typeof b.sha === 'string' ? b.sha : undefined,
      title: typeof b.commit_title === 'string' ? b.commit_title : undefined,
      message: typeof b.commit_message === 'string' ? b.commit_message : undefined,
      by: login(ctx)
    })
    return ok({ sha, merged: true, message: 'Pull Request successfully merged' })
  },

  'pulls/list-files': async ctx => {
    requireRepo(ctx)
    const pull = ctx.flows.requirePull(Number(ctx.path.pull_number))
    const facts = await ctx.flows.pullFacts(pull, false)
    const mergeBase = (await ctx.flows.git.mergeBase(facts.baseSha, facts.headSha)) ?? facts.baseSha
    const files = (await ctx.flows.git.diff(mergeBase, facts.headSha)).slice(0, 3000)
    const { items, headers } = paginate(ctx, files)
    const out = []
    for (const f of items) {
      const paths = f.previousFilename ? [f.previousFilename, f.filename] : [f.filename]
      out.push(
        ctx.shapes.diffEntry(f, facts.headSha, await ctx.flows.git.patch(mergeBase, facts.headSha, paths))
      )
    }
    return ok(out, 200, headers)
  },

  'pulls/create-review': async ctx => {
    requireRepo(ctx)
    const pull = ctx.flows.requirePull(Number(ctx.path.pull_number))
    const b = ctx.body ?? {}
    const review = await new PullReviews(ctx.flows).create(pull, {
      commitId: typeof b.commit_id === 'string' ? b.commit_id : undefined,
      body: typeof b.body === 'string' ? b.body : undefined,
      event: b.event as ReviewInput['event'],
      comments: (Array.isArray(b.comments) ? b.comments : []) as ReviewCommentInput[],
      author: login(ctx)
    })
    return ok(ctx.shapes.review(review))
  },

  'pulls/list-review-comments': ctx => {
    requireRepo(ctx)
    const pull = ctx.flows.requirePull(Number(ctx.path.pull_number))
    const comments = new PullReviews(ctx.flows).comments(pull, login(ctx))
    return list(ctx, comments, c => ctx.shapes.reviewComment(c))
  },

  'pulls/delete-review-comment': ctx => {
    requireRepo(ctx)
    new PullReviews(ctx.flows).delete(Number(ctx.path.comment_id), login(ctx), ctx.access.hasPush(ctx.caller))
    return { status: 204 }
  },

  'git/create-blob': async ctx => {
    requireRepo(ctx)
    const b = ctx.body ?? {}
    const encoding = String(b.encoding ?? 'utf-8')
    if (encoding !== 'utf-8' && encoding !== 'base64')
      throw unprocessable(`encoding must be utf-8 or base64, not ${encoding}`)
    const sha = await ctx.flows.git.writeBlob(
      Buffer.from(String(b.content), encoding === 'base64' ? 'base64' : 'utf8')
    )
    return created({
      url: `${ctx.shapes.api}/repos/${ctx.model.state.repo.owner}/${ctx.model.state.repo.name}/git/blobs/${sha}`,
      sha
    })
  },

  'git/get-commit': async ctx => {
    requireRepo(ctx)
    const sha = String(ctx.path.commit_sha)
    if ((await ctx.flows.git.objectType(sha)) !== 'commit') throw notFound()
    return ok(ctx.shapes.gitCommit((await ctx.flows.git.commit(sha))!))
  },

  'git/create-tree': async ctx => {
    requireRepo(ctx)
    const b = ctx.body ?? {}
    const git = ctx.flows.git
    const base = typeof b.base_tree === 'string' ? b.base_tree : null
    if (base !== null && (await git.objectType(base)) !== 'tree')
      throw unprocessable('base_tree is not a valid tree oid')
    const entries: Array<{ path: string; mode: string; sha: string | null }> = []
    for (const raw of (b.tree ?? []) as Array<Record<string, unknown>>) {
      const path = String(raw.path ?? '')
      const mode = String(raw.mode ?? '')
      if (raw.type !== 'blob') throw unprocessable('github-sim implements tree entries of type blob only')
      if (typeof raw.content === 'string' && raw.sha !== undefined)
        throw unprocessable('Must supply either tree.sha or tree.content, not both')
      let sha: string | null
      if (typeof raw.content === 'string') sha = await git.writeBlob(Buffer.from(raw.content, 'utf8'))
      else if (raw.sha === null) sha = null
      else if (typeof raw.sha === 'string' && (await git.objectType(raw.sha)) === 'blob') sha = raw.sha
      else throw unprocessable(`tree.sha ${String(raw.sha)} is not a valid blob`)
      entries.push({ path, mode, sha })
    }
    const tree = await git.makeTree(base, entries)
    return created(ctx.shapes.gitTree(tree, await git.treeEntries(tree, false)))
  },

  'git/create-commit': async ctx => {
    requireRepo(ctx)
    const b = ctx.body ?? {}
    const git = ctx.flows.git
    const tree = String(b.tree)
    if ((await git.objectType(tree)) !== 'tree') throw unprocessable('Tree SHA does not exist')
    const parents = (Array.isArray(b.parents) ? b.parents : []).map(String)
    for (const p of parents)
      if ((await git.objectType(p)) !== 'commit')
        throw unprocessable('Parent SHA does not exist or is not a commit object')
    const me = ctx.flows.identity(login(ctx))
    const person = (raw: unknown) => {
      const r = raw as { name?: string; email?: string; date?: string } | undefined
      return r
        ? { name: String(r.name), email: String(r.email), time: r.date ? Date.parse(r.date) : me.time }
        : undefined
    }
    const author = person(b.author) ?? me
    const sha = await git.commitTree(tree, parents, String(b.message), author, person(b.committer) ?? author)
    return created(ctx.shapes.gitCommit((await git.commit(sha))!))
  },

  'git/update-ref': async ctx => {
    requireRepo(ctx)
    const ref = `refs/${String(ctx.path.ref)}`
    const git = ctx.flows.git
    const found = (await git.refs(ref)).find(r => r.ref === ref)
    if (!found) throw unprocessable('Reference does not exist')
    const sha = String(ctx.body?.sha ?? '')
    if ((await git.objectType(sha)) !== 'commit') throw unprocessable('Object does not exist')
    if (ctx.body?.force !== true && !(await git.isAncestor(found.sha, sha)))
      throw unprocessable('Update is not a fast forward')
    await git.setRef(ref, sha, found.sha)
    return ok(ctx.shapes.ref(ref, sha, 'commit'))
  },

  // octokit's compareCommits ({base}...{head}) and compareCommitsWithBasehead send the same URL; the
  // description routes it to the basehead operation.
  'repos/compare-commits-with-basehead': compare,

  'repos/get-content': async ctx => {
    requireRepo(ctx)
    const ref = typeof ctx.query.ref === 'string' ? ctx.query.ref : ctx.model.state.repo.defaultBranch
    const path = String(ctx.path.path ?? '')
    const git = ctx.flows.git
    if (!(await git.resolve(ref))) throw notFound(`No commit found for the ref ${ref}`)
    const entry = await git.entry(ref, path)
    if (!entry) throw notFound()
    if (entry.type === 'tree') {
      const entries = await git.list(ref, path)
      return ok(entries.map(e => ctx.shapes.contentEntry(e, ref)))
    }
    if (entry.type !== 'blob') return ok(ctx.shapes.contentEntry(entry, ref))
    const content = await git.blob(entry.sha)
    if (content.length > 100 * 1024 * 1024)
      throw new SimError(403, 'This API returns blobs up to 100 MB in size.', 'FORBIDDEN')
    // The raw media type answers with the file itself (api.github.com, @octokit/fixtures get-content:
    // `accept: application/vnd.github.v3.raw` -> `content-type: application/vnd.github.v3.raw; charset=utf-8`).
    const raw = /application\/vnd\.github(?:\.v3)?\.raw(?:\+json)?/.exec(ctx.accept)?.[0]
    if (raw) {
      return {
        status: 200,
        raw: content,
        headers: {
          'content-type': `${raw}; charset=utf-8`,
          'x-github-media-type': 'github.v3; param=raw'
        }
      }
    }
    return ok(ctx.shapes.contentFile(entry, ref, content))
  },

  'repos/list-branches': async ctx => {
    requireRepo(ctx)
    const branches = await ctx.flows.git.branches()
    const only = ctx.query.protected
    return list(ctx, only === true ? [] : branches, b => ctx.shapes.branch(b.name, b.sha))
  },

  'git/get-ref': async ctx => {
    requireRepo(ctx)
    const ref = `refs/${String(ctx.path.ref)}`
    const found = (await ctx.flows.git.refs(ref)).find(r => r.ref === ref)
    if (!found) throw notFound()
    return ok(ctx.shapes.ref(found.ref, found.sha, found.type))
  },

  'git/create-ref': async ctx => {
    requireRepo(ctx)
    const ref = String(ctx.body?.ref ?? '')
    const sha = String(ctx.body?.sha ?? '')
    if (!/^refs\/[^/]+\/.+/.test(ref)) throw unprocessable(`${ref} is not a valid ref name.`)
    if (!/^[0-9a-f]{40}$/.test(sha) || !(await ctx.flows.git.resolve(sha)))
      throw unprocessable('Object does not exist')
    if ((await ctx.flows.git.refs(ref)).some(r => r.ref === ref))
      throw unprocessable('Reference already exists')
    if (ref.startsWith('refs/heads/') && !(await ctx.flows.git.isValidBranchName(ref.slice(11)))) {
      throw unprocessable(`${ref} is not a valid ref name.`)
    }
    await ctx.flows.git.createRef(ref, sha)
    return created(ctx.shapes.ref(ref, sha, 'commit'))
  },

  'git/delete-ref': async ctx => {
    requireRepo(ctx)
    const ref = `refs/${String(ctx.path.ref)}`
    if (!(await ctx.flows.git.refs(ref)).some(r => r.ref === ref))
      throw unprocessable('Reference does not exist')
    await ctx.flows.git.deleteRef(ref)
    return { status: 204 }
  }
}

async function compare(ctx: RestContext): Promise<RestResult> {
  requireRepo(ctx)
  const parts = String(ctx.path.basehead).split('...')
  if (parts.length !== 2) throw notFound()
  const [base, head] = parts as [string, string]
  const git = ctx.flows.git
  const baseSha = await git.resolve(base)
  const headSha = await git.resolve(head)
  if (!baseSha || !headSha) throw notFound()
  const mergeBase = await git.mergeBase(baseSha, headSha)
  if (!mergeBase) throw notFound(`No common ancestor between ${base} and ${head}.`)
  const { ahead, behind } = await git.aheadBehind(baseSha, headSha)
  const commits = await git.commitsBetween(mergeBase, headSha)
  const perPage = Math.min(100, Number(ctx.query.per_page ?? 250) || 250)
  const page = Math.max(1, Number(ctx.query.page ?? 1) || 1)
  const paged = ctx.query.per_page !== undefined || ctx.query.page !== undefined
  const shown = paged ? commits.slice((page - 1) * perPage, page * perPage) : commits.slice(-250)
  const files = page === 1 ? (await git.diff(mergeBase, headSha)).slice(0, 300) : []
  const repo = ctx.model.state.repo
  const api = `${ctx.shapes.api}/repos/${repo.owner}/${repo.name}`
  const web = `https://github.com/${repo.owner}/${repo.name}`
  const baseCommit = (await git.commit(baseSha))!
  const mbCommit = (await git.commit(mergeBase))!
  return ok({
    url: `${api}/compare/${base}...${head}`,
    html_url: `${web}/compare/${base}...${head}`,
    permalink_url: `${web}/compare/${repo.owner}:${baseSha.slice(0, 7)}...${repo.owner}:${headSha.slice(0, 7)}`,
    diff_url: `${web}/compare/${base}...${head}.diff`,
    patch_url: `${web}/compare/${base}...${head}.patch`,
    base_commit: ctx.shapes.commit(baseCommit),
    merge_base_commit: ctx.shapes.commit(mbCommit),
    status:
      ahead === 0 && behind === 0
        ? 'identical'
        : behind === 0
          ? 'ahead'
          : ahead === 0
            ? 'behind'
            : 'diverged',
    ahead_by: ahead,
    behind_by: behind,
    total_commits: ahead,
    commits: shown.map(c => ctx.shapes.commit(c)),
    files: files.map(f => ctx.shapes.diffEntry(f, headSha))
  })
}

/** Operation ids the simulator answers. */
export const implementedOperations = (): string[] => Object.keys(handlers).sort()

export function restHandler(operationId: string): Handler | undefined {
  return handlers[operationId]
}
