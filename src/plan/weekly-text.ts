// The weekly review issue's body, in English or Korean: the week's posts, done / opened / carried over as `- [x] #12`
// lists, a table and a mermaid chart per day, the streak, categories and tags, the dated marker. Pure: renders only.
import { weekdayOf, type Language } from './calendar.js'
import { planMarker, plainText, postLink, xyChart } from './plan-issue.js'
import type { ClosedBy, ReviewItem, WeeklyReview } from './weekly.js'

/** `1 post`, `2 posts`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

const TEXT = {
  en: {
    summary: (r: WeeklyReview, zone: string) =>
      `${r.start} – ${r.end} (${zone}): ${plural(r.posts.length, 'post')}, ${r.done.length} done, ${r.opened.length} opened, ${r.carried.length} carried over.`,
    offline:
      'Read from the posts alone (offline): issue numbers, and closes only GitHub knows (merged pull requests, people), are unknown.',
    posts: 'Posts',
    postsNone: 'No post this week.',
    postCounts: (checked: number, opened: number) => `${checked} checked, ${opened} opened`,
    done: 'Done',
    doneNone: 'Nothing was done this week.',
    opened: 'Opened',
    openedNone: 'Nothing was opened this week.',
    carried: 'Carried over',
    carriedNone: 'Nothing is carried over.',
    age: (days: number) => (days === 0 ? 'opened on the last day' : `open ${plural(days, 'day')}`),
    by: (by: ClosedBy) =>
      by.kind === 'post'
        ? `checked in ${postLink(by.post)}`
        : by.kind === 'pull-request'
          ? `closed by pull request #${by.number}`
          : by.kind === 'person'
            ? `closed by @${by.login}`
            : `closed by ${plainText(by.text)}`,
    unknownBy: 'closed by: unknown offline',
    byDay: 'By day',
    columns: ['day', 'posts', 'tasks checked', 'tasks opened'],
    total: 'total',
    chartTitle: 'Tasks checked (bars), opened and posts (lines)',
    chartAxis: 'count',
    streak: (r: WeeklyReview) =>
      `Posted on ${r.postedDays} of 7 days. ` +
      (r.streak.days === 0
        ? "Posting streak at the week's end: none."
        : `Posting streak at the week's end: ${plural(r.streak.days, 'day')} in a row since ${r.streak.since}.`),
    taxonomy: 'Categories and tags',
    categories: 'Categories',
    tags: 'Tags',
    none: 'none',
    flag: 'Would be a `check` finding',
    line: (n: number) => `line ${n}`
  },
  ko: {
    summary: (r: WeeklyReview, zone: string) =>
      `${r.start} – ${r.end} (${zone}): 글 ${r.posts.length}개, 완료 ${r.done.length}개, 새 할 일 ${r.opened.length}개, 이어지는 일 ${r.carried.length}개.`,
    offline:
      '글만 읽었습니다(오프라인): 이슈 번호와 GitHub만 아는 닫힘(병합된 풀 리퀘스트, 사람)은 알 수 없습니다.',
    posts: '이번 주 글',
    postsNone: '이번 주에 쓴 글이 없습니다.',
    postCounts: (checked: number, opened: number) => `체크 ${checked}개, 새 할 일 ${opened}개`,
    done: '완료한 일',
    doneNone: '이번 주에 완료한 일이 없습니다.',
    opened: '새로 연 일',
    openedNone: '이번 주에 새로 연 일이 없습니다.',
    carried: '이어지는 일',
    carriedNone: '다음 주로 이어지는 일이 없습니다.',
    age: (days: number) => (days === 0 ? '마지막 날 열림' : `${days}일째 열림`),
    by: (by: ClosedBy) =>
      by.kind === 'post'
        ? `${postLink(by.post)}에서 체크`
        : by.kind === 'pull-request'
          ? `풀 리퀘스트 #${by.number} 병합으로 닫힘`
          : by.kind === 'person'
            ? `@${by.login} 님이 닫음`
            : `${plainText(by.text)}(으)로 닫힘`,
    unknownBy: '닫은 곳: 오프라인에서는 알 수 없음',
    byDay: '요일별',
    columns: ['날짜', '글', '체크한 일', '새 할 일'],
    total: '합계',
    chartTitle: '체크한 일(막대), 새 할 일과 글(선)',
    chartAxis: '개수',
    streak: (r: WeeklyReview) =>
      `7일 중 ${r.postedDays}일 작성. ` +
      (r.streak.days === 0
        ? '주말 기준 연속 작성: 없음.'
        : `주말 기준 연속 작성: ${r.streak.since}부터 ${r.streak.days}일째.`),
    taxonomy: '카테고리와 태그',
    categories: '카테고리',
    tags: '태그',
    none: '없음',
    flag: '`check`에서 지적될 항목',
    line: (n: number) => `${n}행`
  }
} as const

/** `03-09 Mon` / `03-09 (월)`. */
function dayLabel(day: string, language: Language): string {
  const weekday = weekdayOf(day, language)
  return language === 'ko'
    ? `${day.slice(5)} (${weekday.slice(0, 1)})`
    : `${day.slice(5)} ${weekday.slice(0, 3)}`
}

function itemLine(
  item: ReviewItem,
  r: WeeklyReview,
  language: Language,
  extra: 'by' | 'age' | 'none'
): string {
  const t = TEXT[language]
  const box = item.done ? '[x]' : '[ ]'
  const ref = item.number !== undefined ? `#${item.number}` : plainText(item.text)
  const note =
    extra === 'age'
      ? t.age(item.daysOpen)
      : extra === 'by'
        ? item.closedBy
          ? t.by(item.closedBy)
          : r.online
            ? ''
            : t.unknownBy
        : ''
  return `- ${box} ${ref}${note ? ` · ${note}` : ''}`
}

function list(items: readonly ReviewItem[], none: string, line: (i: ReviewItem) => string): string {
  return items.length === 0 ? none : items.map(line).join('\n')
}

/** The review issue's body; its last line is the dated marker of the week's first day. */
export function weeklyBody(r: WeeklyReview, language: Language, zone: string): string {
  const t = TEXT[language]
  const parts: string[] = [t.summary(r, zone)]
  if (!r.online) parts.push(`> ${t.offline}`)

  parts.push(`## ${t.posts}`)
  parts.push(
    r.posts.length === 0
      ? t.postsNone
      : r.posts
          .map(
            p =>
              `- ${dayLabel(p.day, language)} ${postLink(p.post)} · ${t.postCounts(p.checked.length, p.opened.length)}`
          )
          .join('\n')
  )
  parts.push(
    `## ${t.done}`,
    list(r.done, t.doneNone, i => itemLine(i, r, language, 'by'))
  )
  parts.push(
    `## ${t.opened}`,
    list(r.opened, t.openedNone, i => itemLine(i, r, language, 'none'))
  )
  parts.push(
    `## ${t.carried}`,
    list(r.carried, t.carriedNone, i => itemLine(i, r, language, 'age'))
  )

  const sum = (pick: (d: WeeklyReview['days'][number]) => number) => r.days.reduce((a, d) => a + pick(d), 0)
  const table = [
    `| ${t.columns.join(' | ')} |`,
    `| --- | ${t.columns
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
    ...r.days.map(d => `| ${dayLabel(d.day, language)} | ${d.posts} | ${d.checked} | ${d.opened} |`),
    `| ${t.total} | ${sum(d => d.posts)} | ${sum(d => d.checked)} | ${sum(d => d.opened)} |`
  ].join('\n')
  const chart = xyChart({
    title: t.chartTitle,
    axis: t.chartAxis,
    x: r.days.map(d => d.day.slice(5)),
    bars: [r.days.map(d => d.checked)],
    lines: [r.days.map(d => d.opened), r.days.map(d => d.posts)]
  })
  parts.push(`## ${t.byDay}`, table, '```mermaid\n' + chart + '\n```', t.streak(r))

  const names = (entries: ReadonlyArray<[string, number]>) =>
    entries.length === 0 ? t.none : entries.map(([name, n]) => `${plainText(name)} (${n})`).join(', ')
  parts.push(`## ${t.taxonomy}`, `- ${t.categories}: ${names(r.categories)}\n- ${t.tags}: ${names(r.tags)}`)
  if (r.flags.length > 0) {
    const post = (path: string) => r.posts.find(p => p.post.path === path)?.post
    parts.push(
      `${t.flag}:\n` +
        r.flags
          .map(f => {
            const where = post(f.path)
            return `- \`${f.rule}\` ${where ? postLink(where) : plainText(f.path)} (${t.line(f.line)}): ${plainText(f.message)}`
          })
          .join('\n')
    )
  }
  parts.push(planMarker('weekly', r.start))
  return parts.join('\n\n')
}
