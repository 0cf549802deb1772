// The one clock of a run. On GitHub it is the real time; tests set JEKYLL_POST_OPS_NOW (an ISO 8601 instant)
// so that "today", "future" and "14 days ago" are reproducible. Read once by main.ts/cli.ts, passed down.

export const CLOCK_ENV = 'JEKYLL_POST_OPS_NOW'

export class ClockError extends Error {}

/** The instant the run happens at: JEKYLL_POST_OPS_NOW when set (for tests), else the real time. */
export function nowFrom(env: Record<string, string | undefined>, real: () => number = Date.now): number {
  const fixed = env[CLOCK_ENV]
  if (fixed === undefined || fixed === '') return real()
  const at = Date.parse(fixed)
  if (Number.isNaN(at)) throw new ClockError(`${CLOCK_ENV}='${fixed}' is not an ISO 8601 instant such as 2026-11-28T09:00:00+09:00`)
  return at
}
