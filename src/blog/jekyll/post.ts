// What Jekyll 4.3 makes of one post, as real Jekyll settles it: built or not and why, its date, URL, slug,
// categories and tags, after defaults and front matter merge. Pure: no I/O, no clock (now is an argument).
import type { JekyllPost, SiteConfig } from '../model.js'
import { formatXmlSchema } from '../ruby/zones.js'
import { rubyToS } from '../ruby/values.js'
import { jekyllDateOf, siteTime, type DateSource, type JekyllDate } from './date.js'
import { deepMerge, defaultsFor } from './defaults.js'
import { DATE_FILENAME_MATCHER, DEFAULT_MARKDOWN_EXT } from './files.js'
import { postsUrlTemplate, postUrl } from './url.js'

export interface InterpretInput {
  /** Relative path from the site root, `/` separators. */
  path: string
  site: SiteConfig
  /** The caller's clock, epoch ms (Jekyll's `site.time` unless `_config.yml` sets `time:`). */
  now: number
  /** Front matter as Psych typed it; undefined when the post has none. */
  data?: Record<string, unknown>
  /** Set when reading stopped: `yaml` (Jekyll publishes without front matter), `encoding` (Jekyll skips). */
  readError?: 'yaml' | 'encoding' | 'unreadable'
}

/** Everything the rules need to explain what Jekyll did, besides the JekyllPost itself. */
export interface Interpretation {
  post: JekyllPost
  /** The data after Jekyll's merges (defaults < front matter), as Jekyll holds it. */
  data: Record<string, unknown>
  /** The date and where it came from; undefined when the file name is not a post name. */
  date?: JekyllDate
  /** The file name's own date, when it has one that Ruby can read. */
  filenameDate?: JekyllDate
  /** True when Jekyll dropped the front matter (YAML error, or a `categories` value it cannot merge). */
  frontMatterDropped: boolean
  /** `jekyll build` stops with this error for the whole site (an invalid date, a bad permalink). */
  fatal?: string
}

function splitWords(s: string): string[] {
  return s.split(/[ \t\n\v\f\r]+/).filter(w => w !== '')
}

/** Ruby `Array#|`, by value for scalars. */
function union(a: unknown[], b: unknown[]): unknown[] {
  // Nearly always strings only: for those, equal by value is plain Set membership.
  if (a.every(v => typeof v === 'string') && b.every(v => typeof v === 'string'))
    return [...new Set([...a, ...b])]
  const out: unknown[] = []
  const seen = new Set<string>()
  for (const v of [...a, ...b]) {
    const k = keyOf(v)
    if (!seen.has(k)) {
      seen.add(k)
      out.push(v)
    }
  }
  return out
}

function keyOf(v: unknown): string {
  return `${typeof v}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`
}

class CategoriesTypeError extends Error {}

/** Document#merge_data!'s category handling: a string splits; an array unions; anything else cannot merge. */
function mergeCategories(current: unknown, incoming: Record<string, unknown>): Record<string, unknown> {
  if (!('categories' in incoming) || incoming['categories'] === null || incoming['categories'] === undefined)
    return incoming
  let cats = incoming['categories']
  if (typeof cats === 'string') cats = splitWords(cats)
  if (Array.isArray(current)) {
    if (!Array.isArray(cats))
      throw new CategoriesTypeError(`no implicit conversion of ${typeof cats} into Array`)
    cats = union(current, cats)
  }
  return { ...incoming, categories: cats }
}

function singularOrPlural(data: Record<string, unknown>, singular: string, plural: string): unknown[] {
  // Utils.pluralized_array_from_hash
  let value: unknown = data[singular]
  if (value === undefined || value === null || value === false) {
    const p = data[plural]
    value =
      typeof p === 'string'
        ? splitWords(p)
        : Array.isArray(p)
          ? p.filter(x => x !== null && x !== undefined)
          : null
  }
  const arr = ([value] as unknown[]).flat(Infinity)
  return arr.filter(x => x !== null && x !== undefined)
}

function outputExtFor(ext: string, permalink: string | undefined, site: SiteConfig): string {
  if (permalink !== undefined && !permalink.endsWith('/')) {
    const base = permalink.replace(/^.*\//, '')
    const m = /\.[^.]*$/.exec(base)
    if (m && base.indexOf('.') > 0 && m[0] !== '.') return m[0]
  }
  const raw = site.raw['markdown_ext']
  const md = (typeof raw === 'string' ? raw.split(',') : DEFAULT_MARKDOWN_EXT).map(
    e => `.${e.trim().toLowerCase()}`
  )
  return md.includes(ext.toLowerCase()) ? '.html' : ext
}

/** What Jekyll 4.3 makes of one post file. */
export function interpret(input: InterpretInput): Interpretation {
  const { path, site } = input
  const tz = site.timezone
  const now = siteTime(site, input.now)
  const none: JekyllPost = { built: false, categories: [], tags: [] }
  const relInPosts = path.replace(/^(?:.*\/)?_posts\//, '')
  const fm = DATE_FILENAME_MATCHER.exec(relInPosts)
  if (!fm) return { post: { ...none, reason: 'filename' }, data: {}, frontMatterDropped: false }
  if (input.readError === 'encoding' || input.readError === 'unreadable') {
    return { post: { ...none, reason: input.readError }, data: {}, frontMatterDropped: false }
  }
  const [, fileDate = '', fileSlug = '', ext = ''] = fm
  // Document#read loads a `.yml`/`.yaml` file (the check is case-sensitive) as data and never reads its content,
  // so PostReader#processable? drops it ("Content ... is nil"): a dated data file in _posts is never a post.
  if (ext === '.yml' || ext === '.yaml') {
    return { post: { ...none, reason: 'data-file' }, data: {}, frontMatterDropped: false }
  }

  // Document#initialize: categories from the folders above _posts.
  const collectionsDir =
    typeof site.raw['collections_dir'] === 'string'
      ? (site.raw['collections_dir'] as string).replace(/^\/+|(?<!\/)\/+$/g, '')
      : ''
  const relativePath =
    collectionsDir && path.startsWith(`${collectionsDir}/`) ? path.slice(collectionsDir.length + 1) : path
  const basename = path.replace(/^.*\//, '')
  const superdirs = relativePath.startsWith('_posts')
    ? []
    : relativePath
        .replace(/_posts[\s\S]*/, '')
        .split('/')
        .filter(c => c !== '' && c !== '_posts' && c !== basename)
  let data: Record<string, unknown> = { categories: superdirs }
  let frontMatterDropped = input.readError === 'yaml'
  let fatal: string | undefined

  const merge = (incoming: Record<string, unknown>): void => {
    const merged = mergeCategories(data['categories'], incoming)
    data = deepMerge(data, merged)
  }

  // Document#read: defaults, then the front matter, then (unless reading failed) the post data.
  const defaults = defaultsFor(site, path)
  let dateFromDefaults: unknown
  try {
    merge(defaults)
    if ('date' in defaults) dateFromDefaults = defaults['date']
  } catch {
    frontMatterDropped = true
  }
  let dateSource: DateSource = 'defaults'
  if (!frontMatterDropped && input.data) {
    try {
      merge(input.data)
      if (input.data['date'] !== undefined && input.data['date'] !== null) dateSource = 'front-matter'
    } catch (error) {
      if (!(error instanceof CategoriesTypeError)) throw error
      frontMatterDropped = true
    }
  }

  let date: JekyllDate | undefined
  let filenameDate: JekyllDate | undefined = jekyllDateOf(fileDate, 'filename', site, now)
  if (!filenameDate.ok && !filenameDate.invalid) filenameDate = undefined
  let slug: string | undefined
  let categories: unknown[]
  let tags: unknown[]

  const rawDate = data['date']
  if (rawDate !== undefined && rawDate !== null && rawDate !== false) {
    date = jekyllDateOf(
      rawDate,
      dateSource === 'front-matter'
        ? 'front-matter'
        : dateFromDefaults !== undefined
          ? 'defaults'
          : dateSource,
      site,
      now
    )
  }
  if (frontMatterDropped) {
    // read_post_data never runs: no slug, no file-name date, categories as merged so far, tags as defaults left them.
    if (date === undefined) {
      date = {
        ok: true,
        epochMs: now,
        source: 'build-time',
        via: 'build-time',
        text: '',
        zone: 'site',
        rolledOver: false
      }
    }
    categories = Array.isArray(data['categories']) ? (data['categories'] as unknown[]) : []
    tags = Array.isArray(data['tags']) ? (data['tags'] as unknown[]) : []
  } else {
    // populate_title: the file name's date when the front matter has none.
    if (date === undefined) date = filenameDate ?? jekyllDateOf(fileDate, 'filename', site, now)
    slug =
      data['slug'] !== undefined && data['slug'] !== null && data['slug'] !== false
        ? rubyToS(data['slug'])
        : fileSlug.replace(/(?<!\.)\.+$/, '')
    // populate_categories and populate_tags.
    const cats = [
      ...(Array.isArray(data['categories'])
        ? (data['categories'] as unknown[])
        : data['categories'] === undefined || data['categories'] === null
          ? []
          : [data['categories']]),
      ...singularOrPlural(data, 'category', 'categories')
    ]
    categories = union(
      cats.map(c => rubyToS(c)),
      []
    )
    tags = singularOrPlural(data, 'tag', 'tags')
  }

  if (!date.ok) {
    fatal = `Invalid date '${date.text}': Document '${path}' does not have a valid date in the ${date.source === 'filename' ? 'filename' : date.source === 'defaults' ? 'front matter defaults' : 'YAML front matter'}.`
    if (!date.invalid) {
      return {
        post: {
          ...none,
          reason: 'unknown-date',
          categories: categories.map(rubyToS),
          tags: tags.map(rubyToS)
        },
        data,
        date,
        ...(filenameDate ? { filenameDate } : {}),
        frontMatterDropped
      }
    }
    return {
      post: { ...none, reason: 'invalid-date', categories: categories.map(rubyToS), tags: tags.map(rubyToS) },
      data,
      date,
      ...(filenameDate ? { filenameDate } : {}),
      frontMatterDropped,
      fatal
    }
  }

  const post: JekyllPost = {
    built: true,
    date: formatXmlSchema(tz, date.epochMs),
    epochMs: date.epochMs,
    categories: categories.map(rubyToS),
    tags: tags.map(rubyToS)
  }
  // Publisher#publish?: `published` present and false-ish (false or nil) unpublishes; future dates wait.
  const unpublishedSite =
    site.raw['unpublished'] !== undefined &&
    site.raw['unpublished'] !== null &&
    site.raw['unpublished'] !== false
  if (
    'published' in data &&
    (data['published'] === false || data['published'] === null) &&
    !unpublishedSite
  ) {
    post.built = false
    post.reason = 'unpublished'
  } else if (!site.future && Math.floor(date.epochMs / 1000) > Math.floor(now / 1000)) {
    post.built = false
    post.reason = 'future'
  }

  const permalinkValue = data['permalink']
  const permalink =
    permalinkValue !== undefined && permalinkValue !== null && permalinkValue !== false
      ? rubyToS(permalinkValue)
      : undefined
  try {
    post.url = postUrl({
      path: relativePath,
      template: postsUrlTemplate(site),
      ...(permalink !== undefined ? { permalink } : {}),
      slug,
      categories,
      epochMs: date.epochMs,
      tz,
      outputExt: outputExtFor(ext, permalink, site)
    })
  } catch (error) {
    fatal = (error as Error).message
    post.built = false
    post.reason = 'permalink'
  }
  // data["slug"] as Jekyll holds it (the file name's slug unless the front matter sets one).
  if (slug !== undefined) post.slug = slug
  return {
    post,
    data,
    date,
    ...(filenameDate ? { filenameDate } : {}),
    frontMatterDropped,
    ...(fatal ? { fatal } : {})
  }
}

/** An interpretation and what it was made from, remembered per front matter (see interpretationOnce). */
interface Remembered {
  input: InterpretInput
  /** The site's fields as they were: a site changed in place since then is a different site. */
  site: Pick<SiteConfig, 'timezone' | 'url' | 'baseurl' | 'permalink' | 'future' | 'raw'>
  it: Interpretation
}
const remembered = new WeakMap<Record<string, unknown>, Remembered>()

function sameSite(a: Remembered['site'], b: SiteConfig): boolean {
  return (
    a.timezone === b.timezone &&
    a.url === b.url &&
    a.baseurl === b.baseurl &&
    a.permalink === b.permalink &&
    a.future === b.future &&
    a.raw === b.raw
  )
}

/** The JekyllPost only (posts.ts stores it on every Post); the whole interpretation is kept for the rules. */
export function interpretPost(input: InterpretInput): JekyllPost {
  const it = interpret(input)
  if (input.data) {
    const { timezone, url, baseurl, permalink, future, raw } = input.site
    remembered.set(input.data, { input, site: { timezone, url, baseurl, permalink, future, raw }, it })
  }
  return it.post
}

/**
 * `interpret(input)`, without doing the work twice: the interpretation interpretPost made of the same front
 * matter (the same object) for the same path, site, clock and read error, else a fresh one. Pure.
 */
export function interpretationOnce(input: InterpretInput): Interpretation {
  const known = input.data ? remembered.get(input.data) : undefined
  if (
    known &&
    known.input.path === input.path &&
    known.input.site === input.site &&
    known.input.now === input.now &&
    known.input.readError === input.readError &&
    sameSite(known.site, input.site)
  )
    return known.it
  return interpret(input)
}
