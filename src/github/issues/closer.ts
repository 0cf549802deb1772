// Who closed a task issue, from its latest ClosedEvent and the comments after it: the action (its marked comment),
// a merged pull request, a commit, a project, a person or another workflow. Reads answers only: no request.
import { isClosingComment } from '../../plan/marker.js'
import type { IssueCloser } from '../model.js'
import type { IssueNode } from './query.js'

/** Who made an issue's latest close (see IssueCloser), from the ClosedEvent and the timeline after it. */
export function closerOf(node: IssueNode): IssueCloser {
  const close = node.closes?.nodes?.filter(n => n !== null).at(-1)
  if (!close) return { kind: 'unknown' }
  const login = close.actor?.login
  const by = login ? { login } : {}
  switch (close.closer?.__typename) {
    case 'PullRequest':
      return { kind: 'pull-request', number: close.closer.number ?? 0, ...by }
    case 'Commit':
      return { kind: 'commit', oid: close.closer.oid ?? '', ...by }
    case 'ProjectV2':
      return { kind: 'project', ...by }
  }
  if (!login) return { kind: 'unknown' }
  const trail = (node.trail?.nodes ?? []).filter(n => n !== null)
  const at = trail.findLastIndex(n => n.__typename === 'ClosedEvent')
  const marked =
    at >= 0 &&
    trail[at]!.id === close.id &&
    trail
      .slice(at + 1)
      .some(n => isClosingComment(n.body) && n.author != null && sameLogin(n.author.login, login))
  if (marked) return { kind: 'action' }
  return close.actor?.__typename === 'Bot' || /\[bot\]$/i.test(login)
    ? { kind: 'workflow', login }
    : { kind: 'person', login }
}

/** Logins are case-insensitive, and a bot may be named with or without its `[bot]` suffix. */
export function sameLogin(a: string, b: string): boolean {
  const norm = (login: string) => login.replace(/\[bot\]$/i, '').toLowerCase()
  return a !== '' && b !== '' && norm(a) === norm(b)
}

/** Who closed a closed issue, in a few words for a summary: "this action", "pull request #7", "@octo", …. */
export function describeCloser(closer: IssueCloser): string {
  const by = (login: string | undefined) => (login ? ` (merged by @${login.replace(/\[bot\]$/i, '')})` : '')
  switch (closer.kind) {
    case 'action':
      return 'a post (this action)'
    case 'pull-request':
      return `pull request #${closer.number}${by(closer.login)}`
    case 'commit':
      return `commit ${closer.oid.slice(0, 7)}`
    case 'project':
      return "a project's workflow"
    case 'person':
      return `@${closer.login}`
    case 'workflow':
      return `another workflow (${closer.login.replace(/\[bot\]$/i, '')})`
    case 'unknown':
      return 'nobody GitHub names'
  }
}
