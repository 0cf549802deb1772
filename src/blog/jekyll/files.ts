// Which files of a site Jekyll reads as posts: `_posts` folders, its excludes and special names, the dated file name
// (DATE_FILENAME_MATCHER). Lists paths only: never reads a post's contents, never follows a link out of the workspace.
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs'
import { join } from 'node:path'
import { isWithin, realRoot } from '../boundary.js'
import type { Diagnostic, SiteConfig } from '../model.js'

/**
 * Jekyll's `Document::DATE_FILENAME_MATCHER`. Ruby's lazy atomic `(?>.+/)*?` tries the date at the start, else right
 * after the last `/` (the atomic group never gives back): `(?:.+\/(?!.*\/))??` says exactly that. Written as
 * `(?:.+\/)*?` without the atomic group, a path of 25 nested folders took seconds (2^n ways to split it at slashes);
 * this one is at worst quadratic in a path's length, which the file system bounds (4,096 bytes).
 */
export const DATE_FILENAME_MATCHER = /^(?:.+\/(?!.*\/))??(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$/

/** Jekyll's `markdown_ext` default. */
export const DEFAULT_MARKDOWN_EXT = ['markdown', 'mkdown', 'mkdn', 'mkd', 'md']

/** Jekyll's `Configuration::DEFAULT_EXCLUDES` plus what it always leaves out. */
const DEFAULT_EXCLUDES = [
  '.sass-cache',
  '.jekyll-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/'
]

function isSpecial(name: string): boolean {
  // EntryFilter#special? and #backup?: hidden, underscored, `#` and `~` files are not read.
  return /^[._#~]/.test(name) || name.endsWith('~')
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  if (typeof value === 'string') return [value]
  return []
}

/**
 * EntryFilter#glob_include? over `patterns`, compiled once: a path is excluded by a prefix match or a File.fnmatch
 * glob, relative to the source.
 */
function excluder(patterns: string[]): (relPath: string) => boolean {
  const compiled = patterns
    .map(raw => raw.replace(/^\/+/, ''))
    .filter(pattern => pattern !== '')
    .map(pattern => ({
      pattern,
      bare: pattern.replace(/\/$/, ''),
      glob: /[*?[]/.test(pattern) ? globToRegExp(pattern) : undefined
    }))
  return relPath =>
    compiled.some(
      ({ pattern, bare, glob }) =>
        relPath === bare || relPath.startsWith(pattern) || (glob !== undefined && glob.test(relPath))
    )
}

function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? ''
    if (c === '*') re += '.*'
    else if (c === '?') re += '.'
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1)
      if (close === -1) re += '\\['
      else {
        re += `[${glob.slice(i + 1, close).replace(/\\/g, '\\\\')}]`
        i = close
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/**
 * The post files of a site, as relative posix paths, sorted: every file under a `_posts` folder that Jekyll
 * reads (at the root or inside an ordinary folder such as `blog/_posts/`), that is either a page-like file
 * (a markdown extension or `.html`/`.htm`) or dated the way Jekyll builds posts of any extension.
 * Dateless images and the like in `_posts` are ignored, as Jekyll ignores them; `_drafts` are not posts.
 */
export function findPosts(root: string, site?: SiteConfig, workspace: string = root): string[] {
  return listPosts(root, site, workspace).paths
}

/** The rule of a symbolic link (or linked `_posts`) that leads out of the workspace: not read, reported. */
export const OUTSIDE_RULE = 'file/outside-repository'

/** The finding on a file the trust boundary refused (its bytes are never read, so the finding sits on line 1). */
export function outsideFinding(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, rule: OUTSIDE_RULE, severity: 'error', message }
}

/**
 * findPosts, with a finding for each symbolic link under a `_posts` folder (or a `_posts` folder that is a link)
 * whose target is outside `workspace` (default: the blog root): it is not listed nor walked.
 */
export function listPosts(
  root: string,
  site: SiteConfig | undefined,
  workspace: string = root
): { paths: string[]; refused: Diagnostic[] } {
  const realWorkspace = realRoot(workspace)
  const refused: Diagnostic[] = []
  const walked = new Set<string>()
  // A link is followed only when its real path stays inside the workspace (and was not walked already: a loop).
  const linkInside = (abs: string, rel: string): boolean => {
    let real: string
    try {
      real = realpathSync(abs)
    } catch {
      return false
    }
    if (isWithin(realWorkspace, real)) return true
    refused.push(
      outsideFinding(
        rel,
        `${rel} is a symbolic link to outside the repository: not read. Jekyll's safe mode, which GitHub Pages uses, ignores such a link, so nothing behind it is on the site.`
      )
    )
    return false
  }
  const raw = site?.raw ?? {}
  const markdownExt = (
    typeof raw['markdown_ext'] === 'string' ? raw['markdown_ext'].split(',') : DEFAULT_MARKDOWN_EXT
  ).map(e => `.${e.trim().toLowerCase()}`)
  const pageExt = new Set([...markdownExt, '.html', '.htm'])
  const include = stringList(raw['include'])
  const exclude = [...DEFAULT_EXCLUDES, ...stringList(raw['exclude'])].filter(e => !include.includes(e))
  const excluded = excluder(exclude)
  const collectionsDir =
    typeof raw['collections_dir'] === 'string' ? raw['collections_dir'].replace(/^\/+|(?<!\/)\/+$/g, '') : ''
  const destination =
    typeof raw['destination'] === 'string' ? raw['destination'].replace(/^\.?\/+|(?<!\/)\/+$/g, '') : '_site'
  const found: string[] = []

  // Entries come with their types (no stat per file: a blog of 10,000 posts is listed in milliseconds); only a
  // symbolic link is stat'ed, to see whether it leads to a folder.
  const list = (abs: string): Dirent[] => {
    try {
      return readdirSync(abs, { withFileTypes: true })
    } catch {
      return []
    }
  }
  const isDir = (abs: string): boolean => {
    try {
      return statSync(abs).isDirectory()
    } catch {
      return false
    }
  }

  // Files under one `_posts` folder: Ruby's Dir["**/*"] skips dot entries; EntryFilter drops special names.
  const readPostsDir = (rel: string): void => {
    const walk = (sub: string): void => {
      for (const dirent of list(join(root, rel, sub))) {
        const name = dirent.name
        if (name.startsWith('.')) continue
        const entry = sub === '' ? name : `${sub}/${name}`
        const abs = join(root, rel, entry)
        if (dirent.isSymbolicLink() && !linkInside(abs, `${rel}/${entry}`)) continue
        if (dirent.isDirectory() || (dirent.isSymbolicLink() && isDir(abs))) {
          if (dirent.isSymbolicLink()) {
            // A link back to a folder above it is a loop: walked once, from where it really is.
            const real = realpathSync(abs)
            if (walked.has(real) || isWithin(real, realpathSync(join(root, rel, sub)))) continue
            walked.add(real)
          }
          walk(entry)
          continue
        }
        if ((isSpecial(entry) || isSpecial(name)) && !include.includes(name)) continue
        if (excluded(`${rel}/${entry}`)) continue
        if (dirent.isSymbolicLink()) continue
        const path = `${rel}/${entry}`
        const ext = /\.[^./]+$/.exec(name)?.[0]?.toLowerCase() ?? ''
        if (DATE_FILENAME_MATCHER.test(path) || pageExt.has(ext)) found.push(path)
      }
    }
    walk('')
  }

  // Reader#read_directories: every readable folder may hold `_posts`.
  const visit = (rel: string): void => {
    const inCollections =
      collectionsDir === '' || rel === collectionsDir || rel.startsWith(`${collectionsDir}/`)
    const entries = list(rel === '' ? root : join(root, rel))
    const postsEntry = inCollections ? entries.find(e => e.name === '_posts') : undefined
    const postsRel = rel === '' ? '_posts' : `${rel}/_posts`
    if (
      postsEntry &&
      isDir(join(root, rel, '_posts')) &&
      (!postsEntry.isSymbolicLink() || linkInside(join(root, rel, '_posts'), postsRel))
    ) {
      readPostsDir(postsRel)
    }
    for (const dirent of entries) {
      const name = dirent.name
      const child = rel === '' ? name : `${rel}/${name}`
      if (child === destination) continue
      if ((isSpecial(name) && !include.includes(name)) || excluded(child)) continue
      // A symbolic link is never followed here (its Dirent is not a directory).
      if (!dirent.isDirectory()) continue
      visit(child)
    }
  }
  visit('')
  return { paths: found.sort(), refused }
}
