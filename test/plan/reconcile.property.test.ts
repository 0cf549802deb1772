import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { markerLine } from '../../src/plan/marker.js'
import type { LedgerPost } from '../../src/plan/ledger.js'
import { buildLedger, desiredOpen, foldOrder } from '../../src/plan/ledger.js'
import type { ManagedIssue, Operation } from '../../src/plan/reconcile.js'
import { applyCap, closersJudged, isWrite, reconcile } from '../../src/plan/reconcile.js'
import { applyOps, issue, kst, post, repoFileUrl } from './helpers.js'

// Random month of posts, random earlier runs of the action, random things people did on GitHub in between;
// then the properties every plan must have.

const options = { labels: ['task'], repoFileUrl }
const KEYS = [
  ['과제 제출', '**과제 제출**', '과제  제출'],
  ['강의', '`강의`'],
  ['논문 읽기', '논문 읽기'],
  ['회의 @lead', '회의 @lead']
] as const
const FINAL_RUN = '2026-04-15T00:00:00Z'
const dayIso = (day: number): string => `2026-03-${String(day).padStart(2, '0')}`

const arbListing = fc.record({
  task: fc.integer({ min: 0, max: KEYS.length - 1 }),
  variant: fc.nat(2),
  checked: fc.boolean(),
  tomorrow: fc.boolean()
})
const arbPosts = fc
  .array(
    fc.record({ day: fc.integer({ min: 1, max: 28 }), listings: fc.array(arbListing, { maxLength: 5 }) }),
    {
      maxLength: 8
    }
  )
  .map(raw =>
    foldOrder(
      raw.map((p, i) => {
        const lines = p.listings.map(l => {
          const variants = KEYS[l.task]!
          const text = variants[l.variant % variants.length]!
          return `## ${l.tomorrow ? '내일 할 일' : '오늘 한 일'}\n- [${l.checked ? 'x' : ' '}] ${text}`
        })
        return post(dayIso(p.day), lines.join('\n'), { slug: `p${i}` })
      })
    )
  )

type Meddle =
  | { kind: 'person-close'; pick: number; day: number }
  | { kind: 'person-reopen'; pick: number }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'edit-body'; pick: number }
  | { kind: 'keyless' }
  | { kind: 'orphan' }
const arbMeddle: fc.Arbitrary<Meddle> = fc.oneof(
  fc.record({
    kind: fc.constant('person-close' as const),
    pick: fc.nat(),
    day: fc.integer({ min: 1, max: 31 })
  }),
  fc.record({ kind: fc.constant('person-reopen' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('edit-body' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('keyless' as const) }),
  fc.record({ kind: fc.constant('orphan' as const) })
)

const arbWorld = fc.record({
  posts: arbPosts,
  sinceDay: fc.integer({ min: 1, max: 31 }),
  runs: fc.array(fc.nat(), { maxLength: 4 }),
  meddling: fc.array(arbMeddle, { maxLength: 5 })
})

function meddle(state: ManagedIssue[], m: Meddle): ManagedIssue[] {
  const next = state.map(i => ({ ...i }))
  const nextNumber = Math.max(0, ...next.map(i => i.number)) + 1
  const open = next.filter(i => i.state === 'open')
  const closed = next.filter(i => i.state === 'closed')
  switch (m.kind) {
    case 'person-close': {
      const target = open[m.pick % Math.max(1, open.length)]
      if (target)
        Object.assign(target, {
          state: 'closed',
          stateReason: 'not_planned',
          closedAt: `${dayIso(m.day)}T12:00:00Z`,
          closedByAction: false
        })
      break
    }
    case 'person-reopen': {
      const target = closed[m.pick % Math.max(1, closed.length)]
      if (target)
        Object.assign(target, {
          state: 'open',
          stateReason: 'reopened',
          closedAt: null,
          closedByAction: false
        })
      break
    }
    case 'duplicate': {
      const target = open[m.pick % Math.max(1, open.length)]
      if (target)
        next.push({
          ...target,
          number: nextNumber,
          nodeId: `I_${nextNumber}`,
          createdAt: '2026-03-31T00:00:00Z'
        })
      break
    }
    case 'edit-body': {
      const target = next[m.pick % Math.max(1, next.length)]
      if (target?.key) target.body = `사람이 고친 본문\n${markerLine(target.key)}`
      break
    }
    case 'keyless':
      next.push(issue({ number: nextNumber, title: '사람이 만든 이슈', body: '마커 없음' }))
      break
    case 'orphan':
      next.push(issue({ number: nextNumber, title: '사라진 일', body: `x\n${markerLine('사라진 일')}` }))
      break
  }
  return next
}

/** GitHub after earlier runs of the action over prefixes of the posts, with people meddling afterwards. */
function worldState(posts: LedgerPost[], since: number, runs: number[], meddling: Meddle[]): ManagedIssue[] {
  let state: ManagedIssue[] = []
  for (const r of [...runs].sort((a, b) => a - b)) {
    const k = posts.length === 0 ? 0 : (r % posts.length) + 1
    const prefix = posts.slice(0, k)
    const last = prefix.at(-1)
    const now = new Date((last?.date ?? kst('2026-03-01')) + 3_600_000).toISOString()
    state = applyOps(state, reconcile(buildLedger(prefix, { since }), state, options), now)
  }
  return meddling.reduce(meddle, state)
}

const numbered = (op: Operation): number | undefined => ('number' in op ? op.number : undefined)

describe('reconcile properties', () => {
  it('is idempotent: after applying its plan, the next plan has no writes', () => {
    fc.assert(
      fc.property(arbWorld, w => {
        const since = kst(dayIso(Math.min(w.sinceDay, 28)))
        const ledger = buildLedger(w.posts, { since })
        const state = worldState(w.posts, since, w.runs, w.meddling)
        const after = applyOps(state, reconcile(ledger, state, options), FINAL_RUN)
        expect(reconcile(ledger, after, options).filter(isWrite)).toEqual([])
      }),
      { numRuns: 150 }
    )
  })

  it('never plans two creates for one key, nor a create beside an open issue it keeps', () => {
    fc.assert(
      fc.property(arbWorld, w => {
        const since = kst(dayIso(Math.min(w.sinceDay, 28)))
        const state = worldState(w.posts, since, w.runs, w.meddling)
        const ops = reconcile(buildLedger(w.posts, { since }), state, options)
        const creates = ops.filter(o => o.kind === 'create').map(o => o.key)
        expect(new Set(creates).size).toBe(creates.length)
        const after = applyOps(state, ops, FINAL_RUN)
        for (const key of new Set(after.map(i => i.key))) {
          if (key === null) continue
          expect(after.filter(i => i.key === key && i.state === 'open').length).toBeLessThanOrEqual(1)
        }
      }),
      { numRuns: 150 }
    )
  })

  it('never plans an operation on an issue without a key, or on one that does not exist', () => {
    fc.assert(
      fc.property(arbWorld, w => {
        const since = kst(dayIso(Math.min(w.sinceDay, 28)))
        const state = worldState(w.posts, since, w.runs, w.meddling)
        for (const op of reconcile(buildLedger(w.posts, { since }), state, options)) {
          const n = numbered(op)
          if (n === undefined) continue
          const target = state.find(i => i.number === n)
          expect(target).toBeDefined()
          expect(target!.key).toBe(op.key)
        }
      }),
      { numRuns: 150 }
    )
  })

  it('leaves every wanted task with an open issue, unless a person closed it, and no checked task open', () => {
    fc.assert(
      fc.property(arbWorld, w => {
        const since = kst(dayIso(Math.min(w.sinceDay, 28)))
        const ledger = buildLedger(w.posts, { since })
        const state = worldState(w.posts, since, w.runs, w.meddling)
        const after = applyOps(state, reconcile(ledger, state, options), FINAL_RUN)
        const openKeys = new Set(after.filter(i => i.state === 'open').map(i => i.key))
        for (const instance of desiredOpen(ledger)) {
          const personClosed = state.some(
            i => i.key === instance.key && i.state === 'closed' && !i.closedByAction
          )
          if (!personClosed) expect(openKeys.has(instance.key)).toBe(true)
        }
        for (const history of ledger.tasks.values()) {
          const last = history.instances.at(-1)
          if (last === undefined || last.closed !== undefined) expect(openKeys.has(history.key)).toBe(false)
        }
      }),
      { numRuns: 150 }
    )
  })

  it('who closed an issue changes the plan for the issues closersJudged names, and for no other', () => {
    fc.assert(
      fc.property(arbWorld, w => {
        const since = kst(dayIso(Math.min(w.sinceDay, 28)))
        const ledger = buildLedger(w.posts, { since })
        const state = worldState(w.posts, since, w.runs, w.meddling)
        const judged = new Set(closersJudged(ledger, state).map(i => i.number))
        const flip = (only: (i: ManagedIssue) => boolean) =>
          state.map(i => (i.state === 'closed' && only(i) ? { ...i, closedByAction: !i.closedByAction } : i))
        const plan = reconcile(ledger, state, options)
        expect(
          reconcile(
            ledger,
            flip(i => !judged.has(i.number)),
            options
          )
        ).toEqual(plan)
        for (const n of judged)
          expect(
            reconcile(
              ledger,
              flip(i => i.number === n),
              options
            )
          ).not.toEqual(plan)
      }),
      { numRuns: 300 }
    )
  })

  it('under a write cap, repeated runs converge to the same issues as one uncapped run', () => {
    fc.assert(
      fc.property(arbWorld, fc.integer({ min: 1, max: 3 }), (w, cap) => {
        const since = kst(dayIso(Math.min(w.sinceDay, 28)))
        const ledger = buildLedger(w.posts, { since })
        const start = worldState(w.posts, since, w.runs, w.meddling)
        const uncapped = applyOps(start, reconcile(ledger, start, options), FINAL_RUN)
        let state = start
        for (let round = 0; round < 40; round++) {
          const { now, deferred } = applyCap(reconcile(ledger, state, options), cap)
          const changes = now.filter(o => isWrite(o) && o.kind !== 'comment').length
          expect(changes).toBeLessThanOrEqual(cap)
          state = applyOps(state, now, FINAL_RUN)
          if (deferred.length === 0) break
        }
        expect(reconcile(ledger, state, options).filter(isWrite)).toEqual([])
        const openKeys = (s: ManagedIssue[]) =>
          s
            .filter(i => i.state === 'open' && i.key !== null)
            .map(i => i.key)
            .sort()
        expect(openKeys(state)).toEqual(openKeys(uncapped))
      }),
      { numRuns: 150 }
    )
  })
})
