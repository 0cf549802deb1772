// The simulated GitHub's flows that span state and git: pushing commits, opening and merging pull requests
// (which closes the issues they reference), branches and linked branches. REST, GraphQL and the test
// helpers all go through here, so each flow has one behaviour. Never speaks HTTP.
import { closingReferences } from './closing.js'
import { notFound, SimError, unprocessable, validationFailed } from './errors.js'
import type { GitIdentity, GitRepo, MergeMethod } from './git.js'
import type { Model, SimIssue, SimPull } from './model.js'
import type { PullGitFacts } from './shapes.js'

export interface PullInput {
  head: string
  base?: string
  title: string
  body?: string | null
  author: string
  draft?: boolean
}

export interface MergeInput {
  method?: MergeMethod
  /** Head SHA the merge must match (REST `sha`). */
  sha?: string
  title?: string
  message?: string
  by: string
}

export class GitHubFlows {
  constructor(
    readonly model: Model,
    readonly git: GitRepo
  ) {}

  identity(login: string): GitIdentity {
    const user = this.model.ensureUser(login)
    return {
      name: user.name ?? user.login,
      email: `${user.id}+${user.login}@users.noreply.github.com`,
      time: this.model.now()
    }
  }

  async branchSha(name: string): Promise<string | null> {
    if (!(await this.git.isValidBranchName(name))) return null
    return this.git.resolve(`refs/heads/${name}`)
  }

  async createBranch(name: string, from?: string): Promise<string> {
    if (!(await this.git.isValidBranchName(name))) throw unprocessable(`${name} is not a valid branch name`)
    const start = from ?? this.model.state.repo.defaultBranch
    const sha = (await this.branchSha(start)) ?? (await this.git.resolve(start))
    if (!sha) throw unprocessable(`Object does not exist: ${start}`)
    if (await this.branchSha(name)) throw unprocessable('Reference already exists')
    await this.git.createBranch(name, sha)
    return sha
  }

  async deleteBranch(name: string): Promise<void> {
    if (!(await this.branchSha(name))) throw unprocessable('Reference does not exist')
    await this.git.deleteRef(`refs/heads/${name}`)
  }

  /**
   * Pushes one commit with `files` onto an existing branch (or the first commit of an empty repository). A
   * push to the default branch closes the issues its message references with a closing keyword.
   */
  async push(
    branch: string,
    files: Record<string, string | null>,
    message: string,
    author: string
  ): Promise<string> {
    if (!(await this.branchSha(branch)))
      throw unprocessable(`Branch ${branch} does not exist; create it first`)
    const sha = await this.git.commitFiles(branch, files, message, this.identity(author))
    if (branch === this.model.state.repo.defaultBranch) {
      const repo = this.model.state.repo
      for (const n of closingReferences(message, repo.owner, repo.name)) {
        const issue = this.model.issue(n)
        if (issue && issue.state === 'open')
          this.model.closeIssue(issue, 'completed', author, { kind: 'commit', sha })
      }
    }
    return sha
  }

  async openPull(input: PullInput): Promise<SimPull> {
    const base = input.base ?? this.model.state.repo.defaultBranch
    const head = input.head.includes(':') ? input.head.slice(input.head.indexOf(':') + 1) : input.head
    const headSha = await this.branchSha(head)
    const baseSha = await this.branchSha(base)
    const errors = [
      ...(headSha ? [] : [{ resource: 'PullRequest', field: 'head', code: 'invalid' as const }]),
      ...(baseSha ? [] : [{ resource: 'PullRequest', field: 'base', code: 'invalid' as const }])
    ]
    if (errors.length) throw validationFailed(errors)
    if ((await this.git.aheadBehind(baseSha!, headSha!)).ahead === 0) {
      throw validationFailed([
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }
      ])
    }
    return this.model.createPull({
      title: input.title,
      body: input.body ?? null,
      author: input.author,
      head,
      headSha: headSha!,
      base,
      draft: input.draft
    })
  }

  /** Head and base commits of a pull request (the head as last seen when its branch is gone). */
  async pullFacts(pull: SimPull, full: boolean): Promise<PullGitFacts> {
    const head = await this.branchSha(pull.head)
    if (head && !pull.merged) pull.headSha = head
    const baseSha = (await this.branchSha(pull.base)) ?? pull.headSha
    if (!full) return { headSha: pull.headSha, baseSha }
    const mergeBase = (await this.git.mergeBase(baseSha, pull.headSha)) ?? baseSha
    const diff = await this.git.diff(mergeBase, pull.headSha)
    const commits = (await this.git.commitsBetween(mergeBase, pull.headSha)).length
    const mergeable = pull.state === 'open' ? await this.git.canMerge(baseSha, pull.headSha) : null
    return {
      headSha: pull.headSha,
      baseSha,
      stats: {
        commits,
        additions: diff.reduce((s, e) => s + e.additions, 0),
        deletions: diff.reduce((s, e) => s + e.deletions, 0),
        changedFiles: diff.length,
        mergeable
      }
    }
  }

  async mergePull(pull: SimPull, input: MergeInput): Promise<string> {
    if (pull.merged) throw new SimError(405, 'Pull Request is not mergeable', 'UNPROCESSABLE')
    if (pull.state !== 'open') throw new SimError(405, 'Pull Request is not mergeable', 'UNPROCESSABLE')
    const head = await this.branchSha(pull.head)
    if (!head) throw new SimError(405, 'Head branch was deleted', 'UNPROCESSABLE')
    if (input.sha && input.sha !== head) {
      throw new SimError(409, 'Head branch was modified. Review and try the merge again.', 'UNPROCESSABLE')
    }
    const method = input.method ?? 'merge'
    const title =
      input.title ??
      (method === 'squash'
        ? `${pull.title} (#${pull.number})`
        : `Merge pull request #${pull.number} from ${this.model.state.repo.owner}/${pull.head}`)
    const message = [title, input.message ?? (method === 'merge' ? pull.title : '')]
      .filter(Boolean)
      .join('\n\n')
    const sha = await this.git.merge(pull.base, head, method, message, this.identity(input.by))
    if (!sha) throw new SimError(405, 'Pull Request is not mergeable', 'UNPROCESSABLE')
    const now = this.model.nowIso()
    pull.headSha = head
    pull.merged = true
    pull.mergedAt = now
    pull.mergedBy = this.model.ensureUser(input.by).login
    pull.mergeCommitSha = sha
    this.model.closeIssue(pull, null, input.by, null)
    this.model.runWorkflow('pullRequestMerged', pull)
    for (const issue of this.model.closingIssues(pull)) {
      if (issue.state === 'open')
        this.model.closeIssue(issue, 'completed', input.by, { kind: 'pull', number: pull.number })
    }
    return sha
  }

  /**
   * What "Create a branch" on an issue does: creates the branch (default name `N-title-slug`) from
   * `from` (default: the default branch) unless it exists, and links it to the issue.
   */
  async linkBranch(issue: SimIssue, name?: string, from?: string): Promise<string> {
    const branch = name ?? `${issue.number}-${slug(issue.title)}`
    if (!(await this.branchSha(branch))) await this.createBranch(branch, from)
    this.model.linkBranch(issue, branch)
    return branch
  }

  /** Branches linked to an issue that still exist. */
  async liveLinkedBranches(issue: SimIssue): Promise<SimIssue['linkedBranches']> {
    const names = new Set((await this.git.branches()).map(b => b.name))
    return issue.linkedBranches.filter(l => names.has(l.branch))
  }

  requireIssue(number: number): SimIssue {
    const issue = this.model.issue(number)
    if (!issue) throw notFound()
    return issue
  }

  requirePull(number: number): SimPull {
    const pull = this.model.pull(number)
    if (!pull) throw notFound()
    return pull
  }
}

/** GitHub's branch name from an issue title: lowercase words joined by dashes. */
export function slug(title: string): string {
  return (
    title
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'branch'
  )
}
