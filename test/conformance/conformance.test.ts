// Holds our Jekyll model (posts.ts + jekyll.ts) against what real Jekyll 4.3.1 built from the same fixture
// sites (goldens recorded by scripts/record-goldens.ts). Jekyll is right; this test never needs Jekyll.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Post } from '../../src/blog/model.js'
import { readBlog } from '../../src/blog/posts.js'

const here = new URL('.', import.meta.url).pathname
const fixtures = join(here, 'fixtures')
const goldens = join(here, 'golden')

// Each fixture's _config.yml sets `time:`, which Jekyll (and our model) use as the clock; this is only
// the fallback the model would use without it.
const NOW = Date.UTC(2000, 0, 1)

interface GoldenPost {
  path: string
  date: string
  url: string
  slug: string
  categories: string[]
  tags: string[]
}
interface Golden {
  site: string
  build: 'ok' | 'failed'
  posts?: GoldenPost[]
  notBuilt?: string[]
  error?: string
  sources?: string[]
}

const sites = readdirSync(goldens)
  .filter(f => f.endsWith('.json'))
  .map(f => JSON.parse(readFileSync(join(goldens, f), 'utf8')) as Golden)

/** What we say about one post, in the shape of the golden. */
function ours(post: Post | undefined): GoldenPost | { built: false; reason?: string } | undefined {
  if (!post) return undefined
  const j = post.jekyll
  if (!j.built) return { built: false, ...(j.reason ? { reason: j.reason } : {}) }
  return {
    path: post.file.path,
    date: j.date ?? '',
    url: j.url ?? '',
    slug: j.slug ?? '',
    categories: j.categories,
    tags: j.tags
  }
}

describe.each(sites.filter(s => s.build === 'ok'))('site $site: real Jekyll built it', golden => {
  const blog = readBlog(join(fixtures, golden.site), { now: NOW })
  const byPath = new Map(blog.posts.map(p => [p.file.path, p]))
  const built = golden.posts ?? []
  const notBuilt = golden.notBuilt ?? []

  it.each(built.map(g => [g.path, g]))('%s is built as Jekyll built it', (_path, g) => {
    expect(ours(byPath.get(g.path))).toEqual(g)
  })

  // Files in _posts Jekyll did not build; we must say "not built" for the ones we list (images and other
  // files without a date or a page extension are not listed at all, and Jekyll ignores them too).
  it.each(notBuilt.filter(p => byPath.has(p)).map(p => [p]))('%s is not built', path => {
    expect(ours(byPath.get(path))).toMatchObject({ built: false })
  })

  it('we list every post Jekyll built, and nothing outside _posts', () => {
    const listed = [...byPath.keys()]
    for (const g of built) expect(listed).toContain(g.path)
    for (const p of listed) expect([...built.map(g => g.path), ...notBuilt]).toContain(p)
  })
})

describe.each(sites.filter(s => s.build === 'failed'))(
  'site $site: real Jekyll stopped with an error',
  golden => {
    it('our model finds the post that stops the build', () => {
      const blog = readBlog(join(fixtures, golden.site), { now: NOW })
      const fatal = blog.posts.filter(
        p => p.jekyll.reason === 'invalid-date' || p.jekyll.reason === 'permalink'
      )
      expect(fatal.length).toBeGreaterThan(0)
      for (const p of fatal) {
        const name = p.file.path.replace(/^.*\//, '')
        // Jekyll names the document in its error, except for a permalink error raised while rendering.
        if (p.jekyll.reason === 'invalid-date') expect(golden.error).toContain(name)
        else expect(golden.error).toMatch(/URL template doesn't have/)
      }
    })
  }
)
