// The configuration file (.github/jekyll-post-ops.yml): its keys read into input values, typos named with the
// nearest input. Never reads outside the path it is handed (the caller holds it inside the workspace).
import { existsSync, readFileSync } from 'node:fs'
import { INPUT_NAMES, NOT_FROM_FILE } from './inputs.js'
import { SettingsError } from './settings.js'
import { isMap, parseDocument } from 'yaml'

/**
 * Reads the optional config file: a YAML map whose keys are input names. Lists become newline-separated values,
 * and `severity` may be a map of rule -> level. A missing file is no error; an unknown key names the nearest one.
 */
export function readConfigFile(absolutePath: string, shownPath: string): Record<string, string> {
  if (!existsSync(absolutePath)) return {}
  return readConfigText(readFileSync(absolutePath, 'utf8'), shownPath)
}

/** readConfigFile of a text already read (a pull request's base commit's file, from the contents API). */
export function readConfigText(text: string, shownPath: string): Record<string, string> {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!
    const line = first.linePos?.[0]?.line
    throw new SettingsError(
      'config-file',
      `${shownPath}${line ? `:${line}` : ''}: ${first.message.split('\n')[0]}`
    )
  }
  if (doc.contents === null) return {}
  if (!isMap(doc.contents))
    throw new SettingsError('config-file', `${shownPath} must be a map of input names to values`)
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(doc.toJS() as Record<string, unknown>)) {
    if (NOT_FROM_FILE.has(key)) {
      throw new SettingsError(
        'config-file',
        `${shownPath}: '${key}' cannot be set in a file in the repository; give it as an input`
      )
    }
    if (!(INPUT_NAMES as readonly string[]).includes(key)) {
      const near = nearest(key, INPUT_NAMES)
      throw new SettingsError(
        'config-file',
        `${shownPath}: unknown key '${key}'${near ? `; did you mean '${near}'?` : ''}`
      )
    }
    values[key] = configValue(key, value, shownPath)
  }
  return values
}

function configValue(key: string, value: unknown, shownPath: string): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(item => configValue(key, item, shownPath)).join('\n')
  if (typeof value === 'object') {
    if (key !== 'severity')
      throw new SettingsError('config-file', `${shownPath}: '${key}' must be a value or a list, not a map`)
    return Object.entries(value as Record<string, unknown>)
      .map(([rule, level]) => `${rule}=${String(level)}`)
      .join('\n')
  }
  return String(value)
}

/** The candidate closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}
