// Writes a deterministic (seeded) Jekyll blog shaped like a real Chirpy daily log: Korean and English posts,
// 0–15 tasks with nested sub-items under today/tomorrow headings, code blocks, a few broken posts. Bench data only.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; the same seed always gives the same blog. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** A calendar day (no time zone: the blog's own, Asia/Seoul). */
export interface Day {
  y: number
  m: number
  d: number
}
export function parseDay(s: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) throw new Error(`not a YYYY-MM-DD day: ${s}`)
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }
}
export function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}
export const dayString = (day: Day): string => `${day.y}-${pad(day.m)}-${pad(day.d)}`

// ---------------------------------------------------------------------------------------------------------
// Word banks

const KO_SENTENCES = [
  '오늘은 강의를 듣고 정리하는 데 대부분의 시간을 썼다.',
  '피어세션에서 서로의 코드를 리뷰하며 놓쳤던 부분을 찾았다.',
  '모델이 생각보다 느려서 프로파일링부터 다시 해 보기로 했다.',
  '배치 크기를 줄이니 메모리 문제는 사라졌지만 학습이 불안정해졌다.',
  '검증 정확도가 더 이상 오르지 않아 학습률 스케줄을 바꿔 봤다.',
  '데이터 전처리 파이프라인을 함수 단위로 쪼개고 테스트를 붙였다.',
  '어제 막혔던 부분은 차원을 잘못 맞춘 탓이었다.',
  '멘토링 시간에 실험 기록을 남기는 습관이 중요하다는 이야기를 들었다.',
  '논문의 핵심 아이디어는 단순하지만 구현 세부가 까다롭다.',
  '코딩 테스트 문제는 그리디로 풀리는 줄 알았는데 반례가 있었다.',
  '팀 회의에서 역할을 다시 나누고 다음 주 목표를 정했다.',
  '그래프를 그려 보니 과적합이 시작되는 지점이 분명히 보였다.',
  '양자화 후 정확도 하락 폭이 예상보다 커서 원인을 찾는 중이다.',
  '주말 동안 밀린 과제를 정리하고 블로그 글을 손봤다.',
  '새로 배운 개념을 내 말로 다시 써 보니 이해가 훨씬 단단해졌다.',
  '도커 이미지를 줄이려고 멀티 스테이지 빌드를 적용했다.',
  '실험 결과를 표로 정리해서 팀 노션에 올렸다.',
  '내일은 오전에 집중해서 남은 구현을 끝내고 싶다.',
  '오랜만에 알고리즘 문제를 세 개나 풀어서 기분이 좋다.',
  '발표 자료를 만들면서 내가 모르는 부분이 어디인지 드러났다.',
  '지식 증류에서 온도를 키우면 분포가 평평해진다는 점이 흥미로웠다.',
  '토크나이저를 바꾸니 시퀀스 길이가 크게 줄었다.',
  '체크포인트를 잘못 불러와서 한 시간을 날렸다.',
  '로그를 남기는 방식을 바꾸니 디버깅이 한결 쉬워졌다.',
  '수식으로만 보던 역전파를 직접 구현해 보니 감이 왔다.'
]
const EN_SENTENCES = [
  'Spent most of the day on lectures and turning my notes into something readable.',
  'The peer session caught a bug in my data loader that I had missed for two days.',
  'Profiling showed the bottleneck was the tokenizer, not the model.',
  'Halving the batch size fixed the out-of-memory error but made training noisy.',
  'Validation accuracy plateaued, so I tried a cosine learning-rate schedule.',
  'Split the preprocessing into small functions and added tests for each.',
  'The shape mismatch from yesterday was a transposed matrix, of course.',
  'My mentor stressed keeping an experiment log, and I finally started one.',
  'The paper has a simple core idea and a lot of fiddly implementation details.',
  'The greedy solution looked right until a counterexample showed up.',
  'We re-split the team roles and set goals for next week.',
  'Plotting the curves made the point where overfitting starts obvious.',
  'Accuracy dropped more than expected after quantization; still investigating.',
  'Caught up on assignments over the weekend and tidied the blog.',
  'Writing the concept down in my own words made it stick.',
  'A multi-stage Docker build cut the image size by two thirds.',
  'Put the experiment results in a table on the team wiki.',
  'Tomorrow morning I want to finish the remaining implementation first.',
  'Solved three algorithm problems today, which felt good.',
  'Making the slides showed me exactly which parts I do not understand yet.'
]
const TOPICS_KO = [
  '모델 경량화',
  '자연어 처리',
  '컴퓨터 비전',
  '추천 시스템',
  '데이터 엔지니어링',
  'MLOps',
  '딥러닝 기초'
]
const TOPICS_EN = [
  'pruning',
  'quantization',
  'distillation',
  'transformers',
  'object detection',
  'recommenders',
  'feature stores'
]
const PAPERS = [
  'MobileNetV2',
  'EfficientNet',
  'BERT',
  'ViT',
  'ResNet',
  'LoRA',
  'DistilBERT',
  'YOLOv3',
  'U-Net',
  'Attention Is All You Need'
]
const TAGS = [
  'daily-log',
  'pytorch',
  'python',
  'algorithm',
  'deep-learning',
  'nlp',
  'cv',
  'mlops',
  'docker',
  'til',
  'paper-review'
]
const CODE_BLOCKS = [
  '```python\nimport torch\n\nmodel = torch.hub.load("pytorch/vision", "resnet50", weights="IMAGENET1K_V2")\nsparsity = sum((p == 0).sum().item() for p in model.parameters()) / sum(p.numel() for p in model.parameters())\nprint(f"sparsity: {sparsity:.2%}")\n```',
  '```python\ndef greedy(meetings):\n    meetings.sort(key=lambda m: (m[1], m[0]))\n    end, count = 0, 0\n    for s, e in meetings:\n        if s >= end:\n            end, count = e, count + 1\n    return count\n```',
  '```bash\ndocker build -t trainer:latest --target runtime .\ndocker run --gpus all -v "$PWD/data:/data" trainer:latest python train.py --epochs 20\n```',
  '```javascript\nconst scores = results.map(r => r.f1).sort((a, b) => b - a)\nconsole.log(`best f1: ${scores[0].toFixed(3)}`)\n```',
  "```sql\nSELECT user_id, COUNT(*) AS views\nFROM events\nWHERE event = 'view' AND ts >= NOW() - INTERVAL '7 days'\nGROUP BY user_id\nORDER BY views DESC\nLIMIT 20;\n```",
  // A post template kept in a code block: the task items in it are not tasks.
  '```markdown\n## 오늘 한 일\n- [x] 끝낸 일\n- [ ] 할 일을 여기에 적기\n    - 세부 내용\n\n## 내일 할 일\n- [ ] 할 일을 여기에 적기\n```',
  '```yaml\ntrainer:\n  max_epochs: 30\n  precision: 16-mixed\n  accumulate_grad_batches: 4\n```'
]
const MATH = [
  '$$\n\\mathcal{L} = (1 - \\alpha)\\, \\mathrm{CE}(y, p_s) + \\alpha\\, T^{2}\\, \\mathrm{KL}(p_t^{(T)} \\,\\|\\, p_s^{(T)})\n$$',
  '$$\n25.6 \\times 10^{6} \\times 4\\ \\text{B} \\approx 102\\ \\text{MB}\n$$'
]
const TODAY_HEADINGS = {
  ko: ['## 오늘 한 일', '## ✅ 오늘 한 일', '**오늘 한 일**', '### 오늘 한 일'],
  en: ['## Today', '## Done today', '### 📝 Today']
}
const TOMORROW_HEADINGS = {
  ko: ['## 내일 할 일', '## 📌 내일 할 일', '**내일 할 일**', '### 내일 할 일'],
  en: ['## Tomorrow', '### Todo for tomorrow', '## Next']
}

// ---------------------------------------------------------------------------------------------------------
// Tasks

interface TaskItem {
  text: string
  /** Sub-item lines as written under the task (already indented relative to the task). */
  subs: string[]
}

interface TaskSource {
  next(lang: Lang): TaskItem
}

type Lang = 'ko' | 'en'

/** Makes fresh tasks whose texts are unique (a counter in each), with 0–3 sub-items, some nested tasks. */
function taskSource(r: Rand): TaskSource {
  let n = 0
  return {
    next(lang) {
      n++
      const ko = [
        () => `기본 과제 ${n} 제출`,
        () => `알고리즘 문제 ${n}번 풀기`,
        () => `[${pick(r, TOPICS_KO)}] 심화 과제 ${n} 정리`,
        () => `논문 리뷰 발표 준비 (${pick(r, PAPERS)}) #${n}`,
        () => `**실험 ${n}** 결과 정리하고 팀에 공유`,
        () => `블로그 글 ${n}편 초안 쓰기`
      ]
      const en = [
        () => `Submit assignment ${n}`,
        () => `Solve problem ${n} on the judge`,
        () => `Read "${pick(r, PAPERS)}" section ${n}`,
        () => `Write up experiment ${n} for the team`,
        () => `Fix flaky test in \`trainer-${n}\``,
        () => `Review pull request ${n} from @teammate`
      ]
      const text = pick(r, lang === 'ko' ? ko : en)()
      const subs: string[] = []
      const count = r() < 0.55 ? 0 : int(r, 1, 3)
      for (let i = 0; i < count; i++) {
        const kind = r()
        if (kind < 0.25)
          subs.push(`- [${r() < 0.5 ? 'x' : ' '}] ${lang === 'ko' ? `세부 단계 ${i + 1}` : `step ${i + 1}`}`)
        else if (kind < 0.35)
          subs.push(
            `- ${lang === 'ko' ? '참고' : 'notes'}`,
            `    - ${lang === 'ko' ? '링크 모음' : 'links'} ${i + 1}`
          )
        else
          subs.push(
            `- ${lang === 'ko' ? `[${pick(r, TOPICS_KO)}] ${int(r, 1, 12)}강` : `${pick(r, TOPICS_EN)} part ${int(r, 1, 12)}`}`
          )
      }
      return { text, subs }
    }
  }
}

function renderTask(task: TaskItem, checked: boolean): string {
  const lines = [`- [${checked ? 'x' : ' '}] ${task.text}`]
  for (const sub of task.subs) lines.push(`    ${sub}`)
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------------------
// Posts

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

interface FrontMatterInput {
  title: string
  date: string
  categories: string[]
  tags: string[]
  image: boolean
  math: boolean
  extra: string[]
}

function frontMatter(fm: FrontMatterInput, broken: BrokenKind | undefined): string {
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

function paragraphs(r: Rand, lang: Lang, count: number): string[] {
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

export interface CorpusOptions {
  /** Number of posts to write. */
  posts: number
  /** Folder to write the blog into (emptied first). */
  out: string
  seed?: number
  /** Local date (Asia/Seoul) of the newest post; default 2026-11-27. */
  newest?: string
  /** Share of broken posts; default 0.005 (50 of 10,000). */
  brokenShare?: number
}

export interface CorpusPost {
  path: string
  /** Local date YYYY-MM-DD. */
  day: string
  lang: Lang
  kind: 'daily' | 'note'
  checked: number
  unchecked: number
  broken?: BrokenKind
}

export interface Corpus {
  root: string
  seed: number
  /** In date order, oldest first. */
  posts: CorpusPost[]
  bytes: number
  tasks: { checked: number; unchecked: number }
  broken: { path: string; kind: BrokenKind }[]
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

/**
 * Writes the blog: `_config.yml` (timezone Asia/Seoul) and `_posts/`. Each day has one daily log (23:10) and
 * on average two short notes; the daily log's "tomorrow" list is carried into the next day's "today" list,
 * where most items are checked and the rest are carried again, as people really write them.
 */
export function writeCorpus(options: CorpusOptions): Corpus {
  const seed = options.seed ?? 1
  const r = rng(seed)
  const tasks = taskSource(rng(seed ^ 0x9e3779b9))
  const brokenShare = options.brokenShare ?? 0.005
  rmSync(options.out, { recursive: true, force: true })
  mkdirSync(join(options.out, '_posts'), { recursive: true })
  writeFileSync(join(options.out, '_config.yml'), SITE_CONFIG)

  // Plan the days first (newest day fixed), so N posts end exactly on `newest`.
  const kinds: { day: Day; kind: 'daily' | 'note'; hour: number; minute: number }[] = []
  let day = parseDay(options.newest ?? '2026-11-27')
  while (kinds.length < options.posts) {
    const notes = int(r, 0, 4)
    const today: typeof kinds = [{ day, kind: 'daily', hour: 23, minute: 10 }]
    for (let i = 0; i < notes; i++)
      today.push({ day, kind: 'note', hour: int(r, 8, 22), minute: int(r, 0, 59) })
    today.sort((a, b) => b.hour * 60 + b.minute - (a.hour * 60 + a.minute))
    for (const k of today) if (kinds.length < options.posts) kinds.push(k)
    day = addDays(day, -1)
  }
  kinds.reverse()

  const posts: CorpusPost[] = []
  const broken: Corpus['broken'] = []
  let bytes = 0
  let carried: TaskItem[] = []
  let dayNumber = 0
  let lastDay = ''
  const names = new Set<string>()
  let totalChecked = 0
  let totalUnchecked = 0
  for (const [i, k] of kinds.entries()) {
    const dayStr = dayString(k.day)
    if (k.kind === 'daily' && dayStr !== lastDay) {
      dayNumber++
      lastDay = dayStr
    }
    const lang: Lang = r() < 0.7 ? 'ko' : 'en'
    const week = Math.floor((dayNumber - 1) / 7) + 1
    const brokenKind: BrokenKind | undefined = r() < brokenShare ? pick(r, BROKEN_KINDS) : undefined
    const body: string[] = []
    let checked = 0
    let unchecked = 0
    let title: string
    let slug: string
    let fmTags: string[]
    let categories: string[]
    if (k.kind === 'daily') {
      title =
        lang === 'ko'
          ? `[Week ${pad(week)} / Day ${pad(dayNumber, 3)}] 학습 기록`
          : `Week ${week}, day ${dayNumber}: daily log`
      slug = `week${pad(week)}-day${pad(dayNumber, 3)}`
      categories = ['AI 부트캠프', 'Daily & Weekly Log']
      fmTags = ['daily-log', `week${pad(week)}`]
      body.push(...paragraphs(r, lang, int(r, 1, 2)))
      // Today: yesterday's plan, mostly done; plus a few things done on the spot.
      const todayLines: string[] = []
      const stillOpen: TaskItem[] = []
      const lecture: TaskItem = {
        text: lang === 'ko' ? '강의 수강 및 정리' : 'Watch lectures and take notes',
        subs: [
          lang === 'ko'
            ? `- [${pick(r, TOPICS_KO)}] ${int(r, 1, 12)}강`
            : `- ${pick(r, TOPICS_EN)} ${int(r, 1, 12)}`
        ]
      }
      for (const t of carried) {
        const done = r() < 0.75
        todayLines.push(renderTask(t, done))
        if (done) checked++
        else {
          unchecked++
          stillOpen.push(t)
        }
      }
      if (!carried.some(t => t.text === lecture.text)) {
        todayLines.push(renderTask(lecture, true))
        checked++
      }
      for (let n = int(r, 0, 2); n > 0; n--) {
        todayLines.push(renderTask(tasks.next(lang), true))
        checked++
      }
      // Tomorrow: what is still open, the recurring lecture, and new work; never more than 15 tasks in all.
      const plan: TaskItem[] = [...stillOpen.filter(t => t.text !== lecture.text), lecture]
      for (let n = int(r, 0, 4); n > 0; n--) plan.push(tasks.next(lang))
      const room = Math.max(0, 15 - checked - unchecked)
      const tomorrow = plan.slice(0, room)
      if (r() < 0.08) {
        // A day off: no task lists at all.
        body.push(...paragraphs(r, lang, int(r, 2, 4)))
        checked = 0
        unchecked = 0
        carried = []
      } else {
        body.push(pick(r, TODAY_HEADINGS[lang]), todayLines.join('\n'))
        body.push(lang === 'ko' ? '## 배운 것' : '## What I learned', ...paragraphs(r, lang, int(r, 4, 12)))
        if (r() < 0.5) body.push(pick(r, CODE_BLOCKS))
        if (r() < 0.2) body.push(pick(r, MATH))
        body.push(...paragraphs(r, lang, int(r, 1, 3)))
        body.push(pick(r, TOMORROW_HEADINGS[lang]), tomorrow.map(t => renderTask(t, false)).join('\n'))
        unchecked += tomorrow.length
        carried = tomorrow
      }
    } else {
      const topic = lang === 'ko' ? pick(r, TOPICS_KO) : pick(r, TOPICS_EN)
      title = lang === 'ko' ? `[TIL] ${topic} 정리 ${i}` : `TIL: ${topic}, part ${i}`
      slug = `til-${i}`
      categories = lang === 'ko' ? ['TIL', topic] : ['TIL']
      fmTags = ['til', pick(r, TAGS)]
      body.push(...paragraphs(r, lang, int(r, 4, 12)))
      for (let n = int(r, 0, 2); n > 0; n--)
        body.push(pick(r, CODE_BLOCKS), ...paragraphs(r, lang, int(r, 1, 3)))
      if (r() < 0.25) {
        const items: string[] = []
        for (let n = int(r, 1, 3); n > 0; n--) {
          const done = r() < 0.5
          items.push(renderTask(tasks.next(lang), done))
          if (done) checked++
          else unchecked++
        }
        body.push(pick(r, ['## TODO', '## Next', '## 다음에 할 일']), items.join('\n'))
      }
    }
    const date =
      brokenKind === 'date-placeholder'
        ? `${dayStr} ${pad(k.hour)}:${pad(k.minute)}:00 +/-TTTT`
        : brokenKind === 'impossible-date'
          ? `${k.day.y}-02-30 ${pad(k.hour)}:${pad(k.minute)}:00 +0900`
          : `${dayStr} ${pad(k.hour)}:${pad(k.minute)}:00 +0900`
    const fm = frontMatter(
      {
        title,
        date,
        categories,
        tags: fmTags,
        image: k.kind === 'daily',
        math: r() < 0.3,
        extra: r() < 0.1 ? ['pin: false', 'toc: true'] : []
      },
      brokenKind
    )
    const text =
      brokenKind === 'no-front-matter'
        ? `${body.join('\n\n')}\n`
        : brokenKind === 'unterminated-front-matter'
          ? `---\n${fm}\n\n${body.join('\n\n')}\n`
          : `---\n${fm}\n---\n\n${body.join('\n\n')}\n`
    let name = brokenKind === 'undated-filename' ? `${slug}.md` : `${dayStr}-${slug}.md`
    for (let n = 2; names.has(name); n++) name = name.replace(/(-\d+)?\.md$/, `-${n}.md`)
    names.add(name)
    const path = `_posts/${name}`
    const buffer = Buffer.from(text, 'utf8')
    writeFileSync(join(options.out, path), buffer)
    bytes += buffer.length
    totalChecked += checked
    totalUnchecked += unchecked
    posts.push({
      path,
      day: dayStr,
      lang,
      kind: k.kind,
      checked,
      unchecked,
      ...(brokenKind ? { broken: brokenKind } : {})
    })
    if (brokenKind) broken.push({ path, kind: brokenKind })
  }
  return {
    root: options.out,
    seed,
    posts,
    bytes,
    tasks: { checked: totalChecked, unchecked: totalUnchecked },
    broken
  }
}

// ---------------------------------------------------------------------------------------------------------
// Blogs for the API-economy scenarios

export interface TaskBlogOptions {
  out: string
  /** Unchecked tasks, each listed once, in the posts of the last `windowDays` days. */
  open: number
  /** Days of history before the window whose tasks are all checked by the next day. */
  historyDays?: number
  windowDays?: number
  newest?: string
  seed?: number
}

export interface TaskBlog {
  root: string
  /** Open task texts, in the order they were written. */
  open: string[]
  /** Newest day written. */
  newest: string
  posts: string[]
}

/**
 * A daily log whose open tasks are exactly `open` unique unchecked items, all written in the last `windowDays`
 * days (so a first sync with `since` = that window opens exactly that many issues); older tasks were all
 * checked the next day. At most 12 new open tasks per post: busy days get extra posts.
 */
export function writeTaskBlog(options: TaskBlogOptions): TaskBlog {
  const r = rng(options.seed ?? 7)
  const tasks = taskSource(rng((options.seed ?? 7) ^ 0x85ebca6b))
  const windowDays = options.windowDays ?? 10
  const historyDays = options.historyDays ?? 20
  const newest = parseDay(options.newest ?? '2026-11-27')
  rmSync(options.out, { recursive: true, force: true })
  mkdirSync(join(options.out, '_posts'), { recursive: true })
  writeFileSync(join(options.out, '_config.yml'), SITE_CONFIG)
  const posts: string[] = []
  const open: string[] = []
  const write = (day: Day, n: number, today: string[], tomorrow: string[], title: string) => {
    const fm = frontMatter(
      {
        title,
        date: `${dayString(day)} ${pad(23 - n)}:10:00 +0900`,
        categories: ['AI 부트캠프', 'Daily & Weekly Log'],
        tags: ['daily-log'],
        image: true,
        math: false,
        extra: []
      },
      undefined
    )
    const body = [
      ...paragraphs(r, 'ko', 2),
      '## 오늘 한 일',
      today.join('\n') || '- 휴식',
      '## 배운 것',
      ...paragraphs(r, 'ko', 3)
    ]
    if (tomorrow.length) body.push('## 내일 할 일', tomorrow.join('\n'))
    const path = `_posts/${dayString(day)}-log-${n}.md`
    writeFileSync(join(options.out, path), `---\n${fm}\n---\n\n${body.join('\n\n')}\n`)
    posts.push(path)
  }
  // History: every task planned for tomorrow is checked the next day.
  let planned: TaskItem[] = []
  for (let d = historyDays + windowDays - 1; d >= windowDays; d--) {
    const day = addDays(newest, -d)
    const today = planned.map(t => renderTask(t, true))
    planned = Array.from({ length: int(r, 1, 4) }, () => tasks.next('ko'))
    // The last history day plans nothing, so nothing older stays open.
    if (d === windowDays) planned = []
    write(
      day,
      0,
      today,
      planned.map(t => renderTask(t, false)),
      `history ${dayString(day)}`
    )
  }
  // The window: `open` unique unchecked tasks spread evenly, at most 12 per post.
  const perDay = Math.ceil(options.open / windowDays)
  let left = options.open
  for (let d = windowDays - 1; d >= 0; d--) {
    const day = addDays(newest, -d)
    let today = left > 0 ? Math.min(perDay, left) : 0
    left -= today
    for (let n = 0; today > 0 || n === 0; n++) {
      const here = Math.min(12, today)
      today -= here
      const items = Array.from({ length: here }, () => tasks.next('ko'))
      open.push(...items.map(t => t.text))
      write(
        day,
        n,
        [renderTask({ text: '강의 수강 및 정리', subs: [] }, true)],
        items.map(t => renderTask(t, false)),
        `window ${dayString(day)} ${n}`
      )
    }
  }
  return { root: options.out, open, newest: dayString(newest), posts: posts.sort() }
}

/** A post for `day` that lists `add` new unchecked tasks and checks `check` (texts of open tasks). */
export function pushPost(
  root: string,
  day: string,
  add: number,
  check: string[],
  seed = 11
): { path: string; added: string[] } {
  const r = rng(seed)
  const tasks = taskSource(rng(seed ^ 0xc2b2ae35))
  const added = Array.from({ length: add }, () => tasks.next('ko'))
  const fm = frontMatter(
    {
      title: `push ${day}`,
      date: `${day} 23:30:00 +0900`,
      categories: ['AI 부트캠프', 'Daily & Weekly Log'],
      tags: ['daily-log'],
      image: true,
      math: false,
      extra: []
    },
    undefined
  )
  const body = [
    ...paragraphs(r, 'ko', 2),
    '## 오늘 한 일',
    check.map(text => renderTask({ text, subs: [] }, true)).join('\n'),
    '## 내일 할 일',
    added.map(t => renderTask(t, false)).join('\n')
  ]
  const path = `_posts/${day}-push.md`
  writeFileSync(join(root, path), `---\n${fm}\n---\n\n${body.join('\n\n')}\n`)
  return { path, added: added.map(t => t.text) }
}

// `npx tsx bench/corpus.ts --posts 1000 --out /tmp/blog [--seed 1]`
if (process.argv[1] && /bench[\\/]corpus\.ts$/.test(process.argv[1])) {
  const { parseArgs } = await import('node:util')
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '1000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' }
    }
  })
  if (!values.out) throw new Error('--out DIR is required')
  const corpus = writeCorpus({ posts: Number(values.posts), out: values.out, seed: Number(values.seed) })
  process.stdout.write(
    `${corpus.posts.length} posts, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.tasks.checked} checked and ${corpus.tasks.unchecked} unchecked tasks, ${corpus.broken.length} broken posts in ${corpus.root}\n`
  )
}
