// The peer the benchmark compares `check` with: remark-cli + remark-frontmatter + remark-lint-frontmatter-schema,
// validating every post against bench/peer/front-matter.schema.json. Bench configuration only; never used by the action.
import process from 'node:process'
import remarkFrontmatter from 'remark-frontmatter'
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema'

// The plugin resolves schema paths against the folder remark runs in (the blog): the bench passes it relative.
const schema = process.env.BENCH_PEER_SCHEMA ?? 'front-matter.schema.json'

export default {
  plugins: [
    remarkFrontmatter,
    [remarkLintFrontmatterSchema, { schemas: { [schema]: ['_posts/**/*.md', '_posts/*.md'] } }]
  ]
}
