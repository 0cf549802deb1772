// What GitHub's refusals mean: the HTTP error's status and message, a 403 that is a missing permission (not a
// rate limit), and the one error a write without `issues: write` throws. Never sends a request.

/** The token may read but not write issues (a fork's pull request, or `permissions:` without `issues: write`). */
export class IssueWritePermissionError extends Error {
  constructor(readonly detail: string) {
    super(
      `the token cannot write issues (GitHub: ${detail}); give the workflow \`permissions: issues: write\` ` +
        '(a pull request from a fork only ever gets a read-only token)'
    )
    this.name = 'IssueWritePermissionError'
  }
}

interface HttpError {
  status?: number
  message?: string
  response?: {
    data?: { message?: string; errors?: Array<{ field?: string; code?: string; message?: string } | string> }
  }
}

/** The parts of an octokit RequestError this code reads (status, GitHub's message, a 422's errors). */
export function asHttpError(error: unknown): HttpError {
  return (typeof error === 'object' && error !== null ? error : {}) as HttpError
}

/** A 403 that is a missing permission (a 403 for a rate limit is not: waiting mends it). */
export function isPermissionError(error: unknown): boolean {
  const e = asHttpError(error)
  if (e.status !== 403) return false
  const text = `${e.response?.data?.message ?? ''} ${e.message ?? ''}`
  return !/rate limit/i.test(text)
}

/** The 403 as the error the jobs explain (which permission the workflow lacks). */
export function permissionError(error: unknown): IssueWritePermissionError {
  const e = asHttpError(error)
  return new IssueWritePermissionError(`403 ${e.response?.data?.message ?? e.message ?? 'Forbidden'}`)
}

/** One line for a log: `status message`. */
export function describeError(error: unknown): string {
  const e = asHttpError(error)
  const message = e.response?.data?.message ?? e.message ?? String(error)
  return e.status ? `${e.status} ${message}` : message
}

/** The HTTP status of a failed request; undefined for an error that is not one. */
export function httpStatus(error: unknown): number | undefined {
  return asHttpError(error).status
}
