// The task items of the generated blogs: a source of fresh unique tasks (some with sub-items) and their markdown.
// Bench data only: never writes a file.
import { int, pick, type Rand } from './random.js'
import { PAPERS, TOPICS_EN, TOPICS_KO, type Lang } from './words.js'

export interface TaskItem {
  text: string
  /** Sub-item lines as written under the task (already indented relative to the task). */
  subs: string[]
}

export interface TaskSource {
  next(lang: Lang): TaskItem
}

/** Makes fresh tasks whose texts are unique (a counter in each), with 0–3 sub-items, some nested tasks. */
export function taskSource(r: Rand): TaskSource {
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

export function renderTask(task: TaskItem, checked: boolean): string {
  const lines = [`- [${checked ? 'x' : ' '}] ${task.text}`]
  for (const sub of task.subs) lines.push(`    ${sub}`)
  return lines.join('\n')
}
