// posts.ts: reading bytes, Jekyll's front matter split, Psych's typing of YAML, and file positions.
// Expected Ruby values come from Ruby 3.1 / Psych 4.0.3 (Debian's jekyll 4.3.1 runtime).
import { mkdtempSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PostFile, RubyDate, RubyTime } from '../../src/blog/model.js'
import { findPosts } from '../../src/blog/jekyll/files.js'
import { parseFrontMatter } from '../../src/blog/jekyll/front-matter.js'
import { decodePostBytes, MAX_FILE_BYTES, readPostFile } from '../../src/blog/jekyll/post-file.js'
import { readBlog, readPost } from '../../src/blog/posts.js'
import { psychTokenize } from '../../src/blog/ruby/scalar-scanner.js'
import { RubyFloat, rubyToS } from '../../src/blog/ruby/values.js'
import { defaultSite } from '../../src/blog/jekyll/site.js'

const NOW = Date.UTC(2026, 2, 20)

function fileOf(text: string, path = '_posts/2026-03-12-day-012.md'): PostFile {
  return { path, text, bom: false, size: Buffer.byteLength(text) }
}

function tmpSite(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'jpo-posts-'))
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true })
    writeFileSync(join(root, rel), content)
  }
  return root
}

describe('psychTokenize: plain scalars typed as Psych 4 types them', () => {
  const plain = (v: unknown): unknown => (v instanceof RubyFloat ? `float:${rubyToS(v)}` : v)
  it.each([
    ['yes', true],
    ['Off', false],
    ['on', true],
    ['NO', false],
    ['y', 'y'],
    ['~', null],
    ['nULL', null],
    ['010', 8],
    ['08', '08'],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['1,000', 1000],
    ['+1', 1],
    ['-0', 0],
    ['0o17', '0o17'],
    ['1__0', '1__0'],
    ['1:30', 5400],
    ['12:30:45', 45045],
    ['1e5', '1e5'],
    ['1.5e+3', 'float:1500.0'],
    ['.5', 'float:0.5'],
    ['1.', 'float:1.0'],
    ['1.2.3', '1.2.3'],
    ['-.inf', 'float:-Infinity'],
    ['daily-log', 'daily-log'],
    ['학습 기록', '학습 기록'],
    ['2022-02-30', '2022-02-30'],
    ['2022-02-32', '2022-02-32'],
    ['2022-02-22 25:00:00', '2022-02-22 25:00:00'],
    ['2022-02-22 22:22:00 -TTTT', '2022-02-22 22:22:00 -TTTT'],
    ['2022-02-22 22:22:00 +/-TTTT', '2022-02-22 22:22:00 +/-TTTT'],
    ['2022-02-22 22:22', '2022-02-22 22:22']
  ])('%s', (source, expected) => {
    expect(plain(psychTokenize(source))).toEqual(expected)
  })

  it.each([
    // [source, epoch ISO (UTC), offset minutes or undefined]
    ['2022-02-22 22:22:00 +0900', '2022-02-22T13:22:00.000Z', 540],
    ['2022-02-22 22:22:00 +9', '2022-02-22T13:22:00.000Z', 540],
    ['2022-02-22 22:22:00 +9:30', '2022-02-22T12:52:00.000Z', 570],
    ['2022-02-22 22:22:00+09:00', '2022-02-22T13:22:00.000Z', 540],
    ['2022-02-22 22:22:00 -0000', '2022-02-22T22:22:00.000Z', 0],
    ['2022-02-22 22:22:00', '2022-02-22T22:22:00.000Z', undefined],
    ['2022-02-22T22:22:00.5Z', '2022-02-22T22:22:00.500Z', 0],
    ['2022-02-30 10:00:00', '2022-03-02T10:00:00.000Z', undefined],
    ['2022-02-22 24:00:00', '2022-02-23T00:00:00.000Z', undefined],
    ['2022-2-3 1:02:03', '2022-02-03T01:02:03.000Z', undefined]
  ])('timestamp %s is a Ruby Time at %s', (source, iso, offset) => {
    const t = psychTokenize(source) as RubyTime
    expect(t.kind).toBe('time')
    expect(new Date(t.epochMs).toISOString()).toBe(iso)
    expect(t.offsetMinutes).toBe(offset)
  })

  it('a plain date is a Ruby Date, never a JS Date', () => {
    const d = psychTokenize('2022-02-22') as RubyDate
    expect(d).toEqual({ kind: 'date', year: 2022, month: 2, day: 22, source: '2022-02-22' })
    expect(rubyToS(d)).toBe('2022-02-22')
  })

  it('reads the same text the same way every time, and never hands two posts one time or date object', () => {
    for (const source of ['yes', 'Daily', '010', '~'])
      expect(psychTokenize(source)).toBe(psychTokenize(source))
    for (const source of ['2022-02-22', '2022-02-22 22:22:00 +0900', '1.5']) {
      const first = psychTokenize(source)
      const again = psychTokenize(source)
      expect(again).toEqual(first)
      expect(again).not.toBe(first)
    }
  })
})

describe('parseFrontMatter: Jekyll YAML_FRONT_MATTER_REGEXP', () => {
  it('splits front matter and body with the body line and offset', () => {
    const text = '---\ntitle: Hello\ntags: [a, b]\n---\n# Body\n'
    const r = parseFrontMatter(fileOf(text))
    expect(r.diagnostics).toEqual([])
    expect(r.frontMatter?.data).toEqual({ title: 'Hello', tags: ['a', 'b'] })
    expect(r.body).toBe('# Body\n')
    expect(r.bodyStartLine).toBe(5)
    expect(text.slice(r.bodyOffset)).toBe(r.body)
  })

  it('accepts `...` as the closing line and swallows blank lines after it as Jekyll does', () => {
    const r = parseFrontMatter(fileOf('---\ntitle: x\n...\n\n\nBody\n'))
    expect(r.frontMatter?.data).toEqual({ title: 'x' })
    expect(r.body).toBe('Body\n')
    expect(r.bodyStartLine).toBe(6)
  })

  it('keeps positions right with CRLF line ends', () => {
    const text = '---\r\ntitle: x\r\ndate: 2022-02-22 10:00:00 +0900\r\n---\r\nBody\r\n'
    const r = parseFrontMatter(fileOf(text))
    expect(r.diagnostics).toEqual([])
    const at = r.frontMatter?.locate(['date'])
    expect(at?.key?.start).toEqual({ line: 3, column: 1 })
    expect(text.slice(at?.value?.startOffset, at?.value?.endOffset)).toBe('2022-02-22 10:00:00 +0900')
    expect(r.body).toBe('Body\r\n')
    expect(r.bodyStartLine).toBe(5)
  })

  it('an empty front matter block is front matter with no keys', () => {
    const r = parseFrontMatter(fileOf('---\n---\nBody\n'))
    expect(r.frontMatter?.data).toEqual({})
    expect(r.body).toBe('Body\n')
  })

  it.each([
    ['no opening line', 'title: x\n---\nBody\n', 'front-matter/missing', 1],
    ['text before the opening line', '\n---\ntitle: x\n---\n', 'front-matter/missing', 1],
    ['no closing line', '---\ntitle: x\nBody\n', 'front-matter/unterminated', 1],
    ['a closing line with text after ---', '---\ntitle: x\n--- end\nBody\n', 'front-matter/unterminated', 1]
  ])('%s -> %s', (_name, text, rule, line) => {
    const r = parseFrontMatter(fileOf(text))
    expect(r.frontMatter).toBeUndefined()
    expect(r.body).toBe(text)
    expect(r.diagnostics.map(d => [d.rule, d.line])).toEqual([[rule, line]])
  })

  it('a file Jekyll never reads as a post is not told "Jekyll still builds it" (an include_relative snippet, a data file)', () => {
    const root = tmpSite({
      '_posts/include_relative/snippet.html': '<p>shared</p>\n',
      '_posts/2026-03-12-data.yml': 'title: x\n',
      '_posts/2026-03-12-dated.html': '<p>dated</p>\n'
    })
    const rulesOf = (path: string) => readPost(root, path, defaultSite(), NOW).diagnostics.map(d => d.rule)
    expect(rulesOf('_posts/include_relative/snippet.html')).toEqual([])
    expect(rulesOf('_posts/2026-03-12-data.yml')).toEqual([])
    expect(rulesOf('_posts/2026-03-12-dated.html')).toEqual(['front-matter/missing'])
  })

  it('broken YAML is yaml/syntax on the file line and column of the problem', () => {
    const text = '---\ntitle: ok\ntags: [a, b\nlayout: post\n---\nBody\n'
    const r = parseFrontMatter(fileOf(text))
    expect(r.frontMatter).toBeUndefined()
    const d = r.diagnostics[0]
    expect(d?.rule).toBe('yaml/syntax')
    expect(d?.line).toBeGreaterThanOrEqual(3)
    expect(d?.line).toBeLessThanOrEqual(5)
    expect(d?.message).toMatch(/publishes the post without its front matter/)
  })

  it('a value Psych reads as a Symbol is refused the way safe_load refuses it', () => {
    const r = parseFrontMatter(fileOf('---\ntitle: x\nicon: :tada\n---\n'))
    expect(r.frontMatter).toBeUndefined()
    expect(r.diagnostics.map(d => [d.rule, d.line, d.column])).toEqual([['yaml/disallowed-class', 3, 7]])
  })

  it('an alias bomb stops with yaml/alias-limit instead of expanding', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i)
      const cur = String.fromCharCode(97 + i)
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`)
    }
    const r = parseFrontMatter(fileOf(`---\n${lines.join('\n')}\n---\n`))
    expect(r.frontMatter).toBeUndefined()
    expect(r.diagnostics.map(d => d.rule)).toEqual(['yaml/alias-limit'])
  })

  it('small aliases and merge keys are read as Psych reads them', () => {
    const r = parseFrontMatter(
      fileOf(
        '---\nbase: &b {layout: post, toc: true}\npost:\n  <<: *b\n  toc: false\nlist: &l [1]\nsame: *l\n---\n'
      )
    )
    expect(r.frontMatter?.data).toEqual({
      base: { layout: 'post', toc: true },
      post: { layout: 'post', toc: false },
      list: [1],
      same: [1]
    })
  })

  it('duplicate keys are allowed and the last one wins, as in Psych', () => {
    const text = '---\ntitle: first\ntitle: second\n---\n'
    const r = parseFrontMatter(fileOf(text))
    expect(r.frontMatter?.data['title']).toBe('second')
    expect(r.frontMatter?.locate(['title'])?.key?.start.line).toBe(3)
  })

  it('mapping keys are typed too (on: is true) and stringified as Ruby prints them', () => {
    const r = parseFrontMatter(fileOf('---\non: 1\n2022: x\n---\n'))
    expect(r.frontMatter?.data).toEqual({ true: 1, '2022': 'x' })
  })

  it('locate finds nested keys, list items and empty values in file coordinates', () => {
    const text =
      '---\ntitle: "학습 기록 🚀"\nimage:\n  path: /a.png\ntags:\n  - one\n  - two\ncomments:\n---\n'
    const fm = parseFrontMatter(fileOf(text)).frontMatter
    expect(fm?.locate(['image', 'path'])?.value?.start).toEqual({ line: 4, column: 9 })
    const tag = fm?.locate(['tags', 1])?.value
    expect(tag?.start).toEqual({ line: 7, column: 5 })
    expect(text.slice(tag?.startOffset, tag?.endOffset)).toBe('two')
    expect(fm?.locate(['comments'])?.value?.start).toEqual({ line: 8, column: 10 })
    expect(fm?.locate(['missing'])).toBeUndefined()
    expect(fm?.locate(['tags', 5])).toBeUndefined()
    // Columns count characters: the emoji is one.
    const title = fm?.locate(['title'])?.value
    expect(title?.end).toEqual({ line: 2, column: 17 })
  })
})

describe('readPostFile: bytes Jekyll can and cannot read', () => {
  it('removes and remembers a BOM; offsets refer to the text without it', () => {
    const d = decodePostBytes('_posts/2022-01-01-a.md', Buffer.from('\uFEFF---\ntitle: x\n---\n', 'utf8'))
    expect('text' in d && d.text).toBe('---\ntitle: x\n---\n')
    expect('bom' in d && d.bom).toBe(true)
  })

  it('names the byte offset, line and column of the first byte that is not UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('---\ntitle: café\n', 'utf8'),
      Buffer.from([0x61, 0xe9, 0x74]),
      Buffer.from('\n---\n')
    ])
    const d = decodePostBytes('_posts/2022-01-01-a.md', bytes)
    expect('rule' in d && [d.rule, d.line, d.column]).toEqual(['file/encoding', 3, 2])
    expect('message' in d && d.message).toMatch(/byte 0xe9 at byte offset 18/)
  })

  it.each([
    ['overlong', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['truncated', [0xe2, 0x82]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]]
  ])('%s sequences are not UTF-8', (_name, seq) => {
    const d = decodePostBytes('x.md', Buffer.from(seq))
    expect('rule' in d && d.rule).toBe('file/encoding')
  })

  it('a NUL byte is file/binary', () => {
    const d = decodePostBytes('x.md', Buffer.from('---\n\0\n'))
    expect('rule' in d && [d.rule, d.line]).toEqual(['file/binary', 2])
  })

  it('reads a 5 MB post and splits it', () => {
    const body = 'Lorem ipsum dolor sit amet, 학습 기록.\n'.repeat(130_000)
    const root = tmpSite({ '_posts/2022-01-01-big.md': `---\ntitle: big\n---\n${body}` })
    const file = readPostFile(root, '_posts/2022-01-01-big.md')
    expect('text' in file && file.size).toBeGreaterThan(5_000_000)
    const post = readPost(root, '_posts/2022-01-01-big.md', defaultSite(), NOW)
    expect(post.frontMatter?.data['title']).toBe('big')
    expect(post.bodyStartLine).toBe(4)
    expect(post.jekyll.built).toBe(true)
  })

  it('an unterminated 5 MB file is read without catastrophic backtracking', () => {
    const root = tmpSite({ '_posts/2022-01-01-big.md': `---\ntitle: big\n${'- x\n'.repeat(1_300_000)}` })
    const post = readPost(root, '_posts/2022-01-01-big.md', defaultSite(), NOW)
    expect(post.diagnostics.map(d => d.rule)).toEqual(['front-matter/unterminated'])
  })
})

describe('readPost: a post that cannot be read is one diagnostic, never an exception', () => {
  const root = tmpSite({
    '_posts/2022-01-01-ok.md': '---\ntitle: ok\n---\n',
    '_posts/2022-01-02-folder.md/x': 'a folder named like a post'
  })

  it.each([
    ['a missing file', '_posts/2022-01-03-gone.md', /^cannot read _posts\/2022-01-03-gone\.md: ENOENT/],
    ['a folder', '_posts/2022-01-02-folder.md', /^cannot read _posts\/2022-01-02-folder\.md: EISDIR/]
  ])('%s is file/unreadable, with the reason', (_name, path, message) => {
    const post = readPost(root, path, defaultSite(), NOW)
    expect(post.diagnostics.map(d => d.rule)).toEqual(['file/unreadable'])
    expect(post.diagnostics[0]?.message).toMatch(message)
    expect(post.jekyll).toMatchObject({ built: false, reason: 'unreadable' })
  })

  it('a file over the size limit is file/too-large, with its size in bytes', () => {
    const path = '_posts/2022-01-04-huge.md'
    writeFileSync(join(root, path), '---\ntitle: huge\n---\n')
    truncateSync(join(root, path), MAX_FILE_BYTES + 1)
    const post = readPost(root, path, defaultSite(), NOW)
    expect(post.diagnostics.map(d => [d.rule, d.message])).toEqual([
      [
        'file/too-large',
        `${path} is ${MAX_FILE_BYTES + 1} bytes; files over ${MAX_FILE_BYTES} bytes are not checked.`
      ]
    ])
    expect(post.file.size).toBe(0)
  })

  it('a readable post keeps its size from the bytes read', () => {
    const post = readPost(root, '_posts/2022-01-01-ok.md', defaultSite(), NOW)
    expect(post.file.size).toBe(Buffer.byteLength('---\ntitle: ok\n---\n'))
    expect(post.diagnostics).toEqual([])
  })
})

describe('findPosts and readBlog', () => {
  const root = tmpSite({
    '_config.yml': 'timezone: Asia/Seoul\nexclude: [archive]\n',
    '_posts/2022-01-01-a.md': '---\ntitle: a\n---\n',
    '_posts/2022-01-02-b.markdown': '---\ntitle: b\n---\n',
    '_posts/2022-01-03-c.txt': 'plain text\n',
    '_posts/notes.md': '---\ntitle: no date\n---\n',
    '_posts/photo.png': 'not a post',
    '_posts/_hidden/2022-01-04-d.md': '---\n---\n',
    '_posts/sub/2022-01-05-e.md': '---\n---\n',
    '_posts/2022-01-06-f.md~': 'backup',
    '_posts/.2022-01-07-g.md': 'hidden',
    'blog/_posts/2022-01-08-h.md': '---\n---\n',
    '_drafts/2022-01-09-i.md': '---\n---\n',
    '_private/_posts/2022-01-10-j.md': '---\n---\n',
    'archive/_posts/2022-01-11-k.md': '---\n---\n',
    'node_modules/x/_posts/2022-01-12-l.md': '---\n---\n'
  })

  it('lists what Jekyll reads as posts, plus dateless markdown it silently skips', () => {
    expect(findPosts(root, { ...defaultSite(), raw: { exclude: ['archive'] } })).toEqual([
      '_posts/2022-01-01-a.md',
      '_posts/2022-01-02-b.markdown',
      '_posts/2022-01-03-c.txt',
      '_posts/notes.md',
      '_posts/sub/2022-01-05-e.md',
      'blog/_posts/2022-01-08-h.md'
    ])
  })

  it('one bad post never stops the others', () => {
    writeFileSync(
      join(root, '_posts/2022-01-13-broken.md'),
      Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0x0a])
    )
    const blog = readBlog(root, { now: NOW })
    expect(blog.site.timezone).toBe('Asia/Seoul')
    const broken = blog.posts.find(p => p.file.path.endsWith('broken.md'))
    expect(broken?.jekyll).toMatchObject({ built: false, reason: 'encoding' })
    expect(broken?.diagnostics.map(d => d.rule)).toEqual(['file/encoding'])
    expect(blog.posts.filter(p => p.jekyll.built).map(p => p.file.path)).toContain(
      'blog/_posts/2022-01-08-h.md'
    )
  })
})
