// The runner that applies every rule family to the posts, the severity overrides and the diagnostics' order
// (the catalogue of rule ids is catalogue.ts). A rule's bug never escapes: it becomes a diagnostic.
import type { CorpusRule, Diagnostic, Post, PostRule, RuleContext } from '../model.js'
import { chirpyRules } from './chirpy.js'
import { corpusRules } from './corpus.js'
import { dateRules, publishedRules } from './dates.js'
import { filenameRules } from './filename.js'
import { compileFrontMatterSchema, schemaRules } from './schema.js'
import { taxonomyRules } from './taxonomy.js'
import type { SeverityOverride } from './catalogue.js'

/** The per-post rule families, by name (the name shows in `internal/rule-crashed`). */
export const POST_RULES: readonly { name: string; rule: PostRule }[] = [
  { name: 'filename', rule: filenameRules },
  { name: 'date', rule: dateRules },
  { name: 'published', rule: publishedRules },
  { name: 'taxonomy', rule: taxonomyRules },
  { name: 'chirpy', rule: chirpyRules },
  { name: 'schema', rule: schemaRules }
]

export const CORPUS_RULES: readonly { name: string; rule: CorpusRule }[] = [
  { name: 'corpus', rule: corpusRules }
]

/**
 * Runs every rule: per post, the diagnostics found while reading it (`post.diagnostics`) and every post rule
 * family, each inside its own try/catch (a crash becomes `internal/rule-crashed` on that post); then the corpus
 * rules over all posts. Applies `overrides` (a rule id, or `family/*` such as `chirpy/*`, to a severity or
 * `off`) and returns the diagnostics sorted by file, line, column.
 *
 * The schema is compiled once, before any post: an unusable schema throws SchemaError (a setup error).
 */
export function runRules(
  posts: readonly Post[],
  ctx: RuleContext,
  overrides: Readonly<Record<string, SeverityOverride>> = {}
): Diagnostic[] {
  if (ctx.schema) compileFrontMatterSchema(ctx.schema, ctx.schemaRefs)
  const found: Diagnostic[] = []
  for (const post of posts) {
    found.push(...post.diagnostics)
    for (const family of POST_RULES) {
      try {
        found.push(...family.rule(post, ctx))
      } catch (error) {
        found.push(crashed(post, family.name, error))
      }
    }
  }
  if (posts.length > 0) {
    for (const family of CORPUS_RULES) {
      try {
        found.push(...family.rule([...posts], ctx))
      } catch (error) {
        const first = [...posts].sort((a, b) => compareText(a.file.path, b.file.path))[0]!
        found.push(crashed(first, family.name, error, ' (a whole-blog rule; no post was checked by it)'))
      }
    }
  }
  return applyOverrides(found, overrides).sort(compareDiagnostics)
}

function crashed(post: Post, name: string, error: unknown, note = ''): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error)
  return {
    file: post.file.path,
    line: 1,
    column: 1,
    rule: 'internal/rule-crashed',
    severity: 'warning',
    message: `The ${name} rules crashed on this post and were skipped${note}: ${reason}. This is a bug in jekyll-post-ops.`
  }
}

/** Severity overrides: an exact id wins over `family/*` (the part of the id before `/`); `off` drops. */
export function applyOverrides(
  diagnostics: Diagnostic[],
  overrides: Readonly<Record<string, SeverityOverride>>
): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const d of diagnostics) {
    const level = overrides[d.rule] ?? overrides[`${d.rule.split('/')[0]}/*`]
    if (level === 'off') continue
    out.push(level === undefined || level === d.severity ? d : { ...d, severity: level })
  }
  return out
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule)
}
