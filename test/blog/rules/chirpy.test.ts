import { describe, expect, it } from 'vitest'
import { applyFixes } from '../../../src/blog/fix.js'
import { chirpyRules, damerauLevenshtein, nearMisses } from '../../../src/blog/rules/chirpy.js'
import { defaultSite } from '../../../src/blog/jekyll/site.js'
import { NOW, postWith } from '../../fixtures/rules/make-post.js'

const ctx = { site: defaultSite(), now: NOW }

function findings(yaml: string): string[] {
  return chirpyRules(postWith(yaml), ctx).map(d => `${d.rule}@${d.line}:${d.column}`)
}

function fixed(yaml: string): string {
  const post = postWith(yaml)
  return applyFixes(post.file, chirpyRules(post, ctx)).text
}

describe('Chirpy rules: what is found where', () => {
  it.each([
    [
      "Chirpy's documented keys",
      'title: t\ndate: 2026-03-12 23:10:00 +0900\ncategories: [A]\ntags: [a]\nauthor: me\ndescription: d\npin: true\nmath: true\nmermaid: true\ntoc: false\ncomments: false\nrender_with_liquid: false\nmedia_subpath: /m\nimage:\n  path: /p.png\n  alt: a\n  lqip: data:x',
      []
    ],
    ['`comment` for `comments`', 'title: t\ncomment: false', ['chirpy/unknown-key@3:1']],
    ['`catagories` for `categories`', 'catagories: [A]', ['chirpy/unknown-key@2:1']],
    ['`Tags` (keys are case-sensitive)', 'Tags: [a]', ['chirpy/unknown-key@2:1']],
    ['`pinned`, the name other themes use', 'pinned: true', ['chirpy/unknown-key@2:1']],
    ["Jekyll's singular `tag` is a real key", 'tag: a', []],
    ['a custom key far from any known one', 'series: ml\nsummary: s', []],
    ['a near miss inside `image`', 'image:\n  path: /p.png\n  atl: a', ['chirpy/unknown-key@4:3']],
    ['`img_path`, renamed in Chirpy 7', 'img_path: /img', ['chirpy/deprecated-key@2:1']],
    ['`image.src`, renamed in Chirpy 5.2', 'image:\n  src: /p.png', ['chirpy/deprecated-key@3:3']],
    ['`image` as a plain path (Chirpy accepts it)', 'image: /p.png', []],
    ['`image` without `path`', 'image:\n  alt: a', ['chirpy/image-path@2:1']],
    ['an empty `image.path`', 'image:\n  path: ""', ['chirpy/image-path@3:9']],
    ['an empty `image` string', 'image: ""', ['chirpy/image-path@2:8']],
    ['no `image` at all', 'title: t', []]
  ])('%s', (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected)
  })
})

describe('Chirpy rules: messages', () => {
  it.each([
    ['comment: false', 'Unknown key `comment`: did you mean `comments`? Chirpy ignores `comment`.'],
    ['authos: me', 'Unknown key `authos`: did you mean `author` or `authors`?'],
    ['comment: false\ncomments: true', 'Unknown key `comment` looks like `comments`, which is also set'],
    [
      'img_path: /img',
      '`img_path` was renamed to `media_subpath` in Chirpy 7.0; Chirpy no longer reads `img_path`.'
    ],
    ['image:\n  src: /p.png', '`image.src` was renamed to `image.path` in Chirpy 5.2'],
    ['img_path: /a\nmedia_subpath: /b', '(and `media_subpath` is also set)'],
    ['image:\n  alt: a', '`image` has no `path`']
  ])('%s', (yaml, text) => {
    expect(
      chirpyRules(postWith(yaml), ctx)
        .map(d => d.message)
        .join('\n')
    ).toContain(text)
  })
})

describe('Chirpy fixes', () => {
  it.each([
    [
      'renames a near-miss key, keeping its value and comment',
      'comment: false # off',
      'comments: false # off'
    ],
    ['renames `img_path`', 'img_path: /img # folder', 'media_subpath: /img # folder'],
    ['renames `image.src`', 'image:\n  src: /p.png\n  alt: a', 'image:\n  path: /p.png\n  alt: a'],
    ['renames a nested near miss', 'image:\n  path: /p.png\n  atl: a', 'image:\n  path: /p.png\n  alt: a']
  ])('%s', (_name, yaml, after) => {
    expect(fixed(yaml)).toBe(`---\n${after}\n---\nbody\n`)
  })

  it.each([
    ['the right key is already set', 'comment: false\ncomments: true'],
    ['the near miss is ambiguous', 'authos: me'],
    ['the key is quoted', '"comment": false'],
    ['`media_subpath` is already set', 'img_path: /a\nmedia_subpath: /b'],
    ['`image` has no path at all', 'image:\n  alt: a']
  ])('offers no fix when %s', (_name, yaml) => {
    const diagnostics = chirpyRules(postWith(yaml), ctx)
    expect(diagnostics.length).toBeGreaterThan(0)
    expect(diagnostics.filter(d => d.fix)).toEqual([])
  })
})

describe('near misses', () => {
  it.each([
    ['comment', 'comments', 1],
    ['mermiad', 'mermaid', 1],
    ['catagories', 'categories', 1],
    ['ab', 'ba', 1],
    ['ca', 'abc', 3],
    ['부트캠프', '부트켐프', 1],
    ['', 'toc', 3]
  ])('distance(%j, %j) = %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d)
  })

  it.each([
    ['toc', []],
    ['tocs', ['toc']],
    ['descripton', ['description']],
    ['last-modified-at', ['last_modified_at']],
    ['pinnned', []],
    ['url', []]
  ])('nearMisses(%j)', (word, expected) => {
    expect(nearMisses(word, ['toc', 'tags', 'description', 'last_modified_at', 'pin'])).toEqual(expected)
  })
})
