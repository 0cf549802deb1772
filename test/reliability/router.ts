// A fixed local address that forwards every request to whichever simulator is current, and that can "kill" a run:
// after N writes it answers nothing more. Forwards bytes only; a dropped or lost answer upstream is dropped here too.
import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'

export interface KillPlan {
  /** Writes (REST writes, GraphQL mutations) let through before the run dies. */
  afterWrites: number
  /** Whether the write the run died on still reached GitHub (its answer never came back). */
  applied: boolean
  /** Called once, when the run reaches the point where it dies (the dist driver sends SIGKILL here). */
  onKill?: () => void
}

/**
 * @actions/github reads GITHUB_API_URL once, when it is first imported; the in-process driver points it at a
 * router started before that import and swaps the simulator behind it per scenario.
 */
export class Router {
  private target: { host: string; port: number; agent: Agent } | undefined
  private plan: KillPlan | undefined
  private writes = 0
  private dead = false
  private readonly inFlight = new Set<Promise<void>>()

  private constructor(
    private readonly server: Server,
    readonly url: string
  ) {}

  static async start(): Promise<Router> {
    const server = createServer({ keepAlive: true })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = server.address() as AddressInfo
    const router = new Router(server, `http://127.0.0.1:${port}`)
    server.on('request', (req, res) => void router.forward(req, res))
    return router
  }

  /** Sends what arrives from now on to `apiUrl` (a simulator's base URL); undefined refuses everything. */
  point(apiUrl: string | undefined): void {
    this.target?.agent.destroy()
    this.disarm()
    if (apiUrl === undefined) {
      this.target = undefined
      return
    }
    const url = new URL(apiUrl)
    this.target = { host: url.hostname, port: Number(url.port), agent: new Agent({ keepAlive: true }) }
  }

  /** The run dies as `plan` says; until `disarm`, nothing more is answered after that. */
  arm(plan: KillPlan): void {
    this.plan = plan
    this.writes = 0
    this.dead = false
  }

  disarm(): void {
    this.plan = undefined
    this.writes = 0
    this.dead = false
  }

  get killed(): boolean {
    return this.dead
  }

  /** Resolves when every request already forwarded has been answered upstream (a killed run's last write too). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const target = this.target
    if (!target || this.dead) {
      req.socket.destroy()
      return
    }
    let answer = true
    if (this.plan && isWrite(req.method ?? 'GET', req.url ?? '/', body)) {
      if (this.writes >= this.plan.afterWrites) {
        this.dead = true
        this.plan.onKill?.()
        req.socket.destroy()
        if (!this.plan.applied) return
        answer = false
      } else this.writes++
    }
    const done = new Promise<void>(resolve => {
      const upstream = request(
        {
          host: target.host,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: target.agent
        },
        reply => {
          if (!answer) {
            reply.resume()
            reply.on('end', resolve)
            return
          }
          res.writeHead(reply.statusCode ?? 502, reply.headers)
          reply.pipe(res)
          reply.on('end', resolve)
          reply.on('error', () => {
            req.socket.destroy()
            resolve()
          })
        }
      )
      // The simulator closed the connection without answering (a drop, a lost response): so does the router.
      upstream.on('error', () => {
        req.socket.destroy()
        resolve()
      })
      upstream.end(body)
    })
    this.inFlight.add(done)
    await done
    this.inFlight.delete(done)
  }

  async close(): Promise<void> {
    this.point(undefined)
    await new Promise<void>(resolve => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }
}

/** A REST write, or a GraphQL document that is a mutation. */
export function isWrite(method: string, url: string, body: Buffer): boolean {
  const m = method.toUpperCase()
  if (m === 'GET' || m === 'HEAD') return false
  if (!url.startsWith('/graphql')) return true
  try {
    const { query } = JSON.parse(body.toString('utf8')) as { query?: string }
    return typeof query === 'string' && /^\s*mutation\b/.test(query)
  } catch {
    return false
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
