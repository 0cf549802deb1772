// The traps the README's "What real Jekyll does" table shows: which fixture post, and which key shows the trap.
// Data only: what Jekyll did is read from the goldens by scripts/docs.ts, never written here.

/** One trap of the conformance fixtures: which post, and which front matter key shows the trap (none: the file name). */
export interface Trap {
  site: string
  path: string
  key?: string
  trap: string
}

/** The traps the README's conformance table shows, in its order. Real Jekyll's answer comes from the goldens. */
export const TRAPS: Trap[] = [
  {
    site: 'seoul',
    path: '_posts/2026-03-12-placeholder-offset.md',
    key: 'date',
    trap: "Chirpy's template offset left in"
  },
  {
    site: 'fatal-placeholder-only',
    path: '_posts/2026-03-12-only-placeholder.md',
    key: 'date',
    trap: 'only the placeholder'
  },
  {
    site: 'seoul',
    path: '_posts/2026-03-12-no-offset.md',
    key: 'date',
    trap: 'a YAML timestamp without an offset'
  },
  { site: 'seoul', path: '_posts/2026-03-12-no-seconds.md', key: 'date', trap: 'the same without seconds' },
  {
    site: 'seoul',
    path: '_posts/2026-03-12-zone-name.md',
    key: 'date',
    trap: 'a zone abbreviation in Seoul'
  },
  { site: 'utc', path: '_posts/2026-03-12-kst.md', key: 'date', trap: 'the same on a UTC site' },
  {
    site: 'utc',
    path: '_posts/2026-03-12-plus9-timestamp.md',
    key: 'date',
    trap: 'a one-digit offset, unquoted'
  },
  { site: 'utc', path: '_posts/2026-03-12-quoted-plus9.md', key: 'date', trap: 'a one-digit offset, quoted' },
  { site: 'seoul', path: '_posts/2026-02-30-rollover.md', trap: 'February 30th in the file name' },
  { site: 'fatal-day-32', path: '_posts/2026-02-01-day-32.md', key: 'date', trap: 'a day 32' },
  { site: 'seoul', path: '_posts/2026-03-01-midnight-24.md', key: 'date', trap: '24:00' },
  {
    site: 'new-york',
    path: '_posts/2026-03-08-dst-gap.md',
    key: 'date',
    trap: 'a time the DST change skips'
  },
  { site: 'utc', path: '_posts/2026-03-19-late-night.md', key: 'date', trap: 'the future, by the offset' },
  { site: 'seoul', path: '_posts/notes.md', trap: 'no date in the file name' },
  { site: 'seoul', path: '_posts/2026-3-4-single-digits.md', trap: 'single-digit month and day' },
  {
    site: 'seoul',
    path: '_posts/2026-03-11-published-string.md',
    key: 'published',
    trap: 'published as a string'
  },
  { site: 'seoul', path: '_posts/2026-03-11-published-no.md', key: 'published', trap: "YAML 1.1's no" },
  {
    site: 'seoul',
    path: '_posts/2026-03-10-categories-string.md',
    key: 'categories',
    trap: 'categories as a string'
  },
  {
    site: 'seoul',
    path: '_posts/2026-03-10-category-singular.md',
    key: 'category',
    trap: 'the singular key'
  },
  { site: 'seoul', path: '_posts/2026-03-10-tags-number.md', key: 'tags', trap: 'a number as tags' },
  { site: 'seoul', path: '_posts/2026-03-10-tags-mixed.md', key: 'tags', trap: 'tags of many YAML types' },
  { site: 'seoul', path: '_posts/2026-03-09-broken-yaml.md', key: 'tags', trap: 'broken YAML' },
  { site: 'seoul', path: '_posts/2026-03-09-symbol.md', key: 'title', trap: 'a Ruby Symbol' },
  { site: 'seoul', path: '_posts/2026-03-07-latin1.md', trap: 'a Latin-1 file' },
  { site: 'seoul', path: '_posts/2026-03-06-학습-기록.md', trap: 'a Korean file name' },
  { site: 'seoul', path: 'my_posts/_posts/2026-03-05-underscore-trap.md', trap: 'a folder named my_posts' },
  // From odd-kinds: one post of each odd kind in Jekyll's own test site (test/source/_posts of jekyll/jekyll).
  { site: 'odd-kinds', path: '_posts/2026-01-03-wrong-extension.yml', trap: 'a `.yml` file in _posts' },
  { site: 'odd-kinds', path: '_posts/2026-01-03-upper-extension.YML', trap: 'the same, upper case' },
  {
    site: 'odd-kinds',
    path: '_posts/2026-01-09-number-category.md',
    key: 'category',
    trap: 'a number as the category'
  },
  {
    site: 'odd-kinds',
    path: '_posts/2026-01-07-time-override.md',
    key: 'date',
    trap: 'a time without a zone'
  },
  {
    site: 'odd-kinds',
    path: '_posts/2026-01-10-permalink-traversal.md',
    key: 'permalink',
    trap: 'a permalink climbing out with `%2e%2e`'
  },
  {
    site: 'odd-kinds',
    path: '_posts/2026-01-18-escape-+ %20[].md',
    trap: 'a `+`, a space, `%20` and `[]` in the name'
  },
  {
    site: 'odd-kinds',
    path: 'study/_posts/deep/2026-01-23-topical.md',
    trap: 'folders above and below _posts'
  }
]
