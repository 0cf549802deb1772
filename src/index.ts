// Entry point of dist/index.js, the file GitHub runs: start the action, nothing else.
import { run } from './main.js'

await run()
