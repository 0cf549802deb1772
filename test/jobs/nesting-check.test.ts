// The check job's `tasks/sub-issue-limits`: with `nested-tasks: sub-issues`, a post whose nested tasks go beyond
// GitHub's sub-issue limits gets a warning on the task's line; with `body` (the default) nothing is said.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCheck } from '../../src/jobs/check.js'

const root = mkdtempSync(join(tmpdir(), 'jpo-nesting-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
writeFileSync(join(root, '_config.yml'), 'timezone: Asia/Seoul\n')
mkdirSync(join(root, '_posts'))
const deep = Array.from({ length: 9 }, (_, i) => `${'    '.repeat(i)}- [ ] 단계 ${i + 1}`).join('\n')
const wide = ['- [ ] 큰 일', ...Array.from({ length: 101 }, (_, i) => `    - [ ] 작은 일 ${i + 1}`)].join(
  '\n'
)
const front = (day: string) => `---\ntitle: "[Week 06] ${day}"\ndate: ${day} 23:00:00 +0900\n---\n`
writeFileSync(join(root, '_posts', '2026-02-22-deep.md'), `${front('2026-02-22')}## 오늘 한 일\n${deep}\n`)
writeFileSync(join(root, '_posts', '2026-02-23-wide.md'), `${front('2026-02-23')}${wide}\n`)
writeFileSync(join(root, '_posts', '2026-02-24-fine.md'), `${front('2026-02-24')}- [ ] 하나\n    - [ ] 둘\n`)
const NOW = Date.parse('2026-02-25T00:00:00Z')

const findings = (levels?: number) =>
  runCheck({ root, now: NOW, severity: {}, ...(levels !== undefined ? { subIssueLevels: levels } : {}) })
    .diagnostics.filter(d => d.rule === 'tasks/sub-issue-limits')
    .map(d => [d.file, d.line, d.severity, d.message])

describe('tasks/sub-issue-limits', () => {
  it('warns on the line of the task whose nested tasks exceed the depth or the count', () => {
    expect(findings(8)).toEqual([
      [
        '_posts/2026-02-22-deep.md',
        13,
        'warning',
        "With nested-tasks: sub-issues, the nested tasks under line 13 go deeper than GitHub's 8 levels of sub-issues; the deeper ones stay in the issue body."
      ],
      [
        '_posts/2026-02-23-wide.md',
        5,
        'warning',
        "With nested-tasks: sub-issues, the task on line 5 has more than 100 nested tasks, GitHub's limit of sub-issues per parent; the rest stay in the issue body."
      ]
    ])
  })

  it('counts one level less when the daily plan parents the top tasks', () => {
    expect(findings(7).map(f => f[1])).toEqual([12, 5])
  })

  it('says nothing with nested-tasks: body', () => {
    expect(findings()).toEqual([])
  })
})
