import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Diagnostic, Post } from '../../../src/blog/model.js'
import { readBlog } from '../../../src/blog/posts.js'
import { applyOverrides, runRules } from '../../../src/blog/rules/index.js'
import { ruleInfo, RULES } from '../../../src/blog/rules/catalogue.js'
import { SchemaError } from '../../../src/blog/rules/schema.js'
import { defaultSite } from '../../../src/blog/jekyll/site.js'
import { NOW, postOf, postWith } from '../../fixtures/rules/make-post.js'

const ctx = { site: defaultSite(), now: NOW }
const EXAMPLE = new URL('../../../examples/blog/', import.meta.url).pathname
/** "Now" for the example blog: 2026-11-28 00:00 in Asia/Seoul. */
const EXAMPLE_NOW = Date.UTC(2026, 10, 27, 15)

function fixturePosts(): Post[] {
  const dirs = ['taxonomy', 'corpus/_posts']
  return dirs.flatMap(dir => {
    const base = new URL(`../../fixtures/rules/${dir}/`, import.meta.url)
    return readdirSync(base)
      .filter(name => name.endsWith('.md'))
      .map(name => postOf(readFileSync(new URL(name, base), 'utf8'), `_posts/${name}`))
  })
}

const where = (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.rule}`

describe('the rule catalogue', () => {
  it('lists each id once, in the family/name form, with one line of description', () => {
    const ids = RULES.map(r => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*\/[a-z]+(?:-[a-z]+)*$/)
      expect(['error', 'warning', 'notice']).toContain(rule.severity)
      expect(rule.description).toMatch(/^\S[^\n]*\.$/)
    }
  })

  it.each([
    'filename/no-date',
    'date/invalid',
    'date/rollover',
    'date/placeholder-offset',
    'date/missing-offset',
    'date/filename-mismatch',
    'date/future',
    'published/not-boolean',
    'yaml/syntax',
    'yaml/alias-limit',
    'front-matter/missing',
    'front-matter/unterminated',
    'file/binary',
    'file/encoding',
    'categories/string',
    'tags/string',
    'categories/too-many',
    'tags/lowercase',
    'tags/duplicate',
    'categories/duplicate',
    'tags/empty',
    'categories/empty',
    'tags/type',
    'chirpy/unknown-key',
    'chirpy/deprecated-key',
    'chirpy/image-path',
    'taxonomy/near-duplicate',
    'schema/invalid',
    'internal/rule-crashed'
  ])('has %s', id => {
    expect(ruleInfo(id)?.id).toBe(id)
  })

  it('holds the default severity of every rule that fires on the fixtures and the example blog', () => {
    const { site, posts } = readBlog(EXAMPLE, { now: EXAMPLE_NOW })
    const found = [
      ...runRules(posts, { site, now: EXAMPLE_NOW }),
      ...runRules(fixturePosts(), ctx),
      ...runRules([postWith('date: [')], ctx),
      ...runRules([postOf('no front matter\n')], ctx)
    ]
    expect(found.length).toBeGreaterThan(10)
    const mismatched = found.filter(d => ruleInfo(d.rule)?.severity !== d.severity).map(where)
    expect(mismatched).toEqual([])
  })

  it('marks as fixable every rule whose findings carry a fix here', () => {
    const found = runRules(fixturePosts(), ctx)
    for (const d of found.filter(d => d.fix)) expect(ruleInfo(d.rule)?.fixable).toBe(true)
  })
})

describe('runRules', () => {
  it('reports the problems planted in the example blog, where they are', () => {
    const { site, posts } = readBlog(EXAMPLE, { now: EXAMPLE_NOW })
    const mine = runRules(posts, { site, now: EXAMPLE_NOW }).filter(d =>
      /^(tags|categories|chirpy|taxonomy|schema|internal)\//.test(d.rule)
    )
    expect(mine.map(where)).toEqual([
      '_posts/2026-11-18-week03-day017.md:5:8 tags/lowercase',
      '_posts/2026-11-18-week03-day017.md:5:8 taxonomy/near-duplicate',
      '_posts/2026-11-19-week03-day018.md:9:1 chirpy/unknown-key',
      '_posts/2026-11-23-week04-day022.md:4:13 categories/string',
      '_posts/2026-11-24-week04-day023.md:4:23 taxonomy/near-duplicate'
    ])
  })

  it('includes what was found while reading a post, and sorts by file, line and column', () => {
    const posts = [
      postWith('tags: [B, a, a]', '_posts/2026-03-02-b.md'),
      postWith('title: [', '_posts/2026-03-01-a.md'),
      postWith('comment: false\ntags: [X]', '_posts/2026-03-01-a2.md')
    ]
    const reading = posts[1]!.diagnostics.map(where)
    expect(reading).toHaveLength(1) // placed by posts.ts
    expect(runRules(posts, ctx).map(where)).toEqual([
      ...reading,
      '_posts/2026-03-01-a2.md:2:1 chirpy/unknown-key',
      '_posts/2026-03-01-a2.md:3:8 tags/lowercase',
      '_posts/2026-03-02-b.md:2:8 tags/lowercase',
      '_posts/2026-03-02-b.md:2:14 tags/duplicate'
    ])
  })

  it('turns a rule that throws into internal/rule-crashed on that post and checks the other posts', () => {
    const good = postWith('tags: [A]', '_posts/2026-03-01-good.md')
    const real = postWith('tags: [A]', '_posts/2026-03-02-bad.md')
    const broken: Post = {
      ...real,
      frontMatter: new Proxy(real.frontMatter!, {
        get(target, key, receiver) {
          if (key === 'data' || key === 'doc') throw new Error('boom')
          return Reflect.get(target, key, receiver) as unknown
        }
      })
    }
    const found = runRules([good, broken], ctx)
    expect(found.filter(d => d.file.endsWith('good.md')).map(where)).toEqual([
      '_posts/2026-03-01-good.md:1:1 internal/rule-crashed',
      '_posts/2026-03-01-good.md:2:8 tags/lowercase'
    ])
    expect(found[0]?.message).toBe(
      'The corpus rules crashed on this post and were skipped (a whole-blog rule; no post was checked by it): boom. This is a bug in jekyll-post-ops.'
    )
    const bad = found.filter(d => d.file.endsWith('bad.md'))
    expect(bad.every(d => d.rule === 'internal/rule-crashed' && d.severity === 'warning')).toBe(true)
    const families = bad.map(
      d => /^The (\w+) rules crashed on this post and were skipped: boom\./.exec(d.message)?.[1]
    )
    expect(families).toEqual(expect.arrayContaining(['taxonomy', 'chirpy']))
    expect(families).not.toContain(undefined)
  })

  it('compiles the schema before any post and throws SchemaError when it is unusable', () => {
    expect(() => runRules([], { ...ctx, schema: { type: 'nope' } })).toThrow(SchemaError)
  })

  it('checks the schema when one is given', () => {
    const found = runRules([postWith('title: 1')], {
      ...ctx,
      schema: { properties: { title: { type: 'string' } } }
    })
    expect(found.map(where)).toEqual(['_posts/2026-03-12-day-012.md:2:8 schema/invalid'])
  })
})

describe('severity overrides', () => {
  const found: Diagnostic[] = [
    { file: 'a', line: 1, column: 1, rule: 'tags/lowercase', severity: 'error', message: '' },
    { file: 'a', line: 2, column: 1, rule: 'tags/duplicate', severity: 'warning', message: '' },
    { file: 'a', line: 3, column: 1, rule: 'chirpy/unknown-key', severity: 'warning', message: '' }
  ]

  it.each([
    ['none', {}, ['tags/lowercase:error', 'tags/duplicate:warning', 'chirpy/unknown-key:warning']],
    ['a rule off', { 'tags/duplicate': 'off' }, ['tags/lowercase:error', 'chirpy/unknown-key:warning']],
    [
      'a rule to notice',
      { 'chirpy/unknown-key': 'notice' },
      ['tags/lowercase:error', 'tags/duplicate:warning', 'chirpy/unknown-key:notice']
    ],
    ['a family off', { 'tags/*': 'off' }, ['chirpy/unknown-key:warning']],
    [
      'an exact id beats its family',
      { 'tags/*': 'off', 'tags/lowercase': 'warning' },
      ['tags/lowercase:warning', 'chirpy/unknown-key:warning']
    ],
    [
      'an unknown id changes nothing',
      { 'no/such-rule': 'off' },
      ['tags/lowercase:error', 'tags/duplicate:warning', 'chirpy/unknown-key:warning']
    ]
  ] as const)('%s', (_name, overrides, expected) => {
    expect(applyOverrides(found, overrides).map(d => `${d.rule}:${d.severity}`)).toEqual(expected)
  })

  it('applies through runRules, to reading problems too', () => {
    const posts = [postWith('title: [\n'), postWith('tags: [A]', '_posts/2026-03-13-b.md')]
    const found = runRules(posts, ctx, { 'yaml/syntax': 'warning', 'tags/lowercase': 'off' })
    expect(found.map(d => `${d.rule}:${d.severity}`)).toEqual(['yaml/syntax:warning'])
  })
})
