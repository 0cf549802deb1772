// The label that marks task issues: created once when the repository lacks it, with the action's colour and
// description. Never edits or deletes a label that exists.
import type { RepoRef } from '../../event.js'
import type { GitHubClient } from '../client.js'
import { asHttpError, isPermissionError, permissionError } from '../errors.js'

export const LABEL_COLOR = '0e8a16'
export const LABEL_DESCRIPTION = 'A task from a blog post (managed by jekyll-post-ops)'

/** Creates the label unless it exists (`exists` from the read saves asking). Returns whether it created it. */
export async function ensureLabel(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
  exists?: boolean
): Promise<boolean> {
  if (exists === true) return false
  if (exists === undefined) {
    try {
      await client.rest.issues.getLabel({ ...repo, name: label })
      return false
    } catch (error) {
      if (asHttpError(error).status !== 404) throw error
    }
  }
  try {
    await client.rest.issues.createLabel({
      ...repo,
      name: label,
      color: LABEL_COLOR,
      description: LABEL_DESCRIPTION
    })
    return true
  } catch (error) {
    if (isPermissionError(error)) throw permissionError(error)
    // Someone (a concurrent run) created it in between: that is what we wanted.
    if (asHttpError(error).status === 422) return false
    throw error
  }
}
