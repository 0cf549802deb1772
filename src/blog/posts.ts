// Reads a Jekyll site's post files and splits their front matter exactly as Jekyll 4 does, typing the YAML as
// Ruby's Psych would and keeping file positions for every key and value. Never throws past one post's boundary.
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs'
import { isUtf8 } from 'node:buffer'
import { join } from 'node:path'
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  type Node as YamlNode
} from 'yaml'
import type {
  Diagnostic,
  FrontMatter,
  Post,
  PostFile,
  Position,
  Range,
  RubyDate,
  RubyTime,
  SiteConfig
} from './model.js'
import { interpretPost } from './jekyll.js'
import { readSite } from './site.js'

// ---------------------------------------------------------------------------------------------------------
// Positions

/** Maps offsets of a text to 1-based line/column (columns count Unicode code points, lines end at `\n`). */
export class LineIndex {
  readonly starts: number[] = [0]
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }
  /** 0-based index of the line holding `offset`. */
  lineIndexOf(offset: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    const li = this.lineIndexOf(clamped)
    const start = this.starts[li] ?? 0
    return { line: li + 1, column: codePointLength(this.text, start, clamped) + 1 }
  }
  range(startOffset: number, endOffset: number): Range {
    return { start: this.position(startOffset), end: this.position(endOffset), startOffset, endOffset }
  }
}

function codePointLength(text: string, start: number, end: number): number {
  let n = 0
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

function diag(
  file: string,
  index: LineIndex,
  start: number,
  end: number,
  rule: string,
  severity: Diagnostic['severity'],
  message: string
): Diagnostic {
  const s = index.position(start)
  const e = index.position(end)
  return {
    file,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    rule,
    severity,
    message
  }
}

// ---------------------------------------------------------------------------------------------------------
// Finding posts

/** Jekyll's `Document::DATE_FILENAME_MATCHER` (Ruby's atomic group `(?>.+/)*?` has the same effect here). */
export const DATE_FILENAME_MATCHER = /^(?:.+\/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$/

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
export function findPosts(root: string, site?: SiteConfig): string[] {
  const raw = site?.raw ?? {}
  const markdownExt = (
    typeof raw['markdown_ext'] === 'string' ? raw['markdown_ext'].split(',') : DEFAULT_MARKDOWN_EXT
  ).map(e => `.${e.trim().toLowerCase()}`)
  const pageExt = new Set([...markdownExt, '.html', '.htm'])
  const include = stringList(raw['include'])
  const exclude = [...DEFAULT_EXCLUDES, ...stringList(raw['exclude'])].filter(e => !include.includes(e))
  const excluded = excluder(exclude)
  const collectionsDir =
    typeof raw['collections_dir'] === 'string' ? raw['collections_dir'].replace(/^\/+|\/+$/g, '') : ''
  const destination =
    typeof raw['destination'] === 'string' ? raw['destination'].replace(/^\.?\/+|\/+$/g, '') : '_site'
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
        if (dirent.isDirectory() || (dirent.isSymbolicLink() && isDir(abs))) {
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
    if (inCollections && entries.some(e => e.name === '_posts') && isDir(join(root, rel, '_posts'))) {
      readPostsDir(rel === '' ? '_posts' : `${rel}/_posts`)
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
  return found.sort()
}

// ---------------------------------------------------------------------------------------------------------
// Reading a file

/** Files larger than this are not read (Jekyll would, but nobody writes a 64 MB post on purpose). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/**
 * Reads one post. Returns a Diagnostic instead when Jekyll cannot use the bytes: a NUL byte (`file/binary`)
 * or bytes that are not UTF-8 (`file/encoding`, naming the byte offset, line and column). Such a post is not
 * checked further: Jekyll skips a post whose content is not valid UTF-8, so nothing in it reaches the site.
 * A UTF-8 BOM is removed and remembered; CRLF is kept (positions count `\n` lines, `\r` is just a character).
 */
export function readPostFile(root: string, path: string): PostFile | Diagnostic {
  let bytes: Buffer
  try {
    const size = statSync(join(root, path)).size
    if (size > MAX_FILE_BYTES) {
      return {
        file: path,
        line: 1,
        column: 1,
        rule: 'file/too-large',
        severity: 'error',
        message: `${path} is ${size} bytes; files over ${MAX_FILE_BYTES} bytes are not checked.`
      }
    }
    bytes = readFileSync(join(root, path))
  } catch (error) {
    return {
      file: path,
      line: 1,
      column: 1,
      rule: 'file/unreadable',
      severity: 'error',
      message: `cannot read ${path}: ${(error as Error).message}`
    }
  }
  return decodePostBytes(path, bytes)
}

/** The decoding half of readPostFile, for bytes already in memory. */
export function decodePostBytes(path: string, bytes: Uint8Array): PostFile | Diagnostic {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  // isUtf8 (native) accepts exactly what firstInvalidUtf8 does; the byte-by-byte walk only places a fault.
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body)
  if (bad !== -1) {
    const where = byteWhere(body, bad)
    return {
      file: path,
      line: where.line,
      column: where.column,
      rule: 'file/encoding',
      severity: 'error',
      message: `not valid UTF-8: byte 0x${(body[bad] ?? 0).toString(16).padStart(2, '0')} at byte offset ${bad + (bom ? 3 : 0)} (line ${where.line}, column ${where.column}). Jekyll skips a post that is not valid UTF-8, so it is not on the site; save the file as UTF-8.`
    }
  }
  const nul = body.indexOf(0)
  if (nul !== -1) {
    const where = byteWhere(body, nul)
    return {
      file: path,
      line: where.line,
      column: where.column,
      rule: 'file/binary',
      severity: 'error',
      message: `binary content: a NUL byte at byte offset ${nul + (bom ? 3 : 0)} (line ${where.line}, column ${where.column}). Jekyll still builds it as a post (NUL is valid UTF-8) and writes the bytes into the page; a binary file does not belong in _posts.`
    }
  }
  const text = UTF8.decode(body)
  return { path, text, bom, size: bytes.length }
}

/** One strict decoder for every post (decode() without `stream` starts afresh each call). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length
  let i = 0
  while (i < n) {
    const c = b[i] ?? 0
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1
      min = 0x80
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      min = 0x800
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    if (i + need > n - 1) return i
    let cp = c & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const d = b[i + k]
      if (d === undefined || (d & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (d & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}

/** Line and column (in bytes decoded so far) of a byte offset in possibly broken UTF-8. */
function byteWhere(b: Uint8Array, offset: number): Position {
  let line = 1
  let lineStart = 0
  for (let i = b.indexOf(0x0a); i !== -1 && i < offset; i = b.indexOf(0x0a, i + 1)) {
    line++
    lineStart = i + 1
  }
  const before = new TextDecoder('utf-8').decode(b.subarray(lineStart, offset))
  return { line, column: [...before].length + 1 }
}

// ---------------------------------------------------------------------------------------------------------
// Front matter

/**
 * Jekyll's `Document::YAML_FRONT_MATTER_REGEXP`, `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` with Ruby's `m`,
 * translated exactly: Ruby's `\s` is ASCII whitespace, `^`/`$` are about `\n` only, `.` with `m` is any char.
 */
const RUBY_SPACE = '[ \\t\\n\\v\\f\\r]'
export const YAML_FRONT_MATTER_REGEXP = new RegExp(
  `^(---${RUBY_SPACE}*\\n[\\s\\S]*?\\n?)(?<=\\n)((---|\\.\\.\\.)${RUBY_SPACE}*(?=\\n|$)\\n?)`
)

export interface FrontMatterSplit {
  frontMatter?: FrontMatter
  body: string
  bodyStartLine: number
  bodyOffset: number
  diagnostics: Diagnostic[]
}

/** Maximum number of YAML nodes an alias may pull in (all aliases together) before we stop: a billion-laughs guard. */
export const MAX_ALIAS_EXPANSION = 10_000
/** Front matter longer than this is not parsed (Jekyll would; no real post has 2 MB of front matter). */
export const MAX_FRONT_MATTER_CHARS = 2 * 1024 * 1024

/**
 * Splits a post the way Jekyll does. A file whose first line is not `---` has no front matter (Jekyll still
 * builds it: `front-matter/missing`); a `---` with no closing line leaves everything as body
 * (`front-matter/unterminated`); YAML errors become `yaml/syntax` at their file line and column.
 */
export function parseFrontMatter(file: PostFile): FrontMatterSplit {
  if (file.text.length < SPLIT_CACHE_MIN_CHARS) return splitFrontMatter(file)
  // A huge post is read by the check job and again by the tasks job of the same run: parse it once. The key is the
  // whole text (and path, which the diagnostics carry); callers get their own diagnostics array.
  const cacheKey = `${file.path}\u0000${file.text}`
  let split = SPLIT_CACHE.get(cacheKey)
  if (split === undefined) {
    split = splitFrontMatter(file)
    SPLIT_CACHE.set(cacheKey, split)
    if (SPLIT_CACHE.size > SPLIT_CACHE_ENTRIES) SPLIT_CACHE.delete(SPLIT_CACHE.keys().next().value as string)
  }
  return { ...split, diagnostics: [...split.diagnostics] }
}

/** Posts at least this long (characters) have their split kept for the next reader of the same text. */
const SPLIT_CACHE_MIN_CHARS = 256 * 1024
const SPLIT_CACHE_ENTRIES = 4
const SPLIT_CACHE = new Map<string, FrontMatterSplit>()

function splitFrontMatter(file: PostFile): FrontMatterSplit {
  const text = file.text
  const index = new LineIndex(text)
  const diagnostics: Diagnostic[] = []
  const whole = (): FrontMatterSplit => ({ body: text, bodyStartLine: 1, bodyOffset: 0, diagnostics })

  if (!/^---[ \t\v\f\r]*(\n|$)/.test(text)) {
    const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')
    diagnostics.push(
      diag(
        file.path,
        index,
        0,
        firstLineEnd,
        'front-matter/missing',
        'warning',
        'no front matter: the first line is not `---`. Jekyll still builds the post, with no title, layout or tags, and its date from the file name.'
      )
    )
    return whole()
  }
  const m = YAML_FRONT_MATTER_REGEXP.exec(text)
  if (!m || m[1] === undefined || m[2] === undefined) {
    const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')
    diagnostics.push(
      diag(
        file.path,
        index,
        0,
        firstLineEnd,
        'front-matter/unterminated',
        'error',
        'front matter is never closed: no line `---` (or `...`) ends it. Jekyll reads the whole file as content, publishes the YAML as text, and ignores every setting in it.'
      )
    )
    return whole()
  }
  const head = m[1]
  const openLineEnd = text.indexOf('\n') + 1
  const yamlOffset = openLineEnd
  const yamlText = head.slice(openLineEnd)
  const bodyOffset = head.length + m[2].length
  const body = text.slice(bodyOffset)
  const bodyStartLine = index.position(bodyOffset).line
  const split: FrontMatterSplit = { body, bodyStartLine, bodyOffset, diagnostics }

  if (yamlText.length > MAX_FRONT_MATTER_CHARS) {
    diagnostics.push(
      diag(
        file.path,
        index,
        0,
        openLineEnd,
        'yaml/too-large',
        'error',
        `front matter is ${yamlText.length} characters long; over ${MAX_FRONT_MATTER_CHARS} it is not parsed.`
      )
    )
    return split
  }
  const parsed = parsePsychYaml(yamlText)
  for (const e of parsed.errors) {
    diagnostics.push(
      diag(
        file.path,
        index,
        yamlOffset + e.start,
        yamlOffset + Math.max(e.end, e.start),
        e.rule,
        e.severity,
        e.message
      )
    )
  }
  if (parsed.data === undefined) return split
  const data = isPlainObject(parsed.data) ? parsed.data : {}
  if (parsed.data !== null && !isPlainObject(parsed.data)) {
    diagnostics.push(
      diag(
        file.path,
        index,
        yamlOffset,
        yamlOffset + yamlText.length,
        'yaml/not-a-mapping',
        'error',
        `front matter must be a mapping of keys to values; this is ${describeRuby(parsed.data)}. Jekyll stops reading the post with an error and publishes the file as if it had no front matter, dated at build time.`
      )
    )
    return split
  }
  split.frontMatter = {
    doc: parsed.doc,
    lineCounter: parsed.lineCounter,
    yamlOffset,
    yamlText,
    data,
    locate: path => locateIn(parsed.doc, path, yamlOffset, index)
  }
  return split
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRubyTime(v) && !isRubyDate(v)
}

export function isRubyTime(v: unknown): v is RubyTime {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'time' && 'epochMs' in v
}
export function isRubyDate(v: unknown): v is RubyDate {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'date' && 'year' in v
}

function describeRuby(v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'string') return 'a string'
  if (typeof v === 'number') return 'a number'
  if (typeof v === 'boolean') return 'a boolean'
  return 'a scalar'
}

// ---------------------------------------------------------------------------------------------------------
// A cheap look at the date

/** A post's `date:` as written, read without parsing the YAML. */
export interface WrittenDate {
  /**
   * Epoch ms of the written calendar day at 00:00 UTC. Whatever the offset or the site's timezone, the instant Jekyll
   * gives the post lies after `day` - 24 h and before `day` + 48 h.
   */
  day: number
  /** Epoch ms of the written time at its written offset (UTC without one): close enough to order posts by. */
  approx: number
}

/** What a cheap look at a post's text tells about its date and publication (see sniffFrontMatter). */
export interface FrontMatterSniff {
  /** Offset of the body in `text` (after the front matter; 0 without one). */
  bodyOffset: number
  /**
   * `absent`: no front matter, or no `date` key in it (the date comes from the file name, or the site's defaults).
   * `unknown`: only parsing the YAML can tell (a value that is not a plain date, a key written twice or oddly, the
   * word `date` anywhere else in the front matter). Otherwise the date as written.
   */
  date: 'absent' | 'unknown' | WrittenDate
  /** `published:` is plainly false (`false`, `no` or `off`, as Psych reads them): Jekyll does not build the post. */
  unpublished: boolean
}

const DATE_LINE = /^(["']?)date\1[ \t]*:(?=[ \t]|\r?$)(.*)$/gm
const DATE_WORD = /(?<![\w-])date(?![\w-])/gi
const WRITTEN_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?(?:[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/
const UNPUBLISHED = /^published[ \t]*:[ \t]*(?:false|no|off)[ \t]*(?:#.*)?\r?$/im

/**
 * A cheap look at a post file (its text, or its bytes as read from disk; a BOM is skipped): where the body starts,
 * the `date:` of its front matter as written, and whether it is plainly unpublished. For screening many old posts
 * by date without parsing their YAML; whatever is not certain this way is `unknown`, never a guess. Bytes are not
 * decoded (what is looked for is ASCII) and `bodyOffset` is then a byte offset. Front matter Jekyll cannot read at
 * all (a YAML error) still looks readable here: Jekyll dates such a post at build time, this reads its written date.
 */
export function sniffFrontMatter(file: string | Uint8Array): FrontMatterSniff {
  if (typeof file === 'string') {
    const start = file.charCodeAt(0) === 0xfeff ? 1 : 0
    return sniffText(start === 0 ? file : file.slice(start), start)
  }
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  // Front matter is short: a window of the file is enough when the closing line ends inside it (a match that
  // reaches the window's end may have taken the cut for the end of the file).
  if (bytes.length - start > SNIFF_WINDOW) {
    const head = sniffText(bytes.toString('latin1', start, start + SNIFF_WINDOW), start)
    if (head.bodyOffset !== start && head.bodyOffset - start < SNIFF_WINDOW) return head
  }
  return sniffText(bytes.toString('latin1', start), start)
}

/** Bytes of a post file a first look reads (most front matter is a few hundred). */
const SNIFF_WINDOW = 4096

/** The sniff of `text`, which starts at offset `start` of the file. */
function sniffText(text: string, start: number): FrontMatterSniff {
  const m = YAML_FRONT_MATTER_REGEXP.exec(text)
  if (!m || m[1] === undefined) return { bodyOffset: start, date: 'absent', unpublished: false }
  const yaml = m[1].slice(m[1].indexOf('\n') + 1)
  const bodyOffset = start + m[0].length
  const unpublished = UNPUBLISHED.test(yaml)
  const lines = [...yaml.matchAll(DATE_LINE)]
  const words = yaml.match(DATE_WORD)?.length ?? 0
  if (lines.length === 0 && words === 0) return { bodyOffset, date: 'absent', unpublished }
  if (lines.length !== 1 || words !== 1) return { bodyOffset, date: 'unknown', unpublished }
  const value = (lines[0]![2] ?? '')
    .replace(/\r$/, '')
    .replace(/[ \t]+#.*$/, '')
    .trim()
  const unquoted = /^"[^"\\]*"$|^'[^']*'$/.test(value) ? value.slice(1, -1).trim() : value
  const d = WRITTEN_DATE.exec(unquoted)
  if (!d) return { bodyOffset, date: 'unknown', unpublished }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(i => Number(d[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return { bodyOffset, date: 'unknown', unpublished }
  const zone = d[7]
  let offsetMinutes = 0
  if (zone !== undefined && zone !== 'Z') {
    const z = /^([-+])(\d{1,2}):?(\d{2})?$/.exec(zone)!
    offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0))
    if (Math.abs(offsetMinutes) >= 24 * 60) return { bodyOffset, date: 'unknown', unpublished }
  }
  const dayMs = civilToUtcMs(year, month, day)
  return {
    bodyOffset,
    date: { day: dayMs, approx: dayMs + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 },
    unpublished
  }
}

// ---------------------------------------------------------------------------------------------------------
// YAML as Psych reads it

export interface PsychError {
  start: number
  end: number
  rule: string
  severity: Diagnostic['severity']
  message: string
}

export interface PsychParse {
  doc: Document
  lineCounter: LineCounter
  /** The Ruby value; undefined when Psych would raise (syntax error, disallowed class, alias bomb). */
  data: unknown
  errors: PsychError[]
}

class PsychRaise extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly start: number,
    readonly end: number
  ) {
    super(message)
  }
}

/**
 * Parses YAML as `Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)` does (Jekyll's
 * `Utils.safe_load_yaml`): YAML 1.1 plain scalars typed by Psych's ScalarScanner, duplicate keys allowed
 * (the last wins), `<<` merge keys, Symbols and `!ruby/...` objects refused.
 */
export function parsePsychYaml(yamlText: string): PsychParse {
  const lineCounter = new LineCounter()
  const doc = parseDocument(yamlText, {
    version: '1.1',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    merge: true,
    keepSourceTokens: false,
    strict: true
  })
  const errors: PsychError[] = []
  // libyaml's reader refuses characters outside YAML's printable set before it parses anything.
  const control = NOT_YAML_PRINTABLE.exec(yamlText)
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    errors.push(yamlSyntaxError(control.index, control.index + control[0].length, `control character U+${code} is not allowed`))
    return { doc, lineCounter, data: undefined, errors }
  }
  for (const e of doc.errors) errors.push(yamlSyntaxError(e.pos[0], e.pos[1], e.message.replace(/\s+/g, ' ').trim()))
  if (errors.length > 0) return { doc, lineCounter, data: undefined, errors }
  try {
    const converter = new PsychConverter(doc, yamlText)
    return { doc, lineCounter, data: converter.value(doc.contents as YamlNode | null), errors }
  } catch (error) {
    if (error instanceof PsychRaise) {
      errors.push({
        start: error.start,
        end: error.end,
        rule: error.rule,
        severity: 'error',
        message: error.message
      })
      return { doc, lineCounter, data: undefined, errors }
    }
    throw error
  }
}

/** What libyaml's reader calls "control characters": outside TAB, LF, CR, printable ASCII, NEL and U+00A0-U+FFFD. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_YAML_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/

function yamlSyntaxError(start: number, end: number, what: string): PsychError {
  return {
    start,
    end,
    rule: 'yaml/syntax',
    severity: 'error',
    message: `YAML syntax error: ${what}. Jekyll logs "YAML Exception" and publishes the post without its front matter: no title, layout, tags or categories, dated at build time, with the YAML shown as text.`
  }
}

class PsychConverter {
  private expanded = 0
  private readonly cache = new Map<YamlNode, unknown>()
  constructor(
    private readonly doc: Document,
    private readonly text: string
  ) {}

  value(node: YamlNode | null | undefined): unknown {
    if (node === null || node === undefined) return null
    if (isAlias(node)) return this.alias(node)
    if (isScalar(node)) return this.scalar(node)
    if (isSeq(node) || isMap(node)) this.collectionTag(node)
    if (isSeq(node)) {
      // `[a: 1]`: a pair inside a flow sequence is a one-key hash; `!!omap` makes the list one hash.
      const items = node.items.map(item =>
        isPair(item) ? this.pairs([item]) : this.value(item as YamlNode | null)
      )
      if (node.tag === 'tag:yaml.org,2002:omap' || node.tag === '!omap') {
        return Object.assign({}, ...items.filter(isPlainObject))
      }
      return items
    }
    if (isMap(node)) {
      return this.pairs(node.items)
    }
    return null
  }

  /** Psych refuses tagged collections that would become Ruby objects (`!ruby/...`, `!!set`). */
  private collectionTag(node: { tag?: string; range?: [number, number, number] | null }): void {
    const tag = node.tag
    if (tag === undefined) return
    const start = node.range?.[0] ?? 0
    const end = node.range?.[1] ?? start
    const cls = tag.startsWith('!ruby/')
      ? tag.replace(/^!ruby\/(?:object:)?/, '') || 'Object'
      : tag === 'tag:yaml.org,2002:set' || tag === '!set'
        ? 'Psych::Set'
        : undefined
    if (cls !== undefined) {
      throw new PsychRaise(
        'yaml/disallowed-class',
        `YAML tag ${tag} asks for a Ruby object (${cls}); Jekyll's safe YAML refuses it ("Tried to load unspecified class"), so the post is published without its front matter.`,
        start,
        end
      )
    }
  }

  /** A block or flow mapping (or pairs in a flow sequence) as a Ruby Hash: `<<` merges, the last duplicate wins. */
  private pairs(items: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const pair of items) {
      if (!isPair(pair)) continue
      const keyNode = pair.key as YamlNode | null
      const valueNode = pair.value as YamlNode | null
      const missing = this.missingKeyAt(keyNode)
      if (missing !== undefined) {
        throw new PsychRaise('yaml/syntax', yamlSyntaxError(missing, missing + 1, 'a `:` with no key before it (Psych: "did not find expected key")').message, missing, missing + 1)
      }
      const key = this.value(keyNode)
      const tag = keyNode && isScalar(keyNode) ? keyNode.tag : undefined
      if (key === '<<' && tag !== 'tag:yaml.org,2002:str') {
        const merged = this.value(valueNode)
        const sources = Array.isArray(merged) ? [...merged].reverse() : [merged]
        if (sources.every(isPlainObject)) {
          for (const source of sources) Object.assign(out, source)
          continue
        }
      }
      out[rubyKey(key)] = this.value(valueNode)
    }
    return out
  }

  /**
   * Where a pair has a `:` and no key at all (`: x`, `{: x}`): libyaml refuses it; the yaml package reads a null key.
   * An explicit empty key (`? ` then `: x`) is fine for both.
   */
  private missingKeyAt(key: YamlNode | null): number | undefined {
    if (key === null) return undefined
    if (!isScalar(key) || key.value !== null || !key.range || key.range[0] !== key.range[1]) return undefined
    let at = key.range[0]
    while (this.text[at] === ' ' || this.text[at] === '\t') at++
    return this.text[at] === ':' ? at : undefined
  }

  private alias(node: Alias): unknown {
    const target = node.resolve(this.doc)
    const start = node.range?.[0] ?? 0
    const end = node.range?.[1] ?? start
    if (!target) throw new PsychRaise('yaml/syntax', `YAML: unknown alias *${node.source}.`, start, end)
    this.expanded += this.expandedSize(target, 0)
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      throw new PsychRaise(
        'yaml/alias-limit',
        `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values (an "alias bomb"); the front matter is not read. Jekyll would try to expand it and may exhaust memory.`,
        start,
        end
      )
    }
    if (this.cache.has(target)) return this.cache.get(target)
    const v = this.value(target)
    this.cache.set(target, v)
    return v
  }

  private readonly sizes = new Map<unknown, number>()

  /** How many values a node stands for once every alias in it is expanded (memoised; capped). */
  private expandedSize(node: unknown, depth: number): number {
    if (depth > 1000) return MAX_ALIAS_EXPANSION + 1
    if (isAlias(node)) node = node.resolve(this.doc)
    const known = this.sizes.get(node)
    if (known !== undefined) return known
    let size = 1
    if (isMap(node)) {
      for (const p of node.items)
        size += this.expandedSize(p.key, depth + 1) + this.expandedSize(p.value, depth + 1)
    } else if (isSeq(node)) {
      for (const i of node.items) size += this.expandedSize(i, depth + 1)
    }
    size = Math.min(size, MAX_ALIAS_EXPANSION + 1)
    this.sizes.set(node, size)
    return size
  }

  private scalar(node: Scalar): unknown {
    const start = node.range?.[0] ?? 0
    const end = node.range?.[1] ?? start
    const source = typeof node.source === 'string' ? node.source : String(node.value ?? '')
    const tag = node.tag
    const quoted = node.type !== undefined && node.type !== Scalar.PLAIN
    if (tag === undefined || tag === '!') {
      if (quoted || tag === '!') return source
      return this.tokenize(source, start, end)
    }
    if (tag === 'tag:yaml.org,2002:str' || /^!(?:str|ruby\/string)(?::.*)?$/.test(tag)) return source
    if (tag === 'tag:yaml.org,2002:binary' || tag === '!binary')
      return Buffer.from(source, 'base64').toString('latin1')
    if (tag === 'tag:yaml.org,2002:float' || tag === '!float') {
      const v = this.tokenize(source, start, end)
      const n = typeof v === 'number' ? v : Number(v)
      if (Number.isNaN(n) && !/^\.nan$/i.test(source)) {
        throw new PsychRaise(
          'yaml/syntax',
          `YAML: invalid value for Float(): ${JSON.stringify(source)}.`,
          start,
          end
        )
      }
      return new RubyFloat(n)
    }
    if (tag.startsWith('!ruby/')) {
      throw new PsychRaise(
        'yaml/disallowed-class',
        `YAML tag ${tag} asks for a Ruby object; Jekyll's safe YAML refuses it ("Tried to load unspecified class"), so the post is published without its front matter.`,
        start,
        end
      )
    }
    return this.tokenize(source, start, end)
  }

  private tokenize(source: string, start: number, end: number): unknown {
    const v = psychTokenize(source)
    if (v instanceof RubySymbol) {
      throw new PsychRaise(
        'yaml/disallowed-class',
        `${JSON.stringify(source)} is a Ruby Symbol in YAML (a plain value starting with ":"); Jekyll's safe YAML refuses Symbols ("Tried to load unspecified class: Symbol"), so the post is published without its front matter. Quote it: '${source.replace(/'/g, "''")}'.`,
        start,
        end
      )
    }
    return v
  }
}

/** A Ruby Float (kept apart from integers so `1.0` prints as Ruby prints it). */
export class RubyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value
  }
  toString(): string {
    return rubyFloatToS(this.value)
  }
  toJSON(): number {
    return this.value
  }
}

class RubySymbol {
  constructor(readonly name: string) {}
}

export function rubyFloatToS(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  if (Object.is(n, -0)) return '-0.0'
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`
  const s = String(n)
  if (/e/.test(s)) {
    const [mant, exp] = s.split('e')
    const m = mant?.includes('.') ? mant : `${mant}.0`
    const e = Number(exp)
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  return s
}

/** What Ruby's `to_s` gives for a YAML value (Jekyll stringifies categories this way). */
export function rubyToS(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (typeof v === 'number') return String(v)
  if (v instanceof RubyFloat) return v.toString()
  if (isRubyDate(v)) return `${String(v.year).padStart(4, '0')}-${pad2(v.month)}-${pad2(v.day)}`
  if (isRubyTime(v)) return rubyTimeToS(v)
  if (Array.isArray(v)) return `[${v.map(rubyInspect).join(', ')}]`
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${JSON.stringify(k)}=>${rubyInspect(x)}`)
      .join(', ')}}`
  }
  return String(v)
}

function rubyInspect(v: unknown): string {
  if (v === null || v === undefined) return 'nil'
  if (typeof v === 'string') return JSON.stringify(v)
  if (isRubyDate(v)) return `#<Date: ${rubyToS(v)}>`
  return rubyToS(v)
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * `Time#to_s` for a Psych time. A time written with an offset keeps it; one written without is UTC by
 * instant but Ruby shows it in local time, which only matters for its text, not for when it is.
 */
function rubyTimeToS(t: RubyTime): string {
  const off = t.offsetMinutes ?? 0
  const d = new Date(Math.floor(t.epochMs / 1000) * 1000 + off * 60_000)
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  if (t.offsetMinutes === undefined || (t.offsetMinutes === 0 && /Z\s*$/i.test(t.source)))
    return `${date} ${time} UTC`
  const sign = off < 0 ? '-' : '+'
  const a = Math.abs(off)
  return `${date} ${time} ${sign}${pad2(Math.floor(a / 60))}${pad2(a % 60)}`
}

function rubyKey(key: unknown): string {
  return rubyToS(key)
}

// Psych::ScalarScanner, constant for constant (psych 4.0, Ruby 3.1).
const PSYCH_TIME =
  /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/
const PSYCH_FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/
const PSYCH_INTEGER =
  /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/
// `^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+` (Ruby's `^` is any line start, hence `m`).
const PSYCH_STRINGISH = /^[^\d.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+/mu

/** Psych's ScalarScanner#tokenize: the Ruby value of a plain (unquoted, untagged) YAML scalar. */
export function psychTokenize(s: string): unknown {
  // Keys and tags repeat in every post: a plain value (string, boolean, nil, integer) is read once. Objects (times,
  // dates, floats, symbols) are made afresh each time, so no two posts share one.
  const known = tokenized.get(s)
  if (known !== undefined) return known
  const v = tokenizeScalar(s)
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || v === null) {
    if (tokenized.size >= 100_000) tokenized.clear()
    tokenized.set(s, v)
  }
  return v
}

const tokenized = new Map<string, string | boolean | number | null>()

function tokenizeScalar(s: string): unknown {
  if (s === '') return null
  if (PSYCH_STRINGISH.test(s) || s.includes('\n')) {
    if ([...s].length > 5) return s
    if (/^[^ytonf~]/i.test(s)) return s
    if (s === '~' || /^null$/i.test(s)) return null
    if (/^(yes|true|on)$/i.test(s)) return true
    if (/^(no|false|off)$/i.test(s)) return false
    return s
  }
  if (PSYCH_TIME.test(s)) {
    const t = psychParseTime(s)
    return t ?? s
  }
  if (/^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/.test(s)) {
    const [y, mo, d] = s.split('-').map(Number) as [number, number, number]
    // Date.strptime('%Y-%m-%d') rejects a day the month does not have; Psych then keeps the string.
    if (mo < 1 || d < 1 || d > daysInMonth(y, mo)) return s
    const date: RubyDate = { kind: 'date', year: y, month: mo, day: d, source: s }
    return date
  }
  if (/^\+?\.inf$/i.test(s)) return new RubyFloat(Infinity)
  if (/^-\.inf$/i.test(s)) return new RubyFloat(-Infinity)
  if (/^\.nan$/i.test(s)) return new RubyFloat(NaN)
  if (/^:./.test(s)) return new RubySymbol(s.slice(1))
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/.test(s)) return sexagesimal(s, false)
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/.test(s)) return new RubyFloat(sexagesimal(s, true))
  if (PSYCH_FLOAT.test(s)) {
    if (/^[-+]?\.$/.test(s)) return s
    return new RubyFloat(Number(s.replace(/[,_]|\.([Ee]|$)/g, '$1')))
  }
  if (PSYCH_INTEGER.test(s)) return parseRubyInt(s.replace(/[,_]/g, '')) ?? s
  return s
}

function sexagesimal(s: string, float: boolean): number {
  // Psych: i += n.to_i * 60 ** (e - 2).abs over the parts — note it is not sign-aware.
  let total = 0
  s.split(':').forEach((part, e) => {
    const n = float ? rubyToF(part) : rubyToI(part)
    total += n * 60 ** Math.abs(e - 2)
  })
  return total
}

function rubyToI(s: string): number {
  const m = /^\s*([-+]?\d[\d_]*)/.exec(s)
  return m?.[1] ? Number(m[1].replace(/_/g, '')) : 0
}
function rubyToF(s: string): number {
  const m = /^\s*([-+]?\d[\d_]*(?:\.\d+)?)/.exec(s)
  return m?.[1] ? Number(m[1].replace(/_/g, '')) : 0
}

/** Ruby's Integer(string) for the forms Psych hands it. */
function parseRubyInt(s: string): number | undefined {
  const m = /^([-+]?)(0b|0x|0)?(.*)$/i.exec(s)
  if (!m) return undefined
  const sign = m[1] === '-' ? -1 : 1
  const prefix = (m[2] ?? '').toLowerCase()
  const digits = m[3] ?? ''
  if (prefix === '' || (prefix === '0' && digits === '')) {
    const n = Number(`${prefix}${digits}`)
    return Number.isNaN(n) ? undefined : sign * n + 0
  }
  const radix = prefix === '0b' ? 2 : prefix === '0x' ? 16 : 8
  const n = parseInt(digits, radix)
  return Number.isNaN(n) ? undefined : sign * n + 0
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate() || 31
}

/**
 * Psych's ScalarScanner#parse_time: `Time.utc(...)` (days up to 31 roll over into the next month, hour 24
 * and second 60 roll over too; anything else out of range raises and Psych keeps the string). No offset
 * means UTC. Returns undefined where Ruby raises.
 */
export function psychParseTime(s: string): RubyTime | undefined {
  const [date = '', time = ''] = splitOnce(s, /[ tT]/)
  const dm = /^(-?\d{4})-(\d{1,2})-(\d{1,2})/.exec(date)
  const tm = /(\d+:\d+:\d+)(?:\.(\d*))?\s*(Z|[-+]\d+(:\d\d)?)?/.exec(time)
  if (!dm || !tm || !tm[1]) return undefined
  const [yy, mo, dd] = [Number(dm[1]), Number(dm[2]), Number(dm[3])]
  const [hh, mi, ss] = tm[1].split(':').map(Number) as [number, number, number]
  const frac = tm[2] ? Number(`0.${tm[2]}`) : 0
  const base = rubyTimeUtc(yy, mo, dd, hh, mi, ss)
  if (base === undefined) return undefined
  const ms = base + Math.floor(frac * 1000)
  const zone = tm[3]
  if (zone === undefined) return { kind: 'time', epochMs: ms, source: s }
  if (zone === 'Z') return { kind: 'time', epochMs: ms, offsetMinutes: 0, source: s }
  const zm = /^([+-]?\d{1,2}):?(\d{1,2})?$/.exec(zone)
  if (!zm || zm[1] === undefined) return undefined
  const hours = parseInt(zm[1], 10)
  const minutes = zm[2] ? parseInt(zm[2], 10) : 0
  const offset = hours * 60 + (zm[1].startsWith('-') ? -minutes : minutes) + 0
  // Time.new(..., offset): |utc_offset| must be under a day.
  if (Math.abs(offset) >= 24 * 60) return undefined
  return { kind: 'time', epochMs: ms - offset * 60_000, offsetMinutes: offset, source: s }
}

function splitOnce(s: string, re: RegExp): [string, string] {
  const m = re.exec(s)
  if (!m) return [s, '']
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)]
}

/**
 * Ruby's `Time.utc(y, mon, d, h, min, s)` as epoch ms, or undefined where Ruby raises ArgumentError:
 * mon 1..12, day 1..31 (a day the month lacks rolls over), hour 0..24 (24 only as 24:00:00),
 * min 0..59, sec 0..60 (60 rolls over).
 */
export function rubyTimeUtc(
  y: number,
  mon: number,
  d: number,
  h: number,
  mi: number,
  s: number
): number | undefined {
  if (mon < 1 || mon > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60)
    return undefined
  if (h === 24 && (mi !== 0 || s !== 0)) return undefined
  return civilToUtcMs(y, mon, d, h, mi, s)
}

/** Epoch ms of a civil date-time read as UTC; out-of-range days, hours and seconds carry over (any year). */
export function civilToUtcMs(y: number, mon: number, d: number, h = 0, mi = 0, s = 0): number {
  const dt = new Date(0)
  dt.setUTCFullYear(y, mon - 1, d)
  dt.setUTCHours(h, mi, s, 0)
  return dt.getTime()
}

// ---------------------------------------------------------------------------------------------------------
// locate

function locateIn(
  doc: Document,
  path: (string | number)[],
  yamlOffset: number,
  index: LineIndex
): { key?: Range; value?: Range } | undefined {
  let node: unknown = doc.contents
  let keyNode: unknown
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(doc)
    if (typeof step === 'number') {
      if (!isSeq(node)) return undefined
      node = node.items[step]
      keyNode = undefined
      if (node === undefined) return undefined
    } else {
      if (!isMap(node)) return undefined
      let found: { key: unknown; value: unknown } | undefined
      for (const pair of node.items) {
        // Psych keeps the last of duplicate keys, so the last one is where the value lives.
        const k = pair.key
        const name = isScalar(k) ? rubyKeySafe(k) : undefined
        if (name === step) found = { key: k, value: pair.value }
      }
      if (!found) return undefined
      keyNode = found.key
      node = found.value
    }
  }
  const toRange = (n: unknown): Range | undefined => {
    const r = (n as { range?: [number, number, number] } | null)?.range
    if (!r) return undefined
    return index.range(yamlOffset + r[0], yamlOffset + r[1])
  }
  const key = toRange(keyNode)
  let value = toRange(node)
  if (value === undefined && keyNode !== undefined && key) {
    // `key:` with nothing after it: an empty value just after the colon.
    value = index.range(key.endOffset, key.endOffset)
  }
  if (key === undefined && value === undefined) return undefined
  return { ...(key ? { key } : {}), ...(value ? { value } : {}) }
}

function rubyKeySafe(k: Scalar): string | undefined {
  try {
    const quoted = k.type !== undefined && k.type !== Scalar.PLAIN
    const source = typeof k.source === 'string' ? k.source : String(k.value ?? '')
    const v = quoted ? source : psychTokenize(source)
    return v instanceof RubySymbol ? undefined : rubyKey(v)
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------------------
// Posts and the blog

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
      diagnostics: split.diagnostics
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
 * site's `timezone:` (the action's input), `paths` limits the posts read.
 */
export function readBlog(root: string, options: { now: number; timezone?: string; paths?: string[] }): Blog {
  const { site, diagnostics } = readSite(root)
  if (options.timezone !== undefined && options.timezone !== '') site.timezone = options.timezone
  const paths = options.paths ?? findPosts(root, site)
  return { site, posts: paths.map(p => readPost(root, p, site, options.now)), siteDiagnostics: diagnostics }
}
