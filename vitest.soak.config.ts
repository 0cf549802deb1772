import { defineConfig } from 'vitest/config'

// The long reliability profile (`npm run test:soak`): at least 1,000 convergence scenarios and 10,000 hostile posts.
export default defineConfig({
  test: {
    include: ['test/reliability/*.soak.test.ts'],
    testTimeout: 4 * 3_600_000,
    hookTimeout: 600_000,
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // The two convergence halves wait on git and loopback HTTP about half the time: run every file at once.
    maxWorkers: 4,
    fileParallelism: true
  }
})
