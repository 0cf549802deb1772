// A nested task's key: its parent's key, U+001F, its own key; and GitHub's sub-issue limits. A leaf: no markdown
// parser (the keys come from blog/tasks.ts), so github/ may read keys through it.

/** GitHub: at most 100 sub-issues under one parent issue. */
export const SUB_ISSUES_PER_PARENT = 100
/** GitHub: at most eight levels of nested sub-issues. */
export const SUB_ISSUE_LEVELS = 8

/** Between a parent's key and a nested task's own key (a control character no folded task text holds). */
export const NEST = '\u001f'

export type NestedTasks = 'body' | 'sub-issues'

export function nestedKey(parentKey: string, ownKey: string): string {
  return `${parentKey}${NEST}${ownKey}`
}

/** The parent task's key of a nested task's key, or undefined for a top-level task. */
export function parentKeyOf(key: string): string | undefined {
  const at = key.lastIndexOf(NEST)
  return at < 0 ? undefined : key.slice(0, at)
}

export function isNestedKey(key: string): boolean {
  return key.includes(NEST)
}
