import { defineConfig } from 'vitest/config'

// The long reliability profile (`npm run test:soak`): at least 1,000 convergence scenarios and 10,000 hostile posts.
export default defineConfig({
  test: {
    include: ['test/reliability/*.soak.test.ts'],
    testTimeout: 4 * 3_600_000,
    hookTimeout: 600_000,
    pool: 'forks'
  }
})
