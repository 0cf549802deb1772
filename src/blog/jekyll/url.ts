// Jekyll's slugs and URLs: `Utils.slugify`, `URL.escape_path`, the permalink styles and a post's URL from its
// template and placeholders. Pure: strings and an instant in; never reads the site's files.
import type { SiteConfig } from '../model.js'
import { DAY_MS } from '../../time.js'
import { localFields, p2, yearText, type LocalFields } from '../ruby/zones.js'
import { rubyToS } from '../ruby/values.js'

const SLUG_DEFAULT = /[^\p{M}\p{L}\p{Nd}]+/gu
const SLUG_PRETTY = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu

/** Jekyll's `Utils.slugify` in `default` or `pretty` mode. */
export function slugify(s: string, mode: 'default' | 'pretty' = 'default', cased = false): string {
  let slug = s.replace(mode === 'pretty' ? SLUG_PRETTY : SLUG_DEFAULT, '-')
  slug = slug.replace(/^-/, '').replace(/-$/, '')
  return cased ? slug : slug.toLowerCase()
}

// Addressable's PATH character class: unreserved, sub-delims, ":", "@", "/".
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/

/** Jekyll's `URL.escape_path` (Addressable::URI.encode, then the first `#` as %23). */
export function escapePath(path: string): string {
  if (path === '' || /^[a-zA-Z0-9./-]+$/.test(path)) return path
  const q = path.indexOf('?')
  const encodePart = (part: string, extra: string): string => {
    let out = ''
    for (const ch of part) {
      if (PATH_SAFE.test(ch) || extra.includes(ch)) out += ch
      else
        for (const b of new TextEncoder().encode(ch))
          out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    }
    return out
  }
  const encoded =
    q === -1
      ? encodePart(path, '')
      : `${encodePart(path.slice(0, q), '')}?${encodePart(path.slice(q + 1), '?')}`
  return encoded.replace('#', '%23')
}

/** Jekyll's `URL#sanitize_url`. */
function sanitizeUrl(s: string): string {
  return `/${s}`
    .split('..')
    .join('/')
    .split('./')
    .join('')
    .replace(/\/{2,}/g, '/')
}

const STYLE_TO_PERMALINK: Record<string, string> = {
  none: '/:categories/:title:output_ext',
  date: '/:categories/:year/:month/:day/:title:output_ext',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext'
}

/** The posts collection's URL template for a site (`collections.posts.permalink`, else the permalink style). */
export function postsUrlTemplate(site: SiteConfig): string {
  const collections = site.raw['collections']
  if (collections && typeof collections === 'object' && !Array.isArray(collections)) {
    const posts = (collections as Record<string, unknown>)['posts']
    if (
      posts &&
      typeof posts === 'object' &&
      typeof (posts as Record<string, unknown>)['permalink'] === 'string'
    ) {
      return (posts as Record<string, string>)['permalink'] as string
    }
  }
  return STYLE_TO_PERMALINK[site.permalink] ?? site.permalink
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
]
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

function isoWeek(f: LocalFields): { year: number; week: number } {
  const date = new Date(Date.UTC(f.year, f.month - 1, f.day))
  const dow = (f.weekday + 6) % 7 // Monday = 0
  date.setUTCDate(date.getUTCDate() - dow + 3)
  const weekYear = date.getUTCFullYear()
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4))
  const fdow = (firstThursday.getUTCDay() + 6) % 7
  firstThursday.setUTCDate(firstThursday.getUTCDate() - fdow + 3)
  return {
    year: weekYear,
    week: 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * DAY_MS))
  }
}

export interface UrlInput {
  /** Relative path of the post from the site root, e.g. `_posts/2022-02-22-x.md`. */
  path: string
  template: string
  /** data["permalink"], when set; wins over the template. */
  permalink?: string
  slug: string | undefined
  categories: unknown[]
  epochMs: number
  tz: string | undefined
  outputExt: string
}

/** What a URL placeholder is filled from. */
interface UrlContext {
  u: UrlInput
  f: LocalFields
  /** The file name without its extension. */
  basenameNoExt: string
}

function cleanedPath(path: string): string {
  const base = path.replace(/^.*\//, '')
  const ext = /\.[^./]*$/.exec(base)?.[0] ?? ''
  const rel = path.replace(/^(?:.*\/)?_posts\//, m => m)
  return (ext ? rel.slice(0, -ext.length) : rel).replace('_posts', '').replace(/(?<!\.)\.+$/, '')
}

/** `Drops::UrlDrop`: each placeholder's value, computed only when a template names it. */
const URL_PLACEHOLDERS: Record<string, (c: UrlContext) => string> = {
  collection: () => 'posts',
  name: c => slugify(c.basenameNoExt),
  title: c =>
    c.u.slug !== undefined ? slugify(c.u.slug, 'pretty', true) : slugify(c.basenameNoExt, 'pretty', true),
  slug: c => (c.u.slug !== undefined ? slugify(c.u.slug) : slugify(c.basenameNoExt)),
  categories: c => [...new Set(c.u.categories.map(x => rubyToS(x).toLowerCase()))].join('/'),
  slugified_categories: c => [...new Set(c.u.categories.map(x => slugify(rubyToS(x))))].join('/'),
  year: c => yearText(c.f.year),
  month: c => p2(c.f.month),
  day: c => p2(c.f.day),
  hour: c => p2(c.f.hour),
  minute: c => p2(c.f.minute),
  second: c => p2(c.f.second),
  i_day: c => String(c.f.day),
  i_month: c => String(c.f.month),
  short_month: c => SHORT_MONTHS[c.f.month - 1] ?? '',
  long_month: c => LONG_MONTHS[c.f.month - 1] ?? '',
  short_year: c => p2(((c.f.year % 100) + 100) % 100),
  w_year: c => String(isoWeek(c.f).year),
  week: c => p2(isoWeek(c.f).week),
  w_day: c => String(c.f.weekday === 0 ? 7 : c.f.weekday),
  short_day: c => SHORT_DAYS[c.f.weekday] ?? '',
  long_day: c => LONG_DAYS[c.f.weekday] ?? '',
  y_day: c =>
    String(
      Math.round((Date.UTC(c.f.year, c.f.month - 1, c.f.day) - Date.UTC(c.f.year, 0, 1)) / DAY_MS) + 1
    ).padStart(3, '0'),
  path: c => cleanedPath(c.u.path),
  output_ext: c => c.u.outputExt
}

/** What a plain object answers for a name it only inherits (`:constructor` and the like), as Jekyll's hash lookup did here. */
const INHERITED: Record<string, unknown> = {}

/** Jekyll's `URL#to_s` with a `Drops::UrlDrop`; throws when the template names a placeholder Jekyll lacks. */
export function postUrl(u: UrlInput): string {
  const base = u.path.replace(/^.*\//, '')
  const c: UrlContext = {
    u,
    f: localFields(u.tz, u.epochMs),
    basenameNoExt: base.includes('.') ? base.replace(/\.[^.]*$/, '') : base
  }
  const template = u.permalink ?? u.template
  const generated = template.replace(/:([a-z_]+)/g, (match, name: string) => {
    const pool = name.endsWith('_') ? [name, name.slice(0, -1)] : [name]
    const winner = pool.find(k => k in URL_PLACEHOLDERS)
    if (winner === undefined) {
      throw new Error(
        `The URL template doesn't have ${pool.join(' or ')} keys. Check your permalink template!`
      )
    }
    const value = Object.hasOwn(URL_PLACEHOLDERS, winner)
      ? URL_PLACEHOLDERS[winner]!(c)
      : (INHERITED[winner] as string | undefined)
    return match.replace(`:${winner}`, escapePath(value ?? ''))
  })
  return sanitizeUrl(generated)
}
