// Prints the README's reliability figures table from the soak's figure files (`npx tsx test/reliability/table.ts`
// after `npm run test:soak`). Reads only; a missing file is named, never guessed.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ScenarioFigures } from './convergence.js'
import { REPORT_DIR } from './figures.js'
import type { HostileFigures } from './hostile.js'
import type { RaceFigures } from './race.js'

function read<T>(name: string): T {
  const file = join(REPORT_DIR, `${name}.json`)
  if (!existsSync(file)) {
    process.stderr.write(`no ${file}: run npm run test:soak first\n`)
    process.exit(1)
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** A convergence half's figures, and whether its property failed (soak.ts adds it). */
type Convergence = ScenarioFigures & { failed: boolean }

const halves = [read<Convergence>('convergence-soak-a'), read<Convergence>('convergence-soak-b')]
const sum = (f: (c: Convergence) => number) => halves.reduce((n, c) => n + f(c), 0)
const events: Record<string, number> = {}
for (const h of halves) for (const [k, v] of Object.entries(h.events)) events[k] = (events[k] ?? 0) + v
const hostile = read<HostileFigures>('hostile-soak')
const race = read<RaceFigures>('concurrency-soak')
const n = (x: number) => Math.round(x).toLocaleString('en-US')
const failures = halves.filter(h => h.failed).length + (race.healed < race.transientDuplicates ? 1 : 0)

const rows: Array<[string, string]> = [
  [
    'convergence scenarios (generated, in-process against the simulator)',
    `${n(sum(c => c.scenarios))}: ${n(sum(c => c.steps))} steps, ${n(sum(c => c.runs))} runs`
  ],
  [
    'events sent',
    Object.entries(events)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')
  ],
  [
    'faults scripted / requests a fault hit / runs killed after N writes',
    `${n(sum(c => c.faultsInjected))} / ${n(sum(c => c.faultsFired))} / ${n(sum(c => c.kills))}`
  ],
  ['faulty runs that failed or died (each repaired by one clean rerun)', n(sum(c => c.failedRuns))],
  ['task issues created along the way', n(sum(c => c.issuesCreated))],
  [
    'with GITHUB_TOKEN: pull requests merged (scenarios) / task issues another workflow closed (scenarios)',
    `${n(sum(c => c.botMerges ?? 0))} (${n(sum(c => c.scenariosWithBotMerges ?? 0))}) / ${n(sum(c => c.workflowCloses ?? 0))} (${n(sum(c => c.scenariosWithWorkflowCloses ?? 0))})`
  ],
  [
    'races (a push and the schedule at once): transient duplicates / closed by the next run',
    `${n(race.rounds)} races: ${n(race.transientDuplicates)} / ${n(race.healed)}`
  ],
  [
    'hostile posts, one by one / blogs mixing them with good posts',
    `${n(hostile.inputs)} (${Object.keys(hostile.byKind).length} kinds) / ${n(hostile.mixedBlogs)}`
  ],
  [
    'hostile posts that owe a finding (an error where Jekyll cannot read them as written), each given it',
    n(hostile.badPostsFlagged)
  ],
  [
    'slowest post, check + tasks plan: CPU (wall clock; 2 cores shared with the other soak files)',
    `${n(hostile.maxCpuMs)} ms (${n(hostile.maxMs)} ms): ${hostile.slowest}`
  ],
  ['failures', String(failures)]
]
process.stdout.write(
  [
    '| figure (`npm run test:soak`) | value |',
    '| --- | --- |',
    ...rows.map(([a, b]) => `| ${a} | ${b} |`)
  ].join('\n') + '\n'
)
