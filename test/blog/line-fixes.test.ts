import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyFixes, encodeForDisk } from '../../src/blog/fix.js'
import { applyLineFixes, lineFixesOf, suggestedLines } from '../../src/blog/line-fixes.js'
import { defaultSite } from '../../src/blog/jekyll/site.js'
import { runRules } from '../../src/blog/rules/index.js'
import { runCheck } from '../../src/jobs/check.js'
import { NOW, postOf } from '../fixtures/rules/make-post.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
const EXAMPLE_NOW = Date.UTC(2026, 10, 28)

function fixesOf(text: string, bom = false) {
  const post = postOf(text, '_posts/2026-03-12-day-012.md', bom)
  const diagnostics = runRules([post], { site: defaultSite(), now: NOW }, {})
  return { post, diagnostics, fixes: lineFixesOf(post.file, diagnostics) }
}

describe('line fixes of the example blog', () => {
  const result = runCheck({ root: EXAMPLE, now: EXAMPLE_NOW, severity: {} })
  const all = result.posts.flatMap(p => lineFixesOf(p.file, result.diagnostics.filter(d => d.file === p.file.path)))

  it('replace exactly the lines the fixes touch, with what --fix writes', () => {
    expect(all.map(f => [f.file, f.startLine, f.endLine, f.findings.map(x => x.rule), f.original, f.replacement])).toEqual([
      ['_posts/2026-11-18-week03-day017.md', 5, 5, ['tags/lowercase'], 'tags: [Daily-Log, week03]     # TAG names should always be lowercase\n', 'tags: [daily-log, week03]     # TAG names should always be lowercase\n'],
      ['_posts/2026-11-19-week03-day018.md', 9, 9, ['chirpy/unknown-key'], 'comment: false\n', 'comments: false\n'],
      ['_posts/2026-11-22-week03-day021.md', 3, 3, ['date/placeholder-offset'], 'date: 2026-11-22 21:00:00 +/-TTTT\n', 'date: 2026-11-22 21:00:00 +0900\n'],
      ['_posts/2026-11-26-week04-day025.md', 9, 9, ['published/not-boolean'], 'published: "false"\n', 'published: false\n']
    ])
  })

  it('applied together give the bytes applyFixes gives, and a second pass finds nothing to fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jpo-line-fixes-'))
    try {
      cpSync(EXAMPLE, dir, { recursive: true })
      for (const post of result.posts) {
        const mine = all.filter(f => f.file === post.file.path)
        if (mine.length === 0) continue
        const fixed = applyLineFixes(post.file.text, mine)
        expect(fixed).toBe(applyFixes(post.file, result.diagnostics).text)
        writeFileSync(join(dir, post.file.path), encodeForDisk(post.file, fixed))
      }
      const again = runCheck({ root: dir, now: EXAMPLE_NOW, severity: {} })
      expect(again.posts.flatMap(p => lineFixesOf(p.file, again.diagnostics))).toEqual([])
      expect(again.diagnostics.filter(d => d.fix)).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('lineFixesOf', () => {
  it.each([
    [
      'two fixes on one line become one replacement of it',
      '---\ntitle: t\ntags: [Daily-Log, AI]\n---\nbody\n',
      [[3, 3, 'tags: [daily-log, ai]\n']]
    ],
    [
      'a removed block item replaces its line with nothing',
      '---\ntags:\n  - a\n  - a\n  - b\n---\nbody\n',
      [[4, 4, '']]
    ],
    [
      'CRLF line ends are kept in the replacement',
      '---\r\ntags: [Daily-Log]\r\ncomment: true\r\n---\r\nbody\r\n',
      [
        [2, 2, 'tags: [daily-log]\r\n'],
        [3, 3, 'comments: true\r\n']
      ]
    ],
    [
      'comments and spacing on the line stay',
      '---\ntags: [ "ML" ,  ai ]   # keep\n---\n',
      [[2, 2, 'tags: [ "ml" ,  ai ]   # keep\n']]
    ]
  ] as const)('%s', (_name, text, expected) => {
    const { post, diagnostics, fixes } = fixesOf(text)
    expect(fixes.map(f => [f.startLine, f.endLine, f.replacement])).toEqual(expected)
    expect(applyLineFixes(text, fixes)).toBe(applyFixes(post.file, diagnostics).text)
  })

  it('gives the same key for the same lines and fix, another for another file', () => {
    const text = '---\ntags: [Daily-Log]\n---\n'
    const a = fixesOf(text).fixes[0]!
    expect(fixesOf(text).fixes[0]!.key).toBe(a.key)
    const other = postOf(text, '_posts/2026-03-13-other.md')
    const b = lineFixesOf(other.file, runRules([other], { site: defaultSite(), now: NOW }, {}))[0]!
    expect(b.key).not.toBe(a.key)
    expect(b.replacement).toBe(a.replacement)
  })

  it('gives suggestion text without line ends, and nothing for a removed line', () => {
    const [crlf] = fixesOf('---\r\ntags: [A]\r\n---\r\n').fixes
    expect(suggestedLines(crlf!)).toBe('tags: [a]')
    const [removed] = fixesOf('---\ntags:\n  - a\n  - a\n---\n').fixes
    expect(suggestedLines(removed!)).toBe('')
  })

  it('refuses to apply a line fix to lines that changed since', () => {
    const { fixes } = fixesOf('---\ntags: [A]\n---\n')
    expect(() => applyLineFixes('---\ntags: [B]\n---\n', fixes)).toThrow(/changed since/)
  })
})
