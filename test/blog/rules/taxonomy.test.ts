import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyFixes } from '../../../src/blog/fix.js'
import { rubySplit, taxonomyEntries, taxonomyRules } from '../../../src/blog/rules/taxonomy.js'
import { defaultSite } from '../../../src/blog/jekyll/site.js'
import { NOW, postOf, postWith } from '../../fixtures/rules/make-post.js'

const ctx = { site: defaultSite(), now: NOW }

/** `rule@line:column` for each finding, in order. */
function findings(yaml: string): string[] {
  return taxonomyRules(postWith(yaml), ctx).map(d => `${d.rule}@${d.line}:${d.column}`)
}

/** The post text after applying every fix the taxonomy rules offer. */
function fixed(yaml: string): string {
  const post = postWith(yaml)
  return applyFixes(post.file, taxonomyRules(post, ctx)).text
}

describe('taxonomy rules: what is found where', () => {
  // Line 2 is the first YAML line (line 1 is `---`).
  it.each([
    ['a clean post', 'categories: [AI 부트캠프, Daily & Weekly Log]\ntags: [daily-log, week03]', []],
    ['string categories with a space', 'categories: AI 부트캠프', ['categories/string@2:13']],
    ['string tags with a space', 'tags: daily log', ['tags/string@2:7']],
    ['a one-word string is one category', 'categories: AI', []],
    ['an ideographic space does not split (Ruby splits on ASCII whitespace)', 'tags: daily\u3000log', []],
    ['two categories are fine', 'categories: [A, B]', []],
    ['a third category', 'categories: [A, B, C]', ['categories/too-many@2:20']],
    ['a capital tag', 'tags: [Daily-Log, week03]', ['tags/lowercase@2:8']],
    ['a capital word in string tags', 'tags: Daily log', ['tags/string@2:7', 'tags/lowercase@2:7']],
    ['Korean tags have no case', 'tags: [부트캠프]', []],
    ['a repeated tag', 'tags: [a, b, a]', ['tags/duplicate@2:14']],
    ['a repeated category in a block list', 'categories:\n  - A\n  - A', ['categories/duplicate@4:5']],
    ['tags differing in case are not repeats', 'tags: [a, A]', ['tags/lowercase@2:11']],
    ['a null tag', 'tags: [a, ~]', ['tags/empty@2:11']],
    ['an empty block item', 'tags:\n  - a\n  -\n  - b', ['tags/empty@4:4']],
    ['an empty string tag', 'tags: [a, ""]', ['tags/empty@2:11']],
    ['a blank category', "categories: [A, '  ']", ['categories/empty@2:17']],
    ['an empty list inside tags', 'tags: [[], a]', ['tags/empty@2:8']],
    ['a nested list of tags', 'tags: [[a, b]]', ['tags/type@2:8']],
    ['a number tag', 'tags: [2026]', ['tags/type@2:8']],
    ['a YAML 1.1 boolean tag', 'tags: [yes]', ['tags/type@2:8']],
    ['a map tag', 'tags: [{k: v}]', ['tags/type@2:8']],
    ['a date category', 'categories: [2026-03-12]', ['categories/type@2:14']],
    ['tags that are a number', 'tags: 2026', ['tags/type@2:7']],
    ['categories that are a map', 'categories:\n  top: sub', ['categories/type@3:3']],
    ['null tags and categories are simply none', 'tags:\ncategories: ~', []],
    ['an empty list is none', 'tags: []', []]
  ])('%s', (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected)
  })
})

describe('taxonomy rules: messages say what Jekyll makes of it', () => {
  it.each([
    [
      'categories: AI 부트캠프',
      'Jekyll splits it on whitespace into ["AI", "부트캠프"]. For one category write `[AI 부트캠프]`'
    ],
    ['tags: daily log', 'into ["daily", "log"]. For one tag write `[daily log]`'],
    ['tags: [a, b, a]', 'Jekyll keeps both, so the post shows it twice'],
    ['categories: [A, B, A]', 'Jekyll drops the repeat'],
    ['tags: [a, ~]', 'Jekyll drops it'],
    ['categories: [A, ~]', 'Jekyll lists it as an empty category'],
    ['tags: [010]', 'the number 8 (written `010`)'],
    [
      'tags: [yes]',
      'the boolean true (written `yes`), not a string: Jekyll keeps the boolean and Chirpy shows it as `true`'
    ],
    [
      'categories: [2026]',
      'Jekyll lists both the Integer and the text `2026`, so the category appears twice'
    ],
    ['tags: [[a, b]]', 'Jekyll flattens it into the tags ["a", "b"]'],
    ['tags: 2026', 'Jekyll ignores it and the post has no tags'],
    ['categories: 2026', '"no implicit conversion of Integer into Array"'],
    [
      'categories: true',
      '`categories` is a boolean (true), not a list or a string: Jekyll cannot read this post ("no implicit conversion of true into Array")'
    ],
    ['tags: 2026-03-12', '`tags` is a Date (2026-03-12), not a list or a string: Jekyll ignores it'],
    [
      'categories: [A, B, C, D]',
      "4 categories: Chirpy's category tree has two levels (`A` > `B`); `C`, `D` fall outside it."
    ],
    [
      'tags: [Daily-Log]',
      'Tag `Daily-Log` is not lowercase (Chirpy: "TAG names should always be lowercase"): use `daily-log`.'
    ]
  ])('%s', (yaml, text) => {
    const messages = taxonomyRules(postWith(yaml), ctx).map(d => d.message)
    expect(messages.join('\n')).toContain(text)
  })

  it('names the line of the first occurrence of a repeat', () => {
    const [d] = taxonomyRules(postWith('tags:\n  - a\n  - b\n  - a'), ctx)
    expect(d?.message).toContain('(first on line 3)')
  })

  it('gives categories/type the severity error and tags/type warning', () => {
    const severities = taxonomyRules(postWith('categories: [1]\ntags: [1]'), ctx).map(
      d => `${d.rule}:${d.severity}`
    )
    expect(severities).toEqual(['categories/type:error', 'tags/type:warning'])
  })
})

describe('taxonomy fixes', () => {
  it.each([
    ['lowercases a plain tag', 'tags: [Daily-Log, week03]', 'tags: [daily-log, week03]'],
    ['keeps double quotes', 'tags: ["Daily-Log"]', 'tags: ["daily-log"]'],
    ["keeps single quotes (and ''-free text)", "tags: ['Daily Log']", "tags: ['daily log']"],
    [
      'lowercases in a block list, keeping the comment',
      'tags:\n  - Python # lang\n  - b',
      'tags:\n  - python # lang\n  - b'
    ],
    ['lowercases one word of string tags', 'tags: Daily log', 'tags: daily log'],
    ['removes a repeated flow item with its comma', 'tags: [a, b, a]', 'tags: [a, b]'],
    [
      'removes a repeated block item with its line',
      'categories:\n  - A\n  - B\n  - A\ntags: [x]',
      'categories:\n  - A\n  - B\ntags: [x]'
    ],
    ['removes a null entry', 'tags: [a, ~, b]', 'tags: [a, b]'],
    ['removes an empty first item', 'tags: ["", a]', 'tags: [a]'],
    ['removes an empty block item', 'tags:\n  - a\n  -\n  - b', 'tags:\n  - a\n  - b'],
    ['lowercases and removes the repeat in one pass', 'tags: [Python, Python]', 'tags: [python]']
  ])('%s', (_name, yaml, after) => {
    expect(fixed(yaml)).toBe(`---\n${after}\n---\nbody\n`)
  })

  it.each([
    ['an escape in a double-quoted tag', 'tags: ["Daily\\x2DLog"]'],
    ['a doubled quote in a single-quoted tag', "tags: ['It''s']"],
    ['a plain tag whose lowercase reads as a number (0X1F -> 0x1f = 31)', 'tags: [0X1F]'],
    ['a repeat in string tags', 'tags: a b a'],
    ['a repeated block item with a comment on its line', 'tags:\n  - a\n  - a # again'],
    ['a repeated flow item after a comment', 'tags: [a, # first\n  a]']
  ])('offers no fix for %s', (_name, yaml) => {
    const diagnostics = taxonomyRules(postWith(yaml), ctx)
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(diagnostics.filter(d => d.fix)).toEqual([])
  })

  it('never offers a fix for string categories (Jekyll already splits them that way)', () => {
    const [d] = taxonomyRules(postWith('categories: AI 부트캠프'), ctx)
    expect(d?.fix).toBeUndefined()
  })
})

describe('taxonomy entries', () => {
  it('places each word of a string value on the word itself', () => {
    const post = postWith('tags: daily  log')
    const entries = taxonomyEntries(post, 'tags')
    expect(entries.map(e => [e.value, e.range?.start.column])).toEqual([
      ['daily', 7],
      ['log', 14]
    ])
  })

  it('counts columns in characters, as annotations do', () => {
    const entries = taxonomyEntries(postWith('categories: 🧠 AI 부트캠프'), 'categories')
    expect(entries.map(e => e.range?.start.column)).toEqual([13, 15, 18])
  })

  it.each([
    ['a b', ['a', 'b']],
    ['  a\tb \n', ['a', 'b']],
    ['a\u00a0b', ['a\u00a0b']],
    ['', []]
  ])('rubySplit(%j) splits as Ruby String#split', (text, words) => {
    expect(rubySplit(text).map(w => w.word)).toEqual(words)
  })

  it('reads a fixture post from disk as the action does', () => {
    const text = readFileSync(new URL('../../fixtures/rules/taxonomy/mixed.md', import.meta.url), 'utf8')
    const found = taxonomyRules(postOf(text, '_posts/2026-03-12-mixed.md'), ctx).map(
      d => `${d.rule}@${d.line}`
    )
    expect(found).toEqual(['categories/too-many@5', 'tags/lowercase@8', 'tags/duplicate@10', 'tags/empty@11'])
  })
})
