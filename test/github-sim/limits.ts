// GitHub's rate limits on the simulator clock: the primary hourly quota per token and resource (with its
// x-ratelimit-* headers) and the secondary limits (content creation, points per minute, concurrency).
// Counts and answers; never sleeps.
import type { SimClock } from './clock.js'
import type { SecondaryLimits } from './seed.js'

export type Resource = 'core' | 'graphql'

export interface PrimaryStatus {
  limit: number
  remaining: number
  used: number
  /** Epoch seconds when the window resets. */
  reset: number
  resource: Resource
  exceeded: boolean
}

const HOUR = 3_600_000
const MINUTE = 60_000

export const GITHUB_SECONDARY: Required<Omit<SecondaryLimits, 'status'>> = {
  contentPerMinute: 80,
  contentPerHour: 500,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2000,
  concurrent: 100
}

interface Window {
  start: number
  used: number
}

export class RateLimits {
  private readonly primary = new Map<string, Window>()
  /** Timestamps of content-creating requests per token. */
  private readonly content = new Map<string, number[]>()
  /** [timestamp, points] per token and resource. */
  private readonly points = new Map<string, Array<[number, number]>>()
  private readonly inFlight = new Map<string, number>()
  readonly secondary: Required<Omit<SecondaryLimits, 'status'>>

  constructor(
    private readonly clock: SimClock,
    secondary: SecondaryLimits = {}
  ) {
    this.secondary = { ...GITHUB_SECONDARY, ...secondary }
  }

  private window(token: string, resource: Resource): Window {
    const key = `${resource}:${token}`
    const now = this.clock.now()
    let w = this.primary.get(key)
    if (!w || now >= w.start + HOUR) {
      w = { start: now, used: 0 }
      this.primary.set(key, w)
    }
    return w
  }

  /** Counts one request against the token's hourly quota (unless it is already spent). */
  take(token: string, resource: Resource, limit: number): PrimaryStatus {
    const w = this.window(token, resource)
    const exceeded = w.used >= limit
    if (!exceeded) w.used++
    return this.describe(w, resource, limit, exceeded)
  }

  /** The quota without counting a request (for GET /rate_limit, which is free). */
  peek(token: string, resource: Resource, limit: number): PrimaryStatus {
    return this.describe(this.window(token, resource), resource, limit, false)
  }

  private describe(w: Window, resource: Resource, limit: number, exceeded: boolean): PrimaryStatus {
    return {
      limit,
      used: w.used,
      remaining: Math.max(0, limit - w.used),
      reset: Math.ceil((w.start + HOUR) / 1000),
      resource,
      exceeded
    }
  }

  /** Marks a request in flight; returns false (without marking) when the token already has too many. */
  enter(token: string): boolean {
    const n = this.inFlight.get(token) ?? 0
    if (n >= this.secondary.concurrent) return false
    this.inFlight.set(token, n + 1)
    return true
  }

  leave(token: string): void {
    const n = (this.inFlight.get(token) ?? 1) - 1
    if (n <= 0) this.inFlight.delete(token)
    else this.inFlight.set(token, n)
  }

  /**
   * Checks the per-minute and per-hour secondary limits for a request and records it when allowed. Returns
   * the seconds to wait (GitHub's retry-after) when it is refused.
   */
  admit(token: string, resource: Resource, isWrite: boolean): number | null {
    const now = this.clock.now()
    const waits: number[] = []
    const contentKey = token
    const content = (this.content.get(contentKey) ?? []).filter(t => t > now - HOUR)
    if (isWrite) {
      const lastMinute = content.filter(t => t > now - MINUTE)
      if (lastMinute.length >= this.secondary.contentPerMinute) {
        waits.push(lastMinute[lastMinute.length - this.secondary.contentPerMinute]! + MINUTE - now)
      }
      if (content.length >= this.secondary.contentPerHour) {
        waits.push(content[content.length - this.secondary.contentPerHour]! + HOUR - now)
      }
    }
    const pointsKey = `${resource}:${token}`
    const cost = isWrite ? 5 : 1
    const budget =
      resource === 'core' ? this.secondary.restPointsPerMinute : this.secondary.graphqlPointsPerMinute
    const spent = (this.points.get(pointsKey) ?? []).filter(([t]) => t > now - MINUTE)
    let total = spent.reduce((sum, [, p]) => sum + p, 0)
    if (total + cost > budget) {
      for (const [t, p] of spent) {
        total -= p
        if (total + cost <= budget) {
          waits.push(t + MINUTE - now)
          break
        }
      }
    }
    this.content.set(contentKey, content)
    this.points.set(pointsKey, spent)
    if (waits.length) return Math.max(1, Math.ceil(Math.max(...waits) / 1000))
    if (isWrite) content.push(now)
    spent.push([now, cost])
    return null
  }
}
