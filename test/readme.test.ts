// The README as a user's guide that cannot lie: its runnable shell blocks run as written, its generated tables equal
// action.yml and the rule catalogue, its troubleshooting messages are ones the action prints, its configuration
// examples pass both the shipped JSON Schema and the action's own reader.
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { RULES } from '../src/blog/rules/catalogue.js'
import { readConfigFile } from '../src/config-file.js'
import { INPUT_NAMES, JOB_NAMES, readSettings, SettingsError } from '../src/settings.js'
import { currentSchema, NOT_IN_FILE, renderActionYml, renderReadme, SCHEMA_PATH } from '../scripts/docs.js'
import { INPUTS } from '../src/inputs.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>
  outputs: Record<string, unknown>
}

interface Fence {
  info: string
  body: string
  /** 1-based line of the opening fence. */
  line: number
}

/** Every fenced code block of the README, with its info string. */
function fences(markdown: string): Fence[] {
  const out: Fence[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(```+|~~~+)(.*)$/.exec(lines[i]!)
    if (!open) continue
    const close = lines.findIndex((line, j) => j > i && line.startsWith(open[1]!) && line.trim() === open[1])
    out.push({ info: open[2]!.trim(), body: lines.slice(i + 1, close).join('\n'), line: i + 1 })
    i = close
  }
  return out
}

/** The rows of the markdown table between `<!-- NAME:start -->` and `<!-- NAME:end -->`, as cells. */
function tableIn(block: string): string[][] {
  const start = README.indexOf(`<!-- ${block}:start -->`)
  const end = README.indexOf(`<!-- ${block}:end -->`)
  expect(start, `README has a ${block} block`).toBeGreaterThan(-1)
  return README.slice(start, end)
    .split('\n')
    .filter(line => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map(line => line.slice(2, -2).split(/(?<!\\) \| /))
}

const code = (cell: string) => /^``? ?(.*?) ?``?$/.exec(cell.trim())?.[1] ?? cell

describe('README: generated from the sources', () => {
  it('is what `npm run docs` makes of action.yml, the rule catalogue, the fixtures and the goldens', async () => {
    expect(await renderReadme(README), 'README.md is stale: run `npm run docs`').toBe(README)
  })

  it('lists every input of action.yml, in its order, with the default of the one table of inputs', () => {
    const rows = tableIn('inputs')
    expect(rows.map(r => code(r[0]!))).toEqual(Object.keys(ACTION.inputs))
    for (const [name, def] of rows.map(r => [code(r[0]!), r[1]!] as const)) {
      const input = INPUTS.find(i => i.name === name)!
      const expected = input.actionDefault ?? input.default
      expect(def === '' ? '' : code(def).replace(/\\\|/g, '|'), `default of ${name}`).toBe(expected)
      // action.yml states the same default in words, and declares none itself (but the token's, for the runner)
      if (expected !== '') expect(ACTION.inputs[name]!.description).toContain(`Default: \`${expected}\`.`)
      expect(ACTION.inputs[name]!.default, `action.yml's default of ${name}`).toBe(input.actionDefault)
    }
    // And the action reads exactly these inputs.
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(ACTION.inputs).sort())
  })

  it('action.yml is what `npm run docs` makes of the table of inputs: only the token has a default there', () => {
    const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
    expect(renderActionYml(actionYml), 'action.yml is stale: run `npm run docs`').toBe(actionYml)
    const withDefault = Object.entries(ACTION.inputs).filter(([, spec]) => 'default' in spec)
    expect(withDefault.map(([name]) => name)).toEqual(['token'])
  })

  it('lists every output of action.yml', () => {
    expect(tableIn('outputs').map(r => code(r[0]!))).toEqual(Object.keys(ACTION.outputs))
  })

  it('lists every rule of the catalogue with its default severity, and an example for most of them', () => {
    expect(tableIn('rules').map(r => [code(r[0]!), r[1]])).toEqual(RULES.map(r => [r.id, r.severity]))
    const examples = tableIn('rule-examples').map(r => code(r[0]!))
    expect(examples.length).toBeGreaterThanOrEqual(RULES.length / 2)
    for (const id of examples) expect(RULES.map(r => r.id)).toContain(id)
  })

  it('keeps the placeholders for the reliability and performance figures', () => {
    for (const name of ['figures:reliability', 'figures:performance']) {
      expect(README).toContain(`<!-- ${name}:start -->`)
      expect(README).toContain(`<!-- ${name}:end -->`)
    }
  })

  it('starts with the two commands: `npm ci && npm start` and `npm test`', () => {
    const shell = fences(README).filter(f => f.info.startsWith('sh'))
    expect(shell.slice(0, 2).map(f => f.body)).toEqual(['npm ci && npm start', 'npm test'])
  })
})

describe('README: runnable shell blocks run as written', () => {
  const runnable = fences(README).filter(f => /^(sh|bash)\s+runnable\b/.test(f.info))
  const copies: string[] = []
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true })
  })

  it('has some', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(3)
  })

  it.each(runnable.map(f => [f.line, f] as const))('the block at README.md:%i', async (_line, fence) => {
    const copy = /\bcopy\b/.test(fence.info)
    const exit = Number(/\bexit=(\d+)/.exec(fence.info)?.[1] ?? 0)
    let cwd = ROOT
    if (copy) {
      // What the block may change: the example blog, and what it runs: dist/ with its package.json.
      cwd = mkdtempSync(join(tmpdir(), 'jpo-readme-'))
      copies.push(cwd)
      for (const part of ['examples', 'dist', 'package.json'])
        cpSync(join(ROOT, part), join(cwd, part), { recursive: true })
      symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'))
    }
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
      execFile(
        'sh',
        ['-e', '-c', fence.body],
        { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr })
      )
    })
    expect(result.code, `${fence.body}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(
      exit
    )
    expect(result.stdout.trim(), 'a command a reader runs shows something').not.toBe('')
  })

  it('the CLI also runs when started through its bin link, as npx and npm link start it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jpo-bin-'))
    copies.push(dir)
    symlinkSync(join(ROOT, 'dist', 'cli.js'), join(dir, 'jekyll-post-ops'))
    const stdout = await new Promise<string>(resolve => {
      execFile(
        process.execPath,
        [join(dir, 'jekyll-post-ops'), 'check', join(ROOT, 'examples', 'blog'), '--fail-on', 'never'],
        (_e, out) => resolve(out)
      )
    })
    expect(stdout).toMatch(/\d+ posts, \d+ errors?, \d+ warnings?/)
  })
})

describe('README: troubleshooting', () => {
  /** The source text with template interpolations as `…` and simple string ternaries as their first branch. */
  const source = (() => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name))
        else if (entry.name.endsWith('.ts')) files.push(readFileSync(join(dir, entry.name), 'utf8'))
      }
    }
    walk(join(ROOT, 'src'))
    return files
      .join('\n')
      .replace(/\$\{[^{}]*\?\s*'([^']*)'\s*:\s*'[^']*'\s*\}/g, '$1')
      .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '…')
      .replace(/\\`/g, '`')
  })()
  const rows = (() => {
    const start = README.indexOf('## Troubleshooting')
    const end = README.indexOf('\n## ', start + 1)
    return README.slice(start, end)
      .split('\n')
      .filter(line => line.startsWith('| `') || line.startsWith('| ``'))
      .map(line => code(line.slice(2).split(/(?<!\\) \| /)[0]!))
  })()

  it('covers the failures a blog owner meets first', () => {
    expect(rows.length).toBeGreaterThanOrEqual(15)
    const text = rows.join('\n')
    for (const must of [
      'project-token',
      'is not an option',
      'permissions: issues: write',
      'unknown key',
      'fail-on'
    ])
      expect(text).toContain(must)
  })

  it.each(rows.map(r => [r]))('"%s" is a message the action prints', row => {
    let message = row
    const skipped = /^(\w+): skipped: /.exec(message)
    if (skipped) {
      expect(JOB_NAMES).toContain(skipped[1])
      expect(source).toContain(': skipped: ')
      message = message.slice(skipped[0].length)
    }
    const input = /^Input '([^']+)': /.exec(message)
    if (input) {
      if (!input[1]!.includes('…')) expect(INPUT_NAMES as readonly string[]).toContain(input[1])
      message = message.slice(input[0].length)
    }
    const fragments = message
      .split('…')
      .map(part => part.replace(/^[\s'"`.,;:()]+|[\s'"`.,;:()]+$/g, ''))
      .filter(part => part.length >= 3)
    expect(fragments.length).toBeGreaterThan(0)
    for (const fragment of fragments) expect(source, `src/ never prints "${fragment}"`).toContain(fragment)
  })
})

describe('.env.example for @github/local-action', () => {
  it('runs the action as given: check on the example blog, no token', async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
    for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
      const pair = /^([A-Z_][A-Z0-9_-]*)=(.*)$/.exec(line)
      if (pair) env[pair[1]!] = pair[2]!
    }
    for (const input of Object.keys(env).filter(k => k.startsWith('INPUT_'))) {
      expect(
        INPUT_NAMES.map(n => `INPUT_${n.toUpperCase()}`),
        input
      ).toContain(input)
    }
    const dir = mkdtempSync(join(tmpdir(), 'jpo-env-'))
    try {
      for (const file of ['output', 'summary.md']) writeFileSync(join(dir, file), '')
      Object.assign(env, {
        GITHUB_OUTPUT: join(dir, 'output'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        RUNNER_TEMP: dir
      })
      const result = await new Promise<{ code: number; stdout: string }>(resolve => {
        execFile(
          join(ROOT, 'node_modules', '.bin', 'node'),
          [join(ROOT, 'dist', 'index.js')],
          { cwd: ROOT, env },
          (error, stdout) =>
            resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout })
        )
      })
      expect(result.code, result.stdout).toBe(0)
      expect(result.stdout).toMatch(/jobs: check/)
      expect(readFileSync(join(dir, 'output'), 'utf8')).toMatch(/^errors<</m)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('README: configuration file', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { properties: Record<string, unknown> }
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema)
  const examples = fences(README).filter(
    f => f.info === 'yaml' && /^# (yaml-language-server|\.github\/jekyll-post-ops\.yml)/.test(f.body)
  )
  const dir = mkdtempSync(join(tmpdir(), 'jpo-config-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const read = (yaml: string) => {
    const path = join(dir, 'jekyll-post-ops.yml')
    writeFileSync(path, yaml)
    return readConfigFile(path, '.github/jekyll-post-ops.yml')
  }

  it('the shipped schema is what `npm run docs` generates from action.yml and the rule ids', async () => {
    expect(
      readFileSync(SCHEMA_PATH, 'utf8'),
      'schema/jekyll-post-ops.schema.json is stale: run `npm run docs`'
    ).toBe(await currentSchema())
  })

  it('the schema knows exactly the keys the action accepts in the file', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(
      INPUT_NAMES.filter(n => !NOT_IN_FILE.includes(n)).sort()
    )
    for (const key of NOT_IN_FILE) expect(() => read(`${key}: x\n`)).toThrow(SettingsError)
  })

  it('the schema accepts every job the action runs, as a list and as a string, and refuses an unknown one', () => {
    for (const job of JOB_NAMES) {
      expect(validate({ jobs: [job] }), job).toBe(true)
      expect(validate({ jobs: `check, ${job}` }), job).toBe(true)
      expect(String(read(`jobs: [${job}]\n`).jobs)).toBe(job)
    }
    expect(validate({ jobs: ['deploy'] })).toBe(false)
    expect(validate({ jobs: 'check, deploy' })).toBe(false)
  })

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2)
  })

  it.each(examples.map(f => [f.line, f] as const))(
    'the example at README.md:%i passes the schema and the action reads it',
    (_line, fence) => {
      const data = parse(fence.body) as unknown
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true)
      const values = read(fence.body)
      const settings = readSettings(() => '', values)
      expect(Object.keys(values).length).toBeGreaterThan(0)
      if (values['todo-column']) expect(settings.columns.todo).toBe(values['todo-column'])
    }
  )

  it.each([
    ['an unknown key', 'todo-colum: 할 일\n', /did you mean 'todo-column'/],
    ['a rule id that does not exist', 'severity:\n  tags/lowercas: warning\n', null],
    [
      'a level that does not exist',
      'severity:\n  tags/lowercase: loud\n',
      /level must be error, warning, notice or off/
    ],
    ['a job that does not exist', 'jobs: [check, tasks, boards]\n', /unknown job 'boards'/]
  ])('the schema and the action both refuse %s', (_what, yaml, actionError) => {
    expect(validate(parse(yaml))).toBe(false)
    if (actionError) expect(() => readSettings(() => '', read(yaml))).toThrow(actionError)
  })
})

describe('the one table of inputs', () => {
  it('names each input once (action.yml is a YAML map: a second entry would make it unreadable)', () => {
    const seen = new Map<string, number>()
    for (const name of INPUT_NAMES) seen.set(name, (seen.get(name) ?? 0) + 1)
    expect([...seen].filter(([, n]) => n > 1)).toEqual([])
  })
})
