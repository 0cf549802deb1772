import { describe, expect, it } from 'vitest'
import { lineFixesOf, type LineFix } from '../../src/blog/line-fixes.js'
import { defaultSite } from '../../src/blog/jekyll/site.js'
import { runRules } from '../../src/blog/rules/index.js'
import { addedLines, planSuggestions, suggestionBody, suggestionKey } from '../../src/plan/review.js'
import { NOW, postOf } from '../fixtures/rules/make-post.js'

const PATH = '_posts/2026-11-22-day-021.md'
const TEXT = '---\ntitle: t\ndate: 2026-11-22 21:00:00 +/-TTTT\ntags: [Daily-Log, AI]\n---\nbody\n'
const url = (rule: string) => `https://example.invalid/rules#${rule}`

function fixesOf(text: string): LineFix[] {
  const post = postOf(text, PATH)
  return lineFixesOf(
    post.file,
    runRules([post], { site: { ...defaultSite(), timezone: 'Asia/Seoul' }, now: NOW }, {})
  )
}

describe('addedLines', () => {
  it.each([
    ['a new file', '@@ -0,0 +1,3 @@\n+a\n+b\n+c', [1, 2, 3]],
    [
      'context and deletions do not count',
      '@@ -2,4 +2,4 @@ x\n a\n-b\n+B\n c\n@@ -20,2 +20,3 @@\n y\n+z\n w',
      [3, 21]
    ],
    [
      'no newline marker',
      '@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file',
      [1]
    ]
  ])('%s', (_name, patch, lines) => {
    expect([...addedLines(patch).keys()]).toEqual(lines)
  })

  it('keeps the text of each added line (a CR of a CRLF file included)', () => {
    expect([...addedLines('@@ -1,2 +1,2 @@\n-tags: [a]\r\n+tags: [A]\r\n ---\r')]).toEqual([
      [1, 'tags: [A]\r']
    ])
  })
})

describe('planSuggestions', () => {
  const fixes = fixesOf(TEXT)
  const lineMap = (numbers: number[], text = TEXT) => new Map(numbers.map(n => [n, text.split('\n')[n - 1]!]))
  const everyLine = new Map([[`blog/${PATH}`, lineMap([1, 2, 3, 4, 5, 6])]])
  const options = { prefix: 'blog/', ruleUrl: url }

  it('posts one suggestion per run of lines, holding exactly the fixed line', () => {
    const plan = planSuggestions(fixes, everyLine, [], options)
    expect(plan.post.map(c => [c.path, c.line, c.side])).toEqual([
      [`blog/${PATH}`, 3, 'RIGHT'],
      [`blog/${PATH}`, 4, 'RIGHT']
    ])
    expect(plan.post[1]!.body).toBe(
      `<!-- jekyll-post-ops:suggestion ${fixes[1]!.key} -->\n` +
        '[`tags/lowercase`](https://example.invalid/rules#tags/lowercase): Lowercase the tag to `daily-log`\n' +
        '[`tags/lowercase`](https://example.invalid/rules#tags/lowercase): Lowercase the tag to `ai`\n\n' +
        '```suggestion\ntags: [daily-log, ai]\n```\n'
    )
  })

  it('places nothing on lines the pull request did not add', () => {
    const plan = planSuggestions(fixes, new Map([[`blog/${PATH}`, lineMap([4])]]), [], options)
    expect(plan.post.map(c => c.line)).toEqual([4])
    expect(plan.outsideDiff).toBe(1)
    expect(planSuggestions(fixes, new Map(), [], options).post).toEqual([])
  })

  it('places nothing where the added line at that number holds other text (lines numbered otherwise)', () => {
    const shifted =
      '---\nnew: line\ntitle: t\ndate: 2026-11-22 21:00:00 +/-TTTT\ntags: [Daily-Log, AI]\n---\n'
    const plan = planSuggestions(
      fixes,
      new Map([[`blog/${PATH}`, lineMap([1, 2, 3, 4, 5, 6], shifted)]]),
      [],
      options
    )
    expect(plan.post).toEqual([])
    expect(plan.outsideDiff).toBe(2)
  })

  it('repeats none already there, removes ours whose finding is gone unless answered, never touches others', () => {
    const existing = [
      { id: 1, body: suggestionBody(fixes[0]!, url), inReplyTo: undefined },
      { id: 2, body: '<!-- jekyll-post-ops:suggestion 0123456789abcdef -->\nold', inReplyTo: undefined },
      {
        id: 3,
        body: '<!-- jekyll-post-ops:suggestion fedcba9876543210 -->\nold, answered',
        inReplyTo: undefined
      },
      { id: 4, body: 'thanks!', inReplyTo: 3 },
      { id: 5, body: 'a person: <!-- jekyll-post-ops:suggestion 1111111111111111 -->', inReplyTo: undefined }
    ]
    const plan = planSuggestions(fixes, everyLine, existing, options)
    expect(plan.post.map(c => c.line)).toEqual([4])
    expect(plan.kept).toBe(1)
    expect(plan.remove).toEqual([2])
  })

  it('posts at most `max` a run and counts the rest', () => {
    const plan = planSuggestions(fixes, everyLine, [], { ...options, max: 1 })
    expect(plan.post).toHaveLength(1)
    expect(plan.deferred).toBe(1)
  })

  it('spans several lines with start_line, and fences a line holding backticks with a longer fence', () => {
    const fix: LineFix = {
      ...fixes[0]!,
      startLine: 2,
      endLine: 3,
      original: 'title: t\ndate: 2026-11-22 21:00:00 +/-TTTT\n',
      replacement: 'a ``` b\nc\n'
    }
    const [comment] = planSuggestions([fix], everyLine, [], options).post
    expect(comment).toMatchObject({ start_line: 2, start_side: 'RIGHT', line: 3, side: 'RIGHT' })
    expect(comment!.body).toContain('\n````suggestion\na ``` b\nc\n````\n')
    expect(suggestionKey(comment!.body)).toBe(fix.key)
  })
})
