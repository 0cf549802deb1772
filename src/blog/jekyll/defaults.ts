// Front matter defaults (`defaults:` in _config.yml) as Jekyll applies them to a post: scopes, precedence and
// `Utils.deep_merge_hashes`. Pure: the site config and a path in; never reads a post.
import type { SiteConfig } from '../model.js'
import { isRubyHash, rubyToS } from '../ruby/values.js'

export function defaultsFor(site: SiteConfig, path: string): Record<string, unknown> {
  const sets = site.raw['defaults']
  if (!Array.isArray(sets)) return {}
  let defaults: Record<string, unknown> = {}
  let oldScope: Record<string, unknown> | undefined
  for (const set of sets) {
    if (!set || typeof set !== 'object' || Array.isArray(set)) continue
    const values = (set as Record<string, unknown>)['values']
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue
    const scope = (set as Record<string, unknown>)['scope']
    const sc =
      scope && typeof scope === 'object' && !Array.isArray(scope)
        ? (scope as Record<string, unknown>)
        : undefined
    if (sc !== undefined && !scopeApplies(sc, path, site)) continue
    if (hasPrecedence(oldScope, sc ?? {})) {
      defaults = deepMerge(defaults, values as Record<string, unknown>)
      oldScope = sc ?? {}
    } else {
      defaults = deepMerge(values as Record<string, unknown>, defaults)
    }
  }
  return defaults
}

function sanitizeScopePath(p: unknown): string {
  if (typeof p !== 'string' || p === '') return ''
  return p.startsWith('/') ? p.replace(/^\//, '').replace(/(?<=[^/])$/, '') : p
}

function scopeApplies(scope: Record<string, unknown>, path: string, site: SiteConfig): boolean {
  const type = scope['type']
  if (type !== undefined && type !== null) {
    const t = rubyToS(type)
    const normalised = t === 'post' ? 'posts' : t === 'page' ? 'pages' : t === 'draft' ? 'drafts' : t
    if (normalised !== 'posts') return false
  }
  const rel = scope['path']
  if (typeof rel !== 'string' || rel === '') return true
  const collectionsDir =
    typeof site.raw['collections_dir'] === 'string' ? (site.raw['collections_dir'] as string) : ''
  const strip = (p: string): string =>
    collectionsDir && p.startsWith(`${collectionsDir}/`) ? p.slice(collectionsDir.length + 1) : p
  const relPath = strip(path)
  if (rel.includes('*')) {
    // Dir.glob on the scope, then a prefix test; a glob that matches the post's folder or the post.
    const re = new RegExp(
      `^${rel
        .replace(/^\/+/, '')
        .split('*')
        .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}`
    )
    return re.test(relPath)
  }
  return relPath.startsWith(strip(rel))
}

function hasPrecedence(
  oldScope: Record<string, unknown> | undefined,
  newScope: Record<string, unknown>
): boolean {
  if (oldScope === undefined) return true
  const newPath = sanitizeScopePath(newScope['path'])
  const oldPath = sanitizeScopePath(oldScope['path'])
  if (newPath.length !== oldPath.length) return newPath.length >= oldPath.length
  if ('type' in newScope) return true
  return !('type' in oldScope)
}

/** Utils.deep_merge_hashes: `overwrite` wins, nil never overwrites, hashes merge. */
export function deepMerge(
  target: Record<string, unknown>,
  overwrite: Record<string, unknown>
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target }
  for (const [k, v] of Object.entries(overwrite)) {
    if (v === null || v === undefined) {
      if (!(k in out)) out[k] = v
      continue
    }
    const old = out[k]
    out[k] = isRubyHash(old) && isRubyHash(v) ? deepMerge(old, v) : v
  }
  return out
}
