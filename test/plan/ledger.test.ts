import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Ledger, LedgerPost } from '../../src/plan/ledger.js'
import { buildLedger, desiredOpen, postsThatMatter } from '../../src/plan/ledger.js'
import { kst, post } from './helpers.js'

const since = kst('2026-03-01')
/** Per key: each instance as `opened-day..closed-day` (`..open` while open), days as MM-DD. */
const shape = (ledger: Ledger): Record<string, string[]> =>
  Object.fromEntries(
    [...ledger.tasks.values()].map(h => [
      h.key,
      h.instances.map(
        i => `${i.opened.dateIso.slice(5, 10)}..${i.closed ? i.closed.dateIso.slice(5, 10) : 'open'}`
      )
    ])
  )

describe('buildLedger', () => {
  it.each<[string, LedgerPost[], Record<string, string[]>]>([
    [
      'an unchecked task opens an instance',
      [post('2026-03-02', '- [ ] 과제 제출')],
      { '과제 제출': ['03-02..open'] }
    ],
    [
      'a later checked listing closes it',
      [post('2026-03-02', '- [ ] 과제 제출'), post('2026-03-03', '- [x] 과제 제출')],
      { '과제 제출': ['03-02..03-03'] }
    ],
    [
      'checked under today and listed under tomorrow in one post: closes one, opens the next',
      [
        post('2026-03-02', '## 내일 할 일\n- [ ] 강의'),
        post('2026-03-03', '## 오늘 한 일\n- [x] 강의\n## 내일 할 일\n- [ ] 강의')
      ],
      { 강의: ['03-02..03-03', '03-03..open'] }
    ],
    ['a check with nothing open opens nothing', [post('2026-03-02', '- [x] 팀 회의')], { '팀 회의': [] }],
    [
      'the same key despite markdown and spacing',
      [post('2026-03-02', '- [ ] **과제  제출**'), post('2026-03-03', '- [x] 과제 제출')],
      { '과제 제출': ['03-02..03-03'] }
    ],
    [
      'posts are folded by date whatever the input order',
      [post('2026-03-04', '- [ ] 논문'), post('2026-03-02', '- [ ] 논문'), post('2026-03-03', '- [x] 논문')],
      { 논문: ['03-02..03-03', '03-04..open'] }
    ],
    [
      'nested task items are sub-items, not tasks',
      [post('2026-03-02', '- [ ] 프로젝트\n    - [ ] 설계')],
      { 프로젝트: ['03-02..open'] }
    ]
  ])('%s', (_name, posts, want) => {
    expect(shape(buildLedger(posts, { since }))).toEqual(want)
  })

  it('posts of one instant are folded by path', () => {
    const a = post('2026-03-02', '- [ ] 과제', { slug: 'a' })
    const b = post('2026-03-02', '- [x] 과제', { slug: 'b' })
    expect(shape(buildLedger([b, a], { since }))).toEqual({ 과제: ['03-02..03-02'] })
    expect(
      shape(
        buildLedger(
          [
            { ...b, tasks: a.tasks },
            { ...a, tasks: b.tasks }
          ],
          { since }
        )
      )
    ).toEqual({
      과제: ['03-02..open']
    })
  })

  it('records where an instance was opened, last listed and closed', () => {
    const ledger = buildLedger(
      [
        post('2026-03-02', '## 내일 할 일\n- [ ] 논문 읽기'),
        post('2026-03-03', '## 오늘 한 일\n- [ ] 논문 읽기\n\n## 내일 할 일\n- [ ] `논문` 읽기'),
        post('2026-03-05', '## 오늘 한 일\n\n- [x] 논문 읽기')
      ],
      { since }
    )
    const [instance] = ledger.tasks.get('논문 읽기')!.instances
    expect(instance).toMatchObject({
      text: '`논문` 읽기',
      opened: { path: '_posts/2026-03-02-log.md', line: 2, sectionKind: 'tomorrow', checked: false },
      lastSeen: {
        path: '_posts/2026-03-03-log.md',
        line: 5,
        section: '내일 할 일',
        postTitle: '2026-03-03 학습 기록'
      },
      closed: {
        path: '_posts/2026-03-05-log.md',
        line: 3,
        url: 'https://blog.example/posts/2026-03-05-log/'
      },
      listings: 3,
      carriedDays: 1
    })
  })

  it.each<[string, string, string, number]>([
    ['same day', '2026-03-02T09:00:00', '2026-03-02T23:00:00', 0],
    ['across midnight in the site timezone', '2026-03-02T23:50:00', '2026-03-03T00:10:00', 1],
    ['three days', '2026-03-02T23:00:00', '2026-03-05T08:00:00', 3],
    ['across a month end', '2026-02-27T22:00:00', '2026-03-02T22:00:00', 3]
  ])('carriedDays counts calendar days: %s', (_name, first, last, days) => {
    const at = (iso: string, md: string): LedgerPost => {
      const p = post(iso.slice(0, 10), md, { time: iso.slice(11), slug: iso.slice(11, 13) })
      return p
    }
    const ledger = buildLedger([at(first, '- [ ] 과제'), at(last, '- [ ] 과제')], { since })
    expect(ledger.tasks.get('과제')!.instances[0]!.carriedDays).toBe(days)
  })

  it('merges sub-items across listings: first-seen order, the latest state', () => {
    const ledger = buildLedger(
      [
        post('2026-03-02', '- [ ] 프로젝트\n    - [x] 설계\n    - [ ] 구현'),
        post('2026-03-03', '- [ ] 프로젝트\n    - [x] 구현\n    - [ ] 테스트\n        - 단위 테스트')
      ],
      { since }
    )
    const subs = ledger.tasks.get('프로젝트')!.instances[0]!.subItems
    expect(subs.map(s => [s.text, s.checked, s.depth])).toEqual([
      ['설계', true, 1],
      ['구현', true, 1],
      ['테스트', false, 1],
      ['단위 테스트', null, 2]
    ])
  })

  it('a new instance starts with its own sub-items, not those of the closed one', () => {
    const ledger = buildLedger(
      [
        post('2026-03-02', '- [ ] 강의\n    - 3강'),
        post('2026-03-03', '- [x] 강의\n    - 3강\n- [ ] 강의\n    - 4강')
      ],
      { since }
    )
    expect(ledger.tasks.get('강의')!.instances.map(i => i.subItems.map(s => s.text))).toEqual([
      ['3강'],
      ['4강']
    ])
  })

  it.each<[string, LedgerPost[], string[], string[]]>([
    ['listed only before since', [post('2026-02-20', '- [ ] 옛 할 일')], ['옛 할 일'], []],
    [
      'carried into the window',
      [post('2026-02-20', '- [ ] 옛 할 일'), post('2026-03-02', '- [ ] 옛 할 일')],
      [],
      ['옛 할 일']
    ],
    [
      'checked before since',
      [post('2026-02-20', '- [ ] 옛 할 일'), post('2026-02-21', '- [x] 옛 할 일')],
      [],
      []
    ],
    [
      'checked in the window',
      [post('2026-02-20', '- [ ] 옛 할 일'), post('2026-03-02', '- [x] 옛 할 일')],
      [],
      []
    ]
  ])('stale (open, last listed before since): %s', (_name, posts, stale, desired) => {
    const ledger = buildLedger(posts, { since })
    expect(ledger.stale).toEqual(stale)
    expect(ledger.staleUnchecked).toBe(stale.length)
    expect(desiredOpen(ledger).map(i => i.key)).toEqual(desired)
  })
})

describe('postsThatMatter', () => {
  const posts = ['2026-02-01', '2026-02-15', '2026-03-01', '2026-03-10'].map(d => ({ date: kst(d), name: d }))
  it.each<[string, number | undefined, number, string[]]>([
    ['no open issue: since', undefined, kst('2026-03-01'), ['2026-03-01', '2026-03-10']],
    [
      'an older open issue reaches back',
      kst('2026-02-15'),
      kst('2026-02-15'),
      ['2026-02-15', '2026-03-01', '2026-03-10']
    ],
    ['a newer open issue changes nothing', kst('2026-03-10'), kst('2026-03-01'), ['2026-03-01', '2026-03-10']]
  ])('%s', (_name, oldest, cutoff, kept) => {
    const got = postsThatMatter(posts, { since: kst('2026-03-01'), oldestOpenIssueSourceDate: oldest })
    expect(got.cutoff).toBe(cutoff)
    expect(got.posts.map(p => p.name)).toEqual(kept)
  })

  it('dropping the posts before since never changes which tasks want an issue', () => {
    const keys = ['과제 제출', '강의', '논문']
    const listing = fc.record({ key: fc.constantFrom(...keys), checked: fc.boolean() })
    const day = fc.integer({ min: 1, max: 28 })
    const arbPost = fc.record({ day, listings: fc.array(listing, { maxLength: 4 }) })
    fc.assert(
      fc.property(fc.array(arbPost, { maxLength: 10 }), day, (raw, sinceDay) => {
        const posts = raw.map((p, i) =>
          post(
            `2026-02-${String(p.day).padStart(2, '0')}`,
            p.listings.map(l => `- [${l.checked ? 'x' : ' '}] ${l.key}`).join('\n'),
            {
              slug: `p${i}`
            }
          )
        )
        const since = kst(`2026-02-${String(sinceDay).padStart(2, '0')}`)
        const all = desiredOpen(buildLedger(posts, { since })).map(i => i.key)
        const cut = desiredOpen(buildLedger(postsThatMatter(posts, { since }).posts, { since })).map(
          i => i.key
        )
        expect(new Set(cut)).toEqual(new Set(all))
      })
    )
  })
})
