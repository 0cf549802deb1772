// Nested task items as tasks of their own: keys scoped by the parent, plain items kept in the body, GitHub's
// sub-issue limits as findings, and which task issue becomes a sub-issue of which.
import { describe, expect, it } from 'vitest'
import { extractTasks } from '../../src/blog/tasks.js'
import { buildLedger, desiredOpen } from '../../src/plan/ledger.js'
import { expandNested, subIssueLinks } from '../../src/plan/nested.js'
import { isNestedKey, NEST, nestedKey, parentKeyOf } from '../../src/plan/nested-key.js'
import { kst, post } from './helpers.js'

const LOG = [
  '## 오늘 한 일',
  '- [ ] 강의 수강 및 정리',
  '    - [x] [이미지 분류] 9강',
  '    - [ ] [이미지 분류] 10강',
  '        - 슬라이드 복습',
  '    - 메모: 질문 정리',
  '- [ ] 과제 제출',
  '    - [ ] 10강'
].join('\n')

describe('expandNested', () => {
  it('keeps nested items in the body with `body`', () => {
    const tasks = extractTasks(LOG, 1)
    expect(expandNested(tasks, 'body').tasks).toEqual(tasks)
  })

  it('makes each nested task item a task of its own, keyed by its parent; plain items stay in the body', () => {
    const { tasks, findings } = expandNested(extractTasks(LOG, 1), 'sub-issues')
    expect(findings).toEqual([])
    expect(tasks.map(t => [t.key.split(NEST).join(' > '), t.checked, t.line, t.sectionKind])).toEqual([
      ['강의 수강 및 정리', false, 2, 'today'],
      ['강의 수강 및 정리 > [이미지 분류] 9강', true, 3, 'today'],
      ['강의 수강 및 정리 > [이미지 분류] 10강', false, 4, 'today'],
      ['과제 제출', false, 7, 'today'],
      ['과제 제출 > 10강', false, 8, 'today']
    ])
    expect(tasks[0]!.subItems.map(s => s.text)).toEqual(['메모: 질문 정리'])
    expect(tasks[2]!.subItems).toEqual([{ text: '슬라이드 복습', checked: null, depth: 1, line: 5 }])
  })

  it('the same text under two parents is two tasks', () => {
    const { tasks } = expandNested(
      extractTasks('- [ ] A\n    - [ ] 10강\n- [ ] B\n    - [ ] 10강', 1),
      'sub-issues'
    )
    expect(new Set(tasks.map(t => t.key)).size).toBe(4)
  })

  it('a task item under a plain item has no task parent: it stays in the body', () => {
    const { tasks } = expandNested(extractTasks('- [ ] A\n    - 메모\n        - [ ] 안쪽', 1), 'sub-issues')
    expect(tasks.map(t => t.key)).toEqual(['a'])
    expect(tasks[0]!.subItems.map(s => [s.text, s.checked])).toEqual([
      ['메모', null],
      ['안쪽', false]
    ])
  })

  it('beyond the levels GitHub nests sub-issues, items stay in the body, with a finding', () => {
    const deep = Array.from({ length: 4 }, (_, i) => `${'    '.repeat(i)}- [ ] L${i + 1}`).join('\n')
    const { tasks, findings } = expandNested(extractTasks(deep, 1), 'sub-issues', 3)
    expect(tasks.map(t => t.text)).toEqual(['L1', 'L2', 'L3'])
    expect(tasks[2]!.subItems.map(s => s.text)).toEqual(['L4'])
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'too-deep', line: 3, message: expect.stringMatching(/3 levels/) })
    ])
  })

  it('beyond 100 nested tasks under one parent, the rest stay in the body, with a finding', () => {
    const wide = ['- [ ] 큰 일', ...Array.from({ length: 101 }, (_, i) => `    - [ ] 작은 일 ${i + 1}`)].join(
      '\n'
    )
    const { tasks, findings } = expandNested(extractTasks(wide, 1), 'sub-issues')
    expect(tasks).toHaveLength(101)
    expect(tasks[0]!.subItems.map(s => s.text)).toEqual(['작은 일 101'])
    expect(findings.map(f => f.kind)).toEqual(['too-many'])
  })
})

describe('nested tasks in the ledger', () => {
  it('checking a nested task closes it, unchecking it later opens it again; the parent stays open', () => {
    const posts = [
      post('2026-02-22', '- [ ] 강의\n    - [ ] 10강'),
      post('2026-02-23', '- [ ] 강의\n    - [x] 10강'),
      post('2026-02-24', '- [ ] 강의\n    - [ ] 10강')
    ].map(p => ({ ...p, tasks: expandNested(p.tasks, 'sub-issues').tasks }))
    const ledger = buildLedger(posts, { since: kst('2026-02-01') })
    const child = ledger.tasks.get(nestedKey('강의', '10강'))!
    expect(child.instances.map(i => [i.opened.dateIso.slice(0, 10), i.closed?.dateIso.slice(0, 10)])).toEqual(
      [
        ['2026-02-22', '2026-02-23'],
        ['2026-02-24', undefined]
      ]
    )
    expect(desiredOpen(ledger).map(i => i.key)).toEqual(['강의', nestedKey('강의', '10강')])
  })

  it('reads keys back', () => {
    expect(parentKeyOf(nestedKey(nestedKey('a', 'b'), 'c'))).toBe(nestedKey('a', 'b'))
    expect(parentKeyOf('a')).toBeUndefined()
    expect(isNestedKey(nestedKey('a', 'b'))).toBe(true)
  })
})

describe('subIssueLinks', () => {
  const k = (...parts: string[]) => parts.join(NEST)
  it('links each open nested task issue under its parent task’s open issue, once', () => {
    const links = subIssueLinks([
      { number: 1, key: 'a', state: 'closed', parent: null },
      { number: 4, key: 'a', state: 'open', parent: null },
      { number: 5, key: k('a', 'b'), state: 'open', parent: null },
      { number: 6, key: k('a', 'b', 'c'), state: 'open', parent: 5 },
      { number: 7, key: k('a', 'd'), state: 'open', parent: 1 },
      { number: 8, key: k('a', 'e'), state: 'closed', parent: null },
      { number: 9, key: k('a', 'f'), state: 'open', parent: 99 },
      { number: 10, key: k('z', 'y'), state: 'open', parent: null }
    ])
    expect(links).toEqual([
      { parent: 4, child: 5, replace: false },
      { parent: 4, child: 7, replace: true }
    ])
  })
})
