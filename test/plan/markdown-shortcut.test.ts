// The short cuts that skip remark for text holding no markup (plainText for keys and titles, neutralizeMarkdown for
// issue bodies) must give exactly what the parse gives, on generated text built from the pieces markdown reacts to.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MARKDOWN_CHARS, plainText, plainTextParsed } from '../../src/blog/tasks.js'
import { neutralizeMarkdown, neutralizeParsed } from '../../src/plan/issue-text.js'

// Pieces of everyday task text, and of what GitHub or remark could read as a mention, a reference, an e-mail or
// a block: most strings take the short cut, enough do not to check the edge of the test that picks it.
const PIECES = [
  'a',
  'Z',
  '7',
  '42',
  '강의',
  '복습',
  'é',
  'e\u0301',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u200b',
  '@',
  '@user',
  '@user-1',
  '#',
  '#12',
  '# ',
  'GH-',
  'gh-9',
  'org/repo#3',
  '.',
  '..',
  '-',
  '+',
  '_',
  ':',
  '/',
  ',',
  '%',
  '?',
  '=',
  '|',
  '"',
  "'",
  '$',
  '^',
  '{',
  '}',
  '(',
  ')',
  'user@example.com',
  'a@b',
  'a@b.',
  'x.y@z',
  'www',
  'example.org',
  'http',
  'https:',
  '1. ',
  '1) ',
  '- ',
  '+ ',
  '> ',
  '---',
  '===',
  '    ',
  '\n',
  '\r\n',
  // Markup: these send the text down the long way.
  '*',
  '**',
  '_em_',
  '`',
  '``',
  '[',
  ']',
  '[a](b)',
  '<',
  '>',
  '<!--',
  '&',
  '&amp;',
  '&#35;1',
  '~',
  '~~',
  '!',
  '\\',
  'www.',
  'http://',
  'a@b.co'
]
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map(parts => parts.join(''))

describe('markdown short cuts', () => {
  it('plainText gives what the parse gives', () => {
    let short = 0
    fc.assert(
      fc.property(text, s => {
        if (!MARKDOWN_CHARS.test(s.normalize('NFC'))) short++
        expect(plainText(s)).toBe(plainTextParsed(s))
      }),
      { numRuns: 4000, seed: 20261128 }
    )
    expect(short).toBeGreaterThan(1000)
  })

  it('neutralizeMarkdown gives what the parse gives', () => {
    fc.assert(
      fc.property(text, s => {
        expect(neutralizeMarkdown(s)).toBe(neutralizeParsed(s))
      }),
      { numRuns: 4000, seed: 20261128 }
    )
  })

  it.each([
    ['할 일 @user0 #12', '할 일 @\u200buser0 #\u200b12'],
    ['mail me@example.com about #3', 'mail me@example.com about #\u200b3'],
    ['GH-12 and org/repo#4', 'GH-\u200b12 and org/repo#\u200b4']
  ])('neutralizes %j without a parse as with one', (input, expected) => {
    expect(neutralizeMarkdown(input)).toBe(expected)
    expect(neutralizeParsed(input)).toBe(expected)
  })
})
