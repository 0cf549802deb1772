// Rules for when (and whether) Jekyll publishes a post: the date it will use, what Ruby does with impossible
// dates and odd offsets, future dates, and `published:`. Each message says what Jekyll WILL do. Pure.
import { diagnosticAt } from '../diagnostic.js'
import type { Diagnostic, Fix, Post, PostRule, Range, RuleContext } from '../model.js'
import { siteTime, type JekyllDate } from '../jekyll/date.js'
import { interpretationOnce, type Interpretation } from '../jekyll/post.js'
import { formatHuman, formatXmlSchema, localFields, zoneOffsetMinutes } from '../ruby/zones.js'

const PLACEHOLDER = /[+-]\/?[+-]?T{2,4}\b|±T{2,4}\b/

/** The Jekyll model for the rule's own clock and site: the one made when the post was read, if it was made for them. */
export function interpretationOf(post: Post, ctx: RuleContext): Interpretation {
  const rules = post.diagnostics.map(d => d.rule)
  const readError = rules.includes('file/encoding')
    ? 'encoding'
    : rules.includes('file/unreadable') || rules.includes('file/too-large')
      ? 'unreadable'
      : rules.some(r => r.startsWith('yaml/'))
        ? 'yaml'
        : undefined
  return interpretationOnce({
    path: post.file.path,
    site: ctx.site,
    now: ctx.now,
    ...(post.frontMatter ? { data: post.frontMatter.data } : {}),
    ...(readError ? { readError } : {})
  })
}

function zoneName(ctx: RuleContext): string {
  return ctx.site.timezone ?? "the machine's zone (UTC on GitHub's runners; no `timezone:` in _config.yml)"
}

function sourceLabel(date: JekyllDate): string {
  return date.source === 'filename'
    ? 'the file name'
    : date.source === 'defaults'
      ? 'the front matter defaults in _config.yml'
      : 'the front matter'
}

/** The `date`, `rollover`, offset, mismatch and future rules. */
export const dateRules: PostRule = (post, ctx) => {
  const it = interpretationOf(post, ctx)
  const date = it.date
  if (!date || it.post.reason === 'filename' || it.post.reason === 'encoding') return []
  const out: Diagnostic[] = []
  const located = date.source === 'front-matter' ? post.frontMatter?.locate(['date']) : undefined
  const range = located?.value
  const tz = ctx.site.timezone

  if (!date.ok) {
    if (date.invalid) {
      out.push(
        diagnosticAt(
          post,
          range,
          'date/invalid',
          'error',
          `Jekyll cannot use the date ${JSON.stringify(date.text)} from ${sourceLabel(date)} (Ruby: ${date.message}). ` +
            `\`jekyll build\` stops with "Invalid date" and the whole site is not built.`
        )
      )
    } else {
      out.push(
        diagnosticAt(
          post,
          range,
          'date/unrecognised',
          'notice',
          `jekyll-post-ops cannot tell what Ruby's Time.parse makes of ${JSON.stringify(date.text)}; write it as ` +
            `YYYY-MM-DD HH:MM:SS +ZZZZ to be sure.`
        )
      )
    }
    return out
  }
  if (date.source === 'build-time') return out
  const shown = formatHuman(tz, date.epochMs)

  if (date.rolledOver) {
    out.push(
      diagnosticAt(
        post,
        range,
        'date/rollover',
        'warning',
        `${JSON.stringify(date.text)} (from ${sourceLabel(date)}) is not a real date or time; Ruby rolls it over and Jekyll uses ${shown}.`
      )
    )
  }

  const placeholder = date.zoneIgnored !== undefined && PLACEHOLDER.test(date.text)
  if (placeholder || (date.via === 'string' && PLACEHOLDER.test(date.text))) {
    out.push(placeholderDiagnostic(post, ctx, date, range, shown))
  } else if (date.zoneIgnored !== undefined) {
    out.push(
      diagnosticAt(
        post,
        range,
        'date/missing-offset',
        'warning',
        `Ruby's Time.parse does not understand the zone ${JSON.stringify(date.zoneIgnored)} in ${JSON.stringify(date.text)} and ignores it: ` +
          `Jekyll reads the time in ${zoneName(ctx)}, giving ${shown}. Write the offset as +HHMM or +HH:MM.`,
        ignoredZoneFix(post, range, date.zoneIgnored)
      )
    )
  } else if (date.zone === 'utc-yaml') {
    const offset = zoneOffsetMinutes(tz, date.epochMs)
    if (offset !== 0) {
      out.push(
        diagnosticAt(
          post,
          range,
          'date/missing-offset',
          'warning',
          `${JSON.stringify(date.text)} has no offset, and a YAML timestamp without one is UTC to Ruby (not ${zoneName(ctx)}): ` +
            `Jekyll uses ${shown}. Add the offset you meant, e.g. ${JSON.stringify(`${date.text} ${offsetOf(offset)}`)}.`
        )
      )
    }
  } else if (date.zone === 'site' && tz === undefined && date.source !== 'filename' && hasTime(date)) {
    out.push(
      diagnosticAt(
        post,
        range,
        'date/missing-offset',
        'warning',
        `${JSON.stringify(date.text)} has no offset and _config.yml sets no \`timezone:\`, so Jekyll reads it in the ` +
          `zone of the machine that builds: UTC on GitHub's runners (${formatXmlSchema(undefined, date.epochMs)}), ` +
          `but your own zone on your laptop. Set \`timezone:\` or write the offset.`
      )
    )
  }

  const fileDate = it.filenameDate
  if (date.source !== 'filename' && fileDate?.ok) {
    const a = localFields(tz, date.epochMs)
    const b = localFields(tz, fileDate.epochMs)
    if (a.year !== b.year || a.month !== b.month || a.day !== b.day) {
      out.push(
        diagnosticAt(
          post,
          range,
          'date/filename-mismatch',
          'warning',
          `The file name says ${ymd(b)}, but Jekyll dates the post ${shown}. ` +
            `Jekyll uses the front matter date (for the URL and the order of posts); rename the file or fix the date.`
        )
      )
    }
  }

  if (it.post.reason === 'future') {
    out.push(
      diagnosticAt(
        post,
        range,
        'date/future',
        'warning',
        `Dated ${shown}, which is after now (${formatHuman(tz, siteTime(ctx.site, ctx.now))}): Jekyll skips the post ("has a future ` +
          `date") until a build at or after ${shown}, unless _config.yml sets \`future: true\`.`
      )
    )
  }
  return out
}

function hasTime(date: Extract<JekyllDate, { ok: true }>): boolean {
  return /\d:\d|\d\s*[ap]\.?m\b|\d{12}/i.test(date.text)
}

function ymd(f: { year: number; month: number; day: number }): string {
  return `${String(f.year).padStart(4, '0')}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`
}

function offsetOf(minutes: number): string {
  const a = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`
}

function placeholderDiagnostic(
  post: Post,
  ctx: RuleContext,
  date: Extract<JekyllDate, { ok: true }>,
  range: Range | undefined,
  shown: string
): Diagnostic {
  const tz = ctx.site.timezone
  const message =
    `${JSON.stringify(date.text)} still has the template placeholder for the offset; Ruby ignores it and ` +
    `Jekyll reads the time in ${zoneName(ctx)}: ${shown}.`
  // The fix writes the offset Jekyll already uses, so the built site does not change: certain when the
  // site has a zone (without one, the result depends on the machine).
  let fix: Fix | undefined
  if (tz !== undefined && range) {
    const text = post.file.text.slice(range.startOffset, range.endOffset)
    const m = PLACEHOLDER.exec(text)
    if (m) {
      const offset = offsetOf(zoneOffsetMinutes(tz, date.epochMs))
      const start = range.startOffset + m.index
      fix = {
        description: `Write the offset Jekyll uses: ${offset}`,
        edits: [{ start, end: start + m[0].length, text: offset }]
      }
    }
  }
  return diagnosticAt(
    post,
    range,
    'date/placeholder-offset',
    'warning',
    tz === undefined ? `${message} Set \`timezone:\` in _config.yml or write the offset.` : message,
    fix
  )
}

/** `+9` -> `+0900`, `GMT+9` / `UTC+09:00` -> `+0900`: the reading is unambiguous. */
function ignoredZoneFix(post: Post, range: Range | undefined, zone: string): Fix | undefined {
  if (!range) return undefined
  const m = /^(?:gmt|utc?)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone)
  if (!m || m[2] === undefined) return undefined
  const hours = Number(m[2])
  const minutes = Number(m[3] ?? 0)
  if (hours > 14 || minutes > 59) return undefined
  const text = post.file.text.slice(range.startOffset, range.endOffset)
  const index = text.lastIndexOf(zone)
  if (index === -1) return undefined
  const offset = `${m[1]}${String(hours).padStart(2, '0')}${String(minutes).padStart(2, '0')}`
  const start = range.startOffset + index
  return {
    description: `Write the offset as ${offset}`,
    edits: [{ start, end: start + zone.length, text: offset }]
  }
}

const FALSE_WORDS = /^(false|no|off)$/i
const TRUE_WORDS = /^(true|yes|on)$/i

/** `published:` that is not a boolean: a string always publishes; an empty value never does. */
export const publishedRules: PostRule = post => {
  const fm = post.frontMatter
  if (!fm || !('published' in fm.data)) return []
  const value = fm.data['published']
  if (typeof value === 'boolean') return []
  const range = fm.locate(['published'])?.value
  if (value === null) {
    return [
      diagnosticAt(
        post,
        range,
        'published/not-boolean',
        'error',
        '`published:` has no value (nil), and Jekyll treats nil like false: the post is NOT built. Write `published: false` or remove the key.'
      )
    ]
  }
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  let fix: Fix | undefined
  if (typeof value === 'string' && range && (FALSE_WORDS.test(value) || TRUE_WORDS.test(value))) {
    const boolean = FALSE_WORDS.test(value) ? 'false' : 'true'
    fix = {
      description: `Unquote: published: ${boolean}`,
      edits: [{ start: range.startOffset, end: range.endOffset, text: boolean }]
    }
  }
  const meant =
    typeof value === 'string' && FALSE_WORDS.test(value) ? ' It looks meant to hide the post.' : ''
  return [
    diagnosticAt(
      post,
      range,
      'published/not-boolean',
      'error',
      `\`published: ${shown}\` is a ${typeof value === 'string' ? 'string' : 'value'}, not a boolean; only false (or nil) unpublishes, so Jekyll builds and publishes this post.${meant}`,
      fix
    )
  ]
}
