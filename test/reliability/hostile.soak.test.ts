// Hostile input, long profile: 10,000 generated posts one by one (time per post reported: wall and CPU) and 300
// generated blogs mixing hostile posts with good ones.
import fc from 'fast-check'
import { afterAll, expect, it } from 'vitest'
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
  reportFigures('hostile-soak', figures)
})

it('10,000 hostile posts get through the check and the plan as they should', () => {
  const root = blogWith({})
  fc.assert(
    fc.property(hostilePost, post => {
      expect(examineOne(root, post, figures)).toEqual([])
    }),
    { numRuns: 10_000, seed: 31337 }
  )
  expect(figures.inputs).toBeGreaterThanOrEqual(10_000)
})

it('300 blogs of good and hostile posts leave the good ones as if alone', () => {
  const alone = goodPostsView(blogWith(GOOD_POSTS))
  fc.assert(
    fc.property(fc.array(hostilePost, { minLength: 1, maxLength: 8 }), posts => {
      const files: Record<string, Uint8Array | string> = { ...GOOD_POSTS }
      posts.forEach((p, i) => (files[`_posts/2026-03-12-hostile-${i}.md`] = p.bytes))
      expect(goodPostsView(blogWith(files))).toEqual(alone)
      figures.mixedBlogs++
    }),
    { numRuns: 300, seed: 4242 }
  )
})
