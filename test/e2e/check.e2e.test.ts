// The check job end to end: dist/index.js under Node 24, with the runner's environment, on the example blog.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeWorkspace, runAction, type ActionRun } from './harness.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
const NOW = '2026-11-28T09:00:00+09:00'

describe('check on workflow_dispatch (every post, no token)', () => {
  let run: ActionRun
  beforeAll(async () => {
    const ws = makeWorkspace(EXAMPLE)
    run = await runAction({ workspace: ws.path, event: { name: 'workflow_dispatch', payload: {} }, inputs: { jobs: 'check' }, now: NOW })
  })

  it('annotates each deliberately broken post on its line with the rule id', () => {
    const found = run.annotations.map(a => `${a.level} ${a.file}:${a.line} ${a.title}`)
    expect(found).toEqual(
      expect.arrayContaining([
        'error _posts/retrospective.md:1 filename/no-date',
        'warning _posts/2026-11-21-week03-day020.md:3 date/filename-mismatch',
        'warning _posts/2026-11-22-week03-day021.md:3 date/placeholder-offset',
        'error _posts/2026-11-18-week03-day017.md:5 tags/lowercase',
        'warning _posts/2026-11-23-week04-day022.md:4 categories/string',
        'warning _posts/2026-11-19-week03-day018.md:9 chirpy/unknown-key',
        'error _posts/2026-11-26-week04-day025.md:9 published/not-boolean',
        'warning _posts/2026-11-24-week04-day023.md:4 taxonomy/near-duplicate',
        'warning _posts/2026-12-25-winter-break-plan.md:3 date/future'
      ])
    )
  })

  it('says what Jekyll will do, in the message', () => {
    const future = run.annotations.find(a => a.title === 'date/future')
    expect(future?.message).toMatch(/2026-12-25/)
    const tags = run.annotations.find(a => a.title === 'tags/lowercase')
    expect(tags?.message).toContain('daily-log')
  })

  it('fails the step on errors, with outputs that agree with the annotations and the summary', () => {
    expect(run.exitCode).toBe(1)
    const onLines = run.annotations.filter(a => a.file !== undefined)
    const errors = onLines.filter(a => a.level === 'error').length
    const warnings = onLines.filter(a => a.level === 'warning').length
    expect(Number(run.outputs.errors)).toBe(errors)
    expect(Number(run.outputs.warnings)).toBe(warnings)
    expect(run.outputs.report).toMatch(/check-report\.json$/)
    const report = run.report as { posts: Array<{ path: string; built: boolean; reason: string | null; date: string | null; url: string | null }> }
    expect(report.posts).toContainEqual(expect.objectContaining({ path: '_posts/retrospective.md', built: false, reason: 'filename' }))
    expect(report.posts).toContainEqual(
      expect.objectContaining({ path: '_posts/2026-11-21-week03-day020.md', built: true, date: '2026-11-22T02:30:00+09:00', url: '/posts/week03-day020/' })
    )
    expect(run.summary).toContain('## jekyll-post-ops: check')
    expect(run.summary).toContain(`**${errors}** error`)
    expect(run.summary).toContain('Jekyll will not build 2 of them')
    expect(run.stdout).toContain(`::error::check found ${errors} error finding`)
  })

  it('never prints a stack trace', () => {
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
  })
})

describe('check with fail-on: never and a severity override', () => {
  it('passes the step and honours the override', async () => {
    const ws = makeWorkspace(EXAMPLE)
    const run = await runAction({
      workspace: ws.path,
      event: { name: 'workflow_dispatch', payload: {} },
      inputs: { jobs: 'check', 'fail-on': 'never', severity: 'tags/lowercase=off, date/future=error' },
      now: NOW
    })
    expect(run.exitCode).toBe(0)
    expect(run.annotations.some(a => a.title === 'tags/lowercase')).toBe(false)
    expect(run.annotations.find(a => a.title === 'date/future')?.level).toBe('error')
  })

  it('names the input when an input is wrong, without a stack trace', async () => {
    const ws = makeWorkspace(EXAMPLE)
    const run = await runAction({ workspace: ws.path, event: { name: 'workflow_dispatch', payload: {} }, inputs: { jobs: 'check', 'fail-on': 'sometimes' }, now: NOW })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain("::error::Input 'fail-on': 'sometimes' must be one of error, warning, never")
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /)
  })
})
