// A cheap look at a post's date and `published:` without parsing its YAML, for screening many old posts by date.
// Never guesses: whatever a plain look cannot settle is `unknown`; never decodes bytes or builds a YAML document.
import { civilToUtcMs, daysInMonth } from '../ruby/civil.js'
import { YAML_FRONT_MATTER_REGEXP } from './front-matter.js'

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
    .replace(/(?<![ \t])[ \t]+#.*$/, '')
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
