// Preloaded (`node --import`) into the peer's process: on exit, writes the process's CPU and wall time since start
// to the file named by BENCH_CPU_REPORT. Bench only; changes nothing the peer does.
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import process from 'node:process'

const file = process.env.BENCH_CPU_REPORT
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage()
    writeFileSync(file, JSON.stringify({ cpuMs: (user + system) / 1000, ms: performance.now() }))
  })
}
