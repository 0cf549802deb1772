// Blogs for the API-economy and backfill scenarios: a daily log with exactly N open tasks in its window, and a push
// post that adds and checks tasks. Bench data only: never starts the action or the simulator.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { addDays, dayString, pad, parseDay, type Day } from './days.js'
import { frontMatter, paragraphs, SITE_CONFIG } from './post-text.js'
import { int, rng } from './random.js'
import { renderTask, taskSource, type TaskItem } from './task-items.js'

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
