// planMoves, from a resolved board and each issue's placement: the fewest card moves (add, set Status), and never
// an item that is not the action's. Pure: no GitHub (the board's resolve is in test/github/board.test.ts).
import { describe, expect, it } from 'vitest'
import { planMoves, type Board, type IssueFacts, type Placement } from '../../src/plan/board.js'

const option = (id: string, name: string) => ({ id, name })

const board: Board = {
  projectId: 'PVT_1',
  title: 'Blog tasks',
  url: 'https://github.com/users/octo/projects/1',
  field: { id: 'F_status', name: 'Status' },
  options: [option('o0', 'Todo'), option('o1', 'In Progress'), option('o2', 'Done')],
  columns: {
    todo: option('o0', 'Todo'),
    inProgress: option('o1', 'In Progress'),
    inReview: undefined,
    done: option('o2', 'Done')
  }
}

const facts = (number: number, extra: Partial<IssueFacts> = {}): IssueFacts => ({
  id: `I_${number}`,
  number,
  title: `task ${number}`,
  url: `https://github.com/octo/blog/issues/${number}`,
  state: 'OPEN',
  stateReason: null,
  managed: true,
  assignees: [],
  linkedBranches: [],
  pulls: [],
  items: [],
  ...extra
})
const onBoard = (status: string | null, extra: Partial<IssueFacts['items'][number]> = {}) => [
  { id: 'PVTI_x', projectId: 'PVT_1', status, archived: false, ...extra }
]
const at = (column: Placement['column']): Placement => ({ column, reason: 'because' })

describe('planMoves: the fewest moves, never an item that is not the action’s', () => {
  it.each<
    [
      string,
      IssueFacts,
      Placement,
      { itemId: string | undefined; from: string | null | undefined; to: string } | 'none' | string
    ]
  >([
    [
      'not on the board: added, then set',
      facts(1),
      at('todo'),
      { itemId: undefined, from: undefined, to: 'Todo' }
    ],
    ['already in its column: untouched', facts(2, { items: onBoard('Todo') }), at('todo'), 'none'],
    [
      'No Status: set',
      facts(3, { items: onBoard(null) }),
      at('todo'),
      { itemId: 'PVTI_x', from: null, to: 'Todo' }
    ],
    [
      'drifted: set back',
      facts(4, { items: onBoard('Done') }),
      at('inProgress'),
      { itemId: 'PVTI_x', from: 'Done', to: 'In Progress' }
    ],
    [
      'on another project only: added to this one',
      facts(5, { items: [{ id: 'PVTI_o', projectId: 'PVT_other', status: 'Done', archived: false }] }),
      at('todo'),
      { itemId: undefined, from: undefined, to: 'Todo' }
    ],
    [
      'In Review without that column: In Progress',
      facts(6, { items: onBoard('Todo') }),
      at('inReview'),
      { itemId: 'PVTI_x', from: 'Todo', to: 'In Progress' }
    ],
    [
      'not a task issue of this action',
      facts(7, { managed: false, items: onBoard('Todo') }),
      at('done'),
      'not a task issue of this action'
    ],
    [
      'archived by a person',
      facts(8, { items: onBoard('Todo', { archived: true }) }),
      at('done'),
      'its item is archived'
    ],
    [
      'closed and never on the board',
      facts(9, { state: 'CLOSED', stateReason: 'COMPLETED' }),
      at('done'),
      'closed and not on the board'
    ]
  ])('%s', (_name, issue, placement, expected) => {
    const { moves, skipped } = planMoves([issue], board, new Map([[issue.number, placement]]))
    if (expected === 'none') {
      expect(moves).toEqual([])
      expect(skipped).toEqual([])
    } else if (typeof expected === 'string') {
      expect(moves).toEqual([])
      expect(skipped).toEqual([{ number: issue.number, why: expected }])
    } else {
      expect(moves.map(m => ({ itemId: m.itemId, from: m.from, to: m.option.name }))).toEqual([expected])
      expect(moves[0]?.contentId).toBe(issue.id)
    }
  })

  it('issues without a placement are not looked at', () => {
    expect(planMoves([facts(1)], board, new Map())).toEqual({ moves: [], skipped: [] })
  })
})
