// Reads a Jekyll blog: the site config and every post, each read, split and interpreted as Jekyll 4 would (the
// pieces live in jekyll/ and ruby/). Never throws past one post's boundary: a failure is a diagnostic on its Post.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Diagnostic, Post, PostFile, SiteConfig } from './model.js'
import { resolveInside } from './boundary.js'
import { listPosts, outsideFinding } from './jekyll/files.js'
import { parseFrontMatter } from './jekyll/front-matter.js'
import { interpretPost } from './jekyll/post.js'
import { decodePostBytes, MAX_FILE_BYTES, readPostFile } from './jekyll/post-file.js'
import { overrideTimezone, readSite } from './jekyll/site.js'

/**
 * Reads, splits and interprets one post. Every failure is a diagnostic on the returned Post. A file that is
 * not UTF-8 is not interpreted further (Jekyll skips it); a file with NUL bytes is (Jekyll builds it).
 */
export function readPost(root: string, path: string, site: SiteConfig, now: number): Post {
  let bytes: Uint8Array | undefined
  let read: PostFile | Diagnostic | undefined
  // Read first, size from the bytes: no stat per post. Only when reading fails does a stat say why, as before.
  try {
    bytes = readFileSync(join(root, path))
    if (bytes.length > MAX_FILE_BYTES) {
      bytes = undefined
      read = readPostFile(root, path)
    } else read = decodePostBytes(path, bytes)
  } catch (error) {
    let message = (error as Error).message
    try {
      if (statSync(join(root, path)).size > MAX_FILE_BYTES) read = readPostFile(root, path)
    } catch (statError) {
      message = (statError as Error).message
    }
    read ??= {
      file: path,
      line: 1,
      column: 1,
      rule: 'file/unreadable',
      severity: 'error',
      message: `cannot read ${path}: ${message}`
    }
  }
  if ('path' in read) return postFromFile(read, site, now)
  if (read.rule === 'file/binary' && bytes) {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)
    const post = postFromFile({ path, text, bom, size: bytes.length }, site, now)
    return { ...post, diagnostics: [read, ...post.diagnostics] }
  }
  const file: PostFile = { path, text: '', bom: false, size: bytes?.length ?? 0 }
  const jekyll = interpretPost({
    path,
    site,
    now,
    readError: read.rule === 'file/encoding' ? 'encoding' : 'unreadable'
  })
  return { file, body: '', bodyStartLine: 1, bodyOffset: 0, jekyll, diagnostics: [read] }
}

const NOT_A_POST = new Set(['filename', 'data-file'])

/** Interprets an already decoded file (tests and the CLI's stdin use this). */
export function postFromFile(file: PostFile, site: SiteConfig, now: number): Post {
  try {
    const split = parseFrontMatter(file)
    const yamlFailed = split.diagnostics.some(d => d.rule.startsWith('yaml/'))
    const jekyll = interpretPost({
      path: file.path,
      site,
      now,
      ...(split.frontMatter ? { data: split.frontMatter.data } : {}),
      ...(yamlFailed ? { readError: 'yaml' as const } : {})
    })
    return {
      file,
      ...(split.frontMatter ? { frontMatter: split.frontMatter } : {}),
      body: split.body,
      bodyStartLine: split.bodyStartLine,
      bodyOffset: split.bodyOffset,
      jekyll,
      // "No front matter, Jekyll still builds it" is only true of a post: a file Jekyll never reads as one
      // (no date in its name, or a YAML data file) already has its own finding.
      diagnostics: NOT_A_POST.has(jekyll.reason ?? '')
        ? split.diagnostics.filter(d => d.rule !== 'front-matter/missing')
        : split.diagnostics
    }
  } catch (error) {
    return {
      file,
      body: file.text,
      bodyStartLine: 1,
      bodyOffset: 0,
      jekyll: { built: false, reason: 'internal', categories: [], tags: [] },
      diagnostics: [
        {
          file: file.path,
          line: 1,
          column: 1,
          rule: 'internal/error',
          severity: 'error',
          message: `jekyll-post-ops could not read this post: ${(error as Error).message}`
        }
      ]
    }
  }
}

export interface Blog {
  site: SiteConfig
  posts: Post[]
  /** Problems with `_config.yml` itself (file `_config.yml`). */
  siteDiagnostics: Diagnostic[]
}

/**
 * Reads the site config and every post. `now` is the caller's clock (epoch ms); `timezone` overrides the
 * site's `timezone:` (the action's input), `paths` limits the posts read. `workspace` (default: `root`) is the
 * trust boundary: `_config.yml`, a post or a linked folder whose real path is outside it is not read but reported
 * (`file/outside-repository`, among `siteDiagnostics`).
 */
export function readBlog(
  root: string,
  options: { now: number; timezone?: string; paths?: string[]; workspace?: string }
): Blog {
  const workspace = options.workspace ?? root
  const { site, diagnostics } = readSite(root, workspace)
  overrideTimezone(site, options.timezone)
  let paths: string[]
  if (options.paths) {
    paths = []
    for (const path of options.paths) {
      const where = resolveInside(workspace, join(root, path))
      if (where.kind !== 'outside') paths.push(path)
      else diagnostics.push(outsideFinding(path, `${path} ${where.rule}: not read.`))
    }
  } else {
    const listed = listPosts(root, site, workspace)
    paths = listed.paths
    diagnostics.push(...listed.refused)
  }
  return { site, posts: paths.map(p => readPost(root, p, site, options.now)), siteDiagnostics: diagnostics }
}
