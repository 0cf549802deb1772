// The trust-boundary e2e tests' material: a file outside the workspace holding a secret, the example blog in a git
// checkout changed as a pull request would bring it, a check run, and what its log says. Test code only.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git, makeWorkspace, runAction, type ActionRun } from './harness.js'

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'blog')
export const NOW = '2026-11-28T09:00:00+09:00'
export const SECRET = 'Zq9SECRETx'

/** A file outside the workspace, as /proc/self/environ or the runner's own files would be. */
export function outsideFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jpo-outside-'))
  writeFileSync(join(dir, 'outside.txt'), `${SECRET} ${SECRET}\n`)
  writeFileSync(join(dir, '2026-11-27-stolen.md'), `---\ntitle: ${SECRET}\n---\n- [ ] ${SECRET}\n`)
  return dir
}

/** The example blog in a git checkout, changed by `edit` and committed, as a pull request would bring it. */
export function workspace(edit: (path: string) => void): string {
  const { path } = makeWorkspace(EXAMPLE)
  edit(path)
  git(path, 'add', '-A')
  git(path, 'commit', '-q', '--allow-empty', '-m', 'change')
  return path
}

export const run = (ws: string, inputs: Record<string, string> = {}): Promise<ActionRun> =>
  runAction({
    workspace: ws,
    event: { name: 'workflow_dispatch', payload: {} },
    inputs: { jobs: 'check', ...inputs },
    now: NOW
  })

export function config(path: string, text: string): void {
  mkdirSync(join(path, '.github'), { recursive: true })
  writeFileSync(join(path, '.github', 'jekyll-post-ops.yml'), text)
}

export const everything = (r: ActionRun) =>
  r.stdout + r.stderr + r.summary + JSON.stringify(r.outputs) + JSON.stringify(r.report ?? '')

/** The lines of the log that say something was refused (the annotation and any plain line alike). */
export const refusals = (r: ActionRun) =>
  r.stdout
    .split('\n')
    .filter(line =>
      /leaves the repository|symbolic link to outside the repository|is a URL; a schema is never fetched/.test(
        line
      )
    )
