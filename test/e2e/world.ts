// The world the action runs in for the e2e files, the demo and the benchmark: a blog checkout, a simulated GitHub
// for it and one clock both agree on; events as GitHub sends them. Decides nothing a test asserts.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { ScaledClock, startSimulator, type Simulator, type SimulatorOptions } from '../github-sim/index.js'
import { git, makeWorkspace, runAction, type ActionRun, type RunOptions } from './harness.js'

/** The repository of every payload: octo/blog, default branch main. */
export const REPOSITORY = {
  name: 'blog',
  full_name: 'octo/blog',
  owner: { login: 'octo' },
  default_branch: 'main'
}

export type Payload = Record<string, unknown>

/** What a world is made of; a subclass's constructor takes it whole. */
export interface WorldParts {
  sim: Simulator
  clock: ScaledClock
  workspace: string
  head: string
  scale: number
}

/** A folder with `_config.yml` copied from `config` and `_posts/` holding `posts` (file names in `postsDir`). */
export function blogSource(
  config: string,
  postsDir: string,
  posts: readonly string[] = [],
  prefix = 'jpo-blog-'
): string {
  const source = mkdtempSync(join(tmpdir(), prefix))
  copyFileSync(config, join(source, '_config.yml'))
  mkdirSync(join(source, '_posts'))
  for (const post of posts) copyFileSync(join(postsDir, post), join(source, '_posts', post))
  return source
}

export class BlogWorld {
  readonly sim: Simulator
  readonly clock: ScaledClock
  readonly workspace: string
  readonly scale: number
  /** The commit the last push event was about (its `after`). */
  protected pushed: string

  protected constructor(parts: WorldParts) {
    this.sim = parts.sim
    this.clock = parts.clock
    this.workspace = parts.workspace
    this.pushed = parts.head
    this.scale = parts.scale
  }

  /** The checkout of `source` in git, a simulator on a clock starting at `now` and running `scale` times faster. */
  static async parts(
    source: string,
    options: {
      now: string | number
      scale: number
      /** The simulator's options (its seed), or a function of the checkout's path (a seed that hosts it). */
      sim?: Omit<SimulatorOptions, 'now'> | ((workspace: string) => Omit<SimulatorOptions, 'now'>)
    }
  ): Promise<WorldParts> {
    const { path, head } = makeWorkspace(source)
    const clock = new ScaledClock(options.now, options.scale)
    const simOptions = typeof options.sim === 'function' ? options.sim(path) : options.sim
    const sim = await startSimulator({ ...simOptions, now: () => clock.now() })
    return { sim, clock, workspace: path, head, scale: options.scale }
  }

  /** Moves the clock of the run and of the simulator to `instant` (never backwards). */
  at(instant: string | number): void {
    this.clock.at(instant)
  }

  /** Copies `file` from `dir` into `_posts/` and commits it, as a push would bring it. */
  commitPost(file: string, dir: string): void {
    copyFileSync(join(dir, file), join(this.workspace, '_posts', file))
    this.commitAll(`post ${file}`)
  }

  /** Writes `text` at `path` of the checkout and commits it. */
  commitFile(path: string, text: string): void {
    mkdirSync(dirname(join(this.workspace, path)), { recursive: true })
    writeFileSync(join(this.workspace, path), text)
    this.commitAll(`add ${path}`)
  }

  commitAll(message: string): void {
    git(this.workspace, 'add', '-A')
    git(this.workspace, 'commit', '-q', '-m', message)
  }

  /** The push event to main for what was committed since the last one (moves `head`). */
  pushPayload(): Payload {
    const before = this.pushed
    this.pushed = git(this.workspace, 'rev-parse', 'HEAD')
    return {
      ref: 'refs/heads/main',
      before,
      after: this.pushed,
      created: false,
      deleted: false,
      repository: REPOSITORY,
      pusher: { name: 'octo' },
      sender: { login: 'octo' }
    }
  }

  /** dist/index.js on `event` against the simulator, at the clock's instant unless `now` says; requests reset first. */
  runEvent(
    name: string,
    payload: Payload,
    inputs: Record<string, string>,
    options: Partial<Pick<RunOptions, 'now' | 'timeScale' | 'sha' | 'entry' | 'env'>> = {}
  ): Promise<ActionRun> {
    this.sim.resetRequests()
    return runAction({
      workspace: this.workspace,
      event: { name, payload },
      inputs,
      repository: 'octo/blog',
      apiUrl: this.sim.apiUrl,
      graphqlUrl: this.sim.graphqlUrl,
      now: options.now ?? this.clock.iso(),
      timeScale: options.timeScale ?? this.scale,
      sha: options.sha ?? this.pushed,
      ...(options.entry ? { entry: options.entry } : {}),
      ...(options.env ? { env: options.env } : {})
    })
  }

  close(): Promise<void> {
    return this.sim.close()
  }
}
