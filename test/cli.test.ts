// The CLI's `check --fix` on a copy of the example blog: the certain fixes are written to the files, the report after
// them is what is left, and nothing else on disk changes.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'blog')
const ENV = { JEKYLL_POST_OPS_NOW: '2026-11-28T09:00:00+09:00' }

async function cli(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = []
  const code = await main(argv, ENV, line => lines.push(line))
  return { code, lines }
}

const snapshot = (dir: string) =>
  new Map(readdirSync(join(dir, '_posts')).map(f => [f, readFileSync(join(dir, '_posts', f), 'utf8')]))

describe('jekyll-post-ops check --fix', () => {
  it('writes the certain fixes, then reports only what is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jpo-cli-'))
    cpSync(EXAMPLE, dir, { recursive: true })
    const before = snapshot(dir)
    const first = await cli(['check', dir, '--fail-on', 'never'])
    const fixed = await cli(['check', dir, '--fix', '--fail-on', 'never'])
    const applied = fixed.lines.find(l => l.startsWith('Applied '))
    expect(applied).toMatch(/^Applied [1-9]\d* fix(es)?\.$/)
    const after = snapshot(dir)
    const changed = [...after].filter(([f, text]) => before.get(f) !== text).map(([f]) => f)
    expect(changed.length).toBeGreaterThan(0)
    expect([...after.keys()]).toEqual([...before.keys()])
    // The report printed after the fixes is the report of the files as they now are.
    const again = await cli(['check', dir, '--fail-on', 'never'])
    expect(fixed.lines.filter(l => l !== applied)).toEqual(again.lines)
    expect(again.lines.length).toBeLessThan(first.lines.length)
    // A second --fix has nothing left to apply.
    const twice = await cli(['check', dir, '--fix', '--fail-on', 'never'])
    expect(twice.lines).toContain('Applied 0 fixes.')
    expect(snapshot(dir)).toEqual(after)
  })
})
