// The trust boundary on disk, end to end (dist/index.js under Node 24, the runner's environment): a path the
// repository controls never reaches a file outside the workspace, and no message quotes a byte of such a file.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { git, makeWorkspace, runAction, type ActionRun } from './harness.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
const NOW = '2026-11-28T09:00:00+09:00'
const SECRET = 'Zq9SECRETx'

/** A file outside the workspace, as /proc/self/environ or the runner's own files would be. */
function outsideFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jpo-outside-'))
  writeFileSync(join(dir, 'outside.txt'), `${SECRET} ${SECRET}\n`)
  writeFileSync(join(dir, '2026-11-27-stolen.md'), `---\ntitle: ${SECRET}\n---\n- [ ] ${SECRET}\n`)
  return dir
}

/** The example blog in a git checkout, changed by `edit` and committed, as a pull request would bring it. */
function workspace(edit: (path: string) => void): string {
  const { path } = makeWorkspace(EXAMPLE)
  edit(path)
  git(path, 'add', '-A')
  git(path, 'commit', '-q', '-m', 'change')
  return path
}

const run = (ws: string): Promise<ActionRun> =>
  runAction({ workspace: ws, event: { name: 'workflow_dispatch', payload: {} }, inputs: { jobs: 'check' }, now: NOW })

function config(path: string, text: string): void {
  mkdirSync(join(path, '.github'), { recursive: true })
  writeFileSync(join(path, '.github', 'jekyll-post-ops.yml'), text)
}

const everything = (r: ActionRun) => r.stdout + r.stderr + r.summary + JSON.stringify(r.outputs)

describe('paths the repository controls stay inside the workspace', () => {
  it("refuses `schema: ../…` with one line naming the input and the rule, and quotes nothing of the file", async () => {
    const outside = outsideFile()
    const ws = workspace(path => config(path, `schema: ../${basename(outside)}/outside.txt\n`))
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toMatch(/::error::check: Input 'schema': '[^']*outside\.txt' leaves the repository; nothing outside the repository is read\./)
    expect(everything(r)).not.toContain(SECRET)
  })

  it('refuses a schema that is a symbolic link to a file outside the workspace', async () => {
    const outside = outsideFile()
    const ws = workspace(path => {
      symlinkSync(join(outside, 'outside.txt'), join(path, 's.json'))
      config(path, 'schema: s.json\n')
    })
    const r = await run(ws)
    expect(r.stdout).toContain(
      "::error::check: Input 'schema': 's.json' is a symbolic link to outside the repository; nothing outside the repository is read."
    )
    expect(everything(r)).not.toContain(SECRET)
  })

  it('refuses a configuration file that is a symbolic link out of the workspace (nothing of it applies)', async () => {
    const outside = outsideFile()
    const ws = workspace(path => {
      mkdirSync(join(path, '.github'))
      symlinkSync(join(outside, 'outside.txt'), join(path, '.github', 'jekyll-post-ops.yml'))
    })
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain(
      "::error::Input 'config-file': '.github/jekyll-post-ops.yml' is a symbolic link to outside the repository; nothing outside the repository is read."
    )
    expect(everything(r)).not.toContain(SECRET)
  })

  it('refuses a blog-path that leaves the workspace', async () => {
    const ws = workspace(path => config(path, 'blog-path: ../..\n'))
    const r = await run(ws)
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain("::error::Input 'blog-path': '../..' leaves the repository")
  })

  it('reports a symbolic link under _posts that leaves the repository as a finding, and reads nothing behind it', async () => {
    const outside = outsideFile()
    const ws = workspace(path => symlinkSync(join(outside, '2026-11-27-stolen.md'), join(path, '_posts', '2026-11-27-stolen.md')))
    const r = await run(ws)
    const finding = r.annotations.find(a => a.title === 'file/outside-repository')
    expect(finding?.file).toBe('_posts/2026-11-27-stolen.md')
    expect(finding?.message).toContain('is a symbolic link to outside the repository')
    expect(everything(r)).not.toContain(SECRET)
    // The other posts are checked as before.
    expect(r.annotations.some(a => a.title === 'tags/lowercase')).toBe(true)
  })

  it('names the line of a schema in the workspace that is not JSON, without quoting it', async () => {
    const ws = workspace(path => {
      writeFileSync(join(path, 'broken.json'), `{\n  "type": "object",\n  ${SECRET}\n}\n`)
      config(path, 'schema: broken.json\n')
    })
    const r = await run(ws)
    expect(r.stdout).toMatch(/::error::check: Input 'schema': 'broken\.json'( line 3)? is not valid JSON/)
    expect(everything(r)).not.toContain(SECRET)
  })
})
