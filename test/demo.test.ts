// `npm start` as a blog owner runs it: scripts/demo.ts in a child process, its printed story read back event by
// event (the step's outcome, the issues opened and closed, the board's columns, the plan and review issues).
import { execFile, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import stringWidth from 'string-width'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  boardTable,
  changeLines,
  countFindings,
  cut,
  findingLines,
  issueChanges
} from '../scripts/demo/render.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')

interface Event {
  title: string
  /** The line `The action runs: …`. */
  runs: string
  check: string | undefined
  issues: string[]
  /** Column name -> card titles (`#4 강의 수강 및 정리`). */
  board: Record<string, string[]>
  plan: string[]
  review: string[]
}

/** Splits the demo's output into its `━━ N. …` sections and reads each one's parts back. */
function parseStory(stdout: string): { events: Event[]; epilogue: string } {
  const sections = stdout.split(/^━━ /m).slice(1)
  const events: Event[] = []
  let epilogue = ''
  for (const section of sections) {
    const lines = section.split('\n')
    if (!/^\d+\. /.test(lines[0]!)) {
      epilogue = section
      continue
    }
    const part = (name: string): string[] => {
      const start = lines.findIndex(line => line.startsWith(name.padEnd(8)))
      if (start < 0) return []
      const out = [lines[start]!.slice(8)]
      for (const line of lines.slice(start + 1)) {
        if (!line.startsWith('        ')) break
        out.push(line.slice(8))
      }
      return out
    }
    const boardLines = part('board').filter(line => line.startsWith('│'))
    const cells = (line: string) =>
      line
        .split('│')
        .slice(1, -1)
        .map(cell => cell.trim())
    const header = boardLines[0] ? cells(boardLines[0]).map(h => h.replace(/ \(\d+\)$/, '')) : []
    const board: Record<string, string[]> = Object.fromEntries(header.map(h => [h, [] as string[]]))
    for (const row of boardLines.slice(1))
      cells(row).forEach((cell, i) => cell && board[header[i]!]!.push(cell))
    events.push({
      title: lines[0]!,
      runs: lines.find(line => line.startsWith('The action runs:')) ?? '',
      check: part('check')[0],
      issues: part('issues').map(line => line.trim()),
      board,
      plan: part('plan'),
      review: part('review')
    })
  }
  return { events, epilogue }
}

let stdout = ''
let stderr = ''
let exitCode = -1

beforeAll(async () => {
  // What `npm start` runs (package.json's start script), from the repository root.
  ;({ stdout, stderr, exitCode } = await new Promise<{ stdout: string; stderr: string; exitCode: number }>(
    resolve => {
      execFile(
        TSX,
        ['scripts/demo.ts'],
        { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
        (error, out, err) =>
          resolve({
            stdout: out,
            stderr: err,
            exitCode: error ? Number((error as { code?: unknown }).code ?? 1) : 0
          })
      )
    }
  ))
}, 120_000)

describe('npm start: the whole product on examples/blog', () => {
  it('is what package.json starts, and finishes without an error', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(pkg.scripts.start).toBe('tsx scripts/demo.ts')
    expect(pkg.devDependencies.tsx).toBeDefined()
    expect(exitCode, stderr).toBe(0)
    expect(stderr).not.toMatch(/demo failed/)
  })

  it('tells seven events in order: two pushes, a branch, a pull request, its merge, the next morning, Monday', () => {
    const { events } = parseStory(stdout)
    expect(events.map(e => e.title.replace(/ ·.*$/, ''))).toEqual([
      '1. push',
      '2. push',
      '3. create',
      '4. pull_request',
      '5. pull_request',
      '6. schedule',
      '7. schedule'
    ])
    for (const event of events.slice(0, 5))
      expect(event.plan).toEqual(['no plan issue yet: the daily job opens one on the morning schedule'])
    expect(events.map(e => e.runs.replace(/\. Step:.*$/, ''))).toEqual([
      'The action runs: check, tasks, board',
      'The action runs: check, tasks, board',
      'The action runs: board',
      'The action runs: check, board',
      'The action runs: check, board',
      'The action runs: tasks, board, daily',
      'The action runs: tasks, board, daily, weekly'
    ])
    for (const event of events.slice(0, 6)) expect(event.review).toEqual([])
  })

  it('first push: the broken posts are found (the step fails on the 3 errors), three task issues open as Todo', () => {
    const [push] = parseStory(stdout).events
    expect(push!.runs).toMatch(/Step: failed \(check found 3 error findings/)
    expect(push!.check).toMatch(/^3 errors, 7 warnings; 13 posts checked/)
    expect(stdout).toContain('_posts/2026-11-26-week04-day025.md:9  error  published/not-boolean')
    expect(push!.issues).toEqual([
      '+ opened   #1 강의 수강 및 정리',
      '+ opened   #2 포트폴리오 README 정리',
      '+ opened   #3 FastAPI 추론 서버 띄우기'
    ])
    expect(push!.board).toEqual({
      Todo: [
        '#1 강의 수강 및 정리 · due 11-27',
        '#2 포트폴리오 README 정리 · due 11-26',
        '#3 FastAPI 추론 서버 띄우기 · due 11-27'
      ],
      'In Progress': [],
      'In Review': [],
      Done: []
    })
  })

  it('second push: checked tasks close, the recurring lecture task closes and reopens as a new issue, a new task opens', () => {
    const [, push] = parseStory(stdout).events
    expect(push!.runs).toMatch(/Step: succeeded/)
    expect(push!.check).toMatch(/^no findings; 1 post checked/)
    expect(push!.issues).toEqual([
      '✓ closed   #1 강의 수강 및 정리 (completed)',
      '✓ closed   #3 FastAPI 추론 서버 띄우기 (completed)',
      '+ opened   #4 강의 수강 및 정리',
      '+ opened   #5 Docker 이미지 용량 줄이기'
    ])
    expect(push!.board).toEqual({
      Todo: [
        '#2 포트폴리오 README 정리 · due 11-26',
        '#4 강의 수강 및 정리 · due 11-28',
        '#5 Docker 이미지 용량 줄이기 · due 11-28'
      ],
      'In Progress': [],
      'In Review': [],
      Done: ['#1 강의 수강 및 정리 · due 11-27', '#3 FastAPI 추론 서버 띄우기 · due 11-27']
    })
  })

  it('a branch 5-… moves #5 to In Progress, the pull request to In Review, the merge to Done (GitHub closes the issue)', () => {
    const [, , branch, pull, merge] = parseStory(stdout).events
    for (const event of [branch, pull, merge]) expect(event!.runs).toMatch(/Step: succeeded/)
    expect(branch!.board['In Progress']).toEqual(['#5 Docker 이미지 용량 줄이기 · due 11-28'])
    expect(branch!.issues).toEqual(['no issue opened or closed'])
    expect(pull!.board['In Progress']).toEqual([])
    expect(pull!.board['In Review']).toEqual(['#5 Docker 이미지 용량 줄이기 · due 11-28'])
    expect(merge!.issues).toEqual([
      '✓ closed   #5 Docker 이미지 용량 줄이기 (completed) — by GitHub: PR #6 merged'
    ])
    expect(merge!.board).toEqual({
      Todo: ['#2 포트폴리오 README 정리 · due 11-26', '#4 강의 수강 및 정리 · due 11-28'],
      'In Progress': [],
      'In Review': [],
      Done: [
        '#1 강의 수강 및 정리 · due 11-27',
        '#3 FastAPI 추론 서버 띄우기 · due 11-27',
        '#5 Docker 이미지 용량 줄이기 · due 11-28'
      ]
    })
  })

  it("the next morning: today's plan issue lists the tasks due from yesterday's 내일 할 일, nothing else changes", () => {
    const morning = parseStory(stdout).events[5]!
    expect(morning.runs).toMatch(/Step: succeeded/)
    expect(morning.issues).toEqual(['+ opened   #7 Daily plan 2026-11-28'])
    expect(morning.plan[0]).toBe('#7 Daily plan 2026-11-28')
    // Sections are indented by two spaces, their lines by four.
    const start = morning.plan.findIndex(line => /^ {2}\S/.test(line) && /due today/i.test(line))
    const end = morning.plan.findIndex((line, i) => i > start && /^ {2}\S/.test(line))
    const due = morning.plan.slice(start + 1, end).filter(line => line.startsWith('    [ ]'))
    expect(due.map(line => line.trim())).toEqual([
      '[ ] #4 강의 수강 및 정리',
      // First listed for 2026-11-26 and carried: still due today, and overdue since its first due day.
      '[ ] #2 포트폴리오 README 정리 · **overdue** (due 2026-11-26)'
    ])
    expect(morning.plan.join('\n')).not.toContain('Docker')
  })

  it("Monday morning: the week's review opens beside the day's plan, Saturday's plan is closed by the action", () => {
    const monday = parseStory(stdout).events[6]!
    expect(monday.runs).toMatch(/Step: succeeded/)
    expect(monday.issues).toEqual([
      '✓ closed   #7 Daily plan 2026-11-28 (completed)',
      '+ opened   #8 Daily plan 2026-11-30',
      '+ opened   #9 Weekly review 2026-W48'
    ])
    expect(monday.review[0]).toBe('#9 Weekly review 2026-W48')
    expect(monday.review[1]!.trim()).toBe(
      '2026-11-23 – 2026-11-29 (Asia/Seoul): 5 posts, 3 done, 5 opened, 2 carried over.'
    )
    const section = (name: string) => {
      const start = monday.review.indexOf(`  ${name}`)
      const end = monday.review.findIndex((line, i) => i > start && /^ {2}\S/.test(line))
      return monday.review.slice(start + 1, end).map(line => line.trim())
    }
    expect(section('Done')).toEqual([
      '[x] #1 강의 수강 및 정리 · checked in [Week 04 / Day 026] 학습 기록',
      '[x] #3 FastAPI 추론 서버 띄우기 · checked in [Week 04 / Day 026] 학습 기록',
      '[x] #5 Docker 이미지 용량 줄이기 · closed by pull request #6'
    ])
    expect(section('Carried over')).toEqual([
      '[ ] #2 포트폴리오 README 정리 · open 2 days',
      '[ ] #4 강의 수강 및 정리 · open 2 days'
    ])
    expect(monday.review.map(line => line.trim())).toContain(
      '(chart) Tasks checked (bars), opened and posts (lines)'
    )
  })

  it('ends by saying how to run the same on a real repository', () => {
    const { epilogue } = parseStory(stdout)
    expect(epilogue).toMatch(/^Run the same on your blog/)
    expect(epilogue).toContain('PROJECT_TOKEN')
    expect(epilogue).toContain('`project` scope')
    expect(epilogue).toContain('GITHUB_TOKEN cannot reach Projects')
  })

  it('prints nothing that differs between runs (no temporary paths, no durations on stdout)', () => {
    expect(stdout).not.toMatch(/\/tmp\/|jpo-|jekyll-post-ops-demo-|\b\d+(\.\d+)? ?(ms|s)\b/)
    // The pushes' commits are dated by the story's clock, so their ids are the same on every run.
    expect(stdout).toMatch(/posts changed by push [0-9a-f]{7}\b/)
  })

  it('runs from what a fresh clone holds: dist/ and the example blog are committed', () => {
    const tracked = execFileSync(
      'git',
      ['ls-files', '--', 'dist/index.js', 'scripts/demo.ts', 'examples/blog/_config.yml'],
      {
        cwd: ROOT,
        encoding: 'utf8'
      }
    )
    expect(tracked.split('\n').filter(Boolean).sort()).toEqual([
      'dist/index.js',
      'examples/blog/_config.yml',
      'scripts/demo.ts'
    ])
  })
})

describe('what the demo prints, piece by piece', () => {
  it.each([
    ['Korean titles', [{ number: 4, title: '강의 수강 및 정리', status: 'Todo' }]],
    [
      'a card per column and one with no status',
      [
        { number: 1, title: 'Docker 이미지 용량 줄이기', status: 'Done' },
        { number: 2, title: 'README', status: 'In Progress' },
        { number: 3, title: '포트폴리오', status: null }
      ]
    ],
    ['an empty board', []]
  ])('the board table with %s lines up in a terminal', (_what, cards) => {
    const lines = boardTable(['Todo', 'In Progress', 'Done'], cards).split('\n')
    const widths = new Set(lines.map(line => stringWidth(line)))
    expect(widths.size, lines.join('\n')).toBe(1)
    for (const card of cards) expect(lines.join('\n')).toContain(`#${card.number} ${card.title}`)
    if (cards.some(c => c.status === null)) expect(lines[1]).toContain('(no status) (1)')
  })

  it.each([
    ['fits', '짧은 글', 10, '짧은 글'],
    ['cut by display width, not length', '가나다라마바사', 7, '가나다…'],
    ['ASCII', 'abcdefghij', 5, 'abcd…']
  ])('cut: %s', (_what, text, width, expected) => {
    expect(cut(text, width)).toBe(expected)
    expect(stringWidth(cut(text, width))).toBeLessThanOrEqual(width)
  })

  it('issue changes say who made them: the action, or GitHub when a merged pull request closed the issue', () => {
    const open = (number: number, title: string) => ({
      number,
      title,
      state: 'open' as const,
      stateReason: null,
      labels: ['task']
    })
    const closed = (number: number, title: string) => ({
      ...open(number, title),
      state: 'closed' as const,
      stateReason: 'completed'
    })
    const changes = issueChanges(
      [open(1, 'a'), open(2, 'b'), closed(3, 'c')],
      [closed(1, 'a'), closed(2, 'b'), open(3, 'c'), open(4, 'd')],
      new Set([1, 3, 4]),
      new Map([[2, 'PR #9 merged']])
    )
    expect(changeLines(changes)).toEqual([
      '✓ closed   #1 a (completed)',
      '✓ closed   #2 b (completed) — by GitHub: PR #9 merged',
      '↺ reopened #3 c',
      '+ opened   #4 d'
    ])
  })

  it('findings are counted by level, and only the first few are listed', () => {
    const findings = Array.from({ length: 6 }, (_, i) => ({
      level: i < 2 ? ('error' as const) : ('warning' as const),
      message: `message ${i}`,
      file: `_posts/p${i}.md`,
      line: i + 1,
      title: 'rule/id'
    }))
    expect(countFindings(findings)).toBe('2 errors, 4 warnings')
    expect(countFindings([])).toBe('no findings')
    const lines = findingLines(findings, 4)
    expect(lines).toHaveLength(5)
    expect(lines[0]).toBe('_posts/p0.md:1  error  rule/id: message 0')
    expect(lines[4]).toBe('… and 2 more (the job summary lists every one)')
  })
})
