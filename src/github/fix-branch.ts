// The fix pull request on GitHub: finds ours, writes the fixed files as one commit on the action's own branch
// (git data API: tree, commit, ref) and opens, updates or closes the pull request. Never pushes another branch.
import type { RepoRef } from '../event.js'
import { FIX_BRANCH, fingerprintIn, type ExistingFixPr } from '../plan/fix-pr.js'
import type { GitHubClient } from './client.js'

/** The newest pull request from FIX_BRANCH that carries our marker (one request). */
export async function newestFixPr(client: GitHubClient, repo: RepoRef): Promise<ExistingFixPr | undefined> {
  const { data } = await client.rest.pulls.list({ ...repo, head: `${repo.owner}:${FIX_BRANCH}`, state: 'all', sort: 'created', direction: 'desc', per_page: 10 })
  const ours = data.find(p => fingerprintIn(p.body) !== undefined)
  return ours ? { number: ours.number, state: ours.state === 'open' ? 'open' : 'closed', merged: ours.merged_at !== null, body: ours.body ?? '' } : undefined
}

/**
 * One commit on top of `parent` that sets `files` (repository path -> full text), and FIX_BRANCH pointing at it
 * (created, or moved by force: the branch is the action's own). Returns the commit.
 */
export async function writeFixBranch(
  client: GitHubClient,
  repo: RepoRef,
  parent: string,
  files: ReadonlyArray<{ path: string; text: string }>,
  message: string
): Promise<string> {
  const { data: parentCommit } = await client.rest.git.getCommit({ ...repo, commit_sha: parent })
  const { data: tree } = await client.rest.git.createTree({
    ...repo,
    base_tree: parentCommit.tree.sha,
    tree: files.map(f => ({ path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.text }))
  })
  const { data: commit } = await client.rest.git.createCommit({ ...repo, message, tree: tree.sha, parents: [parent] })
  let exists = true
  try {
    await client.rest.git.getRef({ ...repo, ref: `heads/${FIX_BRANCH}` })
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
    exists = false
  }
  if (exists) await client.rest.git.updateRef({ ...repo, ref: `heads/${FIX_BRANCH}`, sha: commit.sha, force: true })
  else await client.rest.git.createRef({ ...repo, ref: `refs/heads/${FIX_BRANCH}`, sha: commit.sha })
  return commit.sha
}

export async function openFixPr(client: GitHubClient, repo: RepoRef, base: string, title: string, body: string): Promise<number> {
  const { data } = await client.rest.pulls.create({ ...repo, head: FIX_BRANCH, base, title, body })
  return data.number
}

export async function updateFixPr(client: GitHubClient, repo: RepoRef, number: number, title: string, body: string): Promise<void> {
  await client.rest.pulls.update({ ...repo, pull_number: number, title, body })
}

/** Closes our pull request and deletes the action's branch (nothing is left on it to merge). */
export async function closeFixPr(client: GitHubClient, repo: RepoRef, number: number): Promise<void> {
  await client.rest.pulls.update({ ...repo, pull_number: number, state: 'closed' })
  try {
    await client.rest.git.deleteRef({ ...repo, ref: `heads/${FIX_BRANCH}` })
  } catch (error) {
    if ((error as { status?: number }).status !== 422 && (error as { status?: number }).status !== 404) throw error
  }
}
