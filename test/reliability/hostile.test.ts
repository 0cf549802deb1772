// Hostile input, quick profile: generated front matters and bodies (malformed YAML, alias bombs, deep nesting, huge
// lines, control characters, invalid UTF-8, marker look-alikes, mentions and #refs, 10,000-item task lists) through
// the check job's reading and rules and the tasks job's plan. No crash, a finding for each post Jekyll cannot read,
// issue texts GitHub accepts that neither notify nor forge identity, and the good posts of a blog unaffected.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { reportFigures } from './figures.js'
import {
  blogWith,
  emptyHostileFigures,
  examineOne,
  GOOD_POSTS,
  goodPostsView,
  hostilePost
} from './hostile.js'

const figures = emptyHostileFigures()
afterAll(() => {
  // Wall-clock and CPU time per post are reported, never asserted here (the soak reports them too).
  reportFigures('hostile-quick', figures)
})

describe('hostile posts', () => {
  it('each gets through the check and the plan as it should (generated)', () => {
    const root = blogWith({})
    fc.assert(
      fc.property(hostilePost, post => {
        expect(examineOne(root, post, figures)).toEqual([])
      }),
      { numRuns: 150, seed: 20260313 }
    )
  })

  it('leave the other posts of the blog as they were (generated blogs of good and hostile posts)', () => {
    const alone = goodPostsView(blogWith(GOOD_POSTS))
    fc.assert(
      fc.property(fc.array(hostilePost, { minLength: 1, maxLength: 5 }), posts => {
        const files: Record<string, Uint8Array | string> = { ...GOOD_POSTS }
        posts.forEach((p, i) => (files[`_posts/2026-03-12-hostile-${i}.md`] = p.bytes))
        expect(goodPostsView(blogWith(files))).toEqual(alone)
        figures.mixedBlogs++
      }),
      { numRuns: 15, seed: 7 }
    )
  })
})
