// The file name rules: Jekyll builds a file in _posts only when it is named `YYYY-MM-DD-slug.ext` and is not YAML;
// any other file is skipped without a word. Pure: reads the post only; never renames (a rename is not a text edit).
import { diagnosticAt } from '../diagnostic.js'
import type { Diagnostic, Post, PostRule } from '../model.js'
import { interpretationOf } from './dates.js'
import { formatHuman, localFields } from '../ruby/zones.js'
import { DATE_FILENAME_MATCHER } from '../jekyll/files.js'

/** `filename/data-extension`: a `.yml`/`.yaml` file in _posts is read as data; Jekyll builds no page from it. */
function dataFile(post: Post, base: string): Diagnostic {
  const md = base.replace(/\.ya?ml$/, '.md')
  return diagnosticAt(
    post,
    undefined,
    'filename/data-extension',
    'error',
    `\`${base}\` ends in a YAML extension, so Jekyll reads it as data and builds no page from it: no post, no warning. Rename it to \`${md}\`.`
  )
}

/** `filename/no-date`: the post is not built, and nothing in Jekyll's output says so. */
export const filenameRules: PostRule = (post, ctx) => {
  const path = post.file.path
  const inPosts = path.replace(/^(?:.*\/)?_posts\//, '')
  const base = path.replace(/^.*\//, '')
  if (post.jekyll.reason === 'data-file') return [dataFile(post, base)]
  if (DATE_FILENAME_MATCHER.test(inPosts)) return []
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
