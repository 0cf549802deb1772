// The simulated GitHub's state and the rules that change it (issues, labels, comments, pulls, projects),
// shared by REST, GraphQL and the test helpers so all three behave alike. Never does HTTP or git.
import { createHash } from 'node:crypto'
import { isoSeconds, type SimClock } from './clock.js'
import { closingReferences } from './closing.js'
import { notFound, unprocessable, validationFailed } from './errors.js'
import type { Seed, SeedProject, SeedProjectField, SeedToken } from './seed.js'

export type IssueState = 'open' | 'closed'
export type StateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened'

export interface SimUser {
  login: string
  id: number
  nodeId: string
  type: 'User' | 'Bot' | 'Organization'
  name: string | null
  createdAt: string
}

export interface SimOrganization extends SimUser {
  type: 'Organization'
  members: string[]
}

export interface SimRepo {
  id: number
  nodeId: string
  owner: string
  ownerType: 'User' | 'Organization'
  name: string
  defaultBranch: string
  /** The git repository on disk. */
  path: string
  private: boolean
  collaborators: string[]
  createdAt: string
}

export interface SimLabel {
  id: number
  nodeId: string
  name: string
  color: string
  description: string | null
  default: boolean
  createdAt: string
}

interface IssueCommon {
  id: number
  nodeId: string
  number: number
  title: string
  body: string | null
  state: IssueState
  stateReason: StateReason | null
  /** Label names, as spelled by the label. */
  labels: string[]
  assignees: string[]
  author: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  closedBy: string | null
  locked: boolean
}

export interface SimLinkedBranch {
  id: number
  nodeId: string
  branch: string
  createdAt: string
}

export interface SimIssue extends IssueCommon {
  kind: 'issue'
  pinned: boolean
  parent: number | null
  subIssues: number[]
  linkedBranches: SimLinkedBranch[]
}

export interface SimPull extends IssueCommon {
  kind: 'pull'
  head: string
  base: string
  /** The head branch's commit when last seen (kept after the branch is deleted). */
  headSha: string
  draft: boolean
  merged: boolean
  mergedAt: string | null
  mergedBy: string | null
  mergeCommitSha: string | null
}

export type SimIssueLike = SimIssue | SimPull

export interface SimComment {
  id: number
  nodeId: string
  issueNumber: number
  body: string
  author: string
  createdAt: string
  updatedAt: string
}

/** What a ClosedEvent's `closer` names: a merged pull request, a pushed commit, or a project (its node id). */
export type SimCloser =
  { kind: 'pull'; number: number } | { kind: 'commit'; sha: string } | { kind: 'project'; nodeId: string }

export interface SimEvent {
  id: number
  nodeId: string
  issueNumber: number
  type: 'closed' | 'reopened' | 'labeled' | 'unlabeled' | 'pinned' | 'unpinned' | 'renamed'
  actor: string
  createdAt: string
  stateReason?: StateReason | null
  closer?: SimCloser | null
  label?: string
}

export interface SimOption {
  /** 8 hex digits, as GitHub's single-select option ids. */
  id: string
  name: string
  color: string
  description: string
}

export type ProjectFieldType =
  | 'TITLE'
  | 'ASSIGNEES'
  | 'LABELS'
  | 'LINKED_PULL_REQUESTS'
  | 'MILESTONE'
  | 'REPOSITORY'
  | 'REVIEWERS'
  | 'SINGLE_SELECT'
  | 'TEXT'
  | 'NUMBER'
  | 'DATE'
  | 'ITERATION'

/** One iteration of an Iteration field, as GitHub keeps it (`startDate` YYYY-MM-DD, `duration` in days). */
export interface SimIteration {
  /** 8 hex digits, as GitHub's iteration ids. */
  id: string
  title: string
  startDate: string
  duration: number
}

export interface SimProjectField {
  id: number
  nodeId: string
  name: string
  dataType: ProjectFieldType
  options: SimOption[]
  /** Iteration fields only: the iterations, in start order, and the configured length in days. */
  iterations: SimIteration[]
  duration: number
  createdAt: string
}

export interface SimProject {
  id: number
  nodeId: string
  number: number
  title: string
  owner: string
  ownerType: 'User' | 'Organization'
  public: boolean
  closed: boolean
  createdAt: string
  updatedAt: string
  fields: SimProjectField[]
  workflows: NonNullable<SeedProject['workflows']>
}

export interface SimFieldValue {
  nodeId: string
  optionId?: string
  text?: string
  number?: number
  date?: string
  iterationId?: string
  creator: string
  createdAt: string
  updatedAt: string
}

export interface SimProjectItem {
  id: number
  nodeId: string
  projectNodeId: string
  contentKind: 'issue' | 'pull'
  contentNumber: number
  /** Field node id -> value. */
  values: Record<string, SimFieldValue>
  archived: boolean
  creator: string
  createdAt: string
  updatedAt: string
}

export interface SimReview {
  id: number
  nodeId: string
  pullNumber: number
  author: string
  body: string
  state: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING'
  commitId: string
  submittedAt: string | null
}

export interface SimReviewComment {
  id: number
  nodeId: string
  reviewId: number
  pullNumber: number
  path: string
  line: number
  startLine: number | null
  side: 'LEFT' | 'RIGHT'
  startSide: 'LEFT' | 'RIGHT' | null
  body: string
  author: string
  commitId: string
  diffHunk: string
  inReplyTo: number | null
  createdAt: string
  updatedAt: string
}

export interface SimState {
  repo: SimRepo
  users: SimUser[]
  organizations: SimOrganization[]
  tokens: SeedToken[]
  labels: SimLabel[]
  issues: SimIssue[]
  pulls: SimPull[]
  comments: SimComment[]
  events: SimEvent[]
  projects: SimProject[]
  projectItems: SimProjectItem[]
  /** Pull request reviews and their line comments (reviews.ts). */
  reviews: SimReview[]
  reviewComments: SimReviewComment[]
  /** The next issue/pull request number (they share one sequence, as on GitHub). */
  nextNumber: number
  counters: { db: number; node: number }
}

/** Fields every GitHub project has besides its custom ones. */
const BUILT_IN_FIELDS: Array<[string, ProjectFieldType]> = [
  ['Title', 'TITLE'],
  ['Assignees', 'ASSIGNEES'],
  ['Labels', 'LABELS'],
  ['Linked pull requests', 'LINKED_PULL_REQUESTS'],
  ['Milestone', 'MILESTONE'],
  ['Repository', 'REPOSITORY'],
  ['Reviewers', 'REVIEWERS']
]
const OPTION_COLORS = ['GRAY', 'BLUE', 'GREEN', 'YELLOW', 'ORANGE', 'RED', 'PINK', 'PURPLE']
const MAX_TITLE = 256
const MAX_BODY = 65536
/** The account GitHub's built-in project workflows act as (REST's login; GraphQL names it without `[bot]`). */
export const PROJECT_AUTOMATION = 'github-project-automation[bot]'

export const PROJECT_PREFIXES = ['PVT_', 'PVTI_', 'PVTSSF_', 'PVTIF_', 'PVTF_', 'PVTFSV_'] as const

/** Node id prefix GitHub gives a project field of each type. */
function fieldPrefix(dataType: ProjectFieldType): string {
  if (dataType === 'SINGLE_SELECT') return 'PVTSSF_'
  if (dataType === 'ITERATION') return 'PVTIF_'
  return 'PVTF_'
}

export interface IssueInput {
  title: string
  body?: string | null
  labels?: string[]
  assignees?: string[]
  author: string
}

export class Model {
  readonly state: SimState
  private readonly nodes = new Map<string, object>()

  constructor(
    seed: Seed,
    repoPath: string,
    private readonly clock: SimClock
  ) {
    const now = this.now()
    const orgs = seed.organizations ?? []
    const repoOwnerIsOrg = orgs.some(o => o.login === seed.repo.owner)
    this.state = {
      repo: undefined as unknown as SimRepo,
      users: [],
      organizations: [],
      tokens: (seed.tokens ?? []).map(t => ({ ...t })),
      labels: [],
      issues: [],
      pulls: [],
      comments: [],
      events: [],
      projects: [],
      projectItems: [],
      reviews: [],
      reviewComments: [],
      nextNumber: 1,
      counters: { db: 1000, node: 0 }
    }
    for (const org of orgs) {
      const record: SimOrganization = {
        ...this.newUser(org.login, 'Organization', org.name ?? null),
        type: 'Organization',
        members: [...org.members]
      }
      this.state.organizations.push(record)
      this.register(record)
    }
    for (const u of seed.users ?? []) this.ensureUser(u.login, u.type ?? 'User', u.name ?? null)
    for (const t of this.state.tokens) this.ensureUser(t.login)
    if (!repoOwnerIsOrg) this.ensureUser(seed.repo.owner)
    const repoOwnerOrg = orgs.find(o => o.login === seed.repo.owner)
    const repoCounters = this.nextIds('R_')
    this.state.repo = {
      ...repoCounters,
      owner: seed.repo.owner,
      ownerType: repoOwnerIsOrg ? 'Organization' : 'User',
      name: seed.repo.name,
      defaultBranch: seed.repo.defaultBranch ?? 'main',
      path: repoPath,
      private: seed.repo.private ?? false,
      collaborators: [
        ...new Set([
          ...(repoOwnerIsOrg ? [] : [seed.repo.owner]),
          ...(repoOwnerOrg?.members ?? []),
          ...(seed.repo.collaborators ?? [])
        ])
      ],
      createdAt: isoSeconds(now)
    }
    this.register(this.state.repo)
    for (const login of this.state.repo.collaborators) this.ensureUser(login)
    for (const l of seed.labels ?? [])
      this.createLabel(l.name, l.color, l.description ?? null, l.default ?? false)
    for (const s of seed.issues ?? []) {
      const issue = this.createIssue({
        title: s.title,
        body: s.body ?? null,
        labels: s.labels,
        assignees: s.assignees,
        author: s.author ?? seed.repo.owner
      })
      if (s.createdAt) issue.createdAt = isoSeconds(Date.parse(s.createdAt))
      issue.updatedAt = s.updatedAt ? isoSeconds(Date.parse(s.updatedAt)) : issue.createdAt
      for (const c of s.comments ?? []) {
        const comment = this.addComment(issue, c.body, c.author ?? issue.author)
        if (c.createdAt) comment.createdAt = comment.updatedAt = isoSeconds(Date.parse(c.createdAt))
      }
      if (s.state === 'closed') {
        this.closeIssue(issue, s.stateReason ?? 'completed', issue.author, null)
        if (s.closedAt) issue.closedAt = isoSeconds(Date.parse(s.closedAt))
        const event = this.state.events.at(-1)
        if (event && s.closedAt) event.createdAt = issue.closedAt!
      }
      if (s.updatedAt) issue.updatedAt = isoSeconds(Date.parse(s.updatedAt))
    }
    for (const p of seed.projects ?? []) this.createProject(p)
  }

  now(): number {
    return this.clock.now()
  }

  nowIso(): string {
    return isoSeconds(this.now())
  }

  // ---- identities -------------------------------------------------------------------------------------

  /** A fresh database id and node id with GitHub's type prefix (I_, PR_, PVT_, ...). */
  nextIds(prefix: string): { id: number; nodeId: string } {
    const id = ++this.state.counters.db
    const n = ++this.state.counters.node
    const payload = Buffer.from(`sim:${prefix}${n}:${id}`).toString('base64url')
    return { id, nodeId: `${prefix}kwDO${payload}` }
  }

  private register(entity: { nodeId: string }): void {
    this.nodes.set(entity.nodeId, entity)
  }

  node(nodeId: string): object | undefined {
    return this.nodes.get(nodeId)
  }

  private newUser(login: string, type: SimUser['type'], name: string | null): SimUser {
    const prefix = type === 'Organization' ? 'O_' : type === 'Bot' ? 'BOT_' : 'U_'
    return { login, ...this.nextIds(prefix), type, name, createdAt: isoSeconds(Date.UTC(2020, 0, 1)) }
  }

  user(login: string): SimUser | undefined {
    const lower = login.toLowerCase()
    return (
      this.state.users.find(u => u.login.toLowerCase() === lower) ??
      this.state.organizations.find(o => o.login.toLowerCase() === lower)
    )
  }

  organization(login: string): SimOrganization | undefined {
    const lower = login.toLowerCase()
    return this.state.organizations.find(o => o.login.toLowerCase() === lower)
  }

  ensureUser(login: string, type?: 'User' | 'Bot', name: string | null = null): SimUser {
    const existing = this.user(login)
    if (existing) return existing
    const user = this.newUser(login, type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'), name)
    this.state.users.push(user)
    this.register(user)
    return user
  }

  isCollaborator(login: string): boolean {
    const lower = login.toLowerCase()
    return this.state.repo.collaborators.some(c => c.toLowerCase() === lower)
  }

  isMember(org: string, login: string): boolean {
    const lower = login.toLowerCase()
    return this.organization(org)?.members.some(m => m.toLowerCase() === lower) ?? false
  }

  // ---- labels -----------------------------------------------------------------------------------------

  label(name: string): SimLabel | undefined {
    const lower = name.toLowerCase()
    return this.state.labels.find(l => l.name.toLowerCase() === lower)
  }

  createLabel(name: string, color?: string, description: string | null = null, isDefault = false): SimLabel {
    if (!name.trim()) throw validationFailed([{ resource: 'Label', field: 'name', code: 'missing_field' }])
    if (this.label(name))
      throw validationFailed([{ resource: 'Label', field: 'name', code: 'already_exists' }])
    const label: SimLabel = {
      ...this.nextIds('LA_'),
      name,
      color: labelColor(color ?? 'ededed'),
      description: labelDescription(description),
      default: isDefault,
      createdAt: this.nowIso()
    }
    this.state.labels.push(label)
    this.register(label)
    return label
  }

  /** Renames (issues keep it under the new name), recolours or redescribes a label. */
  updateLabel(
    name: string,
    patch: { newName?: string; color?: string; description?: string | null }
  ): SimLabel | undefined {
    const label = this.label(name)
    if (!label) return undefined
    const newName = patch.newName
    if (newName !== undefined) {
      if (!newName.trim())
        throw validationFailed([{ resource: 'Label', field: 'name', code: 'missing_field' }])
      const clash = this.label(newName)
      if (clash && clash !== label)
        throw validationFailed([{ resource: 'Label', field: 'name', code: 'already_exists' }])
    }
    const color = patch.color === undefined ? label.color : labelColor(patch.color)
    const description =
      patch.description === undefined ? label.description : labelDescription(patch.description)
    if (newName !== undefined && newName !== label.name) {
      for (const t of [...this.state.issues, ...this.state.pulls])
        t.labels = t.labels.map(l => (l === label.name ? newName : l))
      label.name = newName
    }
    label.color = color
    label.description = description
    return label
  }

  /** Deletes a label, taking it off every issue and pull request. */
  deleteLabel(name: string): boolean {
    const label = this.label(name)
    if (!label) return false
    for (const t of [...this.state.issues, ...this.state.pulls])
      t.labels = t.labels.filter(l => l !== label.name)
    this.state.labels = this.state.labels.filter(l => l !== label)
    return true
  }

  /** GitHub creates a label named in an issue write that does not exist yet. */
  ensureLabels(names: string[]): string[] {
    const out: string[] = []
    for (const name of names) {
      const label = this.label(name) ?? this.createLabel(name)
      if (!out.includes(label.name)) out.push(label.name)
    }
    return out
  }

  // ---- issues and pull requests -----------------------------------------------------------------------

  issueLike(number: number): SimIssueLike | undefined {
    return this.state.issues.find(i => i.number === number) ?? this.state.pulls.find(p => p.number === number)
  }

  issue(number: number): SimIssue | undefined {
    return this.state.issues.find(i => i.number === number)
  }

  pull(number: number): SimPull | undefined {
    return this.state.pulls.find(p => p.number === number)
  }

  private checkText(resource: string, title: string | undefined, body: string | null | undefined): void {
    if (title !== undefined && !title.trim()) {
      throw validationFailed([{ resource, field: 'title', code: 'missing_field' }])
    }
    if (title !== undefined && [...title].length > MAX_TITLE) {
      throw validationFailed([
        {
          resource,
          field: 'title',
          code: 'custom',
          message: `title is too long (maximum is ${MAX_TITLE} characters)`
        }
      ])
    }
    if (body && [...body].length > MAX_BODY) {
      throw validationFailed([
        {
          resource,
          field: 'body',
          code: 'custom',
          message: `body is too long (maximum is ${MAX_BODY} characters)`
        }
      ])
    }
  }

  private checkAssignees(resource: string, assignees: string[]): string[] {
    const bad = assignees.find(a => !this.isCollaborator(a))
    if (bad !== undefined)
      throw validationFailed([{ resource, field: 'assignees', code: 'invalid', value: bad }])
    return [...new Set(assignees.map(a => this.ensureUser(a).login))]
  }

  createIssue(input: IssueInput): SimIssue {
    this.checkText('Issue', input.title, input.body)
    const assignees = this.checkAssignees('Issue', input.assignees ?? [])
    const labels = this.ensureLabels(input.labels ?? [])
    const now = this.nowIso()
    const issue: SimIssue = {
      kind: 'issue',
      ...this.nextIds('I_'),
      number: this.state.nextNumber++,
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      stateReason: null,
      labels,
      assignees,
      author: this.ensureUser(input.author).login,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      locked: false,
      pinned: false,
      parent: null,
      subIssues: [],
      linkedBranches: []
    }
    this.state.issues.push(issue)
    this.register(issue)
    return issue
  }

  createPull(input: IssueInput & { head: string; headSha: string; base: string; draft?: boolean }): SimPull {
    this.checkText('PullRequest', input.title, input.body)
    const open = this.state.pulls.find(
      p => p.state === 'open' && p.head === input.head && p.base === input.base
    )
    if (open) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${this.state.repo.owner}:${input.head}.`
        }
      ])
    }
    const now = this.nowIso()
    const pull: SimPull = {
      kind: 'pull',
      ...this.nextIds('PR_'),
      number: this.state.nextNumber++,
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      stateReason: null,
      labels: this.ensureLabels(input.labels ?? []),
      assignees: this.checkAssignees('PullRequest', input.assignees ?? []),
      author: this.ensureUser(input.author).login,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      locked: false,
      head: input.head,
      headSha: input.headSha,
      base: input.base,
      draft: input.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null
    }
    this.state.pulls.push(pull)
    this.register(pull)
    return pull
  }

  touch(target: SimIssueLike): void {
    target.updatedAt = this.nowIso()
  }

  editIssue(
    target: SimIssueLike,
    patch: { title?: string; body?: string | null; labels?: string[]; assignees?: string[] },
    actor: string
  ): void {
    this.checkText(target.kind === 'issue' ? 'Issue' : 'PullRequest', patch.title, patch.body)
    const assignees = patch.assignees && this.checkAssignees('Issue', patch.assignees)
    if (patch.title !== undefined && patch.title !== target.title) {
      this.event(target, 'renamed', actor)
      target.title = patch.title
    }
    if (patch.body !== undefined) target.body = patch.body
    if (patch.labels) this.setLabels(target, patch.labels, actor)
    if (assignees) target.assignees = assignees
    this.touch(target)
  }

  setLabels(target: SimIssueLike, names: string[], actor: string): void {
    const next = this.ensureLabels(names)
    for (const name of target.labels.filter(l => !next.includes(l)))
      this.event(target, 'unlabeled', actor, { label: name })
    for (const name of next.filter(l => !target.labels.includes(l)))
      this.event(target, 'labeled', actor, { label: name })
    target.labels = next
    this.touch(target)
  }

  addLabels(target: SimIssueLike, names: string[], actor: string): void {
    this.setLabels(target, [...target.labels, ...names], actor)
  }

  removeLabel(target: SimIssueLike, name: string, actor: string): void {
    const label = this.label(name)
    if (!label || !target.labels.includes(label.name)) throw notFound('Label does not exist')
    this.setLabels(
      target,
      target.labels.filter(l => l !== label.name),
      actor
    )
  }

  /** Adds assignees; those who cannot be assigned are skipped silently, as GitHub does here. */
  addAssignees(target: SimIssueLike, logins: string[]): void {
    for (const login of logins) {
      if (!this.isCollaborator(login)) continue
      const user = this.ensureUser(login)
      if (!target.assignees.includes(user.login)) target.assignees.push(user.login)
    }
    this.touch(target)
  }

  closeIssue(
    target: SimIssueLike,
    reason: StateReason | null,
    actor: string,
    closer: SimCloser | null
  ): void {
    if (target.state === 'closed') {
      if (reason && target.kind === 'issue' && reason !== 'reopened') target.stateReason = reason
      this.touch(target)
      return
    }
    const now = this.nowIso()
    target.state = 'closed'
    target.stateReason =
      target.kind === 'issue' ? (reason && reason !== 'reopened' ? reason : 'completed') : null
    target.closedAt = now
    target.closedBy = this.ensureUser(actor).login
    target.updatedAt = now
    this.event(target, 'closed', actor, { stateReason: target.stateReason, closer })
    if (target.kind === 'issue') {
      this.runWorkflow('itemClosed', target)
    }
  }

  reopenIssue(target: SimIssueLike, actor: string): void {
    if (target.state === 'open') return
    if (target.kind === 'pull' && target.merged)
      throw unprocessable('A merged pull request cannot be reopened')
    target.state = 'open'
    target.stateReason = target.kind === 'issue' ? 'reopened' : null
    target.closedAt = null
    target.closedBy = null
    this.touch(target)
    this.event(target, 'reopened', actor, { stateReason: target.stateReason })
  }

  addComment(target: SimIssueLike, body: string, author: string): SimComment {
    if (!body.trim())
      throw validationFailed([{ resource: 'IssueComment', field: 'body', code: 'missing_field' }])
    if ([...body].length > MAX_BODY) {
      throw validationFailed([
        {
          resource: 'IssueComment',
          field: 'body',
          code: 'custom',
          message: `body is too long (maximum is ${MAX_BODY} characters)`
        }
      ])
    }
    const now = this.nowIso()
    const comment: SimComment = {
      ...this.nextIds('IC_'),
      issueNumber: target.number,
      body,
      author: this.ensureUser(author).login,
      createdAt: now,
      updatedAt: now
    }
    this.state.comments.push(comment)
    this.register(comment)
    this.touch(target)
    return comment
  }

  commentsOf(number: number): SimComment[] {
    return this.state.comments.filter(c => c.issueNumber === number)
  }

  event(
    target: SimIssueLike,
    type: SimEvent['type'],
    actor: string,
    extra: Partial<Pick<SimEvent, 'stateReason' | 'closer' | 'label'>> = {}
  ): SimEvent {
    const event: SimEvent = {
      ...this.nextIds(type === 'closed' ? 'CE_' : type === 'reopened' ? 'REE_' : 'EV_'),
      issueNumber: target.number,
      type,
      actor: this.ensureUser(actor).login,
      createdAt: this.nowIso(),
      ...extra
    }
    this.state.events.push(event)
    this.register(event)
    return event
  }

  setPinned(issue: SimIssue, pinned: boolean, actor: string): void {
    if (issue.pinned === pinned) return
    if (pinned && this.state.issues.filter(i => i.pinned).length >= 3) {
      throw unprocessable('A repository can have at most 3 pinned issues')
    }
    issue.pinned = pinned
    this.event(issue, pinned ? 'pinned' : 'unpinned', actor)
  }

  addSubIssue(parent: SimIssue, child: SimIssue, replaceParent: boolean): void {
    if (child.number === parent.number) throw unprocessable('An issue cannot be its own sub-issue')
    if (child.parent !== null && child.parent !== parent.number) {
      if (!replaceParent)
        throw unprocessable(
          'Issue may not contain duplicate sub-issues and Sub issue may only have one parent'
        )
      const old = this.issue(child.parent)
      if (old) old.subIssues = old.subIssues.filter(n => n !== child.number)
    }
    if (parent.subIssues.includes(child.number)) {
      throw unprocessable('Issue may not contain duplicate sub-issues and Sub issue may only have one parent')
    }
    if (parent.subIssues.length >= 100) throw unprocessable('Parent cannot have more than 100 sub-issues')
    // GitHub ("Adding sub-issues"): up to 100 sub-issues per parent and up to eight levels of nested sub-issues,
    // counting the top issue as the first level; no issue may become its own ancestor.
    const ancestors: number[] = []
    for (
      let at: SimIssue | undefined = parent;
      at;
      at = at.parent === null ? undefined : this.issue(at.parent)
    )
      ancestors.push(at.number)
    if (ancestors.includes(child.number))
      throw unprocessable('An issue cannot be a sub-issue of its own sub-issue')
    const below = (issue: SimIssue): number =>
      1 +
      Math.max(
        0,
        ...issue.subIssues
          .map(n => this.issue(n))
          .filter(i => i !== undefined)
          .map(below)
      )
    if (ancestors.length + below(child) > 8)
      throw unprocessable('Sub-issues may be nested at most 8 levels deep')
    child.parent = parent.number
    parent.subIssues.push(child.number)
    this.touch(parent)
  }

  linkBranch(issue: SimIssue, branch: string): SimLinkedBranch {
    const existing = issue.linkedBranches.find(b => b.branch === branch)
    if (existing) return existing
    const link: SimLinkedBranch = { ...this.nextIds('LB_'), branch, createdAt: this.nowIso() }
    issue.linkedBranches.push(link)
    this.register(link)
    return link
  }

  /** Issue numbers a pull request closes when merged: keywords in its body, only into the default branch. */
  closingIssues(pull: SimPull): SimIssue[] {
    if (pull.base !== this.state.repo.defaultBranch) return []
    return closingReferences(pull.body, this.state.repo.owner, this.state.repo.name)
      .map(n => this.issue(n))
      .filter((i): i is SimIssue => i !== undefined)
  }

  // ---- projects ---------------------------------------------------------------------------------------

  private createProject(seed: SeedProject): SimProject {
    const owner =
      seed.ownerType === 'Organization' ? this.organization(seed.owner) : this.ensureUser(seed.owner)
    if (!owner)
      throw new Error(
        `github-sim seed: project #${seed.number} belongs to unknown organization ${seed.owner}`
      )
    if (
      this.state.projects.some(
        p => p.owner.toLowerCase() === seed.owner.toLowerCase() && p.number === seed.number
      )
    ) {
      throw new Error(`github-sim seed: ${seed.owner} has two projects numbered ${seed.number}`)
    }
    const now = this.nowIso()
    const project: SimProject = {
      ...this.nextIds('PVT_'),
      number: seed.number,
      title: seed.title,
      owner: owner.login,
      ownerType: seed.ownerType,
      public: seed.public ?? false,
      closed: false,
      createdAt: now,
      updatedAt: now,
      fields: [],
      workflows: { ...seed.workflows }
    }
    this.state.projects.push(project)
    this.register(project)
    const field = (
      name: string,
      dataType: ProjectFieldType,
      options: string[] = [],
      iterations: SeedProjectField['iterations'] = []
    ) => {
      const hash = (what: string) =>
        createHash('sha1').update(`${project.nodeId}/${name}/${what}`).digest('hex').slice(0, 8)
      const f: SimProjectField = {
        ...this.nextIds(fieldPrefix(dataType)),
        name,
        dataType,
        createdAt: now,
        options: options.map((o, i) => ({
          id: hash(o),
          name: o,
          color: OPTION_COLORS[i % OPTION_COLORS.length]!,
          description: ''
        })),
        iterations: iterations
          .map(it => ({ id: hash(`iteration/${it.startDate}`), ...it, duration: it.duration ?? 7 }))
          .sort((a, b) => a.startDate.localeCompare(b.startDate)),
        duration: iterations[0]?.duration ?? 7
      }
      project.fields.push(f)
      this.register(f)
    }
    for (const [name, type] of BUILT_IN_FIELDS) field(name, type)
    for (const f of seed.fields) {
      const type = (f.type ?? 'single_select').toUpperCase() as ProjectFieldType
      if (project.fields.some(x => x.name.toLowerCase() === f.name.toLowerCase())) {
        throw new Error(`github-sim seed: project #${seed.number} has two fields named ${f.name}`)
      }
      for (const it of f.iterations ?? []) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(it.startDate))
          throw new Error(`github-sim seed: iteration ${it.title} of ${f.name} starts on '${it.startDate}'`)
      }
      field(
        f.name,
        type,
        type === 'SINGLE_SELECT' ? (f.options ?? []) : [],
        type === 'ITERATION' ? (f.iterations ?? []) : []
      )
    }
    for (const item of seed.items ?? []) {
      const content = this.issueLike(item.number)
      if (!content) throw new Error(`github-sim seed: project item #${item.number} is not a seeded issue`)
      const { item: added } = this.addProjectItem(project, content, item.addedBy ?? owner.login)
      for (const [name, value] of Object.entries(item.values ?? {})) {
        const f = this.projectField(project, name)
        if (!f) throw new Error(`github-sim seed: project #${seed.number} has no field ${name}`)
        this.setItemValue(project, added, f, this.valueByName(f, value), owner.login)
      }
    }
    return project
  }

  project(owner: string, number: number): SimProject | undefined {
    const lower = owner.toLowerCase()
    return this.state.projects.find(p => p.owner.toLowerCase() === lower && p.number === number)
  }

  projectField(project: SimProject, name: string): SimProjectField | undefined {
    return (
      project.fields.find(f => f.name === name) ??
      project.fields.find(f => f.name.toLowerCase() === name.toLowerCase())
    )
  }

  itemsOf(project: SimProject): SimProjectItem[] {
    return this.state.projectItems.filter(i => i.projectNodeId === project.nodeId)
  }

  itemFor(project: SimProject, content: SimIssueLike): SimProjectItem | undefined {
    return this.state.projectItems.find(
      i =>
        i.projectNodeId === project.nodeId &&
        i.contentKind === content.kind &&
        i.contentNumber === content.number
    )
  }

  contentOf(item: SimProjectItem): SimIssueLike {
    const content =
      item.contentKind === 'issue' ? this.issue(item.contentNumber) : this.pull(item.contentNumber)
    if (!content) throw new Error(`github-sim: item ${item.nodeId} points at missing #${item.contentNumber}`)
    return content
  }

  projectOf(item: SimProjectItem): SimProject {
    const project = this.nodes.get(item.projectNodeId) as SimProject | undefined
    if (!project) throw new Error(`github-sim: item ${item.nodeId} points at a missing project`)
    return project
  }

  /** Adds content to a project; adding it again returns the existing item, as GitHub does. */
  addProjectItem(
    project: SimProject,
    content: SimIssueLike,
    creator: string
  ): { item: SimProjectItem; created: boolean } {
    const existing = this.itemFor(project, content)
    if (existing) return { item: existing, created: false }
    const now = this.nowIso()
    const item: SimProjectItem = {
      ...this.nextIds('PVTI_'),
      projectNodeId: project.nodeId,
      contentKind: content.kind,
      contentNumber: content.number,
      values: {},
      archived: false,
      creator: this.ensureUser(creator).login,
      createdAt: now,
      updatedAt: now
    }
    this.state.projectItems.push(item)
    this.register(item)
    project.updatedAt = now
    const added = project.workflows.itemAdded
    if (added) this.setStatusByName(project, item, added, creator)
    return { item, created: true }
  }

  deleteProjectItem(project: SimProject, item: SimProjectItem): void {
    this.state.projectItems = this.state.projectItems.filter(i => i !== item)
    this.nodes.delete(item.nodeId)
    project.updatedAt = this.nowIso()
  }

  valueByName(
    field: SimProjectField,
    value: string | number
  ): Omit<SimFieldValue, 'nodeId' | 'creator' | 'createdAt' | 'updatedAt'> {
    switch (field.dataType) {
      case 'SINGLE_SELECT': {
        const option = field.options.find(o => o.name === value)
        if (!option) throw new Error(`github-sim: field ${field.name} has no option ${String(value)}`)
        return { optionId: option.id }
      }
      case 'TEXT':
        return { text: String(value) }
      case 'NUMBER':
        return { number: Number(value) }
      case 'DATE':
        return { date: String(value) }
      case 'ITERATION': {
        const iteration = field.iterations.find(i => i.title === value)
        if (!iteration) throw new Error(`github-sim: field ${field.name} has no iteration ${String(value)}`)
        return { iterationId: iteration.id }
      }
      default:
        throw new Error(`github-sim: field ${field.name} (${field.dataType}) cannot be set`)
    }
  }

  setItemValue(
    project: SimProject,
    item: SimProjectItem,
    field: SimProjectField,
    value: Omit<SimFieldValue, 'nodeId' | 'creator' | 'createdAt' | 'updatedAt'> | null,
    actor: string
  ): void {
    const now = this.nowIso()
    if (value === null) {
      delete item.values[field.nodeId]
    } else {
      if (field.dataType === 'SINGLE_SELECT' && !field.options.some(o => o.id === value.optionId)) {
        throw unprocessable(`The single select option Id does not belong to the field ${field.name}`)
      }
      if (field.dataType === 'ITERATION' && !field.iterations.some(i => i.id === value.iterationId)) {
        throw unprocessable(`The iteration Id does not belong to the field ${field.name}`)
      }
      const previous = item.values[field.nodeId]
      item.values[field.nodeId] = {
        nodeId: previous?.nodeId ?? this.nextIds('PVTFSV_').nodeId,
        ...value,
        creator: this.ensureUser(actor).login,
        createdAt: previous?.createdAt ?? now,
        updatedAt: now
      }
    }
    item.updatedAt = now
    project.updatedAt = now
    if (value !== null && field.name === 'Status') this.autoClose(project, item, value.optionId)
  }

  /** Name of the Status option of `content` in `project`, or null (not in the project, or no status). */
  statusOf(project: SimProject, content: SimIssueLike, fieldName = 'Status'): string | null {
    const item = this.itemFor(project, content)
    const field = this.projectField(project, fieldName)
    if (!item || !field) return null
    const value = item.values[field.nodeId]
    return field.options.find(o => o.id === value?.optionId)?.name ?? null
  }

  setStatusByName(
    project: SimProject,
    item: SimProjectItem,
    option: string,
    actor: string,
    fieldName = 'Status'
  ): void {
    const field = this.projectField(project, fieldName)
    if (!field) throw new Error(`github-sim: project #${project.number} has no ${fieldName} field`)
    this.setItemValue(project, item, field, this.valueByName(field, option), actor)
  }

  /**
   * GitHub's built-in "Auto-close issue" workflow, when a seed turns it on: an open issue whose item's Status is set
   * to the option closes as completed, the project as its ClosedEvent's `closer` (union Closer = Commit | ProjectV2 |
   * PullRequest: https://docs.github.com/en/graphql/reference/unions#closer; the workflow: "close issues when the
   * issue's status in your project is changed", https://docs.github.com/en/issues/planning-and-tracking-with-projects/automating-your-project/using-the-built-in-automations).
   * Its actor is GitHub's own app, as the issue's timeline names project automation: github-project-automation.
   */
  private autoClose(project: SimProject, item: SimProjectItem, optionId: string | undefined): void {
    const option = project.workflows.autoClose
    if (!option || item.contentKind !== 'issue' || optionId === undefined) return
    const field = this.projectField(project, 'Status')
    if (field?.options.find(o => o.id === optionId)?.name !== option) return
    const issue = this.issue(item.contentNumber)
    if (issue && issue.state === 'open')
      this.closeIssue(issue, 'completed', PROJECT_AUTOMATION, { kind: 'project', nodeId: project.nodeId })
  }

  /** GitHub's built-in project workflows ("Item closed", "Pull request merged"), when a seed turns them on. */
  runWorkflow(kind: 'itemClosed' | 'pullRequestMerged', content: SimIssueLike): void {
    for (const project of this.state.projects) {
      const option = project.workflows[kind]
      const item = option ? this.itemFor(project, content) : undefined
      if (option && item) this.setStatusByName(project, item, option, project.owner)
    }
  }
}

/** A node id's type prefix (`I_`, `PVTI_`, ...). */
export function nodePrefix(nodeId: string): string {
  return nodeId.slice(0, nodeId.indexOf('_') + 1)
}

/**
 * A label colour as GitHub stores it: without `#`, in the case it was given (api.github.com answered a PATCH
 * with `BADA55` as `BADA55`: @octokit/fixtures labels). An invalid one is refused without echoing a `value`
 * (the errors recording: `[{resource: Label, code: invalid, field: color}]`).
 */
function labelColor(color: string): string {
  const hex = color.replace(/^#/, '')
  if (!/^[0-9a-fA-F]{6}$/.test(hex))
    throw validationFailed([{ resource: 'Label', field: 'color', code: 'invalid' }])
  return hex
}

function labelDescription(description: string | null): string | null {
  if (description && description.length > 100) {
    throw validationFailed([
      {
        resource: 'Label',
        field: 'description',
        code: 'custom',
        message: 'description is too long (maximum is 100 characters)'
      }
    ])
  }
  return description
}
