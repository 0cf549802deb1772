// REST JSON as GitHub writes it: users, the repository, issues, labels, comments, pull requests, commits,
// diff entries, contents and refs, with the URLs and fields the OpenAPI description requires. Formats only.
import { isoSeconds } from './clock.js'
import type { GitCommit, GitDiffEntry, GitTreeEntry } from './git.js'
import type {
  Model,
  SimComment,
  SimIssueLike,
  SimLabel,
  SimPull,
  SimReview,
  SimReviewComment,
  SimUser
} from './model.js'

export const WEB = 'https://github.com'

export interface PullGitFacts {
  headSha: string
  baseSha: string
  /** Present for the full pull request view (pulls/get). */
  stats?: {
    commits: number
    additions: number
    deletions: number
    changedFiles: number
    mergeable: boolean | null
  }
}

export class Shapes {
  constructor(
    private readonly model: Model,
    readonly api: string
  ) {}

  private get repoPath(): string {
    const r = this.model.state.repo
    return `${r.owner}/${r.name}`
  }

  private get repoApi(): string {
    return `${this.api}/repos/${this.repoPath}`
  }

  user(user: SimUser): Record<string, unknown> {
    const u = `${this.api}/users/${encodeURIComponent(user.login)}`
    const html =
      user.type === 'Bot'
        ? `${WEB}/apps/${user.login.replace(/\[bot\]$/, '')}`
        : `${WEB}/${encodeURIComponent(user.login)}`
    return {
      login: user.login,
      id: user.id,
      node_id: user.nodeId,
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url: u,
      html_url: html,
      followers_url: `${u}/followers`,
      following_url: `${u}/following{/other_user}`,
      gists_url: `${u}/gists{/gist_id}`,
      starred_url: `${u}/starred{/owner}{/repo}`,
      subscriptions_url: `${u}/subscriptions`,
      organizations_url: `${u}/orgs`,
      repos_url: `${u}/repos`,
      events_url: `${u}/events{/privacy}`,
      received_events_url: `${u}/received_events`,
      type: user.type,
      user_view_type: 'public',
      site_admin: false
    }
  }

  userByLogin(login: string): Record<string, unknown> {
    return this.user(this.model.ensureUser(login))
  }

  /** The authenticated user's own view (users/get-authenticated). */
  privateUser(user: SimUser): Record<string, unknown> {
    return {
      ...this.user(user),
      user_view_type: 'private',
      name: user.name,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 1,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: user.createdAt,
      updated_at: user.createdAt,
      private_gists: 0,
      total_private_repos: 0,
      owned_private_repos: 0,
      disk_usage: 0,
      collaborators: 0,
      two_factor_authentication: true
    }
  }

  private ownerUser(): SimUser {
    const r = this.model.state.repo
    return this.model.user(r.owner) ?? this.model.ensureUser(r.owner)
  }

  /** `repository` (embedded in pulls) or, with `full`, `full-repository` (repos/get). */
  repository(full = false): Record<string, unknown> {
    const r = this.model.state.repo
    const api = this.repoApi
    const openIssues =
      this.model.state.issues.filter(i => i.state === 'open').length +
      this.model.state.pulls.filter(p => p.state === 'open').length
    const base = {
      id: r.id,
      node_id: r.nodeId,
      name: r.name,
      full_name: this.repoPath,
      private: r.private,
      owner: this.user(this.ownerUser()),
      html_url: `${WEB}/${this.repoPath}`,
      description: null,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `git://github.com/${this.repoPath}.git`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@github.com:${this.repoPath}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: `${WEB}/${this.repoPath}.git`,
      mirror_url: null,
      hooks_url: `${api}/hooks`,
      svn_url: `${WEB}/${this.repoPath}`,
      homepage: null,
      language: 'HTML',
      forks_count: 0,
      forks: 0,
      stargazers_count: 0,
      watchers_count: 0,
      watchers: 0,
      size: 1,
      default_branch: r.defaultBranch,
      open_issues_count: openIssues,
      open_issues: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: false,
      has_pages: true,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: r.private ? 'private' : 'public',
      pushed_at: this.model.nowIso(),
      created_at: r.createdAt,
      updated_at: this.model.nowIso(),
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null
    }
    if (!full) return base
    return {
      ...base,
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      // Recorded on api.github.com (@octokit/fixtures get-repository): full-repository carries these too, and
      // `organization` when an organization owns the repository.
      allow_update_branch: false,
      use_squash_pr_title_as_default: false,
      temp_clone_token: '',
      ...(r.ownerType === 'Organization' ? { organization: this.user(this.ownerUser()) } : {}),
      network_count: 0,
      subscribers_count: 1,
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true }
    }
  }

  label(label: SimLabel): Record<string, unknown> {
    return {
      id: label.id,
      node_id: label.nodeId,
      url: `${this.repoApi}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: label.default,
      description: label.description
    }
  }

  labelsOf(target: SimIssueLike): Record<string, unknown>[] {
    return target.labels.map(name => this.model.label(name)).flatMap(l => (l ? [this.label(l)] : []))
  }

  association(login: string): string {
    const r = this.model.state.repo
    if (login.toLowerCase() === r.owner.toLowerCase()) return 'OWNER'
    if (r.ownerType === 'Organization' && this.model.isMember(r.owner, login)) return 'MEMBER'
    if (this.model.isCollaborator(login)) return 'COLLABORATOR'
    return 'NONE'
  }

  private reactions(url: string): Record<string, unknown> {
    return {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0
    }
  }

  /** `issue` (issues and, with `pull_request`, pull requests seen through the issues API). */
  issue(target: SimIssueLike, withClosedBy = false): Record<string, unknown> {
    const url = `${this.repoApi}/issues/${target.number}`
    const web = `${WEB}/${this.repoPath}/${target.kind === 'pull' ? 'pull' : 'issues'}/${target.number}`
    const subs =
      target.kind === 'issue'
        ? target.subIssues.map(n => this.model.issue(n)).filter(i => i !== undefined)
        : []
    const completed = subs.filter(i => i.state === 'closed').length
    const out: Record<string, unknown> = {
      id: target.id,
      node_id: target.nodeId,
      url,
      repository_url: this.repoApi,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: web,
      number: target.number,
      state: target.state,
      state_reason: target.stateReason,
      title: target.title,
      body: target.body,
      user: this.userByLogin(target.author),
      labels: this.labelsOf(target),
      assignee: target.assignees[0] ? this.userByLogin(target.assignees[0]) : null,
      assignees: target.assignees.map(a => this.userByLogin(a)),
      milestone: null,
      locked: target.locked,
      active_lock_reason: null,
      comments: this.model.commentsOf(target.number).length,
      closed_at: target.closedAt,
      created_at: target.createdAt,
      updated_at: target.updatedAt,
      author_association: this.association(target.author),
      type: null,
      reactions: this.reactions(url),
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      sub_issues_summary: {
        total: subs.length,
        completed,
        percent_completed: subs.length ? Math.floor((completed * 100) / subs.length) : 0
      }
    }
    if (target.kind === 'issue' && target.parent !== null)
      out.parent_issue_url = `${this.repoApi}/issues/${target.parent}`
    if (target.kind === 'pull') {
      out.draft = target.draft
      out.pull_request = {
        url: `${this.repoApi}/pulls/${target.number}`,
        html_url: web,
        diff_url: `${web}.diff`,
        patch_url: `${web}.patch`,
        merged_at: target.mergedAt
      }
    }
    if (withClosedBy) out.closed_by = target.closedBy ? this.userByLogin(target.closedBy) : null
    return out
  }

  comment(comment: SimComment): Record<string, unknown> {
    const url = `${this.repoApi}/issues/comments/${comment.id}`
    const target = this.model.issueLike(comment.issueNumber)
    const kind = target?.kind === 'pull' ? 'pull' : 'issues'
    return {
      id: comment.id,
      node_id: comment.nodeId,
      url,
      html_url: `${WEB}/${this.repoPath}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.userByLogin(comment.author),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.repoApi}/issues/${comment.issueNumber}`,
      author_association: this.association(comment.author),
      performed_via_github_app: null,
      reactions: this.reactions(url)
    }
  }

  private branchEnd(branch: string, sha: string): Record<string, unknown> {
    return {
      label: `${this.model.state.repo.owner}:${branch}`,
      ref: branch,
      sha,
      user: this.user(this.ownerUser()),
      repo: this.repository()
    }
  }

  /** `pull-request-simple` (pulls/list) or, when `facts.stats` is given, `pull-request` (pulls/get). */
  pull(pull: SimPull, facts: PullGitFacts): Record<string, unknown> {
    const url = `${this.repoApi}/pulls/${pull.number}`
    const web = `${WEB}/${this.repoPath}/pull/${pull.number}`
    const issueUrl = `${this.repoApi}/issues/${pull.number}`
    const out: Record<string, unknown> = {
      url,
      id: pull.id,
      node_id: pull.nodeId,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      issue_url: issueUrl,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${this.repoApi}/pulls/comments{/number}`,
      comments_url: `${issueUrl}/comments`,
      statuses_url: `${this.repoApi}/statuses/${facts.headSha}`,
      number: pull.number,
      state: pull.state,
      locked: pull.locked,
      title: pull.title,
      user: this.userByLogin(pull.author),
      body: pull.body,
      labels: this.labelsOf(pull),
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: pull.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: pull.assignees[0] ? this.userByLogin(pull.assignees[0]) : null,
      assignees: pull.assignees.map(a => this.userByLogin(a)),
      requested_reviewers: [],
      requested_teams: [],
      head: this.branchEnd(pull.head, facts.headSha),
      base: this.branchEnd(pull.base, facts.baseSha),
      _links: {
        self: { href: url },
        html: { href: web },
        issue: { href: issueUrl },
        comments: { href: `${issueUrl}/comments` },
        review_comments: { href: `${url}/comments` },
        review_comment: { href: `${this.repoApi}/pulls/comments{/number}` },
        commits: { href: `${url}/commits` },
        statuses: { href: `${this.repoApi}/statuses/${facts.headSha}` }
      },
      author_association: this.association(pull.author),
      auto_merge: null,
      draft: pull.draft
    }
    if (facts.stats) {
      const s = facts.stats
      Object.assign(out, {
        merged: pull.merged,
        mergeable: pull.state === 'open' ? s.mergeable : null,
        rebaseable: pull.state === 'open' ? s.mergeable : null,
        mergeable_state: pull.state !== 'open' ? 'unknown' : s.mergeable === false ? 'dirty' : 'clean',
        merged_by: pull.mergedBy ? this.userByLogin(pull.mergedBy) : null,
        comments: this.model.commentsOf(pull.number).length,
        review_comments: this.model.state.reviewComments.filter(c => c.pullNumber === pull.number).length,
        maintainer_can_modify: false,
        commits: s.commits,
        additions: s.additions,
        deletions: s.deletions,
        changed_files: s.changedFiles
      })
    }
    return out
  }

  commit(c: GitCommit): Record<string, unknown> {
    const git = (who: GitCommit['author']) => ({
      name: who.name,
      email: who.email,
      date: isoSeconds(who.time)
    })
    return {
      url: `${this.repoApi}/commits/${c.sha}`,
      sha: c.sha,
      node_id: `C_kwDO${Buffer.from(c.sha).toString('base64url').slice(0, 24)}`,
      html_url: `${WEB}/${this.repoPath}/commit/${c.sha}`,
      comments_url: `${this.repoApi}/commits/${c.sha}/comments`,
      commit: {
        url: `${this.repoApi}/git/commits/${c.sha}`,
        author: git(c.author),
        committer: git(c.committer),
        message: c.message,
        comment_count: 0,
        tree: { sha: c.tree, url: `${this.repoApi}/git/trees/${c.tree}` },
        verification: {
          verified: false,
          reason: 'unsigned',
          signature: null,
          payload: null,
          verified_at: null
        }
      },
      author: null,
      committer: null,
      parents: c.parents.map(p => ({
        sha: p,
        url: `${this.repoApi}/commits/${p}`,
        html_url: `${WEB}/${this.repoPath}/commit/${p}`
      }))
    }
  }

  /** `pull-request-review`. */
  review(r: SimReview): Record<string, unknown> {
    const pull = `${this.repoApi}/pulls/${r.pullNumber}`
    const html = `${WEB}/${this.repoPath}/pull/${r.pullNumber}#pullrequestreview-${r.id}`
    return {
      id: r.id,
      node_id: r.nodeId,
      user: this.userByLogin(r.author),
      body: r.body,
      state: r.state,
      html_url: html,
      pull_request_url: pull,
      _links: { html: { href: html }, pull_request: { href: pull } },
      ...(r.submittedAt ? { submitted_at: r.submittedAt } : {}),
      commit_id: r.commitId,
      author_association: this.association(r.author)
    }
  }

  /** `pull-request-review-comment`. */
  reviewComment(c: SimReviewComment): Record<string, unknown> {
    const url = `${this.repoApi}/pulls/comments/${c.id}`
    const pull = `${this.repoApi}/pulls/${c.pullNumber}`
    const html = `${WEB}/${this.repoPath}/pull/${c.pullNumber}#discussion_r${c.id}`
    return {
      url,
      pull_request_review_id: c.reviewId,
      id: c.id,
      node_id: c.nodeId,
      diff_hunk: c.diffHunk,
      path: c.path,
      commit_id: c.commitId,
      original_commit_id: c.commitId,
      ...(c.inReplyTo !== null ? { in_reply_to_id: c.inReplyTo } : {}),
      user: this.userByLogin(c.author),
      body: c.body,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      html_url: html,
      pull_request_url: pull,
      author_association: this.association(c.author),
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: pull } },
      start_line: c.startLine,
      original_start_line: c.startLine,
      start_side: c.startSide,
      line: c.line,
      original_line: c.line,
      side: c.side,
      subject_type: 'line',
      reactions: this.reactions(url)
    }
  }

  /** `git-commit` (the git data API's view of a commit). */
  gitCommit(c: GitCommit): Record<string, unknown> {
    const who = (w: GitCommit['author']) => ({ name: w.name, email: w.email, date: isoSeconds(w.time) })
    return {
      sha: c.sha,
      node_id: `C_kwDO${Buffer.from(c.sha).toString('base64url').slice(0, 24)}`,
      url: `${this.repoApi}/git/commits/${c.sha}`,
      html_url: `${WEB}/${this.repoPath}/commit/${c.sha}`,
      author: who(c.author),
      committer: who(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${this.repoApi}/git/trees/${c.tree}` },
      parents: c.parents.map(p => ({
        sha: p,
        url: `${this.repoApi}/git/commits/${p}`,
        html_url: `${WEB}/${this.repoPath}/commit/${p}`
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    }
  }

  /** `git-tree`. */
  gitTree(sha: string, entries: GitTreeEntry[]): Record<string, unknown> {
    return {
      sha,
      url: `${this.repoApi}/git/trees/${sha}`,
      truncated: false,
      tree: entries.map(e => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.type === 'blob' ? { size: e.size } : {}),
        url: `${this.repoApi}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`
      }))
    }
  }

  diffEntry(e: GitDiffEntry, headSha: string, patch?: string): Record<string, unknown> {
    const path = e.filename.split('/').map(encodeURIComponent).join('/')
    return {
      sha: e.sha,
      filename: e.filename,
      status: e.status,
      additions: e.additions,
      deletions: e.deletions,
      changes: e.additions + e.deletions,
      blob_url: `${WEB}/${this.repoPath}/blob/${headSha}/${path}`,
      raw_url: `${WEB}/${this.repoPath}/raw/${headSha}/${path}`,
      contents_url: `${this.repoApi}/contents/${path}?ref=${headSha}`,
      ...(patch !== undefined ? { patch } : {}),
      ...(e.previousFilename !== undefined ? { previous_filename: e.previousFilename } : {})
    }
  }

  private contentLinks(entry: GitTreeEntry, ref: string) {
    const path = entry.path.split('/').map(encodeURIComponent).join('/')
    const self = `${this.repoApi}/contents/${path}?ref=${encodeURIComponent(ref)}`
    const git = `${this.repoApi}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`
    const html = `${WEB}/${this.repoPath}/${entry.type === 'tree' ? 'tree' : 'blob'}/${ref}/${path}`
    return { self, git, html, path }
  }

  contentFile(entry: GitTreeEntry, ref: string, content: Buffer): Record<string, unknown> {
    const l = this.contentLinks(entry, ref)
    return {
      type: 'file',
      encoding: 'base64',
      size: content.length,
      name: entry.name,
      path: entry.path,
      content: (content.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + (content.length ? '\n' : ''),
      sha: entry.sha,
      url: l.self,
      git_url: l.git,
      html_url: l.html,
      download_url: `https://raw.githubusercontent.com/${this.repoPath}/${ref}/${l.path}`,
      _links: { self: l.self, git: l.git, html: l.html }
    }
  }

  contentEntry(entry: GitTreeEntry, ref: string): Record<string, unknown> {
    const l = this.contentLinks(entry, ref)
    const type =
      entry.type === 'tree'
        ? 'dir'
        : entry.type === 'commit'
          ? 'submodule'
          : entry.mode === '120000'
            ? 'symlink'
            : 'file'
    return {
      type,
      size: entry.size,
      name: entry.name,
      path: entry.path,
      sha: entry.sha,
      url: l.self,
      git_url: l.git,
      html_url: l.html,
      download_url:
        type === 'file' ? `https://raw.githubusercontent.com/${this.repoPath}/${ref}/${l.path}` : null,
      _links: { self: l.self, git: l.git, html: l.html }
    }
  }

  branch(name: string, sha: string): Record<string, unknown> {
    return { name, commit: { sha, url: `${this.repoApi}/commits/${sha}` }, protected: false }
  }

  ref(ref: string, sha: string, type: string): Record<string, unknown> {
    const tail = ref.replace(/^refs\//, '')
    return {
      ref,
      node_id: `REF_kwDO${Buffer.from(ref).toString('base64url')}`,
      url: `${this.repoApi}/git/refs/${tail}`,
      object: { type, sha, url: `${this.repoApi}/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}` }
    }
  }
}
