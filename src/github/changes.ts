// Which files an event changed, asked of GitHub: a pull request's files (paginated) or a push's compare.
// Only narrows where `check` annotates; undefined means "could not tell", and the caller checks everything.
import type { RepoRef } from '../event.js'
import type { GitHubClient } from './client.js'

/** GitHub lists at most this many files in a comparison; past it the list is incomplete. */
const COMPARE_FILE_LIMIT = 300
/** GitHub lists at most this many files of a pull request. */
const PULL_FILE_LIMIT = 3000

/** A file a pull request adds, modifies or renames, with its diff hunks when GitHub gives them. */
export interface PullFile {
  filename: string
  /** Unified diff hunks (no header); undefined for binary or very large diffs. */
  patch: string | undefined
}

/** Files the pull request adds, modifies or renames (removed files have nothing left to check). */
export async function pullFiles(client: GitHubClient, repo: RepoRef, number: number): Promise<PullFile[] | undefined> {
  const files = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 })
  if (files.length >= PULL_FILE_LIMIT) return undefined
  return files.filter(f => f.status !== 'removed').map(f => ({ filename: f.filename, patch: f.patch ?? undefined }))
}

/** The paths of `pullFiles`. */
export async function filesOfPull(client: GitHubClient, repo: RepoRef, number: number): Promise<string[] | undefined> {
  return (await pullFiles(client, repo, number))?.map(f => f.filename)
}

/** Files changed between two commits of a push; undefined when GitHub's list would be truncated. */
export async function filesOfPush(client: GitHubClient, repo: RepoRef, before: string, after: string): Promise<string[] | undefined> {
  const { data } = await client.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${before}...${after}`, per_page: 1 })
  const files = data.files ?? []
  if (files.length >= COMPARE_FILE_LIMIT) return undefined
  return files.filter(f => f.status !== 'removed').map(f => f.filename)
}
