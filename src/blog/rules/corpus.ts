// Whole-blog rules: a category or tag spelled differently from one already in use only by case, spacing,
// hyphens/underscores or Unicode form (NFD from macOS vs NFC). Pure: reads the posts given; never picks a winner's fix.
import type { CorpusRule, Diagnostic, Post } from '../model.js'
import { diagnosticAt } from '../diagnostic.js'
import { taxonomyEntries, type TaxonomyEntry, type TaxonomyField } from './taxonomy.js'

interface Spelling {
  text: string
  posts: Set<string>
  occurrences: { post: Post; entry: TaxonomyEntry }[]
}

/** The steps that fold near-duplicates together, in order; their names say how two spellings differ. */
const STEPS: { name: string; apply: (s: string) => string }[] = [
  { name: 'Unicode form', apply: s => s.normalize('NFKC') },
  { name: 'case', apply: s => s.toLowerCase() },
  { name: 'spacing', apply: s => s.replace(/[\s_-]+/gu, ' ').trim() }
]

/** The key two spellings share when they differ only in case, spacing, hyphens/underscores or Unicode form. */
export function foldTaxonomy(text: string): string {
  let key = folded.get(text)
  if (key === undefined) {
    key = STEPS.reduce((s, step) => step.apply(s), text)
    if (folded.size >= 100_000) folded.clear()
    folded.set(text, key)
  }
  return key
}

/** A blog uses few spellings many times over. */
const folded = new Map<string, string>()

export const corpusRules: CorpusRule = posts => [
  ...nearDuplicates(posts, 'categories'),
  ...nearDuplicates(posts, 'tags')
]

function nearDuplicates(posts: readonly Post[], field: TaxonomyField): Diagnostic[] {
  const groups = new Map<string, Map<string, Spelling>>()
  const sorted = [...posts].sort((a, b) =>
    a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0
  )
  for (const post of sorted) {
    for (const entry of taxonomyEntries(post, field)) {
      if (typeof entry.value !== 'string' || entry.value.trim() === '') continue
      const key = foldTaxonomy(entry.value)
      let group = groups.get(key)
      if (!group) groups.set(key, (group = new Map()))
      let spelling = group.get(entry.value)
      if (!spelling)
        group.set(entry.value, (spelling = { text: entry.value, posts: new Set(), occurrences: [] }))
      spelling.posts.add(post.file.path)
      spelling.occurrences.push({ post, entry })
    }
  }
  const out: Diagnostic[] = []
  const noun = field === 'tags' ? 'Tag' : 'Category'
  for (const group of groups.values()) {
    if (group.size < 2) continue
    const spellings = [...group.values()].sort((a, b) => b.posts.size - a.posts.size)
    for (const spelling of spellings) {
      const others = spellings.filter(o => o !== spelling && o.posts.size >= spelling.posts.size)
      if (others.length === 0) continue // the most used spelling
      const versus = others.map(o => `\`${o.text}\` (${count(o.posts.size)})`).join(', ')
      const how = others.map(o => differences(spelling.text, o.text))
      const same = how.every(h => h === how[0]) ? how[0]! : 'case, spacing or Unicode form'
      const message =
        `${noun} \`${spelling.text}\` (${count(spelling.posts.size)}) vs ${versus}: they differ only in ${same}, ` +
        `so Jekyll counts them as different ${field}. Use one spelling.`
      for (const { post, entry } of spelling.occurrences) {
        out.push(diagnosticAt(post, entry.range, 'taxonomy/near-duplicate', 'warning', message))
      }
    }
  }
  return out
}

function count(n: number): string {
  return n === 1 ? '1 post' : `${n} posts`
}

/** Which folding steps two spellings need to become equal, in words (`case and spacing`, `Unicode form (NFD vs NFC)`). */
export function differences(a: string, b: string): string {
  const needed = STEPS.filter((_, skip) => {
    const fold = (s: string) => STEPS.reduce((acc, step, i) => (i === skip ? acc : step.apply(acc)), s)
    return fold(a) !== fold(b)
  }).map(step => (step.name === 'Unicode form' ? `Unicode form (${unicodeDetail(a, b)})` : step.name))
  if (needed.length === 0) return 'case, spacing or Unicode form'
  return needed.length === 1
    ? needed[0]!
    : `${needed.slice(0, -1).join(', ')} and ${needed[needed.length - 1]}`
}

/** `NFD vs NFC` when the two are composed differently, else they differ in compatibility characters. */
function unicodeDetail(a: string, b: string): string {
  const fa = form(a)
  const fb = form(b)
  return fa !== fb ? `${fa} vs ${fb}` : 'compatibility characters such as full-width letters'
}

function form(s: string): string {
  if (s === s.normalize('NFC')) return 'NFC'
  if (s === s.normalize('NFD')) return 'NFD'
  return 'mixed NFC/NFD'
}
