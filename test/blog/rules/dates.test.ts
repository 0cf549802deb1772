// rules/dates.ts and rules/filename.ts: each finding says what Jekyll will do, sits on the `date:` value, and
// carries a fix only where the fix is certain.
import { describe, expect, it } from 'vitest'
import { applyFixes } from '../../../src/blog/fix.js'
import type { Diagnostic, Post, RuleContext } from '../../../src/blog/model.js'
import { postFromFile } from '../../../src/blog/posts.js'
import { dateRules, publishedRules } from '../../../src/blog/rules/dates.js'
import { filenameRules } from '../../../src/blog/rules/filename.js'
import { parseSiteConfig } from '../../../src/blog/jekyll/site.js'

const NOW = Date.UTC(2026, 2, 20, 3) // 2026-03-20 12:00 in Seoul
const SEOUL: RuleContext = { site: parseSiteConfig('timezone: Asia/Seoul\n').site, now: NOW }
const NO_ZONE: RuleContext = { site: parseSiteConfig('title: x\n').site, now: NOW }

function post(frontMatter: string, path = '_posts/2026-03-12-day.md', ctx = SEOUL): Post {
  const text = `---\n${frontMatter}\n---\nBody.\n`
  return postFromFile({ path, text, bom: false, size: text.length }, ctx.site, ctx.now)
}

function run(p: Post, ctx = SEOUL): Diagnostic[] {
  return [...filenameRules(p, ctx), ...dateRules(p, ctx), ...publishedRules(p, ctx)]
}

const rules = (ds: Diagnostic[]) => ds.map(d => d.rule)

describe('date rules', () => {
  it.each([
    ['a clean date', 'date: 2026-03-12 23:10:00 +0900', SEOUL, []],
    ['a plain date', 'date: 2026-03-12', SEOUL, []],
    ['no date at all', 'title: x', SEOUL, []],
    ['Chirpy placeholder', 'date: 2026-03-12 23:10:00 +/-TTTT', SEOUL, ['date/placeholder-offset']],
    ['YAML timestamp without offset', 'date: 2026-03-12 12:10:00', SEOUL, ['date/missing-offset']],
    [
      'YAML timestamp without offset, late enough to change the day',
      'date: 2026-03-12 23:10:00',
      SEOUL,
      ['date/missing-offset', 'date/filename-mismatch']
    ],
    ['string without offset, site has a zone', 'date: 2026-03-12 23:10', SEOUL, []],
    ['string without offset, site has no zone', 'date: 2026-03-12 23:10', NO_ZONE, ['date/missing-offset']],
    ['plain date, site has no zone', 'date: 2026-03-12', NO_ZONE, []],
    ['one-digit offset in a string', 'date: "2026-03-12 23:10:00 +9"', NO_ZONE, ['date/missing-offset']],
    ['the local zone name', 'date: "2026-03-12 23:10 KST"', SEOUL, []],
    ['a zone name Ruby does not know', 'date: "2026-03-12 23:10 KST"', NO_ZONE, ['date/missing-offset']],
    ['February 30th', 'date: 2026-02-30', SEOUL, ['date/rollover', 'date/filename-mismatch']],
    ['24:00', 'date: 2026-03-12 24:00:00 +0900', SEOUL, ['date/rollover', 'date/filename-mismatch']],
    ['February 32nd', 'date: 2026-02-32', SEOUL, ['date/invalid']],
    ['hour 25', 'date: "2026-03-12 25:00"', SEOUL, ['date/invalid']],
    ['date: true', 'date: true', SEOUL, ['date/invalid']],
    ['another day than the file name', 'date: 2026-03-11 10:00:00 +0900', SEOUL, ['date/filename-mismatch']],
    ['the same day seen from Seoul', 'date: 2026-03-11 20:00:00 -0500', SEOUL, []],
    ['later today', 'date: 2026-03-20 18:00:00 +0900', SEOUL, ['date/filename-mismatch', 'date/future']]
  ])('%s', (_name, fm, ctx, expected) => {
    expect(rules(run(post(fm, undefined, ctx), ctx))).toEqual(expected)
  })

  it('a future post says when it appears, in the site zone', () => {
    const [d] = dateRules(post('date: 2026-12-25 09:00:00 +0900', '_posts/2026-12-25-x.md'), SEOUL)
    expect(d?.rule).toBe('date/future')
    expect(d?.message).toContain('until a build at or after 2026-12-25 09:00 +09:00 (Asia/Seoul)')
    expect([d?.line, d?.column]).toEqual([2, 7])
  })

  it('a file name date in the future is reported on line 1', () => {
    const [d] = dateRules(post('title: x', '_posts/2099-01-01-x.md'), SEOUL)
    expect([d?.rule, d?.line]).toEqual(['date/future', 1])
  })

  it('rollover names the date Jekyll uses', () => {
    const [d] = dateRules(post('date: 2026-02-30'), SEOUL)
    expect(d?.message).toContain('Jekyll uses 2026-03-02 00:00 +09:00 (Asia/Seoul)')
  })

  it('the placeholder fix writes the offset Jekyll already uses, and only that', () => {
    const p = post('title: x\ndate: 2026-03-12 23:10:00 +/-TTTT\ntags: [a]')
    const ds = dateRules(p, SEOUL)
    expect(applyFixes(p.file, ds).text).toBe(
      '---\ntitle: x\ndate: 2026-03-12 23:10:00 +0900\ntags: [a]\n---\nBody.\n'
    )
  })

  it('the placeholder has no fix when the site has no zone (the result depends on the machine)', () => {
    const [d] = dateRules(post('date: 2026-03-12 23:10:00 +/-TTTT', undefined, NO_ZONE), NO_ZONE)
    expect(d?.rule).toBe('date/placeholder-offset')
    expect(d?.fix).toBeUndefined()
  })

  it('a one-digit offset that Ruby ignores is rewritten as +0900', () => {
    const p = post('date: "2026-03-12 23:10:00 +9"', undefined, NO_ZONE)
    expect(applyFixes(p.file, dateRules(p, NO_ZONE)).text).toContain('date: "2026-03-12 23:10:00 +0900"')
  })

  it('an invalid date says the whole build stops', () => {
    const [d] = dateRules(post('date: 2026-02-32'), SEOUL)
    expect(d?.message).toMatch(/`jekyll build` stops with "Invalid date"/)
    expect(d?.message).toContain('argument out of range')
  })
})

describe('published rule', () => {
  it.each([
    ['published: false', [], undefined],
    ['published: no', [], undefined],
    ['published: "false"', ['published/not-boolean'], 'published: false'],
    ["published: 'No'", ['published/not-boolean'], 'published: false'],
    ['published: "yes"', ['published/not-boolean'], 'published: true'],
    ['published: "hidden"', ['published/not-boolean'], undefined],
    ['published:', ['published/not-boolean'], undefined],
    ['published: 0', ['published/not-boolean'], undefined]
  ])('%s', (fm, expected, fixed) => {
    const p = post(fm)
    const ds = publishedRules(p, SEOUL)
    expect(rules(ds)).toEqual(expected)
    if (fixed) expect(applyFixes(p.file, ds).text).toContain(`\n${fixed}\n`)
    else expect(ds.every(d => d.fix === undefined)).toBe(true)
  })

  it('says whether the post is public', () => {
    expect(publishedRules(post('published: "false"'), SEOUL)[0]?.message).toMatch(
      /builds and publishes this post/
    )
    expect(publishedRules(post('published:'), SEOUL)[0]?.message).toMatch(/NOT built/)
  })
})

describe('filename rule', () => {
  it.each([
    ['_posts/2026-03-12-day.md', []],
    ['_posts/2026-3-2-day.md', []],
    ['_posts/26-03-12-day.md', []],
    ['_posts/sub/2026-03-12-day.md', []],
    ['_posts/retrospective.md', ['filename/no-date']],
    ['_posts/2026-03-12.md', ['filename/no-date']],
    ['_posts/2026_03_12-day.md', ['filename/no-date']],
    ['_posts/2026-03-12-day', ['filename/no-date']],
    // Jekyll reads a .yml/.yaml file as data and builds no post from it; the check is case-sensitive.
    ['_posts/2026-03-12-day.yml', ['filename/data-extension']],
    ['_posts/2026-03-12-day.yaml', ['filename/data-extension']],
    ['_posts/2026-03-12-day.YML', []]
  ])('%s', (path, expected) => {
    expect(rules(filenameRules(post('title: x', path), SEOUL))).toEqual(expected)
  })

  it('suggests the name from the date Jekyll would read', () => {
    const [d] = filenameRules(post('date: 2026-11-21 17:30:00 -0500', '_posts/retrospective.md'), SEOUL)
    expect(d?.message).toContain('rename it to `2026-11-22-retrospective.md`')
    expect(d?.fix).toBeUndefined()
  })
})
