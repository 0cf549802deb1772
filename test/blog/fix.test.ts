import { describe, expect, it } from 'vitest'
import { applyFixes, encodeForDisk } from '../../src/blog/fix.js'
import type { Diagnostic, PostFile, TextEdit } from '../../src/blog/model.js'
import { chirpyRules } from '../../src/blog/rules/chirpy.js'
import { taxonomyRules } from '../../src/blog/rules/taxonomy.js'
import { defaultSite } from '../../src/blog/jekyll/site.js'
import { NOW, postOf } from '../fixtures/rules/make-post.js'

const ctx = { site: defaultSite(), now: NOW }
const PATH = '_posts/2026-03-12-day-012.md'

/** Every certain fix the taxonomy and Chirpy rules offer for `text`, applied, and the bytes written back. */
function fixFile(text: string, bom = false) {
  const post = postOf(text, PATH, bom)
  const result = applyFixes(post.file, [...taxonomyRules(post, ctx), ...chirpyRules(post, ctx)])
  return { ...result, bytes: encodeForDisk(post.file, result.text) }
}

function file(text: string, bom = false): PostFile {
  return { path: PATH, text, bom, size: Buffer.byteLength(text) }
}

function withFix(edits: TextEdit[], path = PATH): Diagnostic {
  return {
    file: path,
    line: 1,
    column: 1,
    rule: 'test/rule',
    severity: 'warning',
    message: 'm',
    fix: { description: 'd', edits }
  }
}

describe('applyFixes changes only the bytes of its edits', () => {
  it.each([
    [
      'CRLF line ends, a BOM and no final newline are kept',
      '---\r\ntitle: t\r\ntags: [Daily-Log, a, a]\r\n---\r\nbody',
      true,
      '---\r\ntitle: t\r\ntags: [daily-log, a]\r\n---\r\nbody',
      2
    ],
    [
      'a CRLF block item is removed with its CR and LF',
      '---\r\ntags:\r\n  - a\r\n  - a\r\n  - b\r\n---\r\n',
      false,
      '---\r\ntags:\r\n  - a\r\n  - b\r\n---\r\n',
      1
    ],
    [
      'quotes, comments and spacing stay as written',
      "---\ntitle:   'Day 12'   # keep\ntags: [ \"Daily-Log\" ,  'ML' ]  # tags\ncomment:  false\n---\n본문\n",
      false,
      "---\ntitle:   'Day 12'   # keep\ntags: [ \"daily-log\" ,  'ml' ]  # tags\ncomments:  false\n---\n본문\n",
      3
    ],
    [
      'Korean text and emoji around an edit are untouched',
      '---\ntitle: 🧠 오늘의 기록\ntags: [부트캠프, 부트캠프, AI]\n---\n- [ ] 과제 제출 ✅\n',
      false,
      '---\ntitle: 🧠 오늘의 기록\ntags: [부트캠프, ai]\n---\n- [ ] 과제 제출 ✅\n',
      2
    ]
  ])('%s', (_name, text, bom, after, applied) => {
    const result = fixFile(text, bom)
    expect(result.text).toBe(after)
    expect(result.applied).toBe(applied)
    expect(result.skipped).toBe(0)
    expect(Buffer.from(result.bytes)).toEqual(
      Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(after, 'utf8')])
    )
  })

  it('returns the text unchanged, byte for byte, when nothing is fixable', () => {
    const text = '\r\n---\ntags: [a]\n---\n'
    const result = applyFixes(file(text), [])
    expect(result).toEqual({ text, applied: 0, skipped: 0 })
  })
})

describe('which fixes apply', () => {
  const text = 'abcdefghij'

  it.each([
    [
      'disjoint fixes all apply',
      [[{ start: 0, end: 2, text: 'X' }], [{ start: 5, end: 6, text: 'Y' }]],
      'XcdeYghij',
      2,
      0
    ],
    [
      'touching spans are not overlapping',
      [[{ start: 0, end: 2, text: '' }], [{ start: 2, end: 4, text: '' }]],
      'efghij',
      2,
      0
    ],
    [
      'an overlapping later fix is skipped',
      [[{ start: 1, end: 4, text: 'X' }], [{ start: 3, end: 6, text: 'Y' }]],
      'aXefghij',
      1,
      1
    ],
    [
      'two insertions at one place: the first wins',
      [[{ start: 3, end: 3, text: '1' }], [{ start: 3, end: 3, text: '2' }]],
      'abc1defghij',
      1,
      1
    ],
    [
      'an insertion inside a replaced span is skipped',
      [[{ start: 2, end: 5, text: '' }], [{ start: 3, end: 3, text: '!' }]],
      'abfghij',
      1,
      1
    ],
    [
      'a fix of several edits applies whole',
      [
        [
          { start: 9, end: 10, text: 'J' },
          { start: 0, end: 1, text: 'A' }
        ]
      ],
      'AbcdefghiJ',
      1,
      0
    ],
    [
      'a fix whose own edits overlap is skipped',
      [
        [
          { start: 0, end: 3, text: '' },
          { start: 2, end: 4, text: '' }
        ]
      ],
      text,
      0,
      1
    ],
    ['an edit past the end is skipped', [[{ start: 8, end: 11, text: '' }]], text, 0, 1],
    ['a reversed edit is skipped', [[{ start: 4, end: 2, text: '' }]], text, 0, 1],
    ['a fix with no edits is skipped', [[]], text, 0, 1]
  ] as [string, TextEdit[][], string, number, number][])('%s', (_name, fixes, after, applied, skipped) => {
    const result = applyFixes(
      file(text),
      fixes.map(edits => withFix(edits))
    )
    expect(result).toEqual({ text: after, applied, skipped })
  })

  it("ignores other files' diagnostics and diagnostics without a fix", () => {
    const other = withFix([{ start: 0, end: 1, text: 'Z' }], '_posts/other.md')
    const plain: Diagnostic = { file: PATH, line: 1, column: 1, rule: 'r', severity: 'error', message: 'm' }
    expect(applyFixes(file('abc'), [other, plain])).toEqual({ text: 'abc', applied: 0, skipped: 0 })
  })
})

describe('encodeForDisk', () => {
  it.each([
    ['restores a BOM', true, [0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a]],
    ['adds none when there was none', false, [0x61, 0x0d, 0x0a]]
  ])('%s', (_name, bom, bytes) => {
    expect([...encodeForDisk(file('a\r\n', bom), 'a\r\n')]).toEqual(bytes)
  })

  it('writes UTF-8', () => {
    expect(Buffer.from(encodeForDisk(file(''), '부트캠프')).toString('hex')).toBe('ebb680ed8ab8ecbaa0ed9484')
  })
})
