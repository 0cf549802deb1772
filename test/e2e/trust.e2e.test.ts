// The trust boundary on disk, end to end (dist/index.js under Node 24, the runner's environment): a path the
// repository controls never reaches a file outside the workspace, and no message quotes a byte of such a file.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { config, everything, outsideFile, refusals, run, SECRET, workspace } from './trust-workspace.js'

describe('paths the repository controls stay inside the workspace', () => {
  it('refuses `schema: ../…` with one line naming the input and the rule, and quotes nothing of the file', async () => {
    const outside = outsideFile()
    const ws = workspace(path => config(path, `schema: ../${basename(outside)}/outside.txt\n`))
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toMatch(
      /::error::check: Input 'schema': '[^']*outside\.txt' leaves the repository; nothing outside the repository is read\./
    )
    expect(everything(r)).not.toContain(SECRET)
  })

  it('refuses a schema that is a symbolic link to a file outside the workspace', async () => {
    const outside = outsideFile()
    const ws = workspace(path => {
      symlinkSync(join(outside, 'outside.txt'), join(path, 's.json'))
      config(path, 'schema: s.json\n')
    })
    const r = await run(ws)
    expect(r.stdout).toContain(
      "::error::check: Input 'schema': 's.json' is a symbolic link to outside the repository; nothing outside the repository is read."
    )
    expect(everything(r)).not.toContain(SECRET)
  })

  it('refuses a configuration file that is a symbolic link out of the workspace (nothing of it applies)', async () => {
    const outside = outsideFile()
    const ws = workspace(path => {
      mkdirSync(join(path, '.github'))
      symlinkSync(join(outside, 'outside.txt'), join(path, '.github', 'jekyll-post-ops.yml'))
    })
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain(
      "::error::Input 'config-file': '.github/jekyll-post-ops.yml' is a symbolic link to outside the repository; nothing outside the repository is read."
    )
    expect(everything(r)).not.toContain(SECRET)
  })

  it('refuses a blog-path that leaves the workspace', async () => {
    const ws = workspace(path => config(path, 'blog-path: ../..\n'))
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain("::error::Input 'blog-path': '../..' leaves the repository")
  })

  it('reports a symbolic link under _posts that leaves the repository as a finding, and reads nothing behind it', async () => {
    const outside = outsideFile()
    const ws = workspace(path =>
      symlinkSync(join(outside, '2026-11-27-stolen.md'), join(path, '_posts', '2026-11-27-stolen.md'))
    )
    const r = await run(ws)
    const finding = r.annotations.find(a => a.title === 'file/outside-repository')
    expect(finding?.file).toBe('_posts/2026-11-27-stolen.md')
    expect(finding?.message).toContain('is a symbolic link to outside the repository')
    expect(everything(r)).not.toContain(SECRET)
    // The other posts are checked as before.
    expect(r.annotations.some(a => a.title === 'tags/lowercase')).toBe(true)
  })

  it('names the line of a schema in the workspace that is not JSON, without quoting it', async () => {
    const ws = workspace(path => {
      writeFileSync(join(path, 'broken.json'), `{\n  "type": "object",\n  ${SECRET}\n}\n`)
      config(path, 'schema: broken.json\n')
    })
    const r = await run(ws)
    expect(r.stdout).toMatch(/::error::check: Input 'schema': 'broken\.json'( line 3)? is not valid JSON/)
    expect(everything(r)).not.toContain(SECRET)
  })
})

describe('`..` and absolute paths, in each path input and in the configuration file', () => {
  const outside = outsideFile()
  const abs = join(outside, 'outside.txt')
  const up = `../${basename(outside)}/outside.txt`
  it.each([
    ['config-file', 'input', up, "Input 'config-file': '%s' leaves the repository"],
    ['config-file', 'input', abs, "Input 'config-file': '%s' leaves the repository"],
    ['schema', 'input', up, "Input 'schema': '%s' leaves the repository"],
    ['schema', 'input', abs, "Input 'schema': '%s' leaves the repository"],
    ['blog-path', 'input', `../${basename(outside)}`, "Input 'blog-path': '%s' leaves the repository"],
    ['blog-path', 'input', outside, "Input 'blog-path': '%s' leaves the repository"],
    ['schema', 'file', abs, "Input 'schema': '%s' leaves the repository"],
    ['blog-path', 'file', outside, "Input 'blog-path': '%s' leaves the repository"],
    ['blog-path', 'file', '_posts/../../..', "Input 'blog-path': '%s' leaves the repository"]
  ])('%s given as %s: %s', async (name, where, value, line) => {
    const ws = workspace(path => {
      if (where === 'file') config(path, `${name}: ${JSON.stringify(value)}\n`)
    })
    const r = await run(ws, where === 'input' ? { [name]: value } : {})
    expect(r.exitCode).toBe(1)
    const shown = name === 'schema' && value === abs ? `../${basename(outside)}/outside.txt` : value
    expect(r.stdout).toContain(line.replace('%s', shown))
    expect(refusals(r)).toHaveLength(1)
    expect(everything(r)).not.toContain(SECRET)
  })
})

describe('symbolic links to outside the workspace', () => {
  it('_config.yml: not read, one finding, the check uses Jekyll defaults', async () => {
    const outside = outsideFile()
    writeFileSync(join(outside, 'site.yml'), `title: ${SECRET}\ntimezone: ${SECRET}\n`)
    const ws = workspace(path => {
      rmSync(join(path, '_config.yml'))
      symlinkSync(join(outside, 'site.yml'), join(path, '_config.yml'))
    })
    const r = await run(ws)
    const finding = r.annotations.filter(a => a.title === 'file/outside-repository')
    expect(finding).toEqual([
      expect.objectContaining({
        file: '_config.yml',
        message: expect.stringContaining(
          "_config.yml is a symbolic link to outside the repository: not read; the check uses Jekyll's defaults."
        )
      })
    ])
    expect(refusals(r)).toHaveLength(1)
    expect(everything(r)).not.toContain(SECRET)
  })

  it("a folder under _posts: not walked, one finding naming it and Jekyll's safe mode", async () => {
    const outside = outsideFile()
    const ws = workspace(path => symlinkSync(outside, join(path, '_posts', 'linked')))
    const r = await run(ws)
    const finding = r.annotations.filter(a => a.title === 'file/outside-repository')
    expect(finding).toEqual([
      expect.objectContaining({
        file: '_posts/linked',
        message: expect.stringContaining("Jekyll's safe mode, which GitHub Pages uses, ignores such a link")
      })
    ])
    expect(refusals(r)).toHaveLength(1)
    expect(everything(r)).not.toContain(SECRET)
    expect(r.annotations.some(a => a.title === 'tags/lowercase')).toBe(true)
  })

  it('a post that is a link out is refused; a schema reached through a folder link inside the repository is read', async () => {
    const outside = outsideFile()
    const ws = workspace(path => {
      mkdirSync(join(path, 'schemas'))
      writeFileSync(
        join(path, 'schemas', 'front.json'),
        JSON.stringify({ type: 'object', required: ['title'] })
      )
      symlinkSync('schemas', join(path, 'schema-link'))
      symlinkSync(join(outside, '2026-11-27-stolen.md'), join(path, '_posts', '2026-11-27-stolen.md'))
      config(path, 'schema: schema-link/front.json\n')
    })
    const r = await run(ws)
    expect(r.annotations.filter(a => a.title === 'file/outside-repository').map(a => a.file)).toEqual([
      '_posts/2026-11-27-stolen.md'
    ])
    expect(r.stdout).not.toContain("Input 'schema'")
    expect(everything(r)).not.toContain(SECRET)
  })
})

describe('$ref in the schema: only files inside the repository, never the network', () => {
  const schemaWith = (ref: string) => JSON.stringify({ type: 'object', properties: { title: { $ref: ref } } })

  it.each([
    [
      'a file outside by ..',
      (o: string) => `../${basename(o)}/outside.txt`,
      "Input 'schema': 'front.json': $ref '../%b/outside.txt' leaves the repository; nothing outside the repository is read."
    ],
    [
      'an absolute path',
      (o: string) => join(o, 'outside.txt'),
      "Input 'schema': 'front.json': $ref '%o/outside.txt' leaves the repository; nothing outside the repository is read."
    ],
    [
      'a URL',
      () => 'https://127.0.0.1:9/outside.json#/title',
      "Input 'schema': 'front.json': $ref 'https://127.0.0.1:9/outside.json' is a URL; a schema is never fetched, only files inside the repository are read."
    ],
    [
      'a file inside that is a link out',
      () => 'defs.json',
      "Input 'schema': 'defs.json' (named by a $ref) is a symbolic link to outside the repository; nothing outside the repository is read."
    ]
  ])('refuses %s in one line', async (_what, ref, line) => {
    const outside = outsideFile()
    const ws = workspace(path => {
      writeFileSync(join(path, 'front.json'), schemaWith(ref(outside)))
      symlinkSync(join(outside, 'outside.txt'), join(path, 'defs.json'))
      config(path, 'schema: front.json\n')
    })
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain(
      `::error::check: ${line.replace('%b', basename(outside)).replace('%o', outside)}`
    )
    expect(refusals(r)).toHaveLength(1)
    expect(everything(r)).not.toContain(SECRET)
  })

  it('follows a $ref to a file inside the repository, relative to the file that names it', async () => {
    const ws = workspace(path => {
      mkdirSync(join(path, 'schema', 'defs'), { recursive: true })
      writeFileSync(
        join(path, 'schema', 'front.json'),
        JSON.stringify({ type: 'object', properties: { tags: { $ref: 'defs/tags.json' } } })
      )
      writeFileSync(
        join(path, 'schema', 'defs', 'tags.json'),
        JSON.stringify({ type: 'array', items: { $ref: '../word.json' } })
      )
      writeFileSync(
        join(path, 'schema', 'word.json'),
        JSON.stringify({ type: 'string', pattern: '^[a-z0-9-]+$' })
      )
      config(path, 'schema: schema/front.json\n')
    })
    const r = await run(ws)
    const invalid = r.annotations.filter(a => a.title === 'schema/invalid')
    expect(invalid.length).toBeGreaterThan(0)
    expect(invalid.every(a => /`tags\.\d+` must match pattern/.test(a.message))).toBe(true)
  })
})

describe('patterns against untrusted text', () => {
  it.each(['today-headings', 'tomorrow-headings', 'branch-patterns'])(
    'a supplied %s of (a+)+$ (in the configuration file) is an input error naming it',
    async name => {
      const ws = workspace(path => config(path, `${name}: '(a+)+$'\n`))
      const r = await run(ws)
      expect(r.exitCode).toBe(1)
      expect(r.annotations).toEqual([
        expect.objectContaining({
          level: 'error',
          message: `Input '${name}': '(a+)+$' backtracks catastrophically: over 100 ms on 'a' repeated to 10,000 characters; write it without a quantifier inside a quantifier (e.g. '(a+)+' -> 'a+').`
        })
      ])
    }
  )

  it('a post with a 100,000-character heading line and its tasks is read like any other', async () => {
    const ws = workspace(path =>
      writeFileSync(
        join(path, '_posts', '2026-11-27-long.md'),
        `---\ntitle: Long\ndate: 2026-11-27 23:00:00 +0900\ncategories: [Log]\ntags: [daily-log]\n---\n## ${'오늘 '.repeat(33_334)}\n- [ ] 과제 제출\n# ${'a'.repeat(100_000)}!\n- [x] 강의\n`
      )
    )
    const r = await run(ws)
    expect(r.stdout).toMatch(/check: \d+ posts \(all posts\)/)
    expect(
      (r.report as { posts: { path: string }[] }).posts.some(p => p.path === '_posts/2026-11-27-long.md')
    ).toBe(true)
  })
})
