// Rules for the Chirpy theme's front matter: near-miss keys (`comment:` for `comments:`), keys Chirpy renamed
// (`img_path`, `image.src`), and a preview image without a path. Pure: reads the post only; never guesses a fix.
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml'
import { fixOf, renameKeyEdit } from '../fix.js'
import type { Diagnostic, Post, PostRule } from '../model.js'
import { diagnosticAt } from '../diagnostic.js'

/**
 * Top-level keys a Chirpy post may use: the ones Chirpy's "Writing a New Post" documents and its layouts read,
 * Jekyll's own, and those of the plugins Chirpy ships with (jekyll-seo-tag, jekyll-sitemap, jekyll-archives,
 * last-modified-at). Suggestions for a near miss are drawn from `SUGGESTED` only.
 */
const SUGGESTED = [
  'title',
  'date',
  'last_modified_at',
  'categories',
  'tags',
  'author',
  'authors',
  'description',
  'image',
  'pin',
  'math',
  'mermaid',
  'toc',
  'comments',
  'render_with_liquid',
  'media_subpath',
  'permalink',
  'published',
  'layout',
  'excerpt_separator',
  'sitemap'
] as const

/** Known but never suggested: Jekyll's singular forms (`tag:` replaces `tags:` in Jekyll), plugin and SEO keys. */
const ALSO_KNOWN = [
  'category',
  'tag',
  'slug',
  'excerpt',
  'lang',
  'locale',
  'canonical_url',
  'seo',
  'redirect_from',
  'redirect_to',
  'hidden'
]

/** Names other themes and generators use for a Chirpy key: suggested whatever their edit distance. */
const ALIASES: Record<string, string> = { pinned: 'pin', lastmod: 'last_modified_at', mathjax: 'math' }

const IMAGE_KEYS = ['path', 'alt', 'lqip', 'no_bg'] as const
/** `width`/`height` were read by Chirpy 5 and are harmless now. */
const IMAGE_ALSO_KNOWN = ['width', 'height']

/** Keys Chirpy renamed, and when. */
const RENAMED: { path: string[]; to: string; since: string }[] = [
  { path: ['img_path'], to: 'media_subpath', since: 'Chirpy 7.0' },
  { path: ['image', 'src'], to: 'path', since: 'Chirpy 5.2' }
]

export const chirpyRules: PostRule = post => {
  const fm = post.frontMatter
  if (!fm || !isMap(fm.doc.contents)) return []
  const out: Diagnostic[] = []
  const root = fm.doc.contents as YAMLMap<unknown, unknown>
  checkKeys(post, root, [], [...SUGGESTED], [...SUGGESTED, ...ALSO_KNOWN, 'img_path'], out)
  const image = fm.doc.get('image', true)
  if (isMap(image)) {
    checkKeys(
      post,
      image as YAMLMap<unknown, unknown>,
      ['image'],
      [...IMAGE_KEYS],
      [...IMAGE_KEYS, ...IMAGE_ALSO_KNOWN, 'src'],
      out
    )
  }
  for (const renamed of RENAMED) checkRenamed(post, renamed, out)
  checkImagePath(post, out)
  return out
}

function keyName(pair: Pair<unknown, unknown>): string | undefined {
  const key = pair.key
  if (isScalar(key) && typeof key.value === 'string') return key.value
  return undefined
}

function checkKeys(
  post: Post,
  map: YAMLMap<unknown, unknown>,
  parent: string[],
  suggestions: string[],
  known: string[],
  out: Diagnostic[]
): void {
  const present = new Set(map.items.map(keyName).filter((k): k is string => k !== undefined))
  for (const pair of map.items) {
    const key = keyName(pair)
    if (key === undefined || known.includes(key)) continue
    const alias = ALIASES[key]
    const near = alias !== undefined && parent.length === 0 ? [alias] : nearMisses(key, suggestions)
    if (near.length === 0) continue
    const where = post.frontMatter!.locate([...parent, key])?.key
    const shownKey = [...parent, key].join('.')
    const shown = (k: string) => [...parent, k].join('.')
    if (near.length > 1) {
      out.push(
        diagnosticAt(
          post,
          where,
          'chirpy/unknown-key',
          'warning',
          `Unknown key \`${shownKey}\`: did you mean ${near.map(k => `\`${shown(k)}\``).join(' or ')}? Chirpy ignores \`${shownKey}\`.`
        )
      )
      continue
    }
    const target = near[0]!
    if (present.has(target)) {
      out.push(
        diagnosticAt(
          post,
          where,
          'chirpy/unknown-key',
          'warning',
          `Unknown key \`${shownKey}\` looks like \`${shown(target)}\`, which is also set; Chirpy ignores \`${shownKey}\`.`
        )
      )
      continue
    }
    out.push(
      diagnosticAt(
        post,
        where,
        'chirpy/unknown-key',
        'warning',
        `Unknown key \`${shownKey}\`: did you mean \`${shown(target)}\`? Chirpy ignores \`${shownKey}\`.`,
        fixOf(`Rename \`${shownKey}\` to \`${shown(target)}\``, renameKeyEdit(post, pair.key, target))
      )
    )
  }
}

function checkRenamed(
  post: Post,
  renamed: { path: string[]; to: string; since: string },
  out: Diagnostic[]
): void {
  const fm = post.frontMatter!
  const parentPath = renamed.path.slice(0, -1)
  const parent = parentPath.length === 0 ? fm.doc.contents : fm.doc.getIn(parentPath, true)
  if (!isMap(parent)) return
  const old = renamed.path[renamed.path.length - 1]!
  const pair = (parent as YAMLMap<unknown, unknown>).items.find(p => keyName(p) === old)
  if (!pair) return
  const oldName = renamed.path.join('.')
  const newName = [...parentPath, renamed.to].join('.')
  const where = fm.locate(renamed.path)?.key
  const taken = (parent as YAMLMap<unknown, unknown>).items.some(p => keyName(p) === renamed.to)
  out.push(
    diagnosticAt(
      post,
      where,
      'chirpy/deprecated-key',
      'warning',
      `\`${oldName}\` was renamed to \`${newName}\` in ${renamed.since}; Chirpy no longer reads \`${oldName}\`` +
        (taken ? ` (and \`${newName}\` is also set).` : '.'),
      taken
        ? undefined
        : fixOf(`Rename \`${oldName}\` to \`${newName}\``, renameKeyEdit(post, pair.key, renamed.to))
    )
  )
}

/** Chirpy renders `image` with `src="{{ page.image.path | default: page.image }}"`: a map needs a `path`. */
function checkImagePath(post: Post, out: Diagnostic[]): void {
  const fm = post.frontMatter!
  if (!('image' in fm.data)) return
  const image = fm.data.image
  const located = fm.locate(['image'])
  if (typeof image === 'string') {
    if (image.trim() === '')
      out.push(
        diagnosticAt(
          post,
          located?.value ?? located?.key,
          'chirpy/image-path',
          'warning',
          '`image` is empty: Chirpy shows a broken preview image.'
        )
      )
    return
  }
  if (!image || typeof image !== 'object' || Array.isArray(image)) return
  const map = image as Record<string, unknown>
  if ('path' in map) {
    if (typeof map.path !== 'string' || map.path.trim() === '') {
      const where = fm.locate(['image', 'path'])
      out.push(
        diagnosticAt(
          post,
          where?.value ?? where?.key,
          'chirpy/image-path',
          'warning',
          '`image.path` is empty or not a string: Chirpy shows a broken preview image.'
        )
      )
    }
    return
  }
  if ('src' in map) return // chirpy/deprecated-key says what to do
  out.push(
    diagnosticAt(
      post,
      located?.key,
      'chirpy/image-path',
      'warning',
      '`image` has no `path`: Chirpy has no address for the preview image (it would use the map itself as the address).'
    )
  )
}

/** Candidates within a small Damerau-Levenshtein distance of `word` (1; 2 for words of 8+ characters), nearest first. */
export function nearMisses(word: string, candidates: readonly string[]): string[] {
  const length = [...word].length
  const limit = length >= 8 ? 2 : 1
  let best = limit + 1
  let found: string[] = []
  for (const candidate of candidates) {
    if (candidate === word) return []
    if (Math.abs([...candidate].length - length) > limit) continue
    const d = damerauLevenshtein(word, candidate)
    if (d < best) {
      best = d
      found = [candidate]
    } else if (d === best) {
      found.push(candidate)
    }
  }
  return best <= limit ? found : []
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function damerauLevenshtein(a: string, b: string): number {
  const s = [...a]
  const t = [...b]
  const width = t.length + 1
  const d = new Int32Array((s.length + 1) * width)
  for (let j = 0; j <= t.length; j++) d[j] = j
  for (let i = 1; i <= s.length; i++) {
    d[i * width] = i
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let v = Math.min(
        d[(i - 1) * width + j]! + 1,
        d[i * width + j - 1]! + 1,
        d[(i - 1) * width + j - 1]! + cost
      )
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        v = Math.min(v, d[(i - 2) * width + j - 2]! + 1)
      d[i * width + j] = v
    }
  }
  return d[s.length * width + t.length]!
}
