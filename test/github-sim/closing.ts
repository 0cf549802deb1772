// GitHub's closing keywords: which issue numbers a pull request body or commit message closes
// ("Fixes #12", "closes: octo/blog#3", "Resolves https://github.com/octo/blog/issues/4"). Pure text work.

const KEYWORD = String.raw`(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)`
const REFERENCE = String.raw`(?:([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+))?#(\d+)`
const URL_REFERENCE = String.raw`https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/issues\/(\d+)`
const PATTERN = new RegExp(
  String.raw`(?<![\w/])${KEYWORD}:?\s+(?:${REFERENCE}|${URL_REFERENCE})(?![\w/])`,
  'gi'
)

/** Code is not rendered as links on GitHub, so keywords inside it close nothing. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '')
}

/**
 * Numbers of the issues in `owner/repo` that `text` closes, in order of first mention, without duplicates.
 * References to other repositories are ignored (the simulator holds one repository).
 */
export function closingReferences(text: string | null | undefined, owner: string, repo: string): number[] {
  if (!text) return []
  const found: number[] = []
  for (const m of withoutCode(text).matchAll(PATTERN)) {
    const refOwner = m[1] ?? m[4]
    const refRepo = m[2] ?? m[5]
    const number = Number(m[3] ?? m[6])
    const sameRepo =
      refOwner === undefined ||
      (refOwner.toLowerCase() === owner.toLowerCase() && refRepo?.toLowerCase() === repo.toLowerCase())
    if (sameRepo && !found.includes(number)) found.push(number)
  }
  return found
}
