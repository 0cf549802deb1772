// A line of a blog file as a link on GitHub, path segments encoded (a Korean file name must link). Pure: builds
// text only; never reads a file nor reaches GitHub.
import type { RepoFileUrl } from './issue-text.js'

/** Links a line of a blog file in the repository at `ref` (the default branch keeps issue bodies stable). */
export function repoFileLinker(
  serverUrl: string,
  repo: { owner: string; repo: string },
  ref: string,
  blogPath: string
): RepoFileUrl {
  const prefix = blogPath === '' ? '' : `${blogPath}/`
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/')
  return (path, line) =>
    `${serverUrl.replace(/(?<!\/)\/+$/, '')}/${repo.owner}/${repo.repo}/blob/${encode(ref)}/${encode(prefix + path)}#L${line}`
}
