import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { extractTasks, hasTaskMarker, maskLiquidRegions, sectionKind, taskKey } from '../../src/blog/tasks.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/tasks/extract/${name}`, import.meta.url), 'utf8')

/** [text, checked] of the top-level tasks. */
const found = (body: string): Array<[string, boolean]> => extractTasks(body, 1).map(t => [t.text, t.checked])

describe('extractTasks', () => {
  it('reads a Korean daily log: sections, sub-items, file lines; code, raw and HTML blocks do not count', () => {
    const expected: unknown = JSON.parse(fixture('daily-log.expected.json'))
    expect(extractTasks(fixture('daily-log.md'), 11)).toEqual(expected)
  })

  it.each<[string, string, Array<[string, boolean]>]>([
    ['dash unchecked', '- [ ] 과제 제출', [['과제 제출', false]]],
    ['dash checked', '- [x] 과제 제출', [['과제 제출', true]]],
    ['capital X', '- [X] 과제 제출', [['과제 제출', true]]],
    ['star bullet', '* [ ] 강의', [['강의', false]]],
    ['plus bullet', '+ [x] 강의', [['강의', true]]],
    [
      'ordered with dot',
      '1. [ ] 첫째\n2. [x] 둘째',
      [
        ['첫째', false],
        ['둘째', true]
      ]
    ],
    ['ordered with paren', '1) [ ] 첫째', [['첫째', false]]],
    ['bracketed plain item', '- [이미지 분류] 9, 10강', []],
    ['empty checkbox', '- [ ]\n- [x] ', []],
    ['no space after checkbox', '- [x]붙여쓰기', []],
    ['plain list', '- 강의\n- 회의', []],
    ['fenced code', '```\n- [ ] 예시\n```', []],
    ['tilde fence', '~~~md\n- [x] 예시\n~~~', []],
    ['indented code', '문단\n\n    - [ ] 예시', []],
    ['HTML block', '<div>\n- [ ] 예시\n</div>', []],
    ['HTML comment', '<!--\n- [ ] 숨김\n-->', []],
    ['Liquid raw block', '{% raw %}\n- [ ] 예시 {{ x }}\n{% endraw %}\n- [ ] 진짜', [['진짜', false]]],
    ['Liquid raw with whitespace control', '{%- raw -%}\n- [ ] 예시\n{%- endraw -%}', []],
    ['Liquid comment block', '{% comment %}\n- [ ] 숨김\n{% endcomment %}\n- [x] 보임', [['보임', true]]],
    ['unterminated raw runs to the end', '- [ ] 앞\n{% raw %}\n- [ ] 뒤', [['앞', false]]],
    [
      'one-line raw stays in the text',
      '- [ ] {% raw %}{{ page.url }}{% endraw %} 확인',
      [['{% raw %}{{ page.url }}{% endraw %} 확인', false]]
    ],
    ['blockquote', '> - [ ] 인용된 할 일', [['인용된 할 일', false]]],
    ['continuation lines joined', '- [ ] 긴 할 일\n  이어지는 줄', [['긴 할 일 이어지는 줄', false]]],
    ['continuation in a quote', '> - [ ] 긴 할 일\n>   이어짐', [['긴 할 일 이어짐', false]]],
    [
      'inline markdown kept as written',
      '- [ ] **논문** `ResNet` [읽기](https://x.org)',
      [['**논문** `ResNet` [읽기](https://x.org)', false]]
    ]
  ])('%s', (_name, body, expected) => {
    expect(found(body)).toEqual(expected)
  })

  it.each<[string, string]>([
    ['4 spaces', '- [ ] 강의\n    - [ ] 3강\n    - 정리'],
    ['a tab', '- [ ] 강의\n\t- [ ] 3강\n\t- 정리'],
    ['2 spaces', '- [ ] 강의\n  - [ ] 3강\n  - 정리'],
    ['4 spaces under an ordered item', '1. [ ] 강의\n    - [ ] 3강\n    - 정리'],
    ['a blank line before the sub-items', '- [ ] 강의\n\n    - [ ] 3강\n    - 정리']
  ])('sub-items indented with %s belong to their task and are not tasks themselves', (_name, body) => {
    const tasks = extractTasks(body, 1)
    expect(tasks.map(t => t.text)).toEqual(['강의'])
    expect(tasks[0]?.subItems.map(s => [s.text, s.checked, s.depth])).toEqual([
      ['3강', false, 1],
      ['정리', null, 1]
    ])
  })

  it('flattens deeper sub-items with their depth and file line', () => {
    const body = '- [ ] 프로젝트\n    - [x] 설계\n        - [ ] 다이어그램\n\t\t\t- 메모\n    - 구현'
    expect(extractTasks(body, 20)[0]?.subItems).toEqual([
      { text: '설계', checked: true, depth: 1, line: 21 },
      { text: '다이어그램', checked: false, depth: 2, line: 22 },
      { text: '메모', checked: null, depth: 3, line: 23 },
      { text: '구현', checked: null, depth: 1, line: 24 }
    ])
  })

  it('8 spaces under a task is a lazy continuation in CommonMark, as GitHub renders it', () => {
    expect(found('- [ ] 강의\n        - [ ] 너무 깊음')).toEqual([['강의 - [ ] 너무 깊음', false]])
  })

  it('a task under a plain item is a top-level task', () => {
    const tasks = extractTasks('- 공부\n    - [ ] 과제 제출\n        - 3번 문제', 1)
    expect(tasks.map(t => [t.text, t.line, t.subItems.length])).toEqual([['과제 제출', 2, 1]])
  })

  it('reports file lines from bodyStartLine, also with CRLF line endings', () => {
    const body = '## 오늘\r\n\r\n- [x] 하나\r\n- [ ] 둘\r\n'
    expect(extractTasks(body, 8).map(t => [t.text, t.line])).toEqual([
      ['하나', 10],
      ['둘', 11]
    ])
  })

  it.each<[string, string, string | undefined, string]>([
    ['Korean today', '## 오늘 한 일', '오늘 한 일', 'today'],
    ['emoji today', '### ✅ 오늘 한 일', '✅ 오늘 한 일', 'today'],
    ['English today', '## Today', 'Today', 'today'],
    ['done', '## Done', 'Done', 'today'],
    ['Korean tomorrow', '## 내일 할 일', '내일 할 일', 'tomorrow'],
    ['spacing in 내일할일', '## 내일할 일', '내일할 일', 'tomorrow'],
    ['bold tomorrow heading', '## **Tomorrow**', 'Tomorrow', 'tomorrow'],
    ['emoji tomorrow', '## 📌 내일 할 일', '📌 내일 할 일', 'tomorrow'],
    ['todo', '## TODO', 'TODO', 'tomorrow'],
    ['next steps', '## Next steps', 'Next steps', 'tomorrow'],
    ['setext heading', '내일 할 일\n---', '내일 할 일', 'tomorrow'],
    ['bold paragraph as heading', '**내일 할 일**', '내일 할 일', 'tomorrow'],
    ['other heading', '## 회고', '회고', 'other'],
    ['no heading', '', undefined, 'other']
  ])('section from %s', (_name, heading, section, kind) => {
    const [task] = extractTasks(`${heading}\n\n- [ ] 과제`, 1)
    expect([task?.section, task?.sectionKind]).toEqual([section, kind])
  })

  it('uses the nearest heading above each task', () => {
    const body = '# 3월 12일\n## 오늘\n- [x] 가\n## 내일 할 일\n- [ ] 나\n### 메모\n- [ ] 다'
    expect(extractTasks(body, 1).map(t => [t.text, t.section, t.sectionKind])).toEqual([
      ['가', '오늘', 'today'],
      ['나', '내일 할 일', 'tomorrow'],
      ['다', '메모', 'other']
    ])
  })

  it('a bold item inside a list is not a section heading', () => {
    const [task] = extractTasks('## 오늘\n- **중요**\n- [ ] 과제', 1)
    expect(task?.section).toBe('오늘')
  })

  it('takes configurable section patterns (strings match case-insensitively)', () => {
    const body = '## Plan for Monday\n- [ ] a\n## Finished\n- [x] b'
    const tasks = extractTasks(body, 1, { sections: { tomorrow: ['plan for'], today: [/^finished$/i] } })
    expect(tasks.map(t => t.sectionKind)).toEqual(['tomorrow', 'today'])
  })
})

describe('sectionKind', () => {
  it('tests tomorrow before today', () => {
    expect(sectionKind('Today & Tomorrow')).toBe('tomorrow')
  })
})

describe('taskKey', () => {
  it.each<[string, string, string]>([
    ['folds whitespace', '과제  제출', '과제 제출'],
    ['strips bold', '**과제 제출**', '과제 제출'],
    ['strips underscore emphasis', '_과제_ 제출', '과제 제출'],
    ['strips code ticks', '`과제` 제출', '과제 제출'],
    ['keeps link text', '[ResNet](https://arxiv.org) 읽기', 'resnet 읽기'],
    ['keeps image alt', '![도표](a.png) 그리기', '도표 그리기'],
    ['drops HTML tags', '<b>과제</b> 제출', '과제 제출'],
    ['strips strikethrough', '~~과제~~ 제출', '과제 제출'],
    ['resolves escapes', '\\*과제\\* 제출', '*과제* 제출'],
    ['lower-cases', 'Read PAPER', 'read paper'],
    ['trims', '  과제 제출\t', '과제 제출'],
    ['NFC', '\u1100\u1161\u11a8 e\u0301', '\uac01 \u00e9'],
    ['keeps a bracketed prefix', '[모델 경량화] 5강', '[모델 경량화] 5강'],
    ['keeps a leading number', '1. 강의', '1. 강의'],
    ['keeps a leading hash', '# 3 정리', '# 3 정리'],
    ['falls back to raw text for an image without alt', '![](a.png)', '![](a.png)']
  ])('%s', (_name, text, key) => {
    expect(taskKey(text)).toBe(key)
  })

  it('is idempotent on plain keys and never contains line breaks', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), text => {
        const key = taskKey(text)
        expect(key).not.toMatch(/[\r\n]/)
        expect(key).toBe(key.trim())
      })
    )
  })
})

describe('hasTaskMarker', () => {
  it.each<[string, boolean]>([
    ['- [ ] a', true],
    ['  * [x] a', true],
    ['10. [X] a', true],
    ['> - [ ] a', true],
    ['- - [ ] a', true],
    ['- [이미지 분류] 9강', false],
    ['text [ ] a', false],
    ['## 제목\n본문', false]
  ])('%j -> %s', (text, expected) => {
    expect(hasTaskMarker(text)).toBe(expected)
  })

  it('is true whenever extractTasks finds a task', () => {
    const piece = fc.constantFrom(
      '- [ ] a',
      '* [x] b',
      '1) [X] c',
      '  - [ ] d',
      '\t- [ ] e',
      '> - [ ] f',
      '- - [ ] g',
      '```',
      '## h',
      '{% raw %}',
      '{% endraw %}',
      '<div>',
      '</div>',
      '',
      '    - [ ] i',
      '- j',
      '- [k] l',
      '+ [ ]',
      'text'
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), lines => {
        const body = lines.join('\n')
        if (extractTasks(body, 1).length > 0) expect(hasTaskMarker(body)).toBe(true)
      })
    )
  })
})

describe('maskLiquidRegions', () => {
  it('keeps length and newlines, so tree positions are still file positions', () => {
    const body = 'a\n{% comment %}\nx\n{% endcomment %}\nb'
    const masked = maskLiquidRegions(body)
    expect(masked.length).toBe(body.length)
    expect(masked.split('\n').map(l => l.trim())).toEqual(['a', '', '', '', 'b'])
  })
})
