// The text of a generated post beside its tasks: front matter (broken on purpose when asked), paragraphs, site config.
// Bench data only: never writes a file.
import { int, pick, type Rand } from './random.js'
import { EN_SENTENCES, KO_SENTENCES, type Lang } from './words.js'

/** The ways a generated post is deliberately broken (each a problem `check` reports). */
export const BROKEN_KINDS = [
  'yaml-syntax',
  'unterminated-front-matter',
  'uppercase-tag',
  'date-placeholder',
  'published-string',
  'too-many-categories',
  'near-miss-key',
  'impossible-date',
  'no-front-matter',
  'tab-indent',
  'undated-filename'
] as const
export type BrokenKind = (typeof BROKEN_KINDS)[number]

export interface FrontMatterInput {
  title: string
  date: string
  categories: string[]
  tags: string[]
  image: boolean
  math: boolean
  extra: string[]
}

export function frontMatter(fm: FrontMatterInput, broken: BrokenKind | undefined): string {
  const lines = [
    broken === 'yaml-syntax' ? `title: "${fm.title}` : `title: ${JSON.stringify(fm.title)}`,
    `date: ${fm.date}`,
    `categories: [${(broken === 'too-many-categories' ? [...fm.categories, 'Misc'] : fm.categories).join(', ')}]`,
    `tags: [${(broken === 'uppercase-tag' ? fm.tags.map((t, i) => (i === 0 ? t.toUpperCase() : t)) : fm.tags).join(', ')}]     # TAG names should always be lowercase`
  ]
  if (fm.image)
    lines.push('image:', `${broken === 'tab-indent' ? '\t' : '  '}path: /assets/img/posts/camp-title.png`)
  if (fm.math) lines.push('math: true')
  if (broken === 'published-string') lines.push('published: "false"')
  if (broken === 'near-miss-key') lines.push('comment: true')
  lines.push(...fm.extra)
  return lines.join('\n')
}

export function paragraphs(r: Rand, lang: Lang, count: number): string[] {
  const bank = lang === 'ko' ? KO_SENTENCES : EN_SENTENCES
  const out: string[] = []
  for (let p = 0; p < count; p++) {
    const n = int(r, 3, 10)
    const s: string[] = []
    for (let i = 0; i < n; i++) s.push(pick(r, bank))
    out.push(s.join(' '))
  }
  return out
}

export const SITE_CONFIG = `# Chirpy-style site config written by bench/corpus.ts
theme: jekyll-theme-chirpy
lang: ko-KR
timezone: Asia/Seoul
title: 부트캠프 데브로그
tagline: AI 부트캠프 수강생의 매일 학습 기록
url: https://devlog.example.com
baseurl: ''
paginate: 10
defaults:
  - scope:
      path: ""
      type: posts
    values:
      layout: post
      comments: true
      toc: true
      permalink: /posts/:title/
exclude:
  - "*.gem"
  - README.md
  - Gemfile
  - Gemfile.lock
`
