// A huge post is split once per run and shared by the jobs that read it: each reader still gets its own findings,
// and a changed text is split again.
import { describe, expect, it } from 'vitest'
import { parseFrontMatter } from '../../src/blog/jekyll/front-matter.js'

const huge = (title: string) =>
  `---\ntitle: "${title}"\ndate: 2026-03-12 10:00:00 +0900\ntags: [Daily]\n---\n${'본문 '.repeat(200_000)}\n`

describe('the split of a huge post', () => {
  it('is the same for a second reader, whose findings are its own', () => {
    const file = { path: '_posts/2026-03-12-huge.md', text: huge('큰 글'), bom: false, size: 0 }
    const first = parseFrontMatter(file)
    first.diagnostics.push({
      file: file.path,
      line: 1,
      column: 1,
      rule: 'x',
      severity: 'error',
      message: 'x'
    })
    const second = parseFrontMatter({ ...file, text: huge('큰 글') })
    expect(second.frontMatter?.data).toEqual({ title: '큰 글', date: expect.anything(), tags: ['Daily'] })
    expect(second.diagnostics.map(d => d.rule)).not.toContain('x')
    expect(second.bodyStartLine).toBe(6)
  })

  it('follows the text and the path', () => {
    const a = parseFrontMatter({ path: '_posts/2026-03-12-a.md', text: huge('하나'), bom: false, size: 0 })
    const b = parseFrontMatter({ path: '_posts/2026-03-12-a.md', text: huge('둘'), bom: false, size: 0 })
    const c = parseFrontMatter({ path: '_posts/2026-03-12-c.md', text: huge('\\x'), bom: false, size: 0 })
    expect(a.frontMatter?.data.title).toBe('하나')
    expect(b.frontMatter?.data.title).toBe('둘')
    expect(c.diagnostics.map(d => [d.file, d.rule])).toEqual([['_posts/2026-03-12-c.md', 'yaml/syntax']])
  })
})
