// Ruby's `Date._parse(str, true)` for the forms dates take in front matter: a string into date and time fields.
// Pure: fields only; never settles an instant or a zone (time-parse.ts does).
/* eslint-disable regexp/no-super-linear-backtracking, regexp/no-super-linear-move -- bounded: rubyTimeParse
   refuses a string over DATE_PARSE_LIMIT (128) characters as Ruby does, and rubyDateParse itself reads no more. */

export interface DateParts {
  year?: number
  mon?: number
  mday?: number
  hour?: number
  min?: number
  sec?: number
  secFraction?: number
  zone?: string
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_RE = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[^-\\d\\s']*"
const DAYS_RE = /\b(sun|mon|tue|wed|thu|fri|sat)[^-/\d\s]*/i

// date__parse's time pattern (date_parse.c, parse_time), then its zone.
const TIME_RE = new RegExp(
  '(' +
    '(?:\\d+\\s*:\\s*\\d+(?:\\s*:\\s*\\d+(?:[,.]\\d*)?)?|\\d+\\s*h(?:\\s*\\d+m?(?:\\s*\\d+s?)?)?)' +
    '(?:\\s*[ap](?:m\\b|\\.m\\.))?' +
    '|\\d+\\s*[ap](?:m\\b|\\.m\\.)' +
    ')' +
    '(?:\\s*(' +
    '(?:gmt|utc?)?[-+]\\d+(?:[,.:]\\d+(?::\\d+)?)?' +
    '|[A-Za-z.\\s]+(?:standard|daylight)\\stime\\b' +
    '|[A-Za-z]+(?:\\sdst)?\\b' +
    '))?',
  'i'
)

/** Date._parse(str, true) for the forms dates take in front matter; undefined for forms it does not model. */
export function rubyDateParse(input: string): DateParts | undefined {
  if (input.length > 128) return undefined
  // The common case (every file name, most `date:` strings), read as the general path below reads it.
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input)
  if (ymd) return { year: Number(ymd[1]), mon: Number(ymd[2]), mday: Number(ymd[3]) }
  let str = input.replace(/[^-+',./:@\p{L}\p{N}[\]]+/gu, ' ')
  const parts: DateParts = {}
  str = str.replace(DAYS_RE, ' ')
  // ISO 8601 `T` between date and time.
  str = str.replace(/(\d)[Tt](\d)/, '$1 $2')
  const tm = TIME_RE.exec(str)
  if (tm && tm[1] !== undefined) {
    const t =
      /^(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?/i.exec(tm[1])
    if (!t || t[1] === undefined) return undefined
    let hour = Number(t[1])
    if (t[5]) {
      hour %= 12
      if (t[5].toLowerCase() === 'p') hour += 12
    }
    parts.hour = hour
    if (t[2] !== undefined) parts.min = Number(t[2])
    if (t[3] !== undefined) parts.sec = Number(t[3])
    if (t[4] !== undefined) parts.secFraction = Number(`0.${t[4]}`)
    if (tm[2] !== undefined) parts.zone = tm[2]
    str = `${str.slice(0, tm.index)} ${str.slice(tm.index + tm[0].length)}`
  }
  const yearOf = (s: string): number => {
    const y = Number(s.replace(/^'/, ''))
    // comp = true: a two-digit year without sign is 19xx from 69 up, else 20xx.
    if (/^\d{2}$/.test(s)) return y >= 69 ? y + 1900 : y + 2000
    return y
  }
  let m: RegExpExecArray | null
  if ((m = /('?[-+]?\d+)-(\d+)-('?-?\d+)/.exec(str))) {
    parts.year = yearOf(m[1] ?? '')
    parts.mon = Number(m[2])
    parts.mday = Number(m[3])
  } else if ((m = new RegExp(`'?(\\d+)[^-\\d\\s']*\\s*${MONTH_RE}(?:\\s*('?-?\\d+))?`, 'i').exec(str))) {
    parts.mday = Number(m[1])
    parts.mon = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1
    if (m[3] !== undefined) parts.year = yearOf(m[3])
  } else if (
    (m = new RegExp(`\\b${MONTH_RE}\\s*('?\\d+)[^-\\d\\s']*(?:\\s*,?\\s*('?-?\\d+))?`, 'i').exec(str))
  ) {
    parts.mon = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1
    parts.mday = Number(m[2])
    if (m[3] !== undefined) parts.year = yearOf(m[3])
  } else if ((m = /(\d{3,4})[/.](\d{1,2})[/.](\d{1,2})/.exec(str))) {
    parts.year = Number(m[1])
    parts.mon = Number(m[2])
    parts.mday = Number(m[3])
  } else if (
    (m = /([-+]?)(\d{2,14})(?:\s*t?\s*(\d{2,6})?(?:[,.](\d*))?)?(?:\s*(z\b|[-+]\d{1,4}\b))?/i.exec(str))
  ) {
    // date__parse's parse_ddd: a run of digits read by its length.
    const d = m[2] ?? ''
    const t = m[3]
    if (m[1] !== '' || ![2, 4, 6, 8, 10, 12, 14].includes(d.length)) return undefined
    const at = (i: number): number => Number(d.slice(i, i + 2))
    if (d.length === 2) parts.mday = at(0)
    else if (d.length === 4) {
      parts.mon = at(0)
      parts.mday = at(2)
    } else if (d.length === 6) {
      parts.year = yearOf(d.slice(0, 2))
      parts.mon = at(2)
      parts.mday = at(4)
    } else {
      parts.year = Number(d.slice(0, 4))
      parts.mon = at(4)
      parts.mday = at(6)
      if (d.length >= 10) parts.hour = at(8)
      if (d.length >= 12) parts.min = at(10)
      if (d.length === 14) parts.sec = at(12)
    }
    if (t !== undefined) {
      if (![2, 4, 6].includes(t.length)) return undefined
      parts.hour = Number(t.slice(0, 2))
      if (t.length >= 4) parts.min = Number(t.slice(2, 4))
      if (t.length === 6) parts.sec = Number(t.slice(4, 6))
    }
    if (m[4] !== undefined && m[4] !== '') parts.secFraction = Number(`0.${m[4]}`)
    if (m[5] !== undefined && parts.zone === undefined) parts.zone = m[5]
    str = str.replace(m[0], ' ')
  } else if (/\d/.test(str.replace(/[-+]?[A-Za-z]+/g, ''))) {
    // Digits we do not place: Ruby may still read something out of them.
    return undefined
  } else if ((m = new RegExp(`\\b${MONTH_RE}`, 'i').exec(str))) {
    // A month name alone (date__parse's parse_mon).
    parts.mon = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1
  }
  return parts
}
