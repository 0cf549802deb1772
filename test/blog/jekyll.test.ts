// jekyll.ts: Ruby's Time.parse in a site zone, Jekyll's slugs and URL escaping, front matter defaults and the
// post model. Expected values were printed by Ruby 3.1 (`Time.parse(s).localtime.xmlschema`, TZ as named).
import { describe, expect, it } from 'vitest'
import type { SiteConfig } from '../../src/blog/model.js'
import { defaultsFor } from '../../src/blog/jekyll/defaults.js'
import { interpret, interpretationOnce, interpretPost } from '../../src/blog/jekyll/post.js'
import { escapePath, postUrl, slugify } from '../../src/blog/jekyll/url.js'
import { rubyTimeParse } from '../../src/blog/ruby/time-parse.js'
import { formatXmlSchema, wallClockToEpoch, zoneOffsetSeconds } from '../../src/blog/ruby/zones.js'
import { civilToUtcMs } from '../../src/blog/ruby/civil.js'
import { parseSiteConfig } from '../../src/blog/jekyll/site.js'

const NOW = Date.UTC(2026, 10, 28, 3) // Ruby's runs above were on 2026-11-28

function site(yaml: string): SiteConfig {
  return parseSiteConfig(yaml).site
}

describe("rubyTimeParse is Ruby's Time.parse(s).localtime", () => {
  it.each([
    // [TZ, input, xmlschema or error]
    ['Asia/Seoul', '2022-02-22', '2022-02-22T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-30', '2022-03-02T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-31', '2022-03-03T00:00:00+09:00'],
    ['Asia/Seoul', '2022-04-31', '2022-05-01T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-32', 'argument out of range'],
    ['Asia/Seoul', '2022-13-01', 'mon out of range'],
    ['Asia/Seoul', '2022-00-10', 'mon out of range'],
    ['Asia/Seoul', '2022-01-00', 'mday out of range'],
    ['Asia/Seoul', '2022-02-22 22:22:00 +/-TTTT', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22 +/-TTTT', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 -TTTT', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 25:00:00', 'hour out of range'],
    ['Asia/Seoul', '2022-02-22 24:00:00', '2022-02-23T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-22 24:30:00', 'min out of range'],
    ['Asia/Seoul', '2022-02-22 23:60:00', 'min out of range'],
    ['Asia/Seoul', '2022-02-22 23:59:60', '2022-02-23T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-22 23:59:61', 'sec out of range'],
    ['Asia/Seoul', '2022-2-3', '2022-02-03T00:00:00+09:00'],
    ['Asia/Seoul', '22-02-03', '2022-02-03T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-22T22:22:00Z', '2022-02-23T07:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 KST', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 EST', '2022-02-23T12:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 +09', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 +0930', '2022-02-22T21:52:00+09:00'],
    ['Asia/Seoul', '20220222', '2022-02-22T00:00:00+09:00'],
    ['Asia/Seoul', '2022/02/22', '2022-02-22T00:00:00+09:00'],
    ['Asia/Seoul', 'Feb 22 2022', '2022-02-22T00:00:00+09:00'],
    ['Asia/Seoul', '2022-02-22 10:00 PM', '2022-02-22T22:00:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 +09:00 extra', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 UTC', '2022-02-23T07:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22T22:22:00.5+09:00', '2022-02-22T22:22:00+09:00'],
    ['Asia/Seoul', '1999-12-31 23:59:59 -1200', '2000-01-01T20:59:59+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 +1500', '2022-02-22T16:22:00+09:00'],
    ['Asia/Seoul', '2022-02-22 22:22:00 +2500', 'utc_offset out of range'],
    ['Asia/Seoul', 'hello', 'no time information in "hello"'],
    ['Asia/Seoul', '', 'no time information in ""'],
    ['Asia/Seoul', '2022-02-22 22:22:00 Asia/Seoul', '2022-02-22T22:22:00+09:00'],
    ['UTC', '2022-02-22 25:00:00 +0900', '2022-02-22T16:00:00+00:00'],
    ['UTC', '2022-02-31 20:00:00 -0500', '2022-03-01T01:00:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 +09:00:30', '2022-02-22T13:21:30+00:00'],
    ['UTC', '2022-02-22 12:00 am', '2022-02-22T00:00:00+00:00'],
    ['UTC', '2022-02-22 13:00 pm', '2022-02-22T13:00:00+00:00'],
    ['UTC', '2022-02-22 22:22:60 +0000', '2022-02-22T22:23:00+00:00'],
    ['UTC', 'Feb 30 2022', '2022-03-02T00:00:00+00:00'],
    ['UTC', '30 Feb 2022', '2022-03-02T00:00:00+00:00'],
    ['UTC', '2022.02.22', '2022-02-22T00:00:00+00:00'],
    ['UTC', '20220222102030', '2022-02-22T10:20:30+00:00'],
    ['UTC', '220222', '2022-02-22T00:00:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 +0900 KST', '2022-02-22T13:22:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 utc', '2022-02-22T22:22:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 z', '2022-02-22T22:22:00+00:00'],
    ['UTC', '2022-02-22T22:22:00+0900', '2022-02-22T13:22:00+00:00'],
    ['UTC', '2022-02-22 22h22', '2022-02-22T22:22:00+00:00'],
    ['UTC', '69-01-01', '1969-01-01T00:00:00+00:00'],
    ['UTC', '68-01-01', '2068-01-01T00:00:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 UTC+9', '2022-02-22T22:22:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 gmt+09:00', '2022-02-22T22:22:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 A', '2022-02-22T21:22:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 PST', '2022-02-23T06:22:00+00:00'],
    ['UTC', '2022-02-22 22:22:00 CEST', '2022-02-22T22:22:00+00:00'],
    ['UTC', '22:22', '2026-11-28T22:22:00+00:00'],
    ['America/New_York', '2022-03-13 02:30:00', '2022-03-13T03:30:00-04:00'],
    ['America/New_York', '2022-11-06 01:30:00', '2022-11-06T01:30:00-05:00'],
    ['America/New_York', '2022-03-13', '2022-03-13T00:00:00-05:00'],
    ['America/Santiago', '2022-09-11', '2022-09-11T01:00:00-03:00'],
    ['America/Santiago', '2022-09-11 00:30', '2022-09-11T01:30:00-03:00'],
    ['Asia/Seoull', '2022-09-11', '2022-09-11T00:00:00+00:00'],
    ['UTC+9', '2022-09-11', '2022-09-11T00:00:00-09:00']
  ])('TZ=%s %j -> %s', (tz, input, expected) => {
    const r = rubyTimeParse(input, tz, NOW)
    expect(r.ok ? formatXmlSchema(tz, r.epochMs) : r.message).toBe(expected)
  })

  it('says which zone it ignored', () => {
    const r = rubyTimeParse('2022-02-22 22:22:00 +9', 'UTC', NOW)
    expect(r.ok && r.zoneIgnored).toBe('+9')
    const p = rubyTimeParse('2022-02-22 22:22:00 +/-TTTT', 'UTC', NOW)
    expect(p.ok && p.zoneIgnored).toBeUndefined()
  })

  it('a DST gap moves forward, an overlap takes standard time', () => {
    const gap = wallClockToEpoch('Europe/Berlin', civilToUtcMs(2026, 3, 29, 2, 30))
    expect(formatXmlSchema('Europe/Berlin', gap)).toBe('2026-03-29T03:30:00+02:00')
    const overlap = wallClockToEpoch('Europe/Berlin', civilToUtcMs(2026, 10, 25, 2, 30))
    expect(formatXmlSchema('Europe/Berlin', overlap)).toBe('2026-10-25T02:30:00+01:00')
  })
})

describe('slugify and escapePath (Jekyll Utils.slugify, URL.escape_path)', () => {
  it.each([
    ['The _config.yml file', 'default', false, 'the-config-yml-file'],
    ['The _config.yml file', 'pretty', false, 'the-_config.yml-file'],
    ['The _config.yml file', 'pretty', true, 'The-_config.yml-file'],
    ['학습 기록!', 'default', false, '학습-기록'],
    ['Custom Slug Here', 'pretty', true, 'Custom-Slug-Here'],
    ['--edge--', 'default', false, 'edge']
  ] as const)('slugify(%j, %s, cased %s) = %j', (input, mode, cased, expected) => {
    expect(slugify(input, mode, cased)).toBe(expected)
  })

  it.each([
    ['/posts/plain/', '/posts/plain/'],
    ['학습-기록', '%ED%95%99%EC%8A%B5-%EA%B8%B0%EB%A1%9D'],
    ['daily log', 'daily%20log'],
    ['c#', 'c%23'],
    ["a+b&c=d;e,f(g)!h'i*j$k@l:m", "a+b&c=d;e,f(g)!h'i*j$k@l:m"]
  ])('escapePath(%j) = %j', (input, expected) => {
    expect(escapePath(input)).toBe(expected)
  })
})

describe('front matter defaults for posts', () => {
  const s = site(`
defaults:
  - scope: { path: "" }
    values: { layout: page, comments: false }
  - scope: { path: "", type: posts }
    values: { layout: post, permalink: /posts/:title/ }
  - scope: { path: "_posts/notes", type: posts }
    values: { comments: true }
  - scope: { path: "", type: pages }
    values: { layout: wrong }
`)
  it.each([
    ['_posts/2026-01-01-a.md', { layout: 'post', comments: false, permalink: '/posts/:title/' }],
    ['_posts/notes/2026-01-01-a.md', { layout: 'post', comments: true, permalink: '/posts/:title/' }]
  ])('%s', (path, expected) => {
    expect(defaultsFor(s, path)).toEqual(expected)
  })
})

describe('interpret: what Jekyll makes of one post', () => {
  const seoul = site('timezone: Asia/Seoul\n')
  const run = (data: Record<string, unknown> | undefined, path = '_posts/2026-03-12-day.md', s = seoul) =>
    interpret({ path, site: s, now: Date.UTC(2026, 2, 20), ...(data ? { data } : {}) })

  it.each([
    ['published false', { published: false }, 'unpublished'],
    ['published nil', { published: null }, 'unpublished'],
    ['published "false"', { published: 'false' }, undefined],
    ['published 0', { published: 0 }, undefined]
  ])('%s', (_name, data, reason) => {
    expect(run(data).post.reason).toBe(reason)
  })

  it('a post dated after now is not built, unless future: true', () => {
    expect(run({ date: '2026-03-21 00:00' }).post).toMatchObject({ built: false, reason: 'future' })
    expect(
      run({ date: '2026-03-21 00:00' }, undefined, site('timezone: Asia/Seoul\nfuture: true\n')).post.built
    ).toBe(true)
  })

  it('`time:` in _config.yml is the clock Jekyll judges the future by', () => {
    const s = site('timezone: Asia/Seoul\ntime: 2026-03-22 00:00:00 +0900\n')
    expect(run({ date: '2026-03-21 00:00' }, undefined, s).post.built).toBe(true)
  })

  it.each([
    ['categories string splits', { categories: 'Daily Log' }, ['Daily', 'Log']],
    ['category singular does not', { category: 'Daily Log' }, ['Daily Log']],
    ['both, deduplicated', { categories: ['A', 'B'], category: 'A' }, ['A', 'B']],
    ['nil inside the list stays as ""', { categories: ['A', null] }, ['A', '']],
    ['numbers print as Ruby', { categories: [2022] }, ['2022']]
  ])('%s', (_name, data, categories) => {
    expect(run(data).post.categories).toEqual(categories)
  })

  it('a categories value Jekyll cannot merge drops the whole front matter', () => {
    const r = run({ categories: 2022, tags: ['lost'], date: '2026-03-01' })
    expect(r.frontMatterDropped).toBe(true)
    expect(r.post).toMatchObject({
      built: true,
      date: '2026-03-20T09:00:00+09:00',
      tags: [],
      url: '/2026/03/20/2026-03-12-day.html'
    })
  })

  it.each([
    ['tags string splits on ASCII whitespace only', { tags: 'a  b\u3000c' }, ['a', 'b\u3000c']],
    ['a number as tags is dropped', { tags: 2022 }, []],
    ['singular tag wins and does not split', { tag: 'one tag', tags: ['x'] }, ['one tag']]
  ])('%s', (_name, data, tags) => {
    expect(run(data).post.tags).toEqual(tags)
  })

  it('an invalid date is the fatal "Invalid date" Jekyll stops with', () => {
    const r = run({ date: '2026-02-32' })
    expect(r.post).toMatchObject({ built: false, reason: 'invalid-date' })
    expect(r.fatal).toBe(
      "Invalid date '2026-02-32': Document '_posts/2026-03-12-day.md' does not have a valid date in the YAML front matter."
    )
  })

  it('a file name without a date is not a post', () => {
    expect(run({ title: 'x' }, '_posts/notes.md').post).toEqual({
      built: false,
      reason: 'filename',
      categories: [],
      tags: []
    })
  })
})

describe('zoneOffsetSeconds: the offset a zone has at an instant, to the second', () => {
  // Offsets are remembered a day at a time; a day holding a change must still answer by the second around it.
  it.each([
    ['Europe/Berlin', '2021-03-28T01:00:00Z', 3600, 7200],
    ['Europe/Berlin', '2021-10-31T01:00:00Z', 7200, 3600],
    ['America/New_York', '2021-03-14T07:00:00Z', -18000, -14400],
    ['Australia/Lord_Howe', '2021-04-03T15:00:00Z', 39600, 37800],
    ['Asia/Seoul', '1988-05-07T17:00:00Z', 32400, 36000],
    ['Asia/Kathmandu', '1985-12-31T18:30:00Z', 19800, 20700],
    // Seoul's local mean time (+08:27:52) ended at a second that is not on a minute.
    ['Asia/Seoul', '1908-03-31T15:32:08Z', 30472, 30600],
    // Samoa skipped 30 December 2011 entirely.
    ['Pacific/Apia', '2011-12-30T10:00:00Z', -36000, 50400]
  ])('%s changes at %s from %i to %i', (tz, at, before, after) => {
    const t = Date.parse(at)
    // Ask about the day after first, so the day of the change is not the first thing remembered.
    expect(zoneOffsetSeconds(tz, t + 86_400_000)).toBe(after)
    expect(zoneOffsetSeconds(tz, t - 86_400_000)).toBe(before)
    expect(zoneOffsetSeconds(tz, t - 1000)).toBe(before)
    expect(zoneOffsetSeconds(tz, t - 1)).toBe(before)
    expect(zoneOffsetSeconds(tz, t)).toBe(after)
    expect(zoneOffsetSeconds(tz, t + 999)).toBe(after)
  })

  it('a POSIX fixed zone, an unknown zone and no zone', () => {
    expect(zoneOffsetSeconds('KST-9', Date.UTC(2026, 0, 1))).toBe(32400)
    expect(zoneOffsetSeconds('Nowhere/Zone', Date.UTC(2026, 0, 1))).toBe(0)
    expect(zoneOffsetSeconds(undefined, Date.UTC(2026, 0, 1))).toBe(0)
  })
})

describe('postUrl fills only the placeholders a template names', () => {
  const input = {
    path: '_posts/2022-02-22-Hello World.md',
    template: '',
    slug: 'Hello World',
    categories: ['AI 부트캠프', 'Daily Log'],
    epochMs: Date.parse('2022-02-22T22:22:09+09:00'),
    tz: 'Asia/Seoul',
    outputExt: '.html'
  }
  it.each([
    [
      '/:categories/:year/:month/:day/:title:output_ext',
      '/ai%20%EB%B6%80%ED%8A%B8%EC%BA%A0%ED%94%84/daily%20log/2022/02/22/Hello-World.html'
    ],
    ['/:year/W:week/:short_day/:y_day/:hour:minute:second/', '/2022/W08/Tue/053/222209/'],
    [
      '/:slugified_categories/:name/:path',
      '/ai-%EB%B6%80%ED%8A%B8%EC%BA%A0%ED%94%84/daily-log/2022-02-22-hello-world/2022-02-22-Hello%20World'
    ]
  ])('%s', (template, url) => {
    expect(postUrl({ ...input, template })).toBe(url)
  })

  it('a placeholder Jekyll lacks is the error Jekyll stops with', () => {
    expect(() => postUrl({ ...input, template: '/:nope/' })).toThrow(
      "The URL template doesn't have nope keys. Check your permalink template!"
    )
  })

  it('a name every object has (`:constructor`) is no placeholder either', () => {
    expect(() => postUrl({ ...input, template: '/:constructor/' })).toThrow()
  })
})

describe('interpretationOnce: the interpretation made when the post was read, when nothing it depends on changed', () => {
  const s = site('timezone: Asia/Seoul\n')
  const now = Date.UTC(2026, 2, 20)
  const data = { date: '2026-03-12 09:00:00 +0900', tags: ['a'] }
  const input = { path: '_posts/2026-03-12-day.md', site: s, now, data }

  it('is the same interpretation for the same front matter, path, site and clock', () => {
    const post = interpretPost(input)
    const it = interpretationOnce(input)
    expect(it.post).toBe(post)
  })

  it.each([
    ['another clock', { now: Date.UTC(2026, 2, 1) }, 'future'],
    ['another path', { path: '_posts/notes.md' }, 'filename']
  ])('is made afresh for %s', (_name, change, reason) => {
    const post = interpretPost(input)
    const it = interpretationOnce({ ...input, ...change })
    expect(it.post).not.toBe(post)
    expect(it.post.reason).toBe(reason)
  })

  it('is made afresh when the site changed in place', () => {
    const own = site('timezone: Asia/Seoul\n')
    const mine = { ...input, site: own, data: { ...data } }
    expect(interpretPost(mine).date).toBe('2026-03-12T09:00:00+09:00')
    own.timezone = 'Europe/Berlin'
    expect(interpretationOnce(mine).post.date).toBe('2026-03-12T01:00:00+01:00')
  })
})
