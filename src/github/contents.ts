// Reads one file of the repository as it is at a given commit (the contents API), for settings that a pull request
// must not decide: its base commit's configuration file. Returns text only; never parses it, never writes.
import type { RepoRef } from '../event.js'
import type { GitHubClient } from './client.js'

/** The file at `ref`, or undefined when the commit has no such file (or it is a folder, a link, a submodule). */
export async function fileAt(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await client.rest.repos.getContent({ ...repo, path, ref })
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined
    return Buffer.from(data.content, 'base64').toString('utf8')
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined
    throw error
  }
}
