// A card's fields beyond Status: due dates (tomorrow, today, carried, across midnight in +0900), week labels, the
// board's fields checked against the inputs, and the values a card the action adds gets.
import { describe, expect, it } from 'vitest'
import { extractTasks } from '../../src/blog/tasks.js'
import {
  cardFactsByIssue,
  cardValues,
  dueDay,
  isOverdue,
  openingListing,
  pickCardFields,
  weekLabel,
  withCardValues,
  type BoardFieldInfo,
  type CardFacts,
  type FieldValue
} from '../../src/plan/fields.js'
import { buildLedger, type LedgerPost } from '../../src/plan/ledger.js'
import { kst, post } from './helpers.js'

const WEEK = /Week\s*(\d+)/i
const since = kst('2026-02-01')

function titled(p: LedgerPost, title: string): LedgerPost {
  return { ...p, title }
}

/** The facts of the one open task `key` after folding `posts`. */
function factsOf(posts: LedgerPost[], key: string): CardFacts | undefined {
  const ledger = buildLedger(posts, { since })
  return cardFactsByIssue(ledger, [{ number: 7, key }], WEEK).get(7)
}

describe('due dates', () => {
  it.each<[string, LedgerPost[], string, string]>([
    [
      'a task under a tomorrow heading of the post of day D is due D + 1',
      [post('2026-02-22', '## 내일 할 일\n- [ ] 과제 제출')],
      '과제 제출',
      '2026-02-23'
    ],
    [
      'an unchecked task under today is due D',
      [post('2026-02-22', '## 오늘 한 일\n- [ ] 과제 제출')],
      '과제 제출',
      '2026-02-22'
    ],
    [
      'an unchecked task under no heading is due D',
      [post('2026-02-22', '- [ ] 과제 제출')],
      '과제 제출',
      '2026-02-22'
    ],
    [
      'a carried task keeps its first due date',
      [
        post('2026-02-22', '## 내일 할 일\n- [ ] 과제 제출'),
        post('2026-02-23', '## 오늘 한 일\n- [ ] 과제 제출\n## 내일 할 일\n- [ ] 과제 제출'),
        post('2026-02-24', '## 오늘 한 일\n- [ ] 과제 제출')
      ],
      '과제 제출',
      '2026-02-23'
    ],
    [
      'checked under today and listed under tomorrow: the new instance is due the next day',
      [
        post('2026-02-22', '## 내일 할 일\n- [ ] 강의'),
        post('2026-02-23', '## 오늘 한 일\n- [x] 강의\n## 내일 할 일\n- [ ] 강의')
      ],
      '강의',
      '2026-02-24'
    ],
    [
      'a post at 23:50 +0900 (14:50 UTC) is of its day in the blog zone: tomorrow is the next day there',
      [post('2026-02-22', '## 내일 할 일\n- [ ] 과제 제출', { time: '23:50:00' })],
      '과제 제출',
      '2026-02-23'
    ],
    [
      'a post at 00:10 +0900 (the day before in UTC) is of its day in the blog zone',
      [post('2026-02-23', '## Tomorrow\n- [ ] 과제 제출', { time: '00:10:00' })],
      '과제 제출',
      '2026-02-24'
    ],
    ['across a month end', [post('2026-02-28', '## 내일 할 일\n- [ ] 과제 제출')], '과제 제출', '2026-03-01']
  ])('%s', (_what, posts, key, due) => {
    expect(factsOf(posts, key)?.due).toBe(due)
  })

  it('reads the day from the post date in the blog zone, not UTC', () => {
    expect(dueDay({ dateIso: '2026-02-23T00:10:00+09:00', sectionKind: 'today' })).toBe('2026-02-23')
    expect(dueDay({ dateIso: '2026-02-23T00:10:00+09:00', sectionKind: 'tomorrow' })).toBe('2026-02-24')
  })

  it('gives a closed task no facts', () => {
    const posts = [post('2026-02-22', '- [ ] 과제'), post('2026-02-23', '- [x] 과제')]
    expect(factsOf(posts, '과제')).toBeUndefined()
  })

  it('finds the listing that opened an instance in one post, as the ledger folds it', () => {
    const tasks = extractTasks(
      '## 오늘 한 일\n- [ ] 강의\n- [x] 강의\n## 내일 할 일\n- [ ] 강의\n- [ ] 강의',
      1
    )
    expect(openingListing(tasks, '강의')).toMatchObject({ sectionKind: 'tomorrow', line: 5 })
    expect(openingListing(tasks, '없음')).toBeUndefined()
  })

  it('is overdue only once its day has passed', () => {
    expect(isOverdue('2026-02-23', '2026-02-23')).toBe(false)
    expect(isOverdue('2026-02-23', '2026-02-24')).toBe(true)
    expect(isOverdue(undefined, '2026-02-24')).toBe(false)
  })
})

describe('week labels and post URLs', () => {
  it.each([
    ['[Week 06 / Day 041] 학습 기록', 'Week 06'],
    ['week  7 회고', 'week 7'],
    ['Week06', 'Week06'],
    ['2026-02-22 학습 기록', undefined]
  ])('%s -> %s', (title, label) => {
    expect(weekLabel(title, WEEK)).toBe(label)
  })

  it('takes the week and URL of the post that first listed the task', () => {
    const posts = [
      titled(post('2026-02-22', '## 내일 할 일\n- [ ] 과제'), '[Week 06 / Day 041] 학습 기록'),
      titled(post('2026-02-23', '- [ ] 과제'), '[Week 07 / Day 042] 학습 기록')
    ]
    expect(factsOf(posts, '과제')).toEqual({
      due: '2026-02-23',
      week: 'Week 06',
      postUrl: 'https://blog.example/posts/2026-02-22-log/'
    })
  })

  it('meets only the first 300 characters of a title', () => {
    expect(weekLabel(`${'가'.repeat(300)} Week 06`, WEEK)).toBeUndefined()
  })
})

const FIELDS: BoardFieldInfo[] = [
  { id: 'F1', name: 'Title', dataType: 'TITLE' },
  {
    id: 'F2',
    name: 'Status',
    dataType: 'SINGLE_SELECT',
    options: [
      { id: 'o1', name: 'Todo' },
      { id: 'o2', name: 'Done' }
    ]
  },
  { id: 'F3', name: 'Due', dataType: 'DATE' },
  {
    id: 'F4',
    name: 'Sprint',
    dataType: 'ITERATION',
    iterations: [
      { id: 'i6', title: 'Week 06', startDate: '2026-02-16', duration: 7 },
      { id: 'i7', title: 'Week 07', startDate: '2026-02-23', duration: 7 }
    ]
  },
  { id: 'F5', name: 'Post', dataType: 'TEXT' },
  {
    id: 'F6',
    name: 'Week',
    dataType: 'SINGLE_SELECT',
    options: [
      { id: 'w5', name: 'Week 5' },
      { id: 'w6', name: 'Week 6' }
    ]
  },
  { id: 'F7', name: 'Estimate', dataType: 'NUMBER' }
]

describe("the board's fields", () => {
  it('picks the named fields by name, loosely when one matches', () => {
    const picked = pickCardFields(FIELDS, { due: 'due', week: 'Sprint', post: 'Post' })
    expect('fields' in picked && picked.fields.map(f => [f.input, f.name, f.kind])).toEqual([
      ['due-field', 'Due', 'date'],
      ['week-field', 'Sprint', 'iteration'],
      ['post-field', 'Post', 'text']
    ])
  })

  it('picks nothing when no input names a field', () => {
    expect(pickCardFields(FIELDS, { due: '', week: '', post: '' })).toEqual({ fields: [] })
  })

  it('says which named field is missing or of the wrong type, listing the fields and their types', () => {
    const picked = pickCardFields(
      FIELDS,
      { due: 'Deadline', week: 'Estimate', post: 'Due' },
      "the project 'Study'"
    )
    expect(picked).toEqual({
      error:
        "Input 'due-field': the project 'Study' has no field 'Deadline' (it needs a Date field); " +
        "Input 'week-field': the field 'Estimate' of the project 'Study' is of type number, and the input needs an Iteration, single-select or Text field; " +
        "Input 'post-field': the field 'Due' of the project 'Study' is of type date, and the input needs a Text field. " +
        "Its fields and their types: 'Title' (title), 'Status' (single_select), 'Due' (date), 'Sprint' (iteration), 'Post' (text), 'Week' (single_select), 'Estimate' (number). " +
        'Set the input to one of them, or add the field to the board.'
    })
  })
})

describe('the values a card gets', () => {
  const facts: CardFacts = { due: '2026-02-23', week: 'Week 06', postUrl: 'https://blog.example/posts/x/' }
  const fields = (names: { due?: string; week?: string; post?: string }) => {
    const picked = pickCardFields(FIELDS, { due: '', week: '', post: '', ...names })
    if (!('fields' in picked)) throw new Error(picked.error)
    return picked.fields
  }

  it('a date, the iteration holding the due date, and the URL', () => {
    expect(cardValues(facts, fields({ due: 'Due', week: 'Sprint', post: 'Post' }), WEEK)).toEqual({
      values: [
        { fieldId: 'F3', field: 'Due', value: { date: '2026-02-23' }, shown: '2026-02-23' },
        { fieldId: 'F4', field: 'Sprint', value: { iterationId: 'i7' }, shown: 'Week 07' },
        { fieldId: 'F5', field: 'Post', value: { text: facts.postUrl }, shown: facts.postUrl }
      ],
      notes: []
    })
  })

  it('the last day of an iteration is still in it; none holding the date is a note', () => {
    const sprint = fields({ week: 'Sprint' })
    expect(cardValues({ ...facts, due: '2026-02-22' }, sprint, WEEK).values[0]?.shown).toBe('Week 06')
    expect(cardValues({ ...facts, due: '2026-03-02' }, sprint, WEEK)).toEqual({
      values: [],
      notes: ["no iteration of 'Sprint' holds 2026-03-02"]
    })
  })

  it('a single-select week takes the option of the same week number; a text week takes the label', () => {
    expect(cardValues(facts, fields({ week: 'Week' }), WEEK).values).toEqual([
      { fieldId: 'F6', field: 'Week', value: { singleSelectOptionId: 'w6' }, shown: 'Week 6' }
    ])
    expect(cardValues({ ...facts, week: 'Week 09' }, fields({ week: 'Week' }), WEEK).notes).toEqual([
      "'Week' has no option 'Week 09'"
    ])
    expect(cardValues({ ...facts, week: undefined }, fields({ week: 'Week' }), WEEK).notes).toEqual([
      "the post title has no week label for 'Week' (week-pattern)"
    ])
  })

  it('only a card the action adds gets values; a card on the board already (a person’s) gets none', () => {
    const moves: Array<{ number: number; itemId: string | undefined; fields?: FieldValue[] }> = [
      { number: 1, itemId: undefined },
      { number: 2, itemId: 'PVTI_person' },
      { number: 3, itemId: undefined }
    ]
    const known = new Map([
      [1, facts],
      [2, facts]
    ])
    const { moves: out } = withCardValues(moves, fields({ due: 'Due' }), known, WEEK)
    expect(out.map(m => m.fields?.map(f => f.shown) ?? null)).toEqual([['2026-02-23'], null, null])
  })
})
