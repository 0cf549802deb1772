// Who may do what: the token behind a request, and GitHub's rules for repository writes and Projects v2
// visibility per token kind and scope. Decides only; never changes state.
import type { Model, SimProject, SimUser } from './model.js'
import type { SeedToken } from './seed.js'

export interface Caller {
  token: SeedToken
  user: SimUser
}

/** The token in `Authorization: token X` / `Bearer X`, or null when there is none. */
export function tokenFromHeader(header: string | undefined): string | null {
  if (!header) return null
  const m = /^\s*(?:token|bearer)\s+(\S+)\s*$/i.exec(header)
  return m ? m[1]! : null
}

export class Access {
  constructor(private readonly model: Model) {}

  caller(token: string): Caller | null {
    const t = this.model.state.tokens.find(x => x.token === token)
    return t ? { token: t, user: this.model.ensureUser(t.login) } : null
  }

  /** Classic PAT scopes, with GitHub's implications (`repo` covers `public_repo`, `project` covers `read:project`). */
  hasScope(caller: Caller, scope: string): boolean {
    const scopes = caller.token.scopes
    if (scopes.includes(scope)) return true
    if (scope === 'public_repo' || scope === 'repo:status') return scopes.includes('repo')
    if (scope === 'read:project') return scopes.includes('project')
    if (scope === 'read:org') return scopes.includes('write:org') || scopes.includes('admin:org')
    return false
  }

  canReadRepo(caller: Caller): boolean {
    if (caller.token.kind !== 'pat' || !this.model.state.repo.private) return true
    return this.hasScope(caller, 'repo') && this.hasPush(caller)
  }

  /** Push access: the workflow's own token and app tokens have it; a person needs to be a collaborator. */
  hasPush(caller: Caller): boolean {
    if (caller.token.kind !== 'pat') return true
    return this.model.isCollaborator(caller.user.login)
  }

  /** Whether the token may write to the repository at all (issues, comments, pulls, refs). */
  repoWrite(caller: Caller): 'ok' | 'read-only' | 'no-scope' {
    if (caller.token.readOnly) return 'read-only'
    if (caller.token.kind !== 'pat') return 'ok'
    const needed = this.model.state.repo.private ? 'repo' : 'public_repo'
    return this.hasScope(caller, needed) ? 'ok' : 'no-scope'
  }

  /**
   * Projects v2 a token can see: never with the workflow's GITHUB_TOKEN; an app only an organization's
   * (apps cannot reach user-owned projects); a person their own, their organizations', and public ones.
   */
  canSeeProject(caller: Caller, project: SimProject): boolean {
    switch (caller.token.kind) {
      case 'github_token':
        return false
      case 'app':
        return project.ownerType === 'Organization'
      case 'pat':
        return project.public || this.isProjectMember(caller, project)
    }
  }

  canWriteProject(caller: Caller, project: SimProject): boolean {
    if (caller.token.readOnly) return false
    switch (caller.token.kind) {
      case 'github_token':
        return false
      case 'app':
        return project.ownerType === 'Organization'
      case 'pat':
        return this.hasScope(caller, 'project') && this.isProjectMember(caller, project)
    }
  }

  private isProjectMember(caller: Caller, project: SimProject): boolean {
    const login = caller.user.login.toLowerCase()
    if (project.ownerType === 'User') return project.owner.toLowerCase() === login
    return this.model.isMember(project.owner, caller.user.login)
  }
}
