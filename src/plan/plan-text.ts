// A task plan as text, one line per operation, terraform-style (the dry run's list and the job log). Pure: it
// describes the operations reconcile.ts decided; it never decides nor changes one.
import type { Operation } from './reconcile.js'

/** The plan as text, one line per operation, terraform-style: `+` create, `~` update/reopen/comment, `-` close. */
export function formatPlan(ops: readonly Operation[]): string {
  if (ops.length === 0) return 'No changes: the issues agree with the posts.'
  return ops
    .map(op => {
      switch (op.kind) {
        case 'create':
          return `+ create "${op.title}" (${op.reason})`
        case 'update':
          return `~ update #${op.number} ${edited(op)} (${op.reason})`
        case 'close':
          return `- close #${op.number} as completed (${op.reason})`
        case 'close-duplicate':
          return `- close #${op.number} as duplicate of #${op.duplicateOf} (${op.reason})`
        case 'reopen':
          return `~ reopen #${op.number}${edited(op) ? ` and edit ${edited(op)}` : ''} (${op.reason})`
        case 'comment':
          return `~ comment on #${op.number} (${op.reason})`
        case 'note':
          return `# ${op.reason}`
      }
    })
    .join('\n')
}

const edited = (op: { title?: string; body?: string }) =>
  [op.title !== undefined && 'title', op.body !== undefined && 'body'].filter(Boolean).join('+')
