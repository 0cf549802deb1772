import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../src/blog/model.js'
import { cell, checkSummary, formatLine, selectAnnotations } from '../src/report.js'

const diag = (over: Partial<Diagnostic>): Diagnostic => ({
  file: '_posts/2026-11-20-a.md',
  line: 3,
  column: 1,
  rule: 'tags/lowercase',
  severity: 'warning',
  message: 'm',
  ...over
})

describe('selectAnnotations', () => {
  it('keeps at most ten of each level and counts the rest', () => {
    const many = [
      ...Array.from({ length: 14 }, (_, i) => diag({ severity: 'error', line: i + 1 })),
      ...Array.from({ length: 3 }, (_, i) => diag({ severity: 'warning', line: i + 1 }))
    ]
    const { shown, hidden } = selectAnnotations(many)
    expect(shown.filter(d => d.severity === 'error')).toHaveLength(10)
    expect(shown.filter(d => d.severity === 'warning')).toHaveLength(3)
    expect(hidden).toEqual({ error: 4, warning: 0, notice: 0 })
  })

  it('shows first the findings that make a post disappear from the site', () => {
    const errors = [
      ...Array.from({ length: 10 }, (_, i) => diag({ severity: 'error', rule: 'tags/lowercase', file: `_posts/a${i}.md` })),
      diag({ severity: 'error', rule: 'filename/no-date', file: '_posts/z.md' })
    ]
    const { shown } = selectAnnotations(errors)
    expect(shown[0]!.rule).toBe('filename/no-date')
    expect(shown).toHaveLength(10)
  })
})

describe('checkSummary', () => {
  it('tells the counts, the hidden annotations and lists every finding with a link', () => {
    const text = checkSummary({
      counts: { posts: 12, notBuilt: 2, errors: 11, warnings: 1, notices: 0 },
      diagnostics: [diag({ message: 'a | b <c>' })],
      elsewhere: 3,
      scope: 'changed by this pull request',
      hidden: { error: 1, warning: 0, notice: 0 },
      reportPath: '/tmp/r.json',
      fileUrl: (f, l) => `https://github.com/o/r/blob/sha/${f}#L${l}`
    })
    expect(text).toContain('12 posts checked (changed by this pull request): **11** errors, **1** warning; Jekyll will not build 2 of them.')
    expect(text).toContain('1 more finding is listed only below')
    expect(text).toContain('3 more findings in posts this event did not change.')
    expect(text).toContain('[_posts/2026-11-20-a.md](https://github.com/o/r/blob/sha/_posts/2026-11-20-a.md#L3) | 3 | `tags/lowercase` | a \\| b &lt;c&gt; |')
  })
})

describe('text format', () => {
  it('prints path:line:col severity rule message', () => {
    expect(formatLine(diag({ message: 'Tag "AI" must be lowercase' }))).toBe(
      '_posts/2026-11-20-a.md:3:1 warning tags/lowercase Tag "AI" must be lowercase'
    )
    expect(cell('x\ny')).toBe('x y')
  })
})
