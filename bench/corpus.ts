// Writes a deterministic (seeded) Jekyll blog shaped like a real Chirpy daily log: Korean and English posts,
// 0–15 tasks with nested sub-items under today/tomorrow headings, code blocks, a few broken posts. Bench data only.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { addDays, dayString, pad, parseDay, type Day } from './days.js'
import { BROKEN_KINDS, frontMatter, paragraphs, SITE_CONFIG, type BrokenKind } from './post-text.js'
import { int, pick, rng } from './random.js'
import { renderTask, taskSource, type TaskItem } from './task-items.js'
import {
  CODE_BLOCKS,
  MATH,
  TAGS,
  TODAY_HEADINGS,
  TOMORROW_HEADINGS,
  TOPICS_EN,
  TOPICS_KO,
  type Lang
} from './words.js'

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
