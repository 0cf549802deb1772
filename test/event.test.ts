import { describe, expect, it } from 'vitest'
import { jobsFor, pushHasNoBase, readEvent } from '../src/event.js'

describe('readEvent', () => {
  it('reads a pull_request payload, including whether it comes from a fork', () => {
    const e = readEvent('pull_request', {
      action: 'opened',
      number: 7,
      sender: { login: 'mina' },
      repository: { full_name: 'octo/blog', default_branch: 'main' },
      pull_request: {
        number: 7,
        merged: false,
        base: { sha: 'b', ref: 'main', repo: { full_name: 'octo/blog' } },
        head: { sha: 'h', ref: '12-mission', repo: { full_name: 'fork/blog' } }
      }
    })
    expect(e.trigger).toEqual({
      kind: 'pull_request',
      number: 7,
      action: 'opened',
      baseSha: 'b',
      headSha: 'h',
      baseRef: 'main',
      headRef: '12-mission',
      merged: false,
      fromFork: true
    })
    expect(e.repo).toEqual({ owner: 'octo', repo: 'blog' })
    expect(e.actor).toBe('mina')
    expect(jobsFor(e.trigger)).toEqual(['check', 'board'])
  })

  it('treats a push that created the branch as having no base to compare', () => {
    const e = readEvent(
      'push',
      {
        before: '0000000000000000000000000000000000000000',
        after: 'abc',
        ref: 'refs/heads/main',
        created: true
      },
      'octo/blog'
    )
    expect(e.trigger.kind).toBe('push')
    if (e.trigger.kind === 'push') expect(pushHasNoBase(e.trigger)).toBe(true)
    expect(jobsFor(e.trigger)).toEqual(['check', 'tasks', 'board'])
  })

  it.each([
    ['schedule', ['tasks', 'board', 'daily']],
    ['workflow_dispatch', ['check', 'tasks', 'board', 'daily']],
    ['issues', ['board']],
    ['create', ['board']],
    ['release', ['check']]
  ])('auto jobs for %s', (name, jobs) => {
    expect(jobsFor(readEvent(name, {}).trigger)).toEqual(jobs)
  })

  it.each([
    ['schedule', ['tasks', 'board', 'daily', 'fixes']],
    ['workflow_dispatch', ['check', 'tasks', 'board', 'daily', 'fixes']],
    ['push', ['check', 'tasks', 'board']],
    ['pull_request', ['check', 'board']]
  ])('fix-pr: true adds the fixes job on schedule and dispatch only (%s)', (name, jobs) => {
    expect(jobsFor(readEvent(name, {}).trigger, { fixPr: true })).toEqual(jobs)
  })

  it.each([
    ['schedule', ['tasks', 'board', 'daily', 'weekly']],
    ['workflow_dispatch', ['check', 'tasks', 'board', 'daily']],
    ['push', ['check', 'tasks', 'board']]
  ])('on the weekly day, auto adds the weekly job on schedule only (%s)', (name, jobs) => {
    expect(jobsFor(readEvent(name, {}).trigger, { weekly: true })).toEqual(jobs)
  })
})
