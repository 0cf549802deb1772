// posts.ts, what screening posts by date relies on: the cheap look at a post's front matter (sniffFrontMatter), which
// must say `unknown` rather than guess, and findPosts listing by directory entries (symbolic links as before).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findPosts, listPosts } from '../../src/blog/jekyll/files.js'
import { parseFrontMatter } from '../../src/blog/jekyll/front-matter.js'
import { sniffFrontMatter } from '../../src/blog/jekyll/sniff.js'
import { defaultSite } from '../../src/blog/jekyll/site.js'

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`)
const post = (frontMatter: string, body = '본문\n') => `---\n${frontMatter}\n---\n${body}`

describe('sniffFrontMatter: the date as written, or unknown', () => {
  it.each([
    [
      'a Chirpy date',
      'date: 2026-03-12 23:10:00 +0900',
      '2026-03-12',
      Date.parse('2026-03-12T23:10:00+09:00')
    ],
    ['a date alone', 'date: 2026-03-12', '2026-03-12', day('2026-03-12')],
    ['ISO 8601 with Z', 'date: 2026-03-12T01:02:03Z', '2026-03-12', Date.parse('2026-03-12T01:02:03Z')],
    [
      'a negative offset',
      'date: 2026-03-12 23:00:00 -11:00',
      '2026-03-12',
      Date.parse('2026-03-13T10:00:00Z')
    ],
    ['a quoted date', 'date: "2026-03-12 09:00:00 +09:00"', '2026-03-12', Date.parse('2026-03-12T00:00:00Z')],
    ['a comment after it', "title: x\ndate: '2026-3-5' # written late", '2026-03-05', day('2026-03-05')],
    ['CRLF lines', 'title: x\r\ndate: 2026-03-12\r', '2026-03-12', day('2026-03-12')],
    ['a year under 100', 'date: 0099-01-02', '0099-01-02', Date.parse('0099-01-02T00:00:00Z')]
  ])('%s', (_name, frontMatter, written, approx) => {
    const sniff = sniffFrontMatter(post(frontMatter))
    expect(sniff.date).toEqual({ day: Date.parse(`${written}T00:00:00Z`), approx })
  })

  it.each([
    ['no date key', 'title: 학습 기록\ntags: [a]'],
    ['no front matter at all', undefined],
    ['front matter never closed', 'unclosed']
  ])('absent: %s (the file name dates the post)', (_name, frontMatter) => {
    const text =
      frontMatter === undefined
        ? '# 그냥 글\n- [ ] 할 일\n'
        : frontMatter === 'unclosed'
          ? '---\ndate: 2026-03-12\n본문\n'
          : post(frontMatter)
    expect(sniffFrontMatter(text).date).toBe('absent')
  })

  it.each([
    ['a date written in words', 'date: March 12, 2026'],
    ["Chirpy's placeholder offset", 'date: 2026-03-12 23:10:00 +/-TTTT'],
    ['an impossible day', 'date: 2026-02-30'],
    ['an hour past the day', 'date: 2026-03-12 24:30:00'],
    ['an offset of a day or more', 'date: 2026-03-12 10:00:00 +24:00'],
    ['the key twice (Psych keeps the last)', 'date: 2020-01-01\ndate: 2026-03-12'],
    ['a value on the next line', 'date:\n  2026-03-12'],
    ['a block scalar', 'date: |\n  2026-03-12'],
    ['an alias', 'base: &d 2026-03-12\ndate: *d'],
    ['a merge key that may bring one', 'x: &x {date: 2026-03-12}\n<<: *x'],
    ['an explicit key', '? date\n: 2026-03-12'],
    ['an indented mapping', '  title: x\n  date: 2026-03-12'],
    ['a flow mapping', '{title: x, date: 2026-03-12}'],
    ['the word elsewhere', 'title: Pick a date\ndate: 2026-03-12'],
    ['not a key (no space after the colon)', 'date:2026-03-12']
  ])('unknown: %s', (_name, frontMatter) => {
    expect(sniffFrontMatter(post(frontMatter)).date).toBe('unknown')
  })

  it.each([
    ['published: false', true],
    ['published: No', true],
    ['published: off # hidden', true],
    ['published: "false"', false],
    ['published: true', false]
  ])('%s: unpublished %s', (line, unpublished) => {
    expect(sniffFrontMatter(post(`date: 2026-03-12\n${line}`)).unpublished).toBe(unpublished)
  })

  it('finds the body where parseFrontMatter does, in characters for text and in bytes for bytes', () => {
    const text = post(
      'title: "[Week 03 / Day 012] 학습 기록"\ndate: 2026-03-12 23:10:00 +0900',
      '## 오늘 한 일\n'
    )
    const split = parseFrontMatter({ path: '_posts/2026-03-12-a.md', text, bom: false, size: 0 })
    expect(sniffFrontMatter(text).bodyOffset).toBe(split.bodyOffset)
    const bytes = Buffer.from(`\ufeff${text}`)
    const sniff = sniffFrontMatter(bytes)
    expect(bytes.subarray(sniff.bodyOffset).toString()).toBe('## 오늘 한 일\n')
    expect(sniff.date).toMatchObject({ day: day('2026-03-12') })
  })

  it('reads front matter longer than its first window, and never takes the window’s end for the closing line', () => {
    const long = `title: ${'가'.repeat(3000)}\ndate: 2026-03-12`
    expect(sniffFrontMatter(Buffer.from(post(long))).date).toMatchObject({ day: day('2026-03-12') })
    // The window ends just after a `...more` line inside the front matter: only the whole file shows where it closes.
    const filler = 'x'.repeat(4096 - '---\ntitle: |\n  '.length - '\n...'.length)
    const cut = Buffer.from(`---\ntitle: |\n  ${filler}\n...more\ndate: 2020-01-01\n---\n본문\n`)
    expect(cut.subarray(0, 4096).toString('latin1').endsWith('\n...')).toBe(true)
    expect(sniffFrontMatter(cut)).toMatchObject({ date: { day: day('2020-01-01') } })
    expect(cut.subarray(sniffFrontMatter(cut).bodyOffset).toString()).toBe('본문\n')
  })
})

describe('findPosts: symbolic links (the trust boundary)', () => {
  it('never follows a link under _posts that leaves the repository: each is a finding, nothing behind it is read', () => {
    const root = mkdtempSync(join(tmpdir(), 'jpo-links-'))
    const elsewhere = mkdtempSync(join(tmpdir(), 'jpo-elsewhere-'))
    mkdirSync(join(elsewhere, '_posts'))
    writeFileSync(join(elsewhere, '2022-01-01-linked-dir.md'), '---\n---\n')
    writeFileSync(join(elsewhere, '_posts', '2022-01-02-nested.md'), '---\n---\n')
    writeFileSync(join(elsewhere, '2022-01-03-linked-file.md'), '---\n---\n')
    mkdirSync(join(root, '_posts'))
    writeFileSync(join(root, '_config.yml'), 'title: x\n')
    writeFileSync(join(root, '_posts', '2022-01-04-plain.md'), '---\n---\n')
    symlinkSync(elsewhere, join(root, '_posts', 'more'))
    symlinkSync(
      join(elsewhere, '2022-01-03-linked-file.md'),
      join(root, '_posts', '2022-01-03-linked-file.md')
    )
    symlinkSync(elsewhere, join(root, 'linked-site-folder'))
    expect(findPosts(root, defaultSite())).toEqual(['_posts/2022-01-04-plain.md'])
    const { refused } = listPosts(root, defaultSite())
    expect(refused.map(d => `${d.rule} ${d.file}`).sort()).toEqual([
      'file/outside-repository _posts/2022-01-03-linked-file.md',
      'file/outside-repository _posts/more'
    ])
    expect(refused[0]!.message).toContain('is a symbolic link to outside the repository')
  })

  it('follows a linked folder under _posts whose target stays inside the repository, once (no loop)', () => {
    const root = mkdtempSync(join(tmpdir(), 'jpo-links-in-'))
    mkdirSync(join(root, 'notes'))
    writeFileSync(join(root, 'notes', '2022-01-01-linked-dir.md'), '---\n---\n')
    mkdirSync(join(root, '_posts'))
    writeFileSync(join(root, '_config.yml'), 'title: x\n')
    symlinkSync(join(root, 'notes'), join(root, '_posts', 'more'))
    symlinkSync(join(root, '_posts'), join(root, '_posts', 'loop'))
    expect(findPosts(root, defaultSite())).toEqual(['_posts/more/2022-01-01-linked-dir.md'])
  })
})
