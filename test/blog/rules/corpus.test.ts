import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { corpusRules, differences, foldTaxonomy } from '../../../src/blog/rules/corpus.js'
import { defaultSite } from '../../../src/blog/jekyll/site.js'
import { NOW, postOf, postWith } from '../../fixtures/rules/make-post.js'

const ctx = { site: defaultSite(), now: NOW }

/** Posts `_posts/2026-03-0N-pN.md`, one per front matter given. */
function blog(...yamls: string[]) {
  return yamls.map((yaml, i) =>
    postWith(yaml, `_posts/2026-03-${String(i + 1).padStart(2, '0')}-p${i + 1}.md`)
  )
}

const NFC = 'AI 부트캠프'
const NFD = NFC.normalize('NFD')

describe('taxonomy/near-duplicate', () => {
  it('warns on the minority spelling, naming both and how many posts use each', () => {
    const posts = blog(
      'categories: [AI, Daily & Weekly Log]',
      'categories: [AI, Daily & Weekly Log]',
      'categories: [AI, Daily & Weekly log]',
      'categories: [AI, Daily & Weekly Log]'
    )
    const found = corpusRules(posts, ctx)
    expect(found).toEqual([
      {
        file: '_posts/2026-03-03-p3.md',
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 36,
        rule: 'taxonomy/near-duplicate',
        severity: 'warning',
        message:
          'Category `Daily & Weekly log` (1 post) vs `Daily & Weekly Log` (3 posts): they differ only in case, ' +
          'so Jekyll counts them as different categories. Use one spelling.'
      }
    ])
  })

  it('finds Korean typed on macOS (NFD) next to the same text in NFC', () => {
    expect(NFD).not.toBe(NFC)
    const posts = blog(`categories: [${NFC}]`, `categories: [${NFC}]`, `categories: [${NFD}]`)
    const found = corpusRules(posts, ctx)
    expect(found.map(d => `${d.file}@${d.line}:${d.column}`)).toEqual(['_posts/2026-03-03-p3.md@2:14'])
    expect(found[0]?.message).toContain(
      '(1 post) vs `AI 부트캠프` (2 posts): they differ only in Unicode form (NFD vs NFC)'
    )
  })

  it.each([
    [
      'hyphen vs space vs underscore',
      ['tags: [daily-log]', 'tags: [daily-log]', 'tags: [daily log]', 'tags: [daily_log]'],
      ['p3', 'p4'],
      'spacing'
    ],
    [
      'case and spacing together',
      ['tags: [daily-log]', 'tags: [daily-log]', 'tags: [Daily Log]'],
      ['p3'],
      'case and spacing'
    ],
    ['a tie: both spellings are flagged', ['tags: [ml]', 'tags: [ML]'], ['p1', 'p2'], 'case'],
    ['both spellings in one post', ['tags: [ml]', 'tags: [ml]', 'tags: [ml, ML]'], ['p3'], 'case'],
    [
      'words of a string value count too',
      ['categories: [Deep, Learning]', 'categories: [Deep, Learning]', 'categories: deep learning'],
      ['p3', 'p3'],
      'case'
    ]
  ])('%s', (_name, yamls, flagged, how) => {
    const found = corpusRules(blog(...yamls), ctx)
    expect(found.map(d => d.file.replace(/^_posts\/2026-03-\d\d-(p\d)\.md$/, '$1'))).toEqual(flagged)
    for (const d of found) expect(d.message).toContain(`differ only in ${how},`)
  })

  it.each([
    ['one spelling everywhere', ['tags: [ml]', 'tags: [ml]']],
    ['a tag and a category are separate namespaces', ['categories: [AI]', 'tags: [ai]']],
    ['different words', ['tags: [ml]', 'tags: [dl]']],
    ['non-string entries are left to tags/type', ['tags: [2026]', 'tags: ["2026"]']],
    ['posts without front matter', ['tags: [ml]']]
  ])('says nothing for %s', (_name, yamls) => {
    const posts = [...blog(...yamls), postOf('no front matter\n', '_posts/2026-03-09-none.md')]
    expect(corpusRules(posts, ctx)).toEqual([])
  })

  it('reads a small blog from fixture files', () => {
    const dir = new URL('../../fixtures/rules/corpus/_posts/', import.meta.url)
    const posts = readdirSync(dir)
      .sort()
      .map(name => postOf(readFileSync(new URL(name, dir), 'utf8'), `_posts/${name}`))
    const found = corpusRules(posts, ctx).map(d => `${d.file}@${d.line}:${d.column}`)
    expect(found).toEqual([
      '_posts/2026-03-16-day-016.md@4:14', // NFD
      '_posts/2026-03-13-day-013.md@4:23', // `log`
      '_posts/2026-03-14-day-014.md@5:8' // `Daily-log`
    ])
  })
})

describe('folding', () => {
  it.each([
    ['Daily & Weekly Log', 'daily & weekly log'],
    ['daily-log', 'daily log'],
    ['  Daily__Log  ', 'daily log'],
    [NFD, NFC.toLowerCase()],
    ['ＡＩ', 'ai']
  ])('foldTaxonomy(%j) = %j', (text, key) => {
    expect(foldTaxonomy(text)).toBe(key)
  })

  it.each([
    ['Daily Log', 'daily log', 'case'],
    [NFD, NFC, 'Unicode form (NFD vs NFC)'],
    ['ＡＩ', 'AI', 'Unicode form (compatibility characters such as full-width letters)'],
    ['Daily-Log', 'daily log', 'case and spacing']
  ])('differences(%j, %j) = %j', (a, b, how) => {
    expect(differences(a, b)).toBe(how)
  })
})
