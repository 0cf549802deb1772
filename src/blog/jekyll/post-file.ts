// Reads one post file's bytes into a PostFile the way Jekyll can use them: size cap, UTF-8 with its fault placed,
// BOM remembered, NUL bytes flagged. Never throws: a file Jekyll cannot use is a Diagnostic; never parses the text.
import { isUtf8 } from 'node:buffer'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Diagnostic, PostFile, Position } from '../model.js'

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
