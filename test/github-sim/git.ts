// The simulated repository's git side: refs, commits, diffs, file contents and merges, answered by and
// performed with the real `git` on a repository on disk. Never edits a working tree it cannot fast-forward.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface GitIdentity {
  name: string
  email: string
  /** Milliseconds since the epoch. */
  time: number
}

export interface GitCommit {
  sha: string
  tree: string
  parents: string[]
  author: GitIdentity
  committer: GitIdentity
  message: string
}

export interface GitDiffEntry {
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed'
  filename: string
  previousFilename?: string
  /** Blob at the head side (at the base side for a removed file). */
  sha: string
  additions: number
  deletions: number
}

export interface GitTreeEntry {
  type: 'blob' | 'tree' | 'commit'
  mode: string
  sha: string
  size: number
  path: string
  name: string
}

export type MergeMethod = 'merge' | 'squash' | 'rebase'

interface RunResult {
  code: number
  stdout: Buffer
  stderr: string
}

const ZERO_SHA = '0000000000000000000000000000000000000000'

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number,
    readonly stderr: string
  ) {
    super(`git ${args.join(' ')} failed (${code}): ${stderr.trim()}`)
    this.name = 'GitError'
  }
}

/** Refuses names git would read as options or that are not valid ref names. */
function safeRef(ref: string): string {
  if (!ref || ref.startsWith('-') || /[\0\s~^:?*[\\]/.test(ref) || ref.includes('..')) {
    throw new GitError(['(ref)', ref], 128, `invalid ref ${JSON.stringify(ref)}`)
  }
  return ref
}

const templates = new Map<string, Promise<string>>()

/**
 * Templates live in one cache directory shared by every process (test workers are killed, not exited, so
 * per-process directories would be left behind); each is built aside and renamed into place atomically.
 */
async function template(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const root = join(tmpdir(), 'github-sim-templates')
  const final = join(root, createHash('sha256').update(key).digest('hex').slice(0, 16))
  if (existsSync(final)) return final
  mkdirSync(root, { recursive: true })
  const building = mkdtempSync(join(root, 'building-'))
  try {
    await build(join(building, 'repo'))
    try {
      renameSync(join(building, 'repo'), final)
    } catch (e) {
      if (!existsSync(final)) throw e
    }
  } finally {
    rmSync(building, { recursive: true, force: true })
  }
  return final
}

export class GitRepo {
  private queue: Promise<unknown> = Promise.resolve()
  private bare = false

  private constructor(readonly path: string) {}

  /**
   * Opens the repository at `path`, creating it (with `files` as its first commit on `defaultBranch`) when
   * the path does not exist or is an empty directory.
   */
  static async open(
    path: string,
    defaultBranch: string,
    files: Record<string, string>,
    at: GitIdentity
  ): Promise<GitRepo> {
    const repo = new GitRepo(path)
    const fresh = !existsSync(path) || readdirSync(path).length === 0
    if (fresh) {
      mkdirSync(path, { recursive: true })
      await repo.git(['init', '-q', '-b', safeRef(defaultBranch)])
    }
    const bare = await repo.git(['rev-parse', '--is-bare-repository'])
    repo.bare = bare.toString().trim() === 'true'
    if (!(await repo.resolve(`refs/heads/${defaultBranch}`))) {
      const any = await repo.git(['for-each-ref', '--count=1', 'refs/heads'])
      if (any.length > 0) throw new Error(`github-sim: ${path} has no branch ${defaultBranch}`)
      await repo.commitFiles(
        defaultBranch,
        Object.keys(files).length ? files : { 'README.md': '# repository\n' },
        'Initial commit',
        at
      )
    }
    return repo
  }

  /**
   * A fresh repository at `path` (which must not exist) with `files` as its first commit, copied from a
   * template built once per process for those contents: starting many simulators costs one `git init`.
   */
  static async fresh(
    path: string,
    defaultBranch: string,
    files: Record<string, string>,
    at: GitIdentity
  ): Promise<GitRepo> {
    const key = JSON.stringify([defaultBranch, files, at.name, at.email])
    let ready = templates.get(key)
    if (!ready) {
      ready = template(key, async dir => {
        await GitRepo.open(dir, defaultBranch, files, at)
      })
      templates.set(key, ready)
    }
    cpSync(await ready, path, { recursive: true })
    return new GitRepo(path)
  }

  private run(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string> } = {}
  ): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['-C', this.path, ...args], {
        env: {
          ...process.env,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          LC_ALL: 'C',
          ...options.env
        },
        stdio: ['pipe', 'pipe', 'pipe']
      })
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (d: Buffer) => out.push(d))
      child.stderr.on('data', (d: Buffer) => err.push(d))
      child.on('error', reject)
      child.on('close', code =>
        resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() })
      )
      // A git command that does not read its input may exit before taking it; that is not an error.
      child.stdin.on('error', () => undefined)
      if (options.input !== undefined) child.stdin.end(options.input)
      else child.stdin.end()
    })
  }

  private async git(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string> } = {}
  ): Promise<Buffer> {
    const r = await this.run(args, options)
    if (r.code !== 0) throw new GitError(args, r.code, r.stderr)
    return r.stdout
  }

  private async text(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string> } = {}
  ): Promise<string> {
    return (await this.git(args, options)).toString()
  }

  /** Runs git writes one at a time, so concurrent requests cannot race on a ref. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }

  private identityEnv(author: GitIdentity, committer: GitIdentity = author): Record<string, string> {
    const date = (ms: number) => `${Math.floor(ms / 1000)} +0000`
    return {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date(author.time),
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: date(committer.time)
    }
  }

  /** The commit a ref (branch, tag, sha, `refs/...`) points at, or null. */
  async resolve(ref: string): Promise<string | null> {
    try {
      safeRef(ref)
    } catch {
      return null
    }
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
    return r.code === 0 ? r.stdout.toString().trim() : null
  }

  async branches(): Promise<Array<{ name: string; sha: string }>> {
    return (await this.refs('refs/heads/')).map(r => ({
      name: r.ref.slice('refs/heads/'.length),
      sha: r.sha
    }))
  }

  /** Refs under a prefix such as `refs/heads/`, sorted by name. */
  async refs(prefix: string): Promise<Array<{ ref: string; sha: string; type: string }>> {
    const out = await this.text([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)',
      safeRef(prefix)
    ])
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref = '', sha = '', type = ''] = line.split('\0')
        return { ref, sha, type }
      })
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
  }

  async isValidBranchName(name: string): Promise<boolean> {
    if (name.startsWith('-')) return false
    return (await this.run(['check-ref-format', '--branch', name])).code === 0
  }

  async createBranch(name: string, sha: string): Promise<void> {
    await this.exclusive(() =>
      this.git(['update-ref', `refs/heads/${safeRef(name)}`, safeRef(sha), ZERO_SHA])
    )
  }

  async createRef(ref: string, sha: string): Promise<void> {
    await this.exclusive(() => this.git(['update-ref', safeRef(ref), safeRef(sha), ZERO_SHA]))
  }

  async deleteRef(ref: string): Promise<void> {
    await this.exclusive(() => this.git(['update-ref', '-d', safeRef(ref)]))
  }

  private async checkedOutBranch(): Promise<string | null> {
    if (this.bare) return null
    const r = await this.run(['symbolic-ref', '-q', 'HEAD'])
    return r.code === 0 ? r.stdout.toString().trim() : null
  }

  /**
   * Moves a branch from `oldSha` (null: unborn) to `newSha`. When it is the branch checked out in a working
   * tree, the tree is fast-forwarded too (as a `git pull` would), unless local changes are in the way.
   */
  private async moveBranch(name: string, newSha: string, oldSha: string | null): Promise<void> {
    const ref = `refs/heads/${name}`
    if ((await this.checkedOutBranch()) === ref) {
      const args = oldSha ? ['read-tree', '-m', '-u', oldSha, newSha] : ['read-tree', '-m', '-u', newSha]
      await this.run(args)
    }
    await this.git(['update-ref', ref, newSha, oldSha ?? ZERO_SHA])
  }

  /**
   * Commits files onto a branch (content string: write; null: delete) without touching the working tree
   * except to fast-forward a checked-out branch. Returns the new commit.
   */
  async commitFiles(
    branch: string,
    files: Record<string, string | null>,
    message: string,
    who: GitIdentity
  ): Promise<string> {
    return this.exclusive(async () => {
      const parent = await this.resolve(`refs/heads/${safeRef(branch)}`)
      const dir = mkdtempSync(join(tmpdir(), 'github-sim-index-'))
      const env = { GIT_INDEX_FILE: join(dir, 'index') }
      try {
        if (parent) await this.git(['read-tree', parent], { env })
        const lines: string[] = []
        for (const [path, content] of Object.entries(files)) {
          if (path.startsWith('/') || path.split('/').includes('..'))
            throw new GitError(['(path)', path], 128, 'invalid path')
          if (content === null) {
            lines.push(`0 ${ZERO_SHA}\t${path}`)
          } else {
            const blob = (await this.text(['hash-object', '-w', '--stdin'], { input: content })).trim()
            lines.push(`100644 ${blob}\t${path}`)
          }
        }
        await this.git(['update-index', '--index-info'], { env, input: lines.join('\n') + '\n' })
        const tree = (await this.text(['write-tree'], { env })).trim()
        const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-']
        const sha = (await this.text(args, { input: message, env: this.identityEnv(who) })).trim()
        await this.moveBranch(branch, sha, parent)
        return sha
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await this.run(['merge-base', safeRef(a), safeRef(b)])
    return r.code === 0 ? r.stdout.toString().trim() : null
  }

  /** Commits in `head` not in `base` (behind: in `base` not in `head`). */
  async aheadBehind(base: string, head: string): Promise<{ ahead: number; behind: number }> {
    const out = await this.text([
      'rev-list',
      '--left-right',
      '--count',
      `${safeRef(base)}...${safeRef(head)}`
    ])
    const [behind = '0', ahead = '0'] = out.trim().split(/\s+/)
    return { ahead: Number(ahead), behind: Number(behind) }
  }

  private parseCommits(out: string): GitCommit[] {
    return out
      .split('\x1e')
      .map(s => s.replace(/^\n/, ''))
      .filter(Boolean)
      .map(record => {
        const [
          sha = '',
          tree = '',
          parents = '',
          an = '',
          ae = '',
          at = '',
          cn = '',
          ce = '',
          ct = '',
          message = ''
        ] = record.split('\0')
        return {
          sha,
          tree,
          parents: parents.split(' ').filter(Boolean),
          author: { name: an, email: ae, time: Number(at) * 1000 },
          committer: { name: cn, email: ce, time: Number(ct) * 1000 },
          message: message.replace(/\n$/, '')
        }
      })
  }

  private static readonly LOG_FORMAT =
    '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B%x1e'

  async commit(ref: string): Promise<GitCommit | null> {
    const sha = await this.resolve(ref)
    if (!sha) return null
    return this.parseCommits(await this.text(['log', '-1', GitRepo.LOG_FORMAT, sha]))[0] ?? null
  }

  /** Commits reachable from `head` but not from `base`, oldest first. */
  async commitsBetween(base: string, head: string): Promise<GitCommit[]> {
    return this.parseCommits(
      await this.text(['log', '--reverse', GitRepo.LOG_FORMAT, `${safeRef(base)}..${safeRef(head)}`])
    )
  }

  /** Files changed from `base` to `head` (both commits), renames detected. */
  async diff(base: string, head: string): Promise<GitDiffEntry[]> {
    const raw = (
      await this.text(['diff', '--raw', '-z', '-M', '--no-abbrev', safeRef(base), safeRef(head)])
    ).split('\0')
    const numstat = (await this.text(['diff', '--numstat', '-z', '-M', safeRef(base), safeRef(head)])).split(
      '\0'
    )
    const entries: GitDiffEntry[] = []
    for (let i = 0; i < raw.length;) {
      const meta = raw[i++]
      if (!meta) continue
      const [, , oldSha = '', newSha = '', statusField = ''] = meta.slice(1).split(' ')
      const code = statusField[0]
      const first = raw[i++] ?? ''
      const second = code === 'R' || code === 'C' ? (raw[i++] ?? '') : undefined
      const status =
        code === 'A'
          ? 'added'
          : code === 'D'
            ? 'removed'
            : code === 'R'
              ? 'renamed'
              : code === 'C'
                ? 'copied'
                : code === 'T'
                  ? 'changed'
                  : 'modified'
      entries.push({
        status,
        filename: second ?? first,
        ...(second !== undefined ? { previousFilename: first } : {}),
        sha: code === 'D' ? oldSha : newSha,
        additions: 0,
        deletions: 0
      })
    }
    let k = 0
    for (let i = 0; i < numstat.length && k < entries.length;) {
      const field = numstat[i++]
      if (!field) continue
      const [add = '0', del = '0', path = ''] = field.split('\t')
      if (path === '') i += 2
      const entry = entries[k++]!
      entry.additions = add === '-' ? 0 : Number(add)
      entry.deletions = del === '-' ? 0 : Number(del)
    }
    return entries
  }

  /** The tree entry at `path` (root: ''), or null. */
  async entry(ref: string, path: string): Promise<GitTreeEntry | null> {
    const sha = await this.resolve(ref)
    if (!sha) return null
    const clean = path.replace(/^\/+|\/+$/g, '')
    if (clean === '') {
      const tree = (await this.text(['rev-parse', `${sha}^{tree}`])).trim()
      return { type: 'tree', mode: '040000', sha: tree, size: 0, path: '', name: '' }
    }
    return (await this.lsTree(sha, clean))[0] ?? null
  }

  /** Entries of the directory at `path` (root: ''). */
  async list(ref: string, path: string): Promise<GitTreeEntry[]> {
    const sha = await this.resolve(ref)
    if (!sha) return []
    const clean = path.replace(/^\/+|\/+$/g, '')
    return this.lsTree(sha, clean === '' ? undefined : `${clean}/`)
  }

  private async lsTree(sha: string, path?: string): Promise<GitTreeEntry[]> {
    return this.lsTreeOf(sha, false, path)
  }

  private async lsTreeOf(sha: string, recursive: boolean, path?: string): Promise<GitTreeEntry[]> {
    const args = ['ls-tree', '-z', '-l', '--full-tree', ...(recursive ? ['-r'] : []), sha, ...(path !== undefined ? ['--', path] : [])]
    return (await this.text(args))
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta = '', p = ''] = line.split('\t')
        const [mode = '', type = '', object = '', size = '-'] = meta.split(/\s+/)
        return {
          type: type as GitTreeEntry['type'],
          mode,
          sha: object,
          size: size === '-' ? 0 : Number(size),
          path: p,
          name: p.slice(p.lastIndexOf('/') + 1)
        }
      })
  }

  /** The unified diff hunks of one file from `base` to `head` (GitHub's `patch`: no header), or undefined for binary. */
  async patch(base: string, head: string, paths: string[]): Promise<string | undefined> {
    const out = await this.text(['diff', '-M', '--no-color', '--no-ext-diff', safeRef(base), safeRef(head), '--', ...paths])
    if (/^Binary files /m.test(out)) return undefined
    const start = out.search(/^@@ /m)
    return start < 0 ? undefined : out.slice(start).replace(/\n$/, '')
  }

  /** Writes a blob; returns its sha. */
  async writeBlob(content: Buffer): Promise<string> {
    return (await this.text(['hash-object', '-w', '--stdin'], { input: content })).trim()
  }

  /** The type of an object (`commit`, `tree`, `blob`, `tag`), or null when there is none. */
  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return null
    const r = await this.run(['cat-file', '-t', sha])
    return r.code === 0 ? r.stdout.toString().trim() : null
  }

  /**
   * A tree: `base` (a tree sha, or none) with `entries` set (a blob sha) or removed (null). Returns the tree's sha.
   */
  async makeTree(base: string | null, entries: Array<{ path: string; mode: string; sha: string | null }>): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'github-sim-index-'))
    const env = { GIT_INDEX_FILE: join(dir, 'index') }
    try {
      if (base) await this.git(['read-tree', safeRef(base)], { env })
      else await this.git(['read-tree', '--empty'], { env })
      const lines = entries.map(e => {
        if (e.path.startsWith('/') || e.path.split('/').includes('..') || e.path.includes('\n'))
          throw new GitError(['(path)', e.path], 128, 'invalid path')
        return e.sha === null ? `0 ${ZERO_SHA}\t${e.path}` : `${e.mode} ${e.sha}\t${e.path}`
      })
      if (lines.length) await this.git(['update-index', '--index-info'], { env, input: lines.join('\n') + '\n' })
      return (await this.text(['write-tree'], { env })).trim()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  /** Entries of a tree (by tree sha), recursively when asked. */
  async treeEntries(tree: string, recursive: boolean): Promise<GitTreeEntry[]> {
    return this.lsTreeOf(tree, recursive)
  }

  /** A commit object of `tree` with `parents`; no ref moves. */
  async commitTree(tree: string, parents: string[], message: string, author: GitIdentity, committer: GitIdentity = author): Promise<string> {
    const args = ['commit-tree', safeRef(tree), ...parents.flatMap(p => ['-p', safeRef(p)]), '-F', '-']
    return (await this.text(args, { input: message, env: this.identityEnv(author, committer) })).trim()
  }

  /** Whether `ancestor` is reachable from `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return (await this.run(['merge-base', '--is-ancestor', safeRef(ancestor), safeRef(descendant)])).code === 0
  }

  /** Points an existing ref at `sha` (a checked-out branch's working tree follows, as on a push). */
  async setRef(ref: string, sha: string, oldSha: string): Promise<void> {
    await this.exclusive(async () => {
      if (ref.startsWith('refs/heads/')) await this.moveBranch(ref.slice('refs/heads/'.length), sha, oldSha)
      else await this.git(['update-ref', safeRef(ref), safeRef(sha), safeRef(oldSha)])
    })
  }

  async blob(sha: string): Promise<Buffer> {
    return this.git(['cat-file', 'blob', safeRef(sha)])
  }

  /**
   * Merges `headSha` into branch `base` the way GitHub's merge button does, without a working tree.
   * Returns null when the two conflict.
   */
  async merge(
    base: string,
    headSha: string,
    method: MergeMethod,
    message: string,
    who: GitIdentity
  ): Promise<string | null> {
    return this.exclusive(async () => {
      const baseSha = await this.resolve(`refs/heads/${safeRef(base)}`)
      if (!baseSha) throw new GitError(['merge'], 128, `no branch ${base}`)
      let result: string
      if (method === 'rebase') {
        const rebased = await this.replay(baseSha, headSha, who)
        if (rebased === null) return null
        result = rebased
      } else {
        const tree = await this.mergeTree(baseSha, headSha)
        if (tree === null) return null
        const parents = method === 'merge' ? ['-p', baseSha, '-p', headSha] : ['-p', baseSha]
        result = (
          await this.text(['commit-tree', tree, ...parents, '-F', '-'], {
            input: message,
            env: this.identityEnv(who)
          })
        ).trim()
      }
      await this.moveBranch(base, result, baseSha)
      return result
    })
  }

  /** Whether `head` merges into `base` without conflicts. */
  async canMerge(base: string, head: string): Promise<boolean> {
    return (await this.mergeTree(safeRef(base), safeRef(head))) !== null
  }

  /** The tree of merging `a` and `b`, or null on conflict. */
  private async mergeTree(a: string, b: string): Promise<string | null> {
    const r = await this.run(['merge-tree', '--write-tree', '--no-messages', a, b])
    if (r.code === 1) return null
    if (r.code !== 0) throw new GitError(['merge-tree', a, b], r.code, r.stderr)
    return r.stdout.toString().split('\n')[0]!.trim()
  }

  /** Replays the commits of `head` not in `onto` on top of it, keeping their authors (GitHub's rebase merge). */
  private async replay(onto: string, head: string, who: GitIdentity): Promise<string | null> {
    const mergeBase = await this.mergeBase(onto, head)
    const commits = (await this.commitsBetween(mergeBase ?? onto, head)).filter(c => c.parents.length === 1)
    let tip = onto
    for (const c of commits) {
      const tree = await this.cherryPickTree(tip, c)
      if (tree === null) return null
      const env = this.identityEnv(c.author, who)
      tip = (await this.text(['commit-tree', tree, '-p', tip, '-F', '-'], { input: c.message, env })).trim()
    }
    return tip
  }

  /** Applies the change of `commit` (relative to its parent) to `onto`'s tree; null on conflict. */
  private async cherryPickTree(onto: string, commit: GitCommit): Promise<string | null> {
    const patch = await this.git(['diff', '--binary', '--full-index', commit.parents[0]!, commit.sha])
    const dir = mkdtempSync(join(tmpdir(), 'github-sim-index-'))
    const env = { GIT_INDEX_FILE: join(dir, 'index') }
    try {
      await this.git(['read-tree', onto], { env })
      const applied = await this.run(['apply', '--cached', '--3way', '-'], { input: patch, env })
      if (applied.code !== 0) return null
      return (await this.text(['write-tree'], { env })).trim()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
