// The fault script: infrastructure failures a test schedules (5xx, dropped connections, delays, a response
// lost after the write happened) matched against requests by method, operation and count. Picks; never acts.

export interface FaultMatch {
  method?: string
  /** REST operation id, e.g. `issues/create`. */
  operationId?: string
  /** GraphQL operation name (`query Name`). */
  graphqlOperation?: string
  /** A GraphQL mutation field in the request, e.g. `addProjectV2ItemById`. */
  mutationName?: string
  /** Exact path (no query string). */
  path?: string
  /** Regular expression source tested against the path. */
  pathPattern?: string
  token?: string
  /** Fire from the nth matching request on (1-based; default 1). */
  nth?: number
  /** How many times to fire (default 1; 'always' for every later match). */
  times?: number | 'always'
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Closes the connection before doing anything: the request never happened. */
  | { kind: 'drop' }
  /** Waits (real milliseconds) before handling the request normally. */
  | { kind: 'delay'; ms: number }
  /** Does the request, then closes the connection instead of answering. */
  | { kind: 'lose-response' }
  /** GraphQL only: GitHub's transient "Something went wrong while executing your query" (HTTP 200). */
  | { kind: 'graphql-error'; message?: string }

export interface FaultRule {
  id: number
  match: FaultMatch
  fault: Fault
  /** Matching requests seen so far. */
  seen: number
  /** Times this rule fired. */
  fired: number
}

export interface FaultSubject {
  method: string
  path: string
  operationId: string | null
  graphqlOperation: string | null
  mutationNames: string[]
  token: string | null
}

export class FaultScript {
  private rules: FaultRule[] = []
  private nextId = 1

  add(rule: { match?: FaultMatch; fault: Fault }): FaultRule {
    const kinds = ['status', 'drop', 'delay', 'lose-response', 'graphql-error']
    if (!rule?.fault || !kinds.includes(rule.fault.kind)) {
      throw new Error(`github-sim: a fault needs fault.kind, one of ${kinds.join(', ')}`)
    }
    const added: FaultRule = {
      id: this.nextId++,
      match: { ...rule.match },
      fault: rule.fault,
      seen: 0,
      fired: 0
    }
    this.rules.push(added)
    return added
  }

  remove(id: number): void {
    this.rules = this.rules.filter(r => r.id !== id)
  }

  clear(): void {
    this.rules = []
  }

  list(): readonly FaultRule[] {
    return this.rules
  }

  private matches(m: FaultMatch, s: FaultSubject): boolean {
    if (m.method && m.method.toUpperCase() !== s.method) return false
    if (m.operationId && m.operationId !== s.operationId) return false
    if (m.graphqlOperation && m.graphqlOperation !== s.graphqlOperation) return false
    if (m.mutationName && !s.mutationNames.includes(m.mutationName)) return false
    if (m.token && m.token !== s.token) return false
    if (m.path && m.path !== s.path) return false
    if (m.pathPattern && !new RegExp(m.pathPattern).test(s.path)) return false
    return true
  }

  /** The faults that fire for this request, counting it against every matching rule. */
  pick(subject: FaultSubject): Fault[] {
    const out: Fault[] = []
    for (const rule of this.rules) {
      if (!this.matches(rule.match, subject)) continue
      rule.seen++
      const nth = rule.match.nth ?? 1
      const times = rule.match.times ?? 1
      if (rule.seen >= nth && (times === 'always' || rule.fired < times)) {
        rule.fired++
        out.push(rule.fault)
      }
    }
    return out
  }
}
