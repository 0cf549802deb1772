// Reads a Jekyll site's `_config.yml` into the SiteConfig the rest of the blog layer uses, as Jekyll 4 reads it
// (Psych-typed YAML, Jekyll's defaults). Never throws: a missing or broken config is defaults plus a diagnostic.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveInside } from '../boundary.js'
import { outsideFinding } from './files.js'
import type { Diagnostic, SiteConfig } from '../model.js'
import { parsePsychYaml } from '../ruby/psych.js'
import { rubyToS } from '../ruby/values.js'
import { knownTimeZone } from '../ruby/zones.js'
import { LineIndex } from '../source.js'

/** Jekyll's defaults for the keys SiteConfig names. */
export function defaultSite(): SiteConfig {
  return { url: '', baseurl: '', permalink: 'date', future: false, raw: {} }
}

/** Builds a SiteConfig from an already parsed config hash (the keys Jekyll reads from `_config.yml`). */
export function siteFromConfig(raw: Record<string, unknown>): SiteConfig {
  const site = defaultSite()
  site.raw = raw
  if (raw['timezone'] !== undefined && raw['timezone'] !== null && raw['timezone'] !== false) {
    const tz = rubyToS(raw['timezone'])
    if (tz !== '') site.timezone = tz
  }
  if (typeof raw['url'] === 'string') site.url = raw['url'].replace(/(?<!\/)\/+$/, '')
  if (raw['baseurl'] !== undefined && raw['baseurl'] !== null) {
    const b = rubyToS(raw['baseurl']).replace(/^\/*/, '/').replace(/(?<!\/)\/+$/, '')
    site.baseurl = b === '/' ? '' : b
  }
  // Configuration#add_default_collections: `permalink` sets the posts' URL template (a falsy value keeps
  // the built-in `date`); `collections.posts.permalink` wins over it.
  const permalink = raw['permalink']
  if (permalink !== undefined && permalink !== null && permalink !== false && rubyToS(permalink) !== '') {
    site.permalink = rubyToS(permalink)
  }
  site.future = raw['future'] !== undefined && raw['future'] !== null && raw['future'] !== false
  return site
}

/**
 * Reads `<root>/_config.yml` (or `_config.yaml`). Problems come back as diagnostics on `_config.yml`:
 * `config/yaml-syntax` (Jekyll stops with an error), `config/not-a-mapping`, `config/timezone` (a zone the
 * system does not know: Jekyll's TZ is then UTC), `file/outside-repository` (a link out of `workspace`: not read).
 */
export function readSite(root: string, workspace: string = root): { site: SiteConfig; diagnostics: Diagnostic[] } {
  let file = '_config.yml'
  let text: string | undefined
  for (const name of ['_config.yml', '_config.yaml']) {
    const where = resolveInside(workspace, join(root, name))
    if (where.kind === 'outside') {
      // Refused: its bytes are never read, and the site is built with defaults as far as this check goes.
      const finding = outsideFinding(name, `${name} ${where.rule}: not read; the check uses Jekyll's defaults.`)
      return { site: defaultSite(), diagnostics: [finding] }
    }
    if (where.kind === 'missing') continue
    try {
      text = readFileSync(where.path, 'utf8').replace(/^\uFEFF/, '')
      file = name
      break
    } catch {
      // Try the next name; Jekyll runs with defaults when there is none.
    }
  }
  if (text === undefined) return { site: defaultSite(), diagnostics: [] }
  return parseSiteConfig(text, file)
}

/** The parsing half of readSite, for config text already in memory. */
export function parseSiteConfig(
  text: string,
  file = '_config.yml'
): { site: SiteConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const index = new LineIndex(text)
  const parsed = parsePsychYaml(text)
  for (const e of parsed.errors) {
    const p = index.position(e.start)
    diagnostics.push({
      file,
      line: p.line,
      column: p.column,
      rule: 'config/yaml-syntax',
      severity: 'error',
      message: `${file}: ${e.message.replace(/ Jekyll logs .*$/, '')} Jekyll stops with this error before building anything.`
    })
  }
  const data = parsed.data
  if (data === undefined) return { site: defaultSite(), diagnostics }
  if (data === null) return { site: defaultSite(), diagnostics }
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      rule: 'config/not-a-mapping',
      severity: 'error',
      message: `${file} is not a mapping of settings; Jekyll stops with "Configuration file: (INVALID)".`
    })
    return { site: defaultSite(), diagnostics }
  }
  const site = siteFromConfig(data as Record<string, unknown>)
  if (site.timezone !== undefined && !knownTimeZone(site.timezone)) {
    const where = locateTopKey(parsed.doc, 'timezone', index)
    diagnostics.push({
      file,
      line: where.line,
      column: where.column,
      rule: 'config/timezone',
      severity: 'error',
      message: `timezone: ${JSON.stringify(site.timezone)} is not a time zone the system knows (names are case-sensitive, like "Asia/Seoul"). Jekyll sets TZ to it anyway and every date is then read and shown in UTC.`
    })
  }
  return { site, diagnostics }
}

function locateTopKey(
  doc: ReturnType<typeof parsePsychYaml>['doc'],
  key: string,
  index: LineIndex
): { line: number; column: number } {
  const contents = doc.contents as {
    items?: { key?: { value?: unknown; range?: [number, number, number] } }[]
  } | null
  const pair = contents?.items?.find(p => p.key?.value === key)
  const offset = pair?.key?.range?.[0] ?? 0
  return index.position(offset)
}

/**
 * The action's `timezone` input over `_config.yml`'s `timezone:`. A zone named wins; '' (the input left empty) and
 * undefined keep the site's own, as an empty input means "not set". Changes `site` in place.
 */
export function overrideTimezone(site: SiteConfig, timezone: string | undefined): void {
  if (timezone !== undefined && timezone !== '') site.timezone = timezone
}
