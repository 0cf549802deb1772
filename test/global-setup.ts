// Every test process writes its temporary blogs, workspaces and simulator repositories under one folder of its own,
// removed when the run ends: a test run leaves nothing behind in the system's temporary folder (it used to leave
// about 1.5 GB of `jpo-*` folders a day of runs). The reliability figures are kept where figures.ts says.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const systemTemp = tmpdir()
  process.env.RELIABILITY_REPORT_DIR ||= join(systemTemp, 'jekyll-post-ops-reliability')
  const own = mkdtempSync(join(systemTemp, 'jpo-test-run-'))
  process.env.TMPDIR = own
  return () => {
    if (process.env.JPO_KEEP_TEMP) process.stdout.write(`temporary files kept in ${own}\n`)
    else rmSync(own, { recursive: true, force: true })
  }
}
