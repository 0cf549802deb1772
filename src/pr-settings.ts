// Where the settings come from: the workspace's configuration file, or on a pull request the configuration file and
// the schema files as they are at the base commit (contents API). Never lets a pull request decide how it is judged.
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, posix, relative, resolve, sep } from 'node:path'
import { refusalLine, resolveInside } from './blog/boundary.js'
import { diskReader, parseSchemaText, refFiles } from './blog/schema-file.js'
import type { WorkflowEvent } from './event.js'
import type { GitHubClient } from './github/client.js'
import { readConfigFile, readConfigText } from './config-file.js'
import { SettingsError, type Settings } from './settings.js'

export interface SettingsSource {
  settings: Settings
  /** On a pull request, the schema files at the base commit (repository path -> text, undefined: none there). */
  baseFiles?: Map<string, string | undefined>
  /** The one notice when a pull request changes the configuration file or the schema. */
  notice?: string
  /** The summary's line on where the settings came from (pull requests only). */
  note?: string
}

/** At most this many files are read through a schema's `$ref`s at the base commit. */
const MAX_SCHEMA_FILES = 100

/**
 * The settings of this run. `settingsOf` turns the configuration file's values into Settings (the workflow's inputs
 * win). On a pull request both the file and the schema it names are the base commit's; elsewhere the workspace's.
 */
export async function settingsSource(
  workspace: string,
  configPath: string,
  event: WorkflowEvent,
  client: GitHubClient | undefined,
  settingsOf: (values: Record<string, string>) => Settings
): Promise<SettingsSource> {
  const local = resolveInside(workspace, configPath)
  if (local.kind === 'outside')
    throw new SettingsError('config-file', refusalLine(`'${configPath}'`, local.rule))
  if (event.trigger.kind !== 'pull_request') {
    return { settings: settingsOf(local.kind === 'inside' ? readConfigFile(local.path, configPath) : {}) }
  }
  const base = event.trigger.baseSha
  if (!client || !event.repo || !base) {
    // The pull request's own schema is not used either: with nothing to read the base commit with, none applies.
    const settings = settingsOf({})
    return {
      settings: { ...settings, schema: '' },
      note: `Settings: defaults and the workflow's inputs only${settings.schema ? ', without the schema' : ''}. On a pull request \`${configPath}\` and the schema are read at the base commit, and this run has no token or base commit to read them with.`
    }
  }
  const { fileAt } = await import('./github/contents.js')
  const repo = event.repo
  const short = base.slice(0, 7)
  const text = await fileAt(client, repo, configPath, base)
  const mine =
    local.kind === 'inside' && existsSync(local.path) ? readFileSync(local.path, 'utf8') : undefined
  const changed = mine === text ? [] : [configPath]
  const settings = settingsOf(text === undefined ? {} : readConfigText(text, `${configPath} at ${short}`))

  let baseFiles: Map<string, string | undefined> | undefined
  const schema = repositoryPath(workspace, settings.schema)
  if (schema !== undefined) {
    baseFiles = new Map()
    const queue = [schema]
    while (queue.length > 0 && baseFiles.size < MAX_SCHEMA_FILES) {
      const path = queue.shift()!
      if (baseFiles.has(path)) continue
      const at = await fileAt(client, repo, path, base)
      baseFiles.set(path, at)
      if (at === undefined) continue
      try {
        queue.push(...refFiles(parseSchemaText(at, path), path))
      } catch {
        // Not usable: the check says why, in one line, when it reads the same text.
      }
    }
    const disk = diskReader(workspace)
    for (const [path, at] of baseFiles) {
      const here = disk(path)
      if ((here.kind === 'text' ? here.text : undefined) !== at) changed.push(path)
    }
  }
  const notice =
    changed.length === 0
      ? undefined
      : `This pull request changes ${listed(changed)}: the new settings apply after merge; this check uses the base commit's (${short}).`
  const where = `\`${configPath}\`${text === undefined ? ' (none there: defaults)' : ''}${schema === undefined ? '' : ` and the schema \`${schema}\``}`
  const note =
    changed.length === 0
      ? `Settings: ${where} as it is at the base commit ${short}; a pull request's own settings apply after merge.`
      : `Settings: this pull request changes ${listed(changed.map(c => `\`${c}\``))}; the new settings apply after merge. This check used ${where} as at the base commit ${short}.`
  return { settings, ...(baseFiles ? { baseFiles } : {}), notice, note }
}

/** `schema` as a repository path, or undefined when there is none or it leaves the repository (the check refuses). */
function repositoryPath(workspace: string, schema: string): string | undefined {
  if (schema === '') return undefined
  const rel = isAbsolute(schema) ? relative(resolve(workspace), schema) : schema
  const path = posix.normalize(rel.split(sep).join('/'))
  if (path === '..' || path.startsWith('../') || isAbsolute(path)) return undefined
  return path
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
