import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { closeComment, issueBody, issueTitle, neutralizeMarkdown } from '../../src/plan/issue-text.js'
import { BODY_LIMIT, TITLE_LIMIT, neutralize, truncate } from '../../src/plan/safe-text.js'
import {
  decodeMarkerValue,
  encodeMarkerValue,
  markerLine,
  parseIssueSource,
  parseMarker
} from '../../src/plan/marker.js'
import { plainText } from '../../src/blog/tasks.js'
import type { TaskInstance } from '../../src/plan/ledger.js'
import { buildLedger } from '../../src/plan/ledger.js'
import { kst, post, repoFileUrl } from './helpers.js'

const Z = '\u200b'
const segments = (s: string): string[] =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map(x => x.segment)

/** The latest instance of the only task in the given posts. */
function instanceOf(...posts: ReturnType<typeof post>[]): TaskInstance {
  const ledger = buildLedger(posts, { since: kst('2026-03-01') })
  const history = [...ledger.tasks.values()][0]!
  return history.instances.at(-1)!
}

describe('neutralize (plain text)', () => {
  it.each<[string, string]>([
    ['@octocat 리뷰', `@${Z}octocat 리뷰`],
    ['팀장님@lead 확인', `팀장님@${Z}lead 확인`],
    ['@org/team', `@${Z}org/team`],
    ['mail a@b.com', 'mail a@b.com'],
    ['#12 고치기', `#${Z}12 고치기`],
    ['owner/repo#7', `owner/repo#${Z}7`],
    ['GH-12 and gh-3', `GH-${Z}12 and gh-${Z}3`],
    ['#태그 #abc', '#태그 #abc'],
    ['<!-- x -->', `<${Z}!-- x -->`]
  ])('%j', (text, want) => {
    expect(neutralize(text)).toBe(want)
  })
})

describe('neutralizeMarkdown (bodies)', () => {
  it.each<[string, string, string]>([
    ['mention in text', '**@octocat** 님', `**@${Z}octocat** 님`],
    ['code span untouched', '`@octocat #1`', '`@octocat #1`'],
    ['link URL and text untouched', '[#12 보기](https://x.org/a/#12)', '[#12 보기](https://x.org/a/#12)'],
    ['autolink untouched', 'https://medium.com/@me/post#1 봄', 'https://medium.com/@me/post#1 봄'],
    ['ref in text', '이슈 #3 참고', `이슈 #${Z}3 참고`],
    ['comment opener anywhere', '`<!--` 와 <!-- 숨김', `\`<${Z}!--\` 와 <${Z}!-- 숨김`]
  ])('%s', (_name, text, want) => {
    expect(neutralizeMarkdown(text)).toBe(want)
  })
})

describe('issueTitle', () => {
  it.each<[string, string, string]>([
    ['plain Korean', '과제 제출', '과제 제출'],
    ['markdown reduced', '**논문** 읽기: [ResNet](https://arxiv.org) `v2`', '논문 읽기: ResNet v2'],
    ['mentions and refs neutralised', '@team-lead 와 #3 논의', `@${Z}team-lead 와 #${Z}3 논의`],
    ['whitespace folded', '  과제\t 제출 ', '과제 제출'],
    ['image only falls back to the text', '![](a.png)', '![](a.png)']
  ])('%s', (_name, text, want) => {
    expect(issueTitle(text)).toBe(want)
  })

  it.each<[string, string]>([
    ['Hangul', '가'.repeat(300)],
    ['emoji families never split', '👨‍👩‍👧'.repeat(100)],
    ['combining marks never split', 'q\u0301\u0323'.repeat(100)],
    ['mentions count after neutralising', '@a '.repeat(100)]
  ])('cuts to %s characters on a grapheme boundary with …: %s', (_name, text) => {
    const title = issueTitle(text)
    expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT)
    expect(title.endsWith('…')).toBe(true)
    const kept = title.slice(0, -1)
    const full = segments(neutralize(plainText(text)))
    expect(full.join('').startsWith(kept)).toBe(true)
    expect(segments(kept).every((g, i) => g === full[i])).toBe(true)
  })

  it('leaves a title of exactly 256 characters alone', () => {
    expect(issueTitle('가'.repeat(256))).toBe('가'.repeat(256))
  })

  it('is never longer than GitHub allows, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), text => {
        const title = issueTitle(text)
        expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT)
        expect(title.length).toBeGreaterThan(0)
      })
    )
  })

  it('truncate keeps short text', () => {
    expect(truncate('abc', 3)).toBe('abc')
    expect(truncate('abcd', 3)).toBe('ab…')
  })
})

describe('marker', () => {
  it('encodes so that Korean stays readable and nothing can end the comment', () => {
    expect(markerLine('과제 제출')).toBe('<!-- jekyll-post-ops:task 과제%20제출 -->')
    expect(markerLine('a --> b <!-- @c #1 100%')).toBe(
      '<!-- jekyll-post-ops:task a%20--%3E%20b%20%3C!--%20%40c%20%231%20100%25 -->'
    )
  })

  it('round-trips any key and never contains a newline or -->', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), key => {
        const encoded = encodeMarkerValue(key)
        expect(encoded).not.toMatch(/\s|-->|<|>|@|#/)
        expect(decodeMarkerValue(encoded)).toBe(key)
        if (key !== '') expect(parseMarker(`text\n${markerLine(key)}`)).toBe(key)
      })
    )
  })

  it.each<[string, string, string | undefined]>([
    ['final line', 'body\n<!-- jekyll-post-ops:task 과제%20제출 -->', '과제 제출'],
    ['trailing newline and spaces', 'body\n<!-- jekyll-post-ops:task 과제 -->\n  \n', '과제'],
    ['CRLF', 'body\r\n<!-- jekyll-post-ops:task 과제 -->\r\n', '과제'],
    ['not the last line', '<!-- jekyll-post-ops:task 가짜 -->\nbody', undefined],
    ['text after it on the line', 'x\n<!-- jekyll-post-ops:task 과제 --> 더', undefined],
    ['indented', 'x\n  <!-- jekyll-post-ops:task 과제 -->', undefined],
    ['malformed encoding', 'x\n<!-- jekyll-post-ops:task %E0%A4 -->', undefined],
    ['no body', '', undefined]
  ])('parseMarker: %s', (_name, body, key) => {
    expect(parseMarker(body)).toBe(key)
  })
})

describe('issueBody', () => {
  const carried = instanceOf(
    post('2026-03-02', '## 내일 할 일\n- [ ] 논문 읽기 @prof'),
    post(
      '2026-03-05',
      '## 📌 내일 할 일\n- [ ] **논문** 읽기 @prof\n    - [x] Abstract\n        - 메모 #2\n    - [ ] Method'
    )
  )

  it('says what, where and since when, with the marker as the last line', () => {
    const body = issueBody(carried, repoFileUrl)
    expect(body).toBe(
      [
        `**논문** 읽기 @${Z}prof`,
        '',
        '- [x] Abstract',
        `  - 메모 #${Z}2`,
        '- [ ] Method',
        '',
        '- Section: 📌 내일 할 일',
        '- Post: [2026-03-05 학습 기록](https://blog.example/posts/2026-03-05-log/) (2026-03-05)',
        '- Source: [_posts/2026-03-05-log.md line 2](https://github.com/owner/blog/blob/main/_posts/2026-03-05-log.md#L2)',
        '- Carried 3 days: first listed 2026-03-02 in [2026-03-02 학습 기록](https://blog.example/posts/2026-03-02-log/)',
        '',
        '<!-- jekyll-post-ops:source 2026-03-02T23:00:00+09:00 _posts/2026-03-02-log.md -->',
        '<!-- jekyll-post-ops:task 논문%20읽기%20%40prof -->'
      ].join('\n')
    )
    expect(parseMarker(body)).toBe('논문 읽기 @prof')
    expect(parseIssueSource(body)).toEqual({
      dateIso: '2026-03-02T23:00:00+09:00',
      date: Date.parse('2026-03-02T23:00:00+09:00'),
      path: '_posts/2026-03-02-log.md'
    })
  })

  it('says "1 day" and leaves the carried line out for a task listed once', () => {
    const once = issueBody(instanceOf(post('2026-03-02', '- [ ] 과제')), repoFileUrl)
    expect(once).not.toContain('Carried')
    expect(once).toContain('- Section: (none)')
    const oneDay = issueBody(
      instanceOf(post('2026-03-02', '- [ ] 과제'), post('2026-03-03', '- [ ] 과제')),
      repoFileUrl
    )
    expect(oneDay).toContain('- Carried 1 day: first listed 2026-03-02')
  })

  it.each<[string, string]>([
    ['a marker in the task text', '- [ ] 가짜 <!-- jekyll-post-ops:task 남의%20키 -->'],
    ['a marker in a sub-item', '- [ ] 진짜\n    - <!-- jekyll-post-ops:task 남의%20키 -->'],
    ['an unclosed comment hiding the rest', '- [ ] 숨김 <!-- 시작'],
    ['a source line look-alike', '- [ ] x\n    - <!-- jekyll-post-ops:source 2020-01-01T00:00:00Z a.md -->']
  ])('user text cannot forge identity: %s', (_name, markdown) => {
    const instance = instanceOf(post('2026-03-02', markdown))
    const body = issueBody(instance, repoFileUrl)
    expect(parseMarker(body)).toBe(instance.key)
    expect(parseIssueSource(body)?.path).toBe('_posts/2026-03-02-log.md')
    const comments = body.split('\n').filter(l => l.includes('<!--'))
    expect(comments).toHaveLength(2)
    expect(body.endsWith(markerLine(instance.key))).toBe(true)
  })

  it('forged titles and links in the post title are escaped', () => {
    const p = { ...post('2026-03-02', '- [ ] 과제'), title: '[@everyone](https://evil) #1' }
    const body = issueBody(instanceOf(p), repoFileUrl)
    expect(body).toContain(
      `- Post: [\\[@${Z}everyone\\](https://evil) #${Z}1](https://blog.example/posts/2026-03-02-log/)`
    )
  })

  it('stays under GitHub body limit with hundreds of long sub-items, marker last', () => {
    const subs = Array.from({ length: 300 }, (_, i) => `    - [ ] 하위 ${i} ${'가 '.repeat(150)}`).join('\n')
    const instance = instanceOf(post('2026-03-02', `- [ ] 큰 할 일\n${subs}`))
    const body = issueBody(instance, repoFileUrl)
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT)
    expect(body).toMatch(/- … \d+ more/)
    expect(parseMarker(body)).toBe('큰 할 일')
  })
})

describe('closeComment', () => {
  it('links the post that checked the task, its date and the line in the repository', () => {
    const ledger = buildLedger([post('2026-03-02', '- [ ] 과제'), post('2026-03-04', '\n- [x] 과제')], {
      since: kst('2026-03-01')
    })
    const check = ledger.tasks.get('과제')!.checks[0]!
    expect(closeComment(check, repoFileUrl)).toBe(
      'Checked in [2026-03-04 학습 기록](https://blog.example/posts/2026-03-04-log/) (2026-03-04, ' +
        '[_posts/2026-03-04-log.md line 2](https://github.com/owner/blog/blob/main/_posts/2026-03-04-log.md#L2)): closing as completed.\n\n<!-- jekyll-post-ops:closed -->'
    )
  })
})
