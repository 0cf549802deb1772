// Writes the README's generated blocks (inputs, outputs, rule table) from action.yml and the rule catalogue,
// so the README and the action cannot drift. `npm run docs` rewrites them; a test fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

interface ActionSpec {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim()

export function renderInputs(actionYml: string): string {
  const action = parse(actionYml) as ActionSpec
  const rows = ['| input | default | what it does |', '| --- | --- | --- |']
  for (const [name, spec] of Object.entries(action.inputs)) {
    const def = spec.default === undefined || spec.default === '' ? '' : `\`${cell(spec.default)}\``
    rows.push(`| \`${name}\` | ${def} | ${cell(spec.description)} |`)
  }
  return rows.join('\n')
}

export function renderOutputs(actionYml: string): string {
  const action = parse(actionYml) as ActionSpec
  const rows = ['| output | what it holds |', '| --- | --- |']
  for (const [name, spec] of Object.entries(action.outputs)) rows.push(`| \`${name}\` | ${cell(spec.description)} |`)
  return rows.join('\n')
}

export interface RuleRow {
  id: string
  severity: string
  description: string
  fixable?: boolean
}

export function renderRules(rules: RuleRow[]): string {
  const rows = ['| rule | default | what it finds | fix |', '| --- | --- | --- | --- |']
  for (const rule of rules) rows.push(`| \`${rule.id}\` | ${rule.severity} | ${cell(rule.description)} | ${rule.fixable ? 'yes' : ''} |`)
  return rows.join('\n')
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function replaceBlock(readme: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const a = readme.indexOf(start)
  const b = readme.indexOf(end)
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} block`)
  return readme.slice(0, a + start.length) + '\n' + content + '\n' + readme.slice(b)
}

export async function renderReadme(readme: string): Promise<string> {
  const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
  const { RULES } = (await import('../src/blog/rules/index.js')) as { RULES: RuleRow[] }
  let text = replaceBlock(readme, 'inputs', renderInputs(actionYml))
  text = replaceBlock(text, 'outputs', renderOutputs(actionYml))
  text = replaceBlock(text, 'rules', renderRules(RULES))
  return text
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = join(ROOT, 'README.md')
  const before = readFileSync(path, 'utf8')
  const after = await renderReadme(before)
  if (after !== before) writeFileSync(path, after)
  console.log(after === before ? 'README.md is up to date.' : 'README.md updated.')
}
