import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  compileFrontMatterSchema,
  pointerToPath,
  SchemaError,
  schemaRules,
  toSchemaValue
} from '../../../src/blog/rules/schema.js'
import { defaultSite } from '../../../src/blog/jekyll/site.js'
import { NOW, postWith } from '../../fixtures/rules/make-post.js'

const schema = JSON.parse(
  readFileSync(new URL('../../fixtures/rules/schema/front-matter.schema.json', import.meta.url), 'utf8')
) as Record<string, unknown>
const ctx = { site: defaultSite(), now: NOW, schema }

const HEAD = 'title: Day 12\ndate: 2026-03-12 23:10:00 +0900\ncategories: [AI, Log]'

/** `line:column message` of each schema finding. */
function findings(yaml: string, withSchema: Record<string, unknown> = schema): string[] {
  return schemaRules(postWith(yaml), { ...ctx, schema: withSchema }).map(
    d => `${d.line}:${d.column} ${d.message}`
  )
}

describe('schema/invalid', () => {
  it.each([
    ['a valid post', `${HEAD}\ntags: [daily-log]\nmath: true\nrating: 4.5`, []],
    [
      'a date without offset (Psych: UTC) is a date-time',
      'title: t\ndate: 2026-03-12 23:10:00\ncategories: [A]',
      []
    ],
    ['`yes` is a boolean in YAML 1.1', `${HEAD}\nmath: yes`, []],
    ['a YAML date satisfies format: date', `${HEAD}\nlast_modified_at: 2026-03-13`, []],
    [
      'a missing property, on the front matter line',
      'date: 2026-03-12 23:10:00 +0900\ncategories: [A]',
      ['1:1 front matter: `title` is required (schema: required at #/required)']
    ],
    [
      'a date without time is not a date-time',
      'title: t\ndate: 2026-03-12\ncategories: [A]',
      ['3:7 `date` must match format "date-time" (schema: format at #/properties/date/format)']
    ],
    [
      'a tag that fails the pattern, on the tag',
      `${HEAD}\ntags: [daily-log, Week03]`,
      ['5:19 `tags.1` must match pattern "^[a-z0-9-]+$" (schema: pattern at #/properties/tags/items/pattern)']
    ],
    [
      'too many categories, on the list',
      'title: t\ndate: 2026-03-12 23:10:00 +0900\ncategories: [A, B, C]',
      [
        '4:13 `categories` must NOT have more than 2 items (schema: maxItems at #/properties/categories/maxItems)'
      ]
    ],
    [
      'a quoted "true" is a string',
      `${HEAD}\nmath: "true"`,
      ['5:7 `math` must be boolean (schema: type at #/properties/math/type)']
    ],
    [
      'a nested missing property, on its parent key',
      `${HEAD}\nimage:\n  alt: a`,
      ['5:1 `image`: `path` is required (schema: required at #/properties/image/required)']
    ],
    [
      'an extra property, on its key',
      `${HEAD}\nimage:\n  path: /p.png\n  src: /p.png`,
      [
        '7:3 `image`: `src` is not allowed (schema: additionalProperties at #/properties/image/additionalProperties)'
      ]
    ],
    [
      'an enum lists the allowed values',
      `${HEAD}\nlayout: home`,
      [
        '5:9 `layout` must be equal to one of the allowed values: "post", "page" (schema: enum at #/properties/layout/enum)'
      ]
    ],
    [
      'a float over the maximum',
      `${HEAD}\nrating: 6.0`,
      ['5:9 `rating` must be <= 5 (schema: maximum at #/properties/rating/maximum)']
    ]
  ])('%s', (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected)
  })

  it('uses the draft its $schema names (2020-12: prefixItems, unevaluatedProperties)', () => {
    const draft2020 = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        title: { type: 'string' },
        tags: { type: 'array', prefixItems: [{ const: 'daily-log' }] }
      },
      unevaluatedProperties: false
    }
    expect(findings('title: t\ntags: [week03]\ncomment: false', draft2020)).toEqual([
      '3:8 `tags.0` must be "daily-log" (schema: const at #/properties/tags/prefixItems/0/const)',
      '4:1 front matter: `comment` is not allowed (schema: unevaluatedProperties at #/unevaluatedProperties)'
    ])
  })

  it('checks nothing without a schema or front matter', () => {
    expect(schemaRules(postWith('title: 1'), { site: defaultSite(), now: NOW })).toEqual([])
  })
})

describe('compiling', () => {
  it('compiles a schema object once and reuses it', () => {
    const s = { type: 'object', required: ['title'] }
    expect(compileFrontMatterSchema(s)).toBe(compileFrontMatterSchema(s))
  })

  it.each([
    ['an unknown type', { type: 'nope' }],
    ['a dangling $ref', { $ref: '#/definitions/missing' }]
  ])('rejects %s with SchemaError', (_name, bad) => {
    expect(() => compileFrontMatterSchema(bad)).toThrow(SchemaError)
    expect(() => compileFrontMatterSchema(bad)).toThrow(/^The front-matter schema cannot be used: /)
  })
})

describe('values as Ruby sees them', () => {
  it.each([
    ['d: 2026-03-12 23:10:00 +0900', '2026-03-12T23:10:00+09:00'],
    ['d: 2026-03-12 23:10:00 -08:00', '2026-03-12T23:10:00-08:00'],
    ['d: 2026-03-12 23:10:00', '2026-03-12T23:10:00Z'],
    ['d: 2026-03-12T23:10:00.250Z', '2026-03-12T23:10:00.250Z'],
    ['d: 2026-03-12', '2026-03-12'],
    ['d: 1.5', 1.5],
    ['d: [2026-03-12, {x: 1.0}]', ['2026-03-12', { x: 1 }]]
  ])('%s -> %j', (yaml, expected) => {
    expect(toSchemaValue(postWith(yaml).frontMatter!.data.d)).toEqual(expected)
  })

  it.each([
    ['', {}, []],
    ['/tags/2', { tags: ['a', 'b', 'c'] }, ['tags', 2]],
    ['/image/path', { image: { path: 'p' } }, ['image', 'path']],
    ['/a~1b/0', { 'a/b': { '0': 1 } }, ['a/b', '0']]
  ])('pointerToPath(%j)', (pointer, data, path) => {
    expect(pointerToPath(pointer, data)).toEqual(path)
  })
})
