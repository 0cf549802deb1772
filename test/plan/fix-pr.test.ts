import { describe, expect, it } from 'vitest'
import {
  fingerprintIn,
  fingerprintOf,
  fixPrBody,
  fixPrTitle,
  planFixPr,
  type FixedFile
} from '../../src/plan/fix-pr.js'

const fix = (line: number, rule: string) => ({
  file: '_posts/a.md',
  startLine: line,
  endLine: line,
  original: 'x\n',
  replacement: 'y\n',
  findings: [{ rule, line, description: `fix ${rule}` }],
  key: '0000000000000000'
})
const FILES: FixedFile[] = [
  {
    path: 'blog/_posts/a.md',
    before: 'x\n',
    after: 'y\n',
    fixes: [fix(3, 'date/placeholder-offset'), fix(5, 'tags/lowercase')]
  }
]
const body = fixPrBody(FILES)
const other = fixPrBody([{ ...FILES[0]!, after: 'z\n' }])

describe('planFixPr', () => {
  it.each([
    ['no pull request yet: open one', FILES, undefined, { kind: 'open' }],
    [
      'ours is open with the same fixes: nothing',
      FILES,
      { number: 7, state: 'open', merged: false, body },
      { kind: 'none' }
    ],
    [
      'ours is open with other fixes: update it in place',
      FILES,
      { number: 7, state: 'open', merged: false, body: other },
      { kind: 'update', number: 7 }
    ],
    [
      'closed without merging, same fixes: left closed',
      FILES,
      { number: 7, state: 'closed', merged: false, body },
      { kind: 'none' }
    ],
    [
      'closed without merging, new fixes: a new one',
      FILES,
      { number: 7, state: 'closed', merged: false, body: other },
      { kind: 'open' }
    ],
    [
      'merged, and fixes again: a new one',
      FILES,
      { number: 7, state: 'closed', merged: true, body },
      { kind: 'open' }
    ],
    [
      'nothing to fix, ours open: close it',
      [],
      { number: 7, state: 'open', merged: false, body },
      { kind: 'close', number: 7 }
    ],
    ['nothing to fix, none open: nothing', [], undefined, { kind: 'none' }]
  ] as const)('%s', (_name, files, newest, step) => {
    expect(planFixPr(files, newest)).toMatchObject(step)
  })
})

describe('the pull request text', () => {
  it('counts the findings, lists each with its rule, and carries the fingerprint', () => {
    expect(fixPrTitle(FILES)).toBe('Fix front matter: 2 certain fixes')
    expect(body).toContain(
      '| blog/_posts/a.md | 3 | [`date/placeholder-offset`](https://github.com/jekyll-post-ops/jekyll-post-ops#rules) | fix date/placeholder-offset |'
    )
    expect(body).toContain('| blog/_posts/a.md | 5 |')
    expect(fingerprintIn(body)).toBe(fingerprintOf(FILES))
    expect(fingerprintIn(other)).not.toBe(fingerprintOf(FILES))
    expect(fingerprintIn('no marker')).toBeUndefined()
  })
})
