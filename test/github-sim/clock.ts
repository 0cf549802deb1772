// The simulator's clock: the time every timestamp, rate-limit window and retry-after is measured on.
// Never sleeps and never reads real time except to let simulated time run (optionally faster than real).

export interface SimClock {
  /** Simulated milliseconds since the epoch. */
  now(): number
  /** Moves simulated time forward (never backward). */
  advance(ms: number): void
}

export interface ClockOptions {
  /** Base time source; defaults to real time, running `realTimeScale` times faster from the start. */
  now?: () => number
  /** How much faster than real time the clock runs (1000: one real millisecond is one simulated second). */
  realTimeScale?: number
}

export function createClock(options: ClockOptions = {}): SimClock {
  const scale = options.realTimeScale ?? 1
  if (!(scale > 0)) throw new Error(`github-sim: realTimeScale must be > 0, got ${scale}`)
  const realStart = Date.now()
  const base = options.now ?? (() => realStart + (Date.now() - realStart) * scale)
  let offset = 0
  return {
    now: () => base() + offset,
    advance(ms: number) {
      if (!(ms >= 0)) throw new Error(`github-sim: clock.advance needs a non-negative number, got ${ms}`)
      offset += ms
    }
  }
}

/** GitHub's timestamp form: ISO 8601 in UTC without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * One clock for a run and the simulator it talks to (pass `now: () => clock.now()` to startSimulator): set to an
 * instant, then running `scale` times faster than real time, so GitHub's waits, divided by the same factor, stay short.
 */
export class ScaledClock {
  private base: number
  private realBase = Date.now()

  constructor(
    start: string | number,
    private readonly scale: number
  ) {
    this.base = typeof start === 'string' ? Date.parse(start) : start
  }

  now(): number {
    return this.base + (Date.now() - this.realBase) * this.scale
  }

  /** Moves to `instant` (ISO 8601 or epoch ms), never backwards. */
  at(instant: string | number): void {
    this.base = Math.max(typeof instant === 'string' ? Date.parse(instant) : instant, this.now())
    this.realBase = Date.now()
  }

  /** Moves `ms` forward. */
  advance(ms: number): void {
    this.base = this.now() + ms
    this.realBase = Date.now()
  }

  iso(): string {
    return new Date(this.now()).toISOString()
  }
}
