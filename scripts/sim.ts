// Starts the GitHub simulator standalone (`npx tsx scripts/sim.ts --port N [--seed FILE] [--time-scale X]`)
// and prints the environment a step needs to talk to it, one VAR=value per line. Never touches real GitHub.
import { parseArgs } from 'node:util'
import { loadSeed, startSimulator } from '../test/github-sim/index.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string' },
    'time-scale': { type: 'string' },
    'keep-repo': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' }
  }
})

if (values.help) {
  console.log('usage: npx tsx scripts/sim.ts [--port N] [--seed FILE] [--time-scale X] [--keep-repo]')
  console.log(
    'Starts the GitHub simulator on 127.0.0.1 and prints GITHUB_API_URL, GITHUB_GRAPHQL_URL, GITHUB_REPOSITORY,'
  )
  console.log(
    'GITHUB_TOKEN, PROJECT_TOKEN, PROJECT_URL and GITHUB_WORKSPACE; stops on SIGINT/SIGTERM, removing a repository'
  )
  console.log('it created unless --keep-repo.')
  console.log(
    'Inspect it over HTTP: GET /_sim/state, GET /_sim/requests, POST /_sim/faults, POST /_sim/clock.'
  )
  process.exit(0)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`sim: --port must be a port number, got ${values.port}`)
  process.exit(2)
}
const scale = values['time-scale'] === undefined ? undefined : Number(values['time-scale'])
if (scale !== undefined && !(scale > 0)) {
  console.error(`sim: --time-scale must be a positive number, got ${values['time-scale']}`)
  process.exit(2)
}

const sim = await startSimulator({
  port,
  seed: values.seed ? loadSeed(values.seed) : undefined,
  realTimeScale: scale,
  keepRepo: values['keep-repo']
})
const env = sim.env()
for (const key of [
  'GITHUB_API_URL',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_TOKEN',
  'PROJECT_TOKEN',
  'PROJECT_URL',
  'GITHUB_WORKSPACE'
]) {
  if (env[key] !== undefined) console.log(`${key}=${env[key]}`)
}

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  console.error(`sim: ${signal}, stopping`)
  sim.close().then(
    () => process.exit(0),
    err => {
      console.error(err)
      process.exit(1)
    }
  )
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
