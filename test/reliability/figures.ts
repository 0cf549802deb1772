// Where the reliability tests leave their figures: one JSON file per test file (under RELIABILITY_REPORT_DIR, else
// the system's temporary folder) and one line in the test output, for the README's Reliability section.
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REPORT_DIR = process.env.RELIABILITY_REPORT_DIR || join(tmpdir(), 'jekyll-post-ops-reliability')

/** Writes `figures` as `<name>.json` and prints them on one line; returns the file. */
export function reportFigures(name: string, figures: object): string {
  mkdirSync(REPORT_DIR, { recursive: true })
  const file = join(REPORT_DIR, `${name}.json`)
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2) + '\n')
  process.stdout.write(`reliability ${name}: ${JSON.stringify(figures)} (${file})\n`)
  return file
}
