// The file name rule: Jekyll only builds a file in _posts whose name is `YYYY-MM-DD-slug.ext`; any other name
// is skipped without a word. Pure: reads the post only; never renames anything (a rename is not a text edit).
import { diagnosticAt } from '../diagnostic.js'
import type { PostRule } from '../model.js'
import { interpretationOf } from './dates.js'
import { formatHuman, localFields } from '../ruby/zones.js'
import { DATE_FILENAME_MATCHER } from '../jekyll/files.js'

/** `filename/no-date`: the post is not built, and nothing in Jekyll's output says so. */
export const filenameRules: PostRule = (post, ctx) => {
  const path = post.file.path
  const inPosts = path.replace(/^(?:.*\/)?_posts\//, '')
  if (DATE_FILENAME_MATCHER.test(inPosts)) return []
  const base = path.replace(/^.*\//, '')
  let hint = ''
  const data = post.frontMatter?.data
  if (data && data['date'] !== undefined && data['date'] !== null) {
    // Suggest the name Jekyll would accept, from the date Jekyll would read (in the site zone).
    const it = interpretationOf(
      { ...post, file: { ...post.file, path: path.replace(/(?<![^/])[^/]*$/, `2000-01-01-${base}`) } },
      ctx
    )
    if (it.date?.ok && it.date.source === 'front-matter') {
      const f = localFields(ctx.site.timezone, it.date.epochMs)
      const ymd = `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`
      const ext = /\.[^.]+$/.test(base) ? base : `${base}.md`
      hint = ` Its date is ${formatHuman(ctx.site.timezone, it.date.epochMs)}: rename it to \`${ymd}-${ext}\`.`
    }
  }
  return [
    diagnosticAt(
      post,
      undefined,
      'filename/no-date',
      'error',
      `\`${base}\` does not match YYYY-MM-DD-title.ext, so Jekyll silently does not build it: no page, no warning.${hint}`
    )
  ]
}
