// Holds the code to docs/architecture.md and the house rules: every src file on the map, none over 400 lines, no
// import circle, blog/ and plan/ pure, github/ never parses markdown, only main.ts and cli.ts read the environment.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const MAX_LINES = 400

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap(entry => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

const files = sources('src').sort()
const text = new Map(files.map(f => [f, readFileSync(join(root, f), 'utf8')]))
/** The code without its comments (a header may say "never reads process.env"). */
const code = (f: string) =>
  text
    .get(f)!
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')

/** The modules a file imports: static, type-only and dynamic, as repository paths or package names. */
function importsOf(file: string): string[] {
  const specs = [...code(file).matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)'([^']+)'/gm)].map(m => m[1]!)
  return specs.map(spec =>
    spec.startsWith('.') ? normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts') : spec
  )
}

describe('docs/architecture.md', () => {
  const map = readFileSync(join(root, 'docs/architecture.md'), 'utf8')
  const listed = [...new Set([...map.matchAll(/`(src\/[^`]+\.ts)`/g)].map(m => m[1]!))].sort()

  it('lists every module under src/, and only modules that exist', () => {
    expect(files.filter(f => !listed.includes(f))).toEqual([])
    expect(listed.filter(f => !files.includes(f))).toEqual([])
  })

  it('is linked from the README', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('docs/architecture.md')
  })
})

describe('the house rules', () => {
  it(`keeps every module at ${MAX_LINES} lines or fewer`, () => {
    const over = files
      .map(f => ({ file: f, lines: text.get(f)!.split('\n').length - (text.get(f)!.endsWith('\n') ? 1 : 0) }))
      .filter(f => f.lines > MAX_LINES)
    expect(over).toEqual([])
  })

  it('has no import circle', () => {
    const graph = new Map(files.map(f => [f, importsOf(f).filter(i => text.has(i))]))
    const circles: string[][] = []
    const state = new Map<string, 'open' | 'done'>()
    const stack: string[] = []
    const visit = (f: string) => {
      state.set(f, 'open')
      stack.push(f)
      for (const next of graph.get(f)!) {
        if (state.get(next) === 'open') circles.push([...stack.slice(stack.indexOf(next)), next])
        else if (!state.has(next)) visit(next)
      }
      stack.pop()
      state.set(f, 'done')
    }
    for (const f of files) if (!state.has(f)) visit(f)
    expect(circles).toEqual([])
  })

  it('keeps blog/ and plan/ pure: nothing from github/, no network, no environment', () => {
    const impure = files
      .filter(f => f.startsWith('src/blog/') || f.startsWith('src/plan/'))
      .flatMap(f => [
        ...importsOf(f)
          .filter(i =>
            /^src\/(github|jobs)\/|^src\/(main|cli)\.ts$|^@octokit|^@actions|^node:(http|https|net)$/.test(i)
          )
          .map(i => `${f} imports ${i}`),
        ...(/\bprocess\.env\b/.test(code(f)) ? [`${f} reads process.env`] : []),
        ...(/\bfetch\s*\(/.test(code(f)) ? [`${f} calls fetch`] : [])
      ])
    expect(impure).toEqual([])
  })

  it('never parses markdown in github/', () => {
    const parsing = files
      .filter(f => f.startsWith('src/github/'))
      .flatMap(f =>
        importsOf(f)
          .filter(i => /^(remark|mdast|micromark|unified)|^src\/blog\/(tasks|posts)\.ts$/.test(i))
          .map(i => `${f} imports ${i}`)
      )
    expect(parsing).toEqual([])
  })

  it('never parses markdown in github/, not even through a module it imports (type-only imports aside)', () => {
    const parser = /^(remark|mdast-util-from|micromark|unified)/
    /** The modules a file loads at run time: `import type` lines are erased by the compiler. */
    const valueImports = (f: string) =>
      [...code(f).matchAll(/^import\s+(?!type\s)[^']*'([^']+)'/gm)].map(m =>
        m[1]!.startsWith('.') ? normalize(join(dirname(f), m[1]!)).replace(/\.js$/, '.ts') : m[1]!
      )
    /** The first chain of run-time imports from `f` to a markdown parser, if any. */
    const chain = (f: string, seen = new Set<string>()): string[] | undefined => {
      for (const i of valueImports(f)) {
        if (parser.test(i)) return [f, i]
        if (!text.has(i) || seen.has(i)) continue
        seen.add(i)
        const rest = chain(i, seen)
        if (rest) return [f, ...rest]
      }
      return undefined
    }
    const parsing = files.filter(f => f.startsWith('src/github/')).flatMap(f => chain(f)?.join(' -> ') ?? [])
    expect(parsing).toEqual([])
  })

  it('reads the environment only in main.ts and cli.ts', () => {
    const readers = files.filter(f => /\bprocess\.env\b/.test(code(f))).map(f => relative('src', f))
    expect(readers.filter(f => f !== 'main.ts' && f !== 'cli.ts')).toEqual([])
  })
})
