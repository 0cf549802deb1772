// The same engine on a laptop or in a pre-commit hook: `jekyll-post-ops check [DIR]` prints findings as
// `path:line:col severity rule message` (or JSON), `--fix` applies the fixes that are certain, nothing else;
// `plan` prints the task plan and `weekly` the week's review, both offline unless told otherwise.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { isWithin } from './blog/boundary.js'
import { applyFixes, encodeForDisk } from './blog/fix.js'
import { ClockError, nowFrom } from './clock.js'
import { createClient } from './github/client.js'
import { checkReport, runCheck } from './jobs/check.js'
import { planCommand } from './jobs/plan-command.js'
import { weeklyOffline } from './jobs/weekly.js'
import { formatLine } from './report.js'
import { readSettings, SettingsError } from './settings.js'

const USAGE = `Usage:
  jekyll-post-ops check [DIR] [--format text|json] [--fix] [--fail-on error|warning|never]
                        [--severity rule=level,...] [--schema FILE] [--timezone ZONE]
  jekyll-post-ops plan [DIR] [--format text|json] [--repo owner/name] [--since 14d] [--label task]
                       [--blog-path PATH] [--timezone ZONE]
  Without --repo: the task issues the posts ask for (offline). With --repo: the full plan against GitHub,
  read with GITHUB_TOKEN (GITHUB_API_URL for GitHub Enterprise); nothing is written.
  jekyll-post-ops weekly [DIR] [--format text|json] [--timezone ZONE] [--weekly-start monday]
                         [--weekly-title TEMPLATE] [--week-pattern REGEX]
  The review of the week that just ended, as the weekly job writes it, from the posts alone (offline): issue
  numbers and the closes only GitHub knows (merged pull requests, people) are marked unknown.

  DIR defaults to the current folder (the blog, where _config.yml is).
  Exit status: 0 clean, 1 findings at or above --fail-on (default error), 2 bad usage.
  JEKYLL_POST_OPS_NOW=<ISO instant> fixes the clock (for reproducible runs).`

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void
): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE)
    return command === undefined ? 2 : 0
  }
  if (command === 'plan') return plan(rest, env, out)
  if (command === 'weekly') return weekly(rest, env, out)
  if (command !== 'check') {
    out(`Unknown command '${command}'.\n\n${USAGE}`)
    return 2
  }
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean', default: false },
        'fail-on': { type: 'string', default: 'error' },
        severity: { type: 'string', default: '' },
        schema: { type: 'string', default: '' },
        timezone: { type: 'string', default: '' }
      }
    })
  } catch (error) {
    out(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.format !== 'text' && values.format !== 'json') {
    out(`--format must be text or json, not '${values.format}'.`)
    return 2
  }
  try {
    const settings = readSettings(name => {
      if (name === 'fail-on') return values['fail-on'] ?? ''
      if (name === 'severity') return values.severity ?? ''
      if (name === 'timezone') return values.timezone ?? ''
      return ''
    })
    const root = resolve(positionals[0] ?? '.')
    // The trust boundary of a local run: the current folder, or the blog's own folder when it is elsewhere.
    const cwd = process.cwd()
    const workspace = isWithin(cwd, root) ? cwd : root
    const now = nowFrom(env)
    const check = () =>
      runCheck({
        root,
        now,
        severity: settings.severity,
        schemaPath: values.schema ? resolve(values.schema) : undefined,
        workspace,
        timezone: settings.timezone || undefined
      })
    let result = check()
    if (values.fix) {
      let applied = 0
      for (const post of result.posts) {
        const fixes = result.diagnostics.filter(d => d.file === post.file.path && d.fix)
        if (fixes.length === 0) continue
        const fixed = applyFixes(post.file, fixes)
        if (fixed.applied === 0) continue
        const path = join(root, post.file.path)
        const before = readFileSync(path)
        const after = encodeForDisk(post.file, fixed.text)
        if (!before.equals(after)) writeFileSync(path, after)
        applied += fixed.applied
      }
      if (values.format === 'text') out(`Applied ${applied} fix${applied === 1 ? '' : 'es'}.`)
      if (applied > 0) {
        // Read again after the fixes: what is left is what the author still has to do.
        result = check()
      }
    }
    if (values.format === 'json') out(JSON.stringify(checkReport(result, result.diagnostics), null, 2))
    else {
      for (const d of result.diagnostics) out(formatLine(d))
      const { errors, warnings } = result.counts
      const notBuilt = result.posts.filter(p => !p.jekyll.built).length
      out(
        `${result.posts.length} posts, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` +
          (notBuilt ? `; Jekyll will not build ${notBuilt} of them.` : '.')
      )
    }
    const { errors, warnings } = result.counts
    const failing =
      settings.failOn === 'error' ? errors : settings.failOn === 'warning' ? errors + warnings : 0
    return failing > 0 ? 1 : 0
  } catch (error) {
    if (error instanceof SettingsError || error instanceof ClockError) {
      out(error.message.replace(/^Input '([^']+)'/, '--$1'))
      return 2
    }
    throw error
  }
}

/** A command's `--name value` options (all strings), `--format` checked; a usage error is printed and gives 2. */
function commandArgs<N extends string>(
  args: string[],
  names: readonly N[],
  out: (text: string) => void
): { values: Partial<Record<N, string>>; dir: string; format: 'text' | 'json' } | number {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: Object.fromEntries(names.map(n => [n, { type: 'string' as const }]))
    })
  } catch (error) {
    out(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const values = parsed.values as Partial<Record<N, string>>
  const format = (values as Record<string, string | undefined>).format ?? 'text'
  if (format !== 'text' && format !== 'json') {
    out(`--format must be text or json, not '${format}'.`)
    return 2
  }
  return { values, dir: resolve(parsed.positionals[0] ?? '.'), format }
}

/** A bad option value or clock is the user's to fix: its message (naming the flag) and exit status 2. */
function usageError(error: unknown, out: (text: string) => void): number {
  if (error instanceof SettingsError || error instanceof ClockError) {
    out(error.message.replace(/^Input '([^']+)'/, '--$1'))
    return 2
  }
  throw error
}

async function plan(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<number> {
  const names = ['format', 'repo', 'since', 'label', 'blog-path', 'timezone'] as const
  const cmd = commandArgs(args, names, out)
  if (typeof cmd === 'number') return cmd
  const { values } = cmd
  const repo = values.repo?.split('/')
  if (repo && (repo.length !== 2 || !repo[0] || !repo[1])) {
    out(`--repo must be owner/name, not '${values.repo}'.`)
    return 2
  }
  if (repo && !env.GITHUB_TOKEN) {
    out("--repo reads GitHub: set GITHUB_TOKEN (a token that can read the repository's issues).")
    return 2
  }
  try {
    const settings = readSettings(name =>
      (names as readonly string[]).includes(name) ? (values[name as (typeof names)[number]] ?? '') : ''
    )
    const result = await planCommand({
      root: cmd.dir,
      now: nowFrom(env),
      settings,
      github: repo
        ? {
            client: createClient(env.GITHUB_TOKEN!, { log: line => process.stderr.write(line + '\n') }),
            repo: { owner: repo[0]!, repo: repo[1]! },
            serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
          }
        : undefined
    })
    out(cmd.format === 'json' ? JSON.stringify(result.json, null, 2) : result.text)
    return 0
  } catch (error) {
    return usageError(error, out)
  }
}

async function weekly(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<number> {
  const names = ['format', 'timezone', 'weekly-start', 'weekly-title', 'week-pattern'] as const
  const cmd = commandArgs(args, names, out)
  if (typeof cmd === 'number') return cmd
  try {
    const settings = readSettings(name =>
      (names as readonly string[]).includes(name) ? (cmd.values[name as (typeof names)[number]] ?? '') : ''
    )
    const { review, body } = weeklyOffline(cmd.dir, nowFrom(env), settings)
    out(cmd.format === 'json' ? JSON.stringify({ ...review, body }, null, 2) : `# ${review.title}\n\n${body}`)
    return 0
  } catch (error) {
    return usageError(error, out)
  }
}

/** True when this file is the program (also through npm's bin symlink, as npx and npm link start it). */
function isEntry(): boolean {
  if (process.argv[1] === undefined) return false
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}
if (isEntry()) {
  main(process.argv.slice(2), process.env, text => process.stdout.write(text + '\n')).then(
    code => {
      process.exitCode = code
    },
    (error: Error) => {
      process.stderr.write(`jekyll-post-ops: internal error: ${error.message}\n`)
      process.exitCode = 3
    }
  )
}
