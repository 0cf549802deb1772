// Plain HTTP clients the simulator's own tests talk to it with: raw fetch for REST and GraphQL, so tests
// see exactly the status, headers and body GitHub-style clients would. Test support only.
import type { Simulator } from './simulator.js'

export interface Reply<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
}

export async function rest<T = Record<string, unknown>>(
  sim: Simulator,
  token: string | null,
  method: string,
  path: string,
  body?: unknown
): Promise<Reply<T>> {
  const res = await fetch(`${sim.apiUrl}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      ...(token ? { authorization: `token ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {})
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T }
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null
  errors?: Array<{
    type?: string
    message: string
    path?: Array<string | number>
    locations?: unknown
    extensions?: Record<string, unknown>
  }>
}

export async function graphql(
  sim: Simulator,
  token: string,
  query: string,
  variables?: Record<string, unknown>
): Promise<Reply<GraphqlBody>> {
  const res = await fetch(sim.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables })
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlBody }
}

/** Reads a nested value out of GraphQL data by a dotted path (`repository.issues.nodes`). */
export function dig<T = unknown>(data: unknown, path: string): T {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | null | undefined)?.[k], data) as T
}
