// Nested task items as tasks of their own (`nested-tasks: sub-issues`): their keys scoped by the parent, the
// posts that exceed GitHub's sub-issue limits, and which task issue becomes a sub-issue of which. Pure.
//
// Choices (tested in test/plan/nested.test.ts):
// - A nested task item (`- [ ]`/`- [x]` under a task) is a task whose key is its parent's key, U+001F, its own
//   key: the same text under two parents is two tasks. Checking it closes its issue, unchecking reopens, as any task.
// - Plain nested items stay in the body of the nearest task above them; a task item under a plain item stays in the
//   body too (it has no task parent).
// - GitHub's limits (docs.github.com, "Adding sub-issues": "You can add up to 100 sub-issues per parent issue and
//   create up to eight levels of nested sub-issues"): a chain of task issues is at most `levels` deep (8, or 7 when
//   the daily plan issue is the parent of the top tasks: `sub-issues: true`), a parent has at most 100 nested tasks;
//   the items beyond stay in their parent's body and the post gets a finding.
// - An issue has one parent on GitHub: a nested task issue belongs to its parent task, so the daily plan attaches
//   only top-level task issues (its own `sub-issues: true`); the nested ones show under their parent.
import {
  SUB_ISSUES_PER_PARENT,
  SUB_ISSUE_LEVELS,
  nestedKey,
  parentKeyOf,
  type NestedTasks
} from './nested-key.js'
import type { SubItem, Task } from '../blog/tasks.js'
import { taskKey } from '../blog/tasks.js'

/** A post's task list beyond what GitHub's sub-issues can hold. */
export interface NestingFinding {
  line: number
  kind: 'too-deep' | 'too-many'
  message: string
}

/**
 * The tasks of one post with nested task items made tasks of their own (`sub-issues`), in document order (each
 * parent before its nested tasks); with `body`, the tasks unchanged. `levels`: how deep a chain of task issues may be.
 */
export function expandNested(
  tasks: readonly Task[],
  mode: NestedTasks,
  levels = SUB_ISSUE_LEVELS
): { tasks: Task[]; findings: NestingFinding[] } {
  if (mode === 'body') return { tasks: [...tasks], findings: [] }
  const out: Task[] = []
  const findings: NestingFinding[] = []
  for (const task of tasks) expandOne(task, task.key || taskKey(task.text), 1, levels, out, findings)
  return { tasks: out, findings }
}

/** Puts `task` (at `level`, 1 = top) and its nested tasks into `out`. */
function expandOne(
  task: Task,
  key: string,
  level: number,
  levels: number,
  out: Task[],
  findings: NestingFinding[]
): void {
  const own: SubItem[] = []
  const children: Array<{ item: SubItem; below: SubItem[] }> = []
  let current: { item: SubItem; below: SubItem[] } | undefined
  let tooMany = false
  let tooDeep = false
  for (const item of task.subItems) {
    if (item.depth === 1) {
      current = undefined
      const canNest = item.checked !== null && level < levels && children.length < SUB_ISSUES_PER_PARENT
      if (item.checked !== null && level >= levels) tooDeep = true
      if (item.checked !== null && level < levels && !canNest) tooMany = true
      if (canNest) {
        current = { item, below: [] }
        children.push(current)
      } else own.push(item)
    } else if (current) current.below.push({ ...item, depth: item.depth - 1 })
    else own.push(item)
  }
  out.push({ ...task, key, subItems: own })
  if (tooDeep)
    findings.push({
      line: task.line,
      kind: 'too-deep',
      message: `the nested tasks under line ${task.line} go deeper than GitHub's ${levels} levels of sub-issues; the deeper ones stay in the issue body`
    })
  if (tooMany)
    findings.push({
      line: task.line,
      kind: 'too-many',
      message: `the task on line ${task.line} has more than ${SUB_ISSUES_PER_PARENT} nested tasks, GitHub's limit of sub-issues per parent; the rest stay in the issue body`
    })
  for (const { item, below } of children) {
    const child: Task = {
      text: item.text,
      key: '',
      checked: item.checked === true,
      ...(task.section !== undefined ? { section: task.section } : {}),
      sectionKind: task.sectionKind,
      line: item.line,
      subItems: below
    }
    expandOne(child, nestedKey(key, taskKey(item.text)), level + 1, levels, out, findings)
  }
}

/** One sub-issue link to make: `child` under `parent` (issue numbers). */
export interface SubIssueLink {
  parent: number
  child: number
  /** The child hangs under another task issue of the chain (an older instance of its parent): move it. */
  replace: boolean
}

/**
 * The links that make every open nested task issue a sub-issue of its parent task's issue (the open one, else the
 * newest), skipping those already there. An issue attached elsewhere by a person is left alone (`parent` set to an
 * issue that is not a task issue of the same chain).
 */
export function subIssueLinks(
  issues: ReadonlyArray<{ number: number; key: string; state: 'open' | 'closed'; parent: number | null }>
): SubIssueLink[] {
  const byKey = new Map<string, number>()
  for (const issue of [...issues].sort((a, b) => rank(a) - rank(b) || a.number - b.number))
    byKey.set(issue.key, issue.number)
  const numbers = new Set(issues.map(i => i.number))
  const links: SubIssueLink[] = []
  for (const issue of issues) {
    const parentKey = parentKeyOf(issue.key)
    if (parentKey === undefined || issue.state !== 'open') continue
    const parent = byKey.get(parentKey)
    if (parent === undefined || issue.parent === parent) continue
    // A parent a person chose (not one of the task issues) is theirs to keep.
    if (issue.parent !== null && !numbers.has(issue.parent)) continue
    links.push({ parent, child: issue.number, replace: issue.parent !== null })
  }
  return links.sort((a, b) => a.parent - b.parent || a.child - b.child)
}

/** Open issues last, so the open one of a key wins; among the same state, the newest. */
const rank = (i: { state: 'open' | 'closed' }) => (i.state === 'open' ? 1 : 0)
