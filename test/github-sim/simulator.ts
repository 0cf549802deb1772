// The simulator as a real HTTP server on 127.0.0.1: authenticates, rate-limits, applies scripted faults,
// validates against GitHub's OpenAPI description, dispatches to REST or GraphQL, logs every request, and
// offers helpers that act as people on GitHub. Test code only: nothing under src/ may import it.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { Access, tokenFromHeader, type Caller } from './access.js'
import { createClock, type SimClock } from './clock.js'
import { SimError, type RestFieldError } from './errors.js'
import { FaultScript, type Fault } from './faults.js'
import { GitRepo, type MergeMethod } from './git.js'
import { GitHubFlows } from './github.js'
import { describeGraphql, runGraphql, type GraphqlRequestInfo } from './graphql.js'
import { RateLimits, type Resource } from './limits.js'
import {
  Model,
  type SimIssue,
  type SimProject,
  type SimProjectItem,
  type SimPull,
  type SimState,
  type StateReason
} from './model.js'
import { checkRequest, checkResponse, matchRoute, type Operation } from './openapi.js'
import { restHandler } from './rest.js'
import { defaultSeed, type Seed } from './seed.js'
import { Shapes } from './shapes.js'

export interface SimulatorOptions {
  /** What GitHub holds at start; default: `defaultSeed()` in a fresh temporary git repository. */
  seed?: Seed
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number
  /** Base time source for the simulated clock (default: real time). */
  now?: () => number
  /** Simulated time runs this many times faster than real time (default 1). */
  realTimeScale?: number
  /**
   * Check every 2xx REST response against the spec's response schema; a mismatch is answered with 500
   * naming it (default true). Keeps the simulator honest about the shapes it hands out.
   */
  validateResponses?: boolean
  /** Keep a temporary repository the simulator created after close (default false). */
  keepRepo?: boolean
}

export interface RequestLogEntry {
  seq: number
  /** Simulated time the request arrived (ms). */
  at: number
  method: string
  path: string
  query: string
  /** REST operation id from the OpenAPI description; null for GraphQL and unknown routes. */
  operationId: string | null
  /** GraphQL operation name, when the query names one. */
  graphqlOperation: string | null
  graphqlType: 'query' | 'mutation' | 'subscription' | null
  /** GraphQL root fields (for a mutation: the mutations it runs, aliases or not). */
  graphqlFields: string[]
  token: string | null
  login: string | null
  /** HTTP status sent (or that would have been sent, for a lost response); 0 when the connection was dropped. */
  status: number
  /** A REST write (not GET/HEAD) or a GraphQL mutation. */
  isWrite: boolean
  /** GraphQL error types in the answer (`NOT_FOUND`, `INSUFFICIENT_SCOPES`, ...). */
  errorTypes: string[]
  /** The scripted fault that shaped this request, if any. */
  fault: Fault['kind'] | null
}

export interface IssueAsUserInput {
  title: string
  body?: string
  labels?: string[]
  assignees?: string[]
  /** Default: the repository owner. */
  author?: string
}

export interface ProjectRef {
  /** Project owner login; default: the only owner with a project of that number. */
  owner?: string
}

/** An answer before it is sent: JSON `body`, or `raw` text (a raw media type) with its own content-type. */
interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
  raw?: string | Buffer
}

const DOCS = 'https://docs.github.com/rest'
const SECONDARY_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'

export class Simulator {
  readonly apiUrl: string
  readonly graphqlUrl: string
  readonly faults = new FaultScript()
  readonly requests: RequestLogEntry[] = []
  /** Responses that did not match the spec (each also answered with 500). */
  readonly specViolations: Array<{ operationId: string; status: number; problems: string[] }> = []
  private seq = 0

  private constructor(
    private readonly server: Server,
    readonly model: Model,
    readonly flows: GitHubFlows,
    readonly clock: SimClock,
    private readonly limits: RateLimits,
    private readonly access: Access,
    private readonly shapes: Shapes,
    private readonly options: SimulatorOptions & { seed: Seed },
    private readonly ownedRepo: string | null
  ) {
    const { port } = server.address() as AddressInfo
    this.apiUrl = `http://127.0.0.1:${port}`
    this.graphqlUrl = `${this.apiUrl}/graphql`
  }

  /** Starts a simulator (see `startSimulator`). */
  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const seed = structuredClone(options.seed ?? defaultSeed())
    const clock = createClock({ now: options.now, realTimeScale: options.realTimeScale })
    const ownedRepo = seed.repo.path ? null : mkdtempSync(join(tmpdir(), 'github-sim-repo-'))
    const repoPath = seed.repo.path ?? ownedRepo!
    const model = new Model(seed, repoPath, clock)
    const owner = model.user(seed.repo.owner)!
    const who = {
      name: owner.name ?? owner.login,
      email: `${owner.id}+${owner.login}@users.noreply.github.com`,
      time: clock.now()
    }
    const files = seed.repo.files ?? {}
    let git: GitRepo
    try {
      git = ownedRepo
        ? await GitRepo.fresh(ownedRepo, model.state.repo.defaultBranch, files, who)
        : await GitRepo.open(repoPath, model.state.repo.defaultBranch, files, who)
    } catch (e) {
      if (ownedRepo) rmSync(ownedRepo, { recursive: true, force: true })
      throw e
    }
    const flows = new GitHubFlows(model, git)
    const limits = new RateLimits(clock, seed.limits?.secondary)
    const server = createServer({ keepAlive: true })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
    })
    const address = server.address() as AddressInfo
    const shapes = new Shapes(model, `http://127.0.0.1:${address.port}`)
    const sim = new Simulator(
      server,
      model,
      flows,
      clock,
      limits,
      new Access(model),
      shapes,
      { ...options, seed },
      ownedRepo
    )
    server.on('request', (req, res) => {
      sim.handle(req, res).catch(err => {
        console.error('github-sim: unhandled error', err)
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: `github-sim internal error: ${String(err)}` }))
      })
    })
    return sim
  }

  /** The state, live (read it; change it through the helpers). */
  get state(): SimState {
    return this.model.state
  }

  /** The git repository on disk (GITHUB_WORKSPACE). */
  get workspace(): string {
    return this.model.state.repo.path
  }

  resetRequests(): void {
    this.requests.length = 0
  }

  async close(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
    if (this.ownedRepo && !this.options.keepRepo) rmSync(this.ownedRepo, { recursive: true, force: true })
  }

  /**
   * The environment the Actions runner would give a step talking to this simulator: URLs, repository,
   * GITHUB_TOKEN (may write issues), PROJECT_TOKEN (a token that can write the first project), PROJECT_URL
   * (github.com form) and GITHUB_WORKSPACE.
   */
  env(): Record<string, string> {
    const tokens = this.model.state.tokens
    const project = this.model.state.projects[0]
    const githubToken = tokens.find(t => t.kind === 'github_token' && !t.readOnly)
    const caller = (t: (typeof tokens)[number]): Caller => ({
      token: t,
      user: this.model.ensureUser(t.login)
    })
    const projectToken = project
      ? tokens.find(t => this.access.canWriteProject(caller(t), project))
      : undefined
    const repo = this.model.state.repo
    return {
      GITHUB_API_URL: this.apiUrl,
      GITHUB_GRAPHQL_URL: this.graphqlUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: `${repo.owner}/${repo.name}`,
      GITHUB_REPOSITORY_OWNER: repo.owner,
      ...(githubToken ? { GITHUB_TOKEN: githubToken.token } : {}),
      ...(projectToken ? { PROJECT_TOKEN: projectToken.token } : {}),
      ...(project
        ? {
            PROJECT_URL: `https://github.com/${project.ownerType === 'User' ? 'users' : 'orgs'}/${project.owner}/projects/${project.number}`
          }
        : {}),
      GITHUB_WORKSPACE: repo.path
    }
  }

  // ---- helpers: acting as people and as GitHub -------------------------------------------------------

  private get owner(): string {
    return this.model.state.repo.owner
  }

  private actor(login?: string): string {
    return (
      login ??
      (this.model.state.repo.ownerType === 'User'
        ? this.owner
        : (this.model.state.repo.collaborators[0] ?? this.owner))
    )
  }

  /** Creates a branch at `fromRef` (default: the default branch); returns its commit. */
  createBranch(name: string, fromRef?: string): Promise<string> {
    return this.flows.createBranch(name, fromRef)
  }

  deleteBranch(name: string): Promise<void> {
    return this.flows.deleteBranch(name)
  }

  /** Pushes one commit to an existing branch (content: write; null: delete); returns the commit. */
  commitFiles(
    branch: string,
    files: Record<string, string | null>,
    message: string,
    author?: string
  ): Promise<string> {
    return this.flows.push(branch, files, message, this.actor(author))
  }

  openPullRequest(input: {
    head: string
    base?: string
    title: string
    body?: string
    author?: string
    draft?: boolean
  }): Promise<SimPull> {
    return this.flows.openPull({ ...input, author: this.actor(input.author) })
  }

  /** Merges as the merge button does (closing the issues the body references); returns the new commit. */
  mergePullRequest(number: number, options: { method?: MergeMethod; by?: string } = {}): Promise<string> {
    return this.flows.mergePull(this.requirePull(number), {
      method: options.method,
      by: this.actor(options.by)
    })
  }

  closePullRequest(number: number, by?: string): void {
    this.model.closeIssue(this.requirePull(number), null, this.actor(by), null)
  }

  createIssueAsUser(input: IssueAsUserInput): SimIssue {
    return this.model.createIssue({ ...input, author: this.actor(input.author) })
  }

  closeIssueAsUser(
    number: number,
    reason: Exclude<StateReason, 'reopened'> = 'completed',
    by?: string
  ): void {
    this.model.closeIssue(this.requireIssue(number), reason, this.actor(by), null)
  }

  reopenIssueAsUser(number: number, by?: string): void {
    this.model.reopenIssue(this.requireIssue(number), this.actor(by))
  }

  editIssueAsUser(
    number: number,
    patch: { title?: string; body?: string; labels?: string[]; assignees?: string[] },
    by?: string
  ): void {
    this.model.editIssue(this.requireIssue(number), patch, this.actor(by))
  }

  commentAsUser(number: number, body: string, author?: string): void {
    const target = this.model.issueLike(number)
    if (!target) throw new Error(`github-sim: no issue or pull request #${number}`)
    this.model.addComment(target, body, this.actor(author))
  }

  /** GitHub's "Create a branch" on an issue: creates (default `N-title-slug`) and links it; returns its name. */
  linkBranchToIssue(issueNumber: number, branch?: string, fromRef?: string): Promise<string> {
    return this.flows.linkBranch(this.requireIssue(issueNumber), branch, fromRef)
  }

  project(number: number, ref: ProjectRef = {}): SimProject {
    const matches = this.model.state.projects.filter(
      p => p.number === number && (!ref.owner || p.owner.toLowerCase() === ref.owner.toLowerCase())
    )
    if (matches.length !== 1)
      throw new Error(
        `github-sim: ${matches.length} projects match #${number}${ref.owner ? ` of ${ref.owner}` : ''}`
      )
    return matches[0]!
  }

  /** A person adding an issue or pull request to a project (optionally with a Status). */
  addToProjectAsUser(
    projectNumber: number,
    number: number,
    status?: string,
    ref: ProjectRef & { by?: string } = {}
  ): SimProjectItem {
    const project = this.project(projectNumber, ref)
    const content = this.model.issueLike(number)
    if (!content) throw new Error(`github-sim: no issue or pull request #${number}`)
    const { item } = this.model.addProjectItem(project, content, ref.by ?? project.owner)
    if (status !== undefined) this.model.setStatusByName(project, item, status, ref.by ?? project.owner)
    return item
  }

  setProjectStatusAsUser(
    projectNumber: number,
    number: number,
    status: string,
    ref: ProjectRef & { by?: string } = {}
  ): void {
    const project = this.project(projectNumber, ref)
    const content = this.model.issueLike(number)
    const item = content && this.model.itemFor(project, content)
    if (!item) throw new Error(`github-sim: #${number} is not in project #${projectNumber}`)
    this.model.setStatusByName(project, item, status, ref.by ?? project.owner)
  }

  /** The Status option name of an issue in a project; null when it is not there or has none. */
  projectStatus(
    projectNumber: number,
    number: number,
    ref: ProjectRef & { field?: string } = {}
  ): string | null {
    const content = this.model.issueLike(number)
    if (!content) return null
    return this.model.statusOf(this.project(projectNumber, ref), content, ref.field)
  }

  /**
   * What a field of an issue's card shows, as a person reads it: an option name, a text, a number, a date
   * (YYYY-MM-DD), an iteration's title; null when the card has no value or the issue is not in the project.
   */
  projectValue(
    projectNumber: number,
    number: number,
    field: string,
    ref: ProjectRef = {}
  ): string | number | null {
    const project = this.project(projectNumber, ref)
    const content = this.model.issueLike(number)
    const item = content && this.model.itemFor(project, content)
    const f = this.model.projectField(project, field)
    if (!f) throw new Error(`github-sim: project #${projectNumber} has no field ${field}`)
    const value = item?.values[f.nodeId]
    if (!value) return null
    if (value.optionId !== undefined) return f.options.find(o => o.id === value.optionId)?.name ?? null
    if (value.iterationId !== undefined)
      return f.iterations.find(i => i.id === value.iterationId)?.title ?? null
    return value.text ?? value.number ?? value.date ?? null
  }

  issue(number: number): SimIssue | undefined {
    return this.model.issue(number)
  }

  pull(number: number): SimPull | undefined {
    return this.model.pull(number)
  }

  private requireIssue(number: number): SimIssue {
    const issue = this.model.issue(number)
    if (!issue) throw new Error(`github-sim: no issue #${number}`)
    return issue
  }

  private requirePull(number: number): SimPull {
    const pull = this.model.pull(number)
    if (!pull) throw new Error(`github-sim: no pull request #${number}`)
    return pull
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiUrl)
    const method = (req.method ?? 'GET').toUpperCase()
    const raw = await readBody(req)
    if (url.pathname.startsWith('/_sim/')) return this.control(method, url, raw, res)

    let body: unknown
    let badJson = false
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        badJson = true
      }
    }
    const isGraphql = url.pathname === '/graphql' && method === 'POST'
    const gql: GraphqlRequestInfo | null = isGraphql && !badJson ? describeGraphql(body) : null
    const route = isGraphql ? null : matchRoute(method, url.pathname)
    const token = tokenFromHeader(req.headers.authorization)
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      at: this.clock.now(),
      method,
      path: url.pathname,
      query: url.search,
      operationId: route?.operation.operationId ?? null,
      graphqlOperation: gql?.operationName ?? null,
      graphqlType: gql?.operationType ?? null,
      graphqlFields: gql?.rootFields ?? [],
      token,
      login: null,
      status: 0,
      isWrite: isGraphql ? gql?.operationType === 'mutation' : !['GET', 'HEAD'].includes(method),
      errorTypes: [],
      fault: null
    }
    this.requests.push(entry)

    // Requests in flight count from arrival (a slow, delayed request still occupies its slot).
    const admitted = token ? this.limits.enter(token) : true
    try {
      if (!admitted) {
        const refused = this.secondary()
        return this.send(res, entry, refused.status, refused.body, refused.headers)
      }
      const faults = this.faults.pick({
        method,
        path: url.pathname,
        operationId: entry.operationId,
        graphqlOperation: entry.graphqlOperation,
        mutationNames: entry.graphqlType === 'mutation' ? entry.graphqlFields : [],
        token
      })
      for (const f of faults) {
        if (f.kind !== 'delay') continue
        entry.fault = 'delay'
        await sleep(f.ms)
      }
      const terminal = faults.find(f => f.kind !== 'delay')
      if (terminal) entry.fault = terminal.kind
      if (terminal?.kind === 'drop') {
        req.socket.destroy()
        return
      }
      if (terminal?.kind === 'status') {
        const status = terminal.status
        const fallback = {
          message:
            status >= 500 ? (status === 503 ? 'Service Unavailable' : 'Server Error') : 'Simulated fault'
        }
        return this.send(res, entry, status, terminal.body ?? fallback, terminal.headers)
      }
      if (terminal?.kind === 'graphql-error') {
        const message =
          terminal.message ??
          `Something went wrong while executing your query. Please include \`${randomBytes(4).toString('hex').toUpperCase()}\` when reporting this issue.`
        entry.errorTypes = ['SERVER_ERROR']
        return this.send(res, entry, 200, { data: null, errors: [{ message }] })
      }
      const accept = String(req.headers.accept ?? '')
      const result = await this.respond(entry, method, url, body, badJson, token, route, gql, accept)
      if (terminal?.kind === 'lose-response') {
        entry.status = result.status
        req.socket.destroy()
        return
      }
      return this.send(res, entry, result.status, result.body, result.headers, result.raw)
    } finally {
      if (token && admitted) this.limits.leave(token)
    }
  }

  private async respond(
    entry: RequestLogEntry,
    method: string,
    url: URL,
    body: unknown,
    badJson: boolean,
    token: string | null,
    route: ReturnType<typeof matchRoute>,
    gql: GraphqlRequestInfo | null,
    accept = ''
  ): Promise<Answer> {
    const error = (
      status: number,
      message: string,
      extra: Record<string, unknown> = {},
      headers?: Record<string, string>
    ) => ({
      status,
      body: { message, documentation_url: DOCS, status: String(status), ...extra },
      headers
    })
    if (!token) {
      return gql
        ? {
            status: 401,
            body: {
              message: 'This endpoint requires you to be authenticated.',
              documentation_url:
                'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql'
            }
          }
        : error(401, 'Requires authentication')
    }
    const caller = this.access.caller(token)
    if (!caller) return error(401, 'Bad credentials')
    entry.login = caller.user.login
    const resource: Resource = gql ? 'graphql' : 'core'
    const limit = this.rateLimitOf(caller)
    // GET /rate_limit is free, as on GitHub.
    const free = route?.operation.operationId === 'rate-limit/get'
    const primary = free ? this.limits.peek(token, resource, limit) : this.limits.take(token, resource, limit)
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(primary.limit),
      'x-ratelimit-remaining': String(primary.remaining),
      'x-ratelimit-used': String(primary.used),
      'x-ratelimit-reset': String(primary.reset),
      'x-ratelimit-resource': resource,
      ...(caller.token.kind === 'pat'
        ? { 'x-oauth-scopes': caller.token.scopes.join(', '), 'x-accepted-oauth-scopes': '' }
        : {})
    }
    const withHeaders = (r: { status: number; body?: unknown; headers?: Record<string, string> }) => ({
      ...r,
      headers: { ...headers, ...r.headers }
    })
    if (primary.exceeded) {
      const who =
        caller.token.kind === 'pat' ? `user ID ${caller.user.id}` : `installation ID ${caller.user.id}`
      if (gql) {
        entry.errorTypes = ['RATE_LIMITED']
        return withHeaders({
          status: 200,
          body: { errors: [{ type: 'RATE_LIMITED', message: `API rate limit already exceeded for ${who}.` }] }
        })
      }
      return withHeaders(
        error(this.options.seed.limits?.primaryStatus ?? 403, `API rate limit exceeded for ${who}.`, {
          documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting'
        })
      )
    }
    const wait = free ? null : this.limits.admit(token, resource, entry.isWrite)
    if (wait !== null) return withHeaders(this.secondary(wait))
    if (badJson) return withHeaders(error(400, 'Problems parsing JSON'))
    if (gql) {
      const outcome = await runGraphql(
        {
          model: this.model,
          flows: this.flows,
          access: this.access,
          caller,
          rateLimit: () => this.limits.peek(token, 'graphql', limit)
        },
        body,
        gql
      )
      entry.errorTypes = outcome.errorTypes
      return withHeaders({ status: outcome.status, body: outcome.body })
    }
    return withHeaders(await this.rest(route, method, url, body, caller, accept))
  }

  /** GitHub's secondary rate limit answer; too many concurrent requests get its usual one-minute wait. */
  private secondary(retryAfter = 60): { status: number; body: unknown; headers: Record<string, string> } {
    const status = this.options.seed.limits?.secondary?.status ?? 403
    return {
      status,
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to ' +
          `GitHub Support for help, please include the request ID ${randomBytes(4).toString('hex').toUpperCase()}.`,
        documentation_url: SECONDARY_DOCS,
        status: String(status)
      },
      headers: { 'retry-after': String(retryAfter) }
    }
  }

  private async rest(
    route: ReturnType<typeof matchRoute>,
    method: string,
    url: URL,
    body: unknown,
    caller: Caller,
    accept: string
  ): Promise<Answer> {
    const notFound = { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } }
    if (!route) return notFound
    const op: Operation = route.operation
    const handler = restHandler(op.operationId)
    if (!handler) {
      return {
        status: 501,
        body: {
          message: `github-sim does not implement ${op.operationId} (${op.method} ${op.template}); add it to test/github-sim/rest.ts before relying on it`,
          documentation_url: op.docUrl,
          status: '501'
        }
      }
    }
    const isWrite = !['GET', 'HEAD'].includes(method)
    if (isWrite) {
      const verdict = this.access.repoWrite(caller)
      if (verdict === 'read-only') {
        return {
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: op.docUrl,
            status: '403'
          }
        }
      }
      if (verdict === 'no-scope') return notFound
    }
    const checked = checkRequest(op, route.pathParams, url.searchParams, body)
    if (!checked.ok) {
      if (checked.status === 404) return notFound
      return {
        status: 422,
        body: {
          message: checked.message,
          errors: checked.errors,
          documentation_url: op.docUrl,
          status: '422'
        }
      }
    }
    let result
    try {
      result = await handler({
        model: this.model,
        flows: this.flows,
        shapes: this.shapes,
        access: this.access,
        limits: this.limits,
        caller,
        path: checked.path,
        query: checked.query,
        body: checked.body as Record<string, unknown> | undefined,
        url: new URL(url.pathname + url.search, this.apiUrl),
        accept,
        rateLimitOf: c => this.rateLimitOf(c)
      })
    } catch (e) {
      if (!(e instanceof SimError)) throw e
      const errors: RestFieldError[] | undefined = e.fieldErrors
      return {
        status: e.status,
        body: {
          message: e.message,
          ...(errors ? { errors } : {}),
          documentation_url: e.status === 404 ? DOCS : op.docUrl,
          status: String(e.status)
        }
      }
    }
    if (
      this.options.validateResponses !== false &&
      result.status >= 200 &&
      result.status < 300 &&
      result.body !== undefined &&
      result.raw === undefined
    ) {
      const problems = checkResponse(op.operationId, result.status, result.body)
      if (problems && problems.length) {
        this.specViolations.push({ operationId: op.operationId, status: result.status, problems })
        return {
          status: 500,
          body: {
            message: `github-sim answered ${op.operationId} with a body the OpenAPI description rejects: ${problems.join('; ')}`,
            documentation_url: op.docUrl,
            status: '500'
          }
        }
      }
    }
    return result
  }

  rateLimitOf(caller: Caller): number {
    return caller.token.rateLimit ?? 5000
  }

  private send(
    res: ServerResponse,
    entry: RequestLogEntry,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    raw?: string | Buffer
  ): void {
    entry.status = status
    const common = {
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `${randomBytes(2).toString('hex').toUpperCase()}:${entry.seq.toString(16).toUpperCase()}`,
      ...headers
    }
    if (status === 204 || status === 304 || (body === undefined && raw === undefined)) {
      res.writeHead(status, common)
      res.end()
      return
    }
    const text = raw ?? JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...common
    })
    res.end(entry.method === 'HEAD' ? undefined : text)
  }

  /** `/_sim/*`: inspect and script the simulator over HTTP (not GitHub's API; not logged). */
  private control(method: string, url: URL, raw: Buffer, res: ServerResponse): void {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body)
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text)
      })
      res.end(text)
    }
    let body: Record<string, unknown> = {}
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}
    } catch {
      return reply(400, { message: 'Problems parsing JSON' })
    }
    const key = `${method} ${url.pathname.replace(/\/$/, '')}`
    try {
      switch (key) {
        case 'GET /_sim/state':
          return reply(200, this.model.state)
        case 'GET /_sim/requests':
          return reply(200, this.requests)
        case 'DELETE /_sim/requests':
          this.resetRequests()
          return reply(200, { ok: true })
        case 'GET /_sim/faults':
          return reply(200, this.faults.list())
        case 'POST /_sim/faults':
          return reply(201, this.faults.add(body as unknown as Parameters<FaultScript['add']>[0]))
        case 'DELETE /_sim/faults':
          this.faults.clear()
          return reply(200, { ok: true })
        case 'GET /_sim/clock':
          return reply(200, { now: this.clock.now() })
        case 'POST /_sim/clock': {
          const ms = Number(body.advanceMs ?? body.ms)
          this.clock.advance(ms)
          return reply(200, { now: this.clock.now() })
        }
        case 'GET /_sim/env':
          return reply(200, this.env())
        default:
          return reply(404, {
            message: `Unknown control endpoint ${key}; try GET /_sim/state, GET|DELETE /_sim/requests, GET|POST|DELETE /_sim/faults, GET|POST /_sim/clock, GET /_sim/env`
          })
      }
    } catch (e) {
      return reply(400, { message: e instanceof Error ? e.message : String(e) })
    }
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

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * A loopback port that is free now, for a test whose client must know the simulator's URL before it starts
 * (@actions/github fixes its base URL when first imported).
 */
export function freePort(): Promise<number> {
  return new Promise(resolve => {
    const probe = createServer()
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** Starts a simulator on 127.0.0.1 (port 0 by default: any free port). */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return Simulator.start(options)
}
