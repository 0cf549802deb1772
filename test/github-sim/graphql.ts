// GitHub's GraphQL API, executed by graphql-js against @octokit/graphql-schema's schema (built once per
// process, lazily) with resolvers over the simulator's state. A field without a resolver fails loudly with
// an error naming it; nothing is ever answered with invented nulls.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  buildSchema,
  execute,
  getNamedType,
  GraphQLError,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode
} from 'graphql'
import type { Access, Caller } from './access.js'
import { forbidden, notFound, SimError, unimplemented, unprocessable } from './errors.js'
import { slug, type GitHubFlows } from './github.js'
import {
  nodePrefix,
  type Model,
  type SimCloser,
  type SimComment,
  type SimEvent,
  type SimFieldValue,
  type SimIssue,
  type SimIssueLike,
  type SimLabel,
  type SimLinkedBranch,
  type SimProject,
  type SimProjectField,
  type SimIteration,
  type SimProjectItem,
  type SimPull,
  type SimUser
} from './model.js'
import { WEB } from './shapes.js'

let schemaCache: GraphQLSchema | undefined

/** @octokit/graphql-schema's SDL file (the package exports only its ESM index, so it is found on disk). */
function schemaPath(): string {
  const require = createRequire(import.meta.url)
  for (const dir of require.resolve.paths('@octokit/graphql-schema') ?? []) {
    const file = join(dir, '@octokit', 'graphql-schema', 'schema.graphql')
    if (existsSync(file)) return file
  }
  throw new Error('github-sim: @octokit/graphql-schema is not installed (npm ci)')
}

export function graphqlSchema(): GraphQLSchema {
  if (!schemaCache) {
    schemaCache = buildSchema(readFileSync(schemaPath(), 'utf8'), { assumeValidSDL: true })
  }
  return schemaCache
}

export interface GraphqlContext {
  model: Model
  flows: GitHubFlows
  access: Access
  caller: Caller
  rateLimit: () => { limit: number; remaining: number; used: number; reset: number }
}

export interface GraphqlRequestInfo {
  operationName: string | null
  operationType: 'query' | 'mutation' | 'subscription' | null
  rootFields: string[]
  document: DocumentNode | null
  parseError: GraphQLError | null
}

const parsed = new Map<string, DocumentNode | GraphQLError>()

/** Parses (cached by text) and names the operation a request will run, for logging and fault matching. */
export function describeGraphql(body: unknown): GraphqlRequestInfo {
  const b = (body ?? {}) as { query?: unknown; operationName?: unknown }
  const none: GraphqlRequestInfo = {
    operationName: null,
    operationType: null,
    rootFields: [],
    document: null,
    parseError: null
  }
  if (typeof b.query !== 'string') return none
  let doc = parsed.get(b.query)
  if (!doc) {
    try {
      doc = parse(b.query)
    } catch (e) {
      doc = e instanceof GraphQLError ? e : new GraphQLError(String(e))
    }
    if (parsed.size > 1000) parsed.clear()
    parsed.set(b.query, doc)
  }
  if (doc instanceof GraphQLError) return { ...none, parseError: doc }
  const wanted = typeof b.operationName === 'string' ? b.operationName : null
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
  )
  const op = wanted ? ops.find(o => o.name?.value === wanted) : ops.length === 1 ? ops[0] : undefined
  return {
    operationName: op?.name?.value ?? wanted,
    operationType: op?.operation ?? null,
    rootFields: op
      ? op.selectionSet.selections.flatMap(s => (s.kind === Kind.FIELD ? [s.name.value] : []))
      : [],
    document: doc,
    parseError: null
  }
}

// ---- GitHub's error wording ---------------------------------------------------------------------------

interface GithubError {
  type?: string
  path?: ReadonlyArray<string | number>
  locations?: ReadonlyArray<{ line: number; column: number }>
  message: string
  extensions?: Record<string, unknown>
}

/** graphql-js validation messages rewritten the way GitHub (graphql-ruby) words them. */
function githubValidationError(e: GraphQLError, doc: DocumentNode): GithubError {
  const loc = e.locations ? { locations: e.locations } : {}
  let m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(e.message)
  if (m) {
    return {
      ...loc,
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] }
    }
  }
  m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(e.message)
  if (m) {
    return {
      ...loc,
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: 'argumentNotAccepted', name: m[3], typeName: 'Field', argumentName: m[1] }
    }
  }
  m = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/.exec(e.message)
  if (m) {
    return {
      ...loc,
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: 'missingRequiredArguments', className: 'Field', name: m[1], arguments: m[2] }
    }
  }
  m = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(e.message)
  if (m) {
    const typeName = m[2]!.replace(/[[\]!]/g, '')
    return {
      ...loc,
      message: `Field must have selections (field '${m[1]}' returns ${typeName} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName }
    }
  }
  const arg = e.nodes?.[0] ? argumentHolding(doc, e.nodes[0]) : null
  if (arg && /cannot represent|Expected value of type|does not exist in/.test(e.message)) {
    return {
      ...loc,
      message: `Argument '${arg.name}' on Field '${arg.field}' has an invalid value (${arg.value}). Expected type '${arg.type}'.`,
      extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: arg.name }
    }
  }
  return { ...loc, message: e.message, extensions: { code: 'validationError' } }
}

interface ArgumentFacts {
  name: string
  field: string
  type: string
  /** The argument's value as written. */
  value: string
}

/** The argument (its name, field, declared type and written value) whose value is, or contains, `node`. */
function argumentHolding(doc: DocumentNode, node: ASTNode): ArgumentFacts | null {
  const info = new TypeInfo(graphqlSchema())
  let found: ArgumentFacts | null = null
  const start = node.loc?.start ?? -1
  visit(
    doc,
    visitWithTypeInfo(info, {
      Argument(a) {
        const at = a.value.loc
        if (found || !at || start < at.start || start >= at.end) return
        found = {
          name: a.name.value,
          field: info.getFieldDef()?.name ?? '?',
          type: String(info.getArgument()?.type ?? '?'),
          value: at.source.body.slice(at.start, at.end)
        }
      }
    })
  )
  return found
}

function githubExecutionError(e: GraphQLError, doc: DocumentNode): GithubError {
  const original = e.originalError
  const base = { ...(e.path ? { path: e.path } : {}), ...(e.locations ? { locations: e.locations } : {}) }
  if (original instanceof SimError) {
    // GitHub's FORBIDDEN carries `extensions.saml_failure` (answers captured from api.github.com, e.g.
    // {"type":"FORBIDDEN","path":["convertPullRequestToDraft"],"extensions":{"saml_failure":false},
    // "locations":[...],"message":"Resource not accessible by integration"}); its docs show no error shapes
    // (github/docs#11071), so the shape is taken from those captures.
    const extensions = original.graphqlType === 'FORBIDDEN' ? { extensions: { saml_failure: false } } : {}
    const { locations, ...where } = base
    return {
      type: original.graphqlType,
      ...where,
      ...extensions,
      ...(locations ? { locations } : {}),
      message: original.message
    }
  }
  const v = /^Variable "\$(\w+)" got invalid value (.*?); (.*)$/.exec(e.message)
  if (v) {
    const def = doc.definitions
      .flatMap(d => (d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []) : []))
      .find(d => d.variable.name.value === v[1])
    const type = def ? typeText(def.type) : '?'
    return {
      ...base,
      message: `Variable $${v[1]} of type ${type} was provided invalid value`,
      extensions: { value: safeJson(v[2]!), problems: [{ path: [], explanation: v[3] }] }
    }
  }
  if (original && !(original instanceof GraphQLError)) {
    return { type: 'SIMULATOR_BUG', ...base, message: `github-sim internal error: ${original.message}` }
  }
  return { ...base, message: e.message }
}

function typeText(t: { kind: string; type?: unknown; name?: { value: string } }): string {
  if (t.kind === Kind.NON_NULL_TYPE) return `${typeText(t.type as typeof t)}!`
  if (t.kind === Kind.LIST_TYPE) return `[${typeText(t.type as typeof t)}]`
  return t.name?.value ?? '?'
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

// ---- scopes (classic PATs) --------------------------------------------------------------------------

const PROJECT_MUTATIONS = new Set([
  'addProjectV2ItemById',
  'addProjectV2DraftIssue',
  'updateProjectV2ItemFieldValue',
  'clearProjectV2ItemFieldValue',
  'deleteProjectV2Item',
  'archiveProjectV2Item',
  'unarchiveProjectV2Item',
  'updateProjectV2ItemPosition',
  'createProjectV2',
  'updateProjectV2',
  'deleteProjectV2',
  'createProjectV2Field',
  'updateProjectV2Field',
  'deleteProjectV2Field'
])

/**
 * GitHub checks a classic PAT's scopes before running anything: every selected field on a Projects v2
 * type needs `read:project`, project mutations need `project`, repository mutations `public_repo`/`repo`.
 */
function scopeErrors(doc: DocumentNode, ctx: GraphqlContext): GithubError[] {
  const { caller, access } = ctx
  if (caller.token.kind !== 'pat') return []
  const granted = `[${[...caller.token.scopes]
    .sort()
    .map(s => `'${s}'`)
    .join(', ')}]`
  const errors: GithubError[] = []
  const complain = (
    field: string,
    scopes: string[],
    node: { loc?: { startToken: { line: number; column: number } } }
  ) =>
    errors.push({
      type: 'INSUFFICIENT_SCOPES',
      locations: node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : [],
      message:
        `Your token has not been granted the required scopes to execute this query. The '${field}' field requires ` +
        `one of the following scopes: [${scopes.map(s => `'${s}'`).join(', ')}], but your token has only been granted ` +
        `the: ${granted} scopes. Please modify your token's scopes at: https://github.com/settings/tokens.`
    })
  const schema = graphqlSchema()
  const info = new TypeInfo(schema)
  const mutationType = schema.getMutationType()
  const repoScope = ctx.model.state.repo.private ? 'repo' : 'public_repo'
  visit(
    doc,
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType()
        const type = info.getType()
        const field = node.name.value
        if (!parent || field.startsWith('__')) return
        if (parent === mutationType) {
          if (PROJECT_MUTATIONS.has(field)) {
            if (!access.hasScope(caller, 'project')) complain(field, ['project'], node)
          } else if (!access.hasScope(caller, repoScope)) {
            complain(field, [repoScope], node)
          }
          return
        }
        const named = type ? getNamedType(type).name : ''
        if (
          (parent.name.startsWith('ProjectV2') || named.startsWith('ProjectV2')) &&
          !access.hasScope(caller, 'read:project')
        ) {
          complain(field, ['read:project'], node)
        }
      }
    })
  )
  return errors
}

// ---- views and connections ----------------------------------------------------------------------------

type Args = Record<string, unknown>

/** A state record seen as a GraphQL object of type `__typename`; its fields come only from resolvers. */
interface Wrapped<T = unknown> {
  __typename: string
  rec: T
}

const wrap = <T>(__typename: string, rec: T): Wrapped<T> => ({ __typename, rec })
const isWrapped = (v: unknown): v is Wrapped =>
  typeof v === 'object' && v !== null && 'rec' in v && '__typename' in v

const cursorOf = (i: number) => Buffer.from(`cursor:v2:${i}`).toString('base64')
function offsetOf(cursor: unknown): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(String(cursor), 'base64').toString())
  if (!m) throw unprocessable(`\`${String(cursor)}\` does not appear to be a valid cursor.`)
  return Number(m[1])
}

/** GitHub's connection: first/last required (at most 100), after/before cursors, totalCount, pageInfo. */
function connection<T>(
  items: T[],
  args: Args,
  fieldName: string,
  view: (t: T) => unknown,
  requireBounds = true
) {
  const first = args.first as number | undefined | null
  const last = args.last as number | undefined | null
  if (requireBounds && (first === undefined || first === null) && (last === undefined || last === null)) {
    throw new SimError(
      400,
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${fieldName}\` connection.`,
      'MISSING_PAGINATION_BOUNDARIES'
    )
  }
  for (const [name, n] of [
    ['first', first],
    ['last', last]
  ] as const) {
    if (typeof n === 'number' && (n > 100 || n < 0)) {
      throw new SimError(
        400,
        n < 0
          ? `\`${name}\` on the \`${fieldName}\` connection cannot be less than zero.`
          : `Requesting ${n} records on the \`${fieldName}\` connection exceeds the \`${name}\` limit of 100 records.`,
        'EXCESSIVE_PAGINATION'
      )
    }
  }
  let start = 0
  let end = items.length
  if (args.after !== undefined && args.after !== null) start = Math.max(start, offsetOf(args.after) + 1)
  if (args.before !== undefined && args.before !== null) end = Math.min(end, offsetOf(args.before))
  if (typeof first === 'number') end = Math.min(end, start + first)
  if (typeof last === 'number') start = Math.max(start, end - last)
  const slice = items.slice(start, Math.max(start, end))
  return {
    totalCount: items.length,
    nodes: slice.map(view),
    edges: slice.map((t, i) => ({ cursor: cursorOf(start + i), node: view(t) })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursorOf(start) : null,
      endCursor: slice.length ? cursorOf(start + slice.length - 1) : null
    }
  }
}

function actor(model: Model, login: string | null): Wrapped<SimUser> | null {
  if (!login) return null
  const user = model.user(login) ?? model.ensureUser(login)
  return wrap(user.type === 'Bot' ? 'Bot' : user.type === 'Organization' ? 'Organization' : 'User', user)
}

/** Bots as `viewer` (a Bot's own token), the one place GraphQL names a bot with its REST `[bot]` login. */
const viewerBots = new WeakSet<SimUser>()

/**
 * A Bot's GraphQL `login`: GitHub drops the `[bot]` suffix REST shows (`author { login }` of a comment by GitHub
 * Actions is "github-actions", REST's `user.login` "github-actions[bot]"), except for `viewer`, which answers an app
 * installation token with "name[bot]". Measured by others: github.com/fullsend-ai/fullsend issues 6205 and 1953.
 */
function botLogin(u: SimUser): string {
  return viewerBots.has(u) ? u.login : u.login.replace(/\[bot\]$/, '')
}

const issueView = (i: SimIssueLike) => wrap(i.kind === 'issue' ? 'Issue' : 'PullRequest', i)
const repoWeb = (m: Model) => `${WEB}/${m.state.repo.owner}/${m.state.repo.name}`
const webOf = (m: Model, i: SimIssueLike) =>
  `${repoWeb(m)}/${i.kind === 'issue' ? 'issues' : 'pull'}/${i.number}`
const projectWeb = (p: SimProject) =>
  `${WEB}/${p.ownerType === 'User' ? 'users' : 'orgs'}/${p.owner}/projects/${p.number}`
const upper = (s: string | null) => (s === null ? null : s.toUpperCase())

interface RefRec {
  name: string
  prefix: string
  sha: string
}
interface CommitRec {
  sha: string
}
interface ValueRec {
  item: SimProjectItem
  field: SimProjectField
  value: SimFieldValue | null
}

function refNodeId(ref: string): string {
  return `REF_kwDO${Buffer.from(ref).toString('base64url')}`
}

async function refView(ctx: GraphqlContext, qualified: string): Promise<Wrapped<RefRec> | null> {
  const full = qualified.startsWith('refs/') ? qualified : `refs/heads/${qualified}`
  const found = (await ctx.flows.git.refs(full)).find(r => r.ref === full)
  if (!found) return null
  const prefix =
    ['refs/heads/', 'refs/tags/'].find(p => full.startsWith(p)) ?? full.slice(0, full.lastIndexOf('/') + 1)
  return wrap('Ref', { name: full.slice(prefix.length), prefix, sha: found.sha })
}

// ---- visibility ---------------------------------------------------------------------------------------

/** A ClosedEvent's `closer` (union Closer = Commit | ProjectV2 | PullRequest); a project the caller cannot see is null. */
function closerView(closer: SimCloser | null | undefined, ctx: GraphqlContext): Wrapped | null {
  if (!closer) return null
  switch (closer.kind) {
    case 'pull':
      return wrap('PullRequest', ctx.model.pull(closer.number))
    case 'commit':
      return wrap('Commit', { sha: closer.sha })
    case 'project': {
      const project = ctx.model.node(closer.nodeId) as SimProject | undefined
      return visibleProject(ctx, project) ? wrap('ProjectV2', project) : null
    }
  }
}

function visibleProject(ctx: GraphqlContext, project: SimProject | undefined): project is SimProject {
  return project !== undefined && ctx.access.canSeeProject(ctx.caller, project)
}

function projectFor(ctx: GraphqlContext, projectId: unknown, write: boolean): SimProject {
  const project = ctx.model.node(String(projectId)) as SimProject | undefined
  const isProject = project !== undefined && nodePrefix(String(projectId)) === 'PVT_'
  if (
    ctx.caller.token.kind === 'github_token' ||
    (isProject && !visibleProject(ctx, project) && ctx.caller.token.kind === 'app')
  ) {
    throw forbidden('Resource not accessible by integration')
  }
  if (!isProject || !visibleProject(ctx, project)) {
    throw notFound(`Could not resolve to a node with the global id of '${String(projectId)}'`)
  }
  if (write && !ctx.access.canWriteProject(ctx.caller, project)) {
    throw forbidden(
      `${ctx.caller.user.login} does not have permission to update the project '${project.title}'.`
    )
  }
  return project
}

function itemIn(ctx: GraphqlContext, project: SimProject, itemId: unknown): SimProjectItem {
  const item = ctx.model.node(String(itemId)) as SimProjectItem | undefined
  if (!item || nodePrefix(String(itemId)) !== 'PVTI_' || item.projectNodeId !== project.nodeId) {
    throw notFound(`Could not resolve to a node with the global id of '${String(itemId)}'`)
  }
  return item
}

function issueLikeById(ctx: GraphqlContext, id: unknown): SimIssueLike {
  const found = ctx.model.node(String(id)) as SimIssueLike | undefined
  const prefix = nodePrefix(String(id))
  if (!found || (prefix !== 'I_' && prefix !== 'PR_'))
    throw notFound(`Could not resolve to a node with the global id of '${String(id)}'`)
  return found
}

function issueById(ctx: GraphqlContext, id: unknown): SimIssue {
  const found = issueLikeById(ctx, id)
  if (found.kind !== 'issue')
    throw notFound(`Could not resolve to an Issue with the global id of '${String(id)}'`)
  return found
}

function repoWrite(ctx: GraphqlContext): void {
  const verdict = ctx.access.repoWrite(ctx.caller)
  if (verdict === 'read-only') throw forbidden('Resource not accessible by integration')
  if (verdict === 'no-scope') throw forbidden('Resource not accessible by personal access token')
}

function pushAccess(ctx: GraphqlContext): void {
  repoWrite(ctx)
  if (!ctx.access.hasPush(ctx.caller))
    throw forbidden(`${ctx.caller.user.login} does not have the correct permissions to execute this action`)
}

/** The GraphQL object for any node id the caller may see, or undefined. */
function nodeView(ctx: GraphqlContext, id: string): Wrapped | undefined {
  const prefix = nodePrefix(id)
  if (prefix === 'REF_') return undefined
  const rec = ctx.model.node(id)
  if (!rec) return undefined
  switch (prefix) {
    case 'I_':
      return wrap('Issue', rec)
    case 'PR_':
      return wrap('PullRequest', rec)
    case 'R_':
      return ctx.access.canReadRepo(ctx.caller) ? wrap('Repository', rec) : undefined
    case 'LA_':
      return wrap('Label', rec)
    case 'IC_':
      return wrap('IssueComment', rec)
    case 'LB_':
      return wrap('LinkedBranch', rec)
    case 'CE_':
      return wrap('ClosedEvent', rec)
    case 'REE_':
      return wrap('ReopenedEvent', rec)
    case 'U_':
      return wrap('User', rec)
    case 'BOT_':
      return wrap('Bot', rec)
    case 'O_':
      return wrap('Organization', rec)
    case 'PVT_':
      return visibleProject(ctx, rec as SimProject) ? wrap('ProjectV2', rec) : undefined
    case 'PVTI_':
      return visibleProject(ctx, ctx.model.projectOf(rec as SimProjectItem))
        ? wrap('ProjectV2Item', rec)
        : undefined
    case 'PVTSSF_':
    case 'PVTIF_':
    case 'PVTF_': {
      const project = ctx.model.state.projects.find(p => p.fields.includes(rec as SimProjectField))
      if (!visibleProject(ctx, project)) return undefined
      return fieldView(rec as SimProjectField)
    }
    default:
      return undefined
  }
}

// ---- resolvers ----------------------------------------------------------------------------------------

type Fn<T> = (rec: T, args: Args, ctx: GraphqlContext) => unknown
type Table<T> = Record<string, Fn<T>>

function issueOrder<T extends SimIssueLike>(items: T[], args: Args, model: Model): T[] {
  const order = args.orderBy as { field: string; direction: string } | undefined
  if (!order) return items
  const key = (t: T) =>
    order.field === 'UPDATED_AT'
      ? Date.parse(t.updatedAt)
      : order.field === 'COMMENTS'
        ? model.commentsOf(t.number).length
        : Date.parse(t.createdAt)
  const dir = order.direction === 'DESC' ? -1 : 1
  return [...items].sort((a, b) => (key(a) - key(b) || a.number - b.number) * dir)
}

function labelsMatch(item: SimIssueLike, labels: unknown): boolean {
  if (!Array.isArray(labels) || labels.length === 0) return true
  const mine = item.labels.map(l => l.toLowerCase())
  return labels.some(l => mine.includes(String(l).toLowerCase()))
}

const commonIssueFields: Table<SimIssueLike> = {
  id: i => i.nodeId,
  databaseId: i => i.id,
  number: i => i.number,
  title: i => i.title,
  body: i => i.body ?? '',
  bodyText: i => i.body ?? '',
  closed: i => i.state === 'closed',
  closedAt: i => i.closedAt,
  createdAt: i => i.createdAt,
  updatedAt: i => i.updatedAt,
  locked: i => i.locked,
  url: (i, _a, ctx) => webOf(ctx.model, i),
  resourcePath: (i, _a, ctx) => new URL(webOf(ctx.model, i)).pathname,
  author: (i, _a, ctx) => actor(ctx.model, i.author),
  repository: (_i, _a, ctx) => wrap('Repository', ctx.model.state.repo),
  labels: (i, args, ctx) =>
    connection(
      i.labels.map(n => ctx.model.label(n)).filter((l): l is SimLabel => l !== undefined),
      args,
      'labels',
      l => wrap('Label', l)
    ),
  assignees: (i, args, ctx) => connection(i.assignees, args, 'assignees', a => actor(ctx.model, a)),
  comments: (i, args, ctx) =>
    connection(ctx.model.commentsOf(i.number), args, 'comments', c => wrap('IssueComment', c)),
  projectItems: (i, args, ctx) => {
    const items = ctx.model.state.projectItems.filter(
      it =>
        it.contentKind === i.kind &&
        it.contentNumber === i.number &&
        (args.includeArchived !== false || !it.archived) &&
        visibleProject(ctx, ctx.model.projectOf(it))
    )
    return connection(items, args, 'projectItems', it => wrap('ProjectV2Item', it))
  }
}

const TIMELINE_TYPES: Record<string, (e: SimEvent) => boolean> = {
  CLOSED_EVENT: e => e.type === 'closed',
  REOPENED_EVENT: e => e.type === 'reopened',
  LABELED_EVENT: e => e.type === 'labeled',
  UNLABELED_EVENT: e => e.type === 'unlabeled',
  PINNED_EVENT: e => e.type === 'pinned',
  UNPINNED_EVENT: e => e.type === 'unpinned'
}
const EVENT_TYPENAMES: Record<string, string> = {
  closed: 'ClosedEvent',
  reopened: 'ReopenedEvent',
  labeled: 'LabeledEvent',
  unlabeled: 'UnlabeledEvent',
  pinned: 'PinnedEvent',
  unpinned: 'UnpinnedEvent'
}

const issueFields: Table<SimIssue> = {
  ...commonIssueFields,
  state: i => upper(i.state),
  stateReason: i => upper(i.stateReason),
  isPinned: i => i.pinned,
  parent: (i, _a, ctx) => (i.parent === null ? null : wrap('Issue', ctx.model.issue(i.parent))),
  subIssues: (i, args, ctx) =>
    connection(i.subIssues.map(n => ctx.model.issue(n)!).filter(Boolean), args, 'subIssues', s =>
      wrap('Issue', s)
    ),
  subIssuesSummary: (i, _a, ctx) => {
    const subs = i.subIssues.map(n => ctx.model.issue(n)).filter(s => s !== undefined)
    const completed = subs.filter(s => s.state === 'closed').length
    return {
      total: subs.length,
      completed,
      percentCompleted: subs.length ? Math.floor((completed * 100) / subs.length) : 0
    }
  },
  closedByPullRequestsReferences: (i, args, ctx) => {
    const pulls =
      args.userLinkedOnly === true
        ? []
        : ctx.model.state.pulls.filter(
            p =>
              (args.includeClosedPrs === true || p.state === 'open') &&
              ctx.model.closingIssues(p).some(c => c.number === i.number)
          )
    const ordered =
      args.orderByState === true
        ? [...pulls].sort((a, b) => Number(a.state !== 'open') - Number(b.state !== 'open'))
        : pulls
    return connection(ordered, args, 'closedByPullRequestsReferences', p => wrap('PullRequest', p))
  },
  linkedBranches: async (i, args, ctx) =>
    connection(await ctx.flows.liveLinkedBranches(i), args, 'linkedBranches', l => wrap('LinkedBranch', l)),
  timelineItems: (i, args, ctx) => {
    const types = args.itemTypes as string[] | undefined | null
    if (!types || types.length === 0) {
      throw unimplemented(
        `Issue.timelineItems without itemTypes (give itemTypes from: ${[...Object.keys(TIMELINE_TYPES), 'ISSUE_COMMENT'].join(', ')})`
      )
    }
    const missing = types.filter(t => t !== 'ISSUE_COMMENT' && !TIMELINE_TYPES[t])
    if (missing.length) throw unimplemented(`Issue.timelineItems itemTypes ${missing.join(', ')}`)
    const since = typeof args.since === 'string' ? Date.parse(args.since) : null
    type Entry = { at: string; view: Wrapped; seq: number }
    const entries: Entry[] = [
      ...ctx.model.state.events
        .filter(e => e.issueNumber === i.number && types.some(t => TIMELINE_TYPES[t]?.(e)))
        .map(e => ({ at: e.createdAt, view: wrap(EVENT_TYPENAMES[e.type]!, e), seq: e.id })),
      ...(types.includes('ISSUE_COMMENT')
        ? ctx.model
            .commentsOf(i.number)
            .map(c => ({ at: c.createdAt, view: wrap('IssueComment', c), seq: c.id }))
        : [])
    ]
      .filter(e => since === null || Date.parse(e.at) >= since)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq)
    const skip = typeof args.skip === 'number' ? args.skip : 0
    return connection(entries.slice(skip), args, 'timelineItems', e => e.view)
  }
}

const pullFields: Table<SimPull> = {
  ...commonIssueFields,
  state: p => (p.merged ? 'MERGED' : upper(p.state)),
  merged: p => p.merged,
  mergedAt: p => p.mergedAt,
  mergedBy: (p, _a, ctx) => actor(ctx.model, p.mergedBy),
  isDraft: p => p.draft,
  headRefName: p => p.head,
  baseRefName: p => p.base,
  headRefOid: async (p, _a, ctx) => (await ctx.flows.pullFacts(p, false)).headSha,
  baseRefOid: async (p, _a, ctx) => (await ctx.flows.pullFacts(p, false)).baseSha,
  headRef: (p, _a, ctx) => refView(ctx, `refs/heads/${p.head}`),
  baseRef: (p, _a, ctx) => refView(ctx, `refs/heads/${p.base}`),
  mergeCommit: p => (p.mergeCommitSha ? wrap('Commit', { sha: p.mergeCommitSha }) : null),
  permalink: (p, _a, ctx) => webOf(ctx.model, p),
  closingIssuesReferences: (p, args, ctx) => {
    if (args.userLinkedOnly === true) return connection([], args, 'closingIssuesReferences', v => v)
    const issues = issueOrder(ctx.model.closingIssues(p), args, ctx.model)
    return connection(issues, args, 'closingIssuesReferences', i => wrap('Issue', i))
  }
}

const repositoryFields: Table<Model['state']['repo']> = {
  id: r => r.nodeId,
  databaseId: r => r.id,
  name: r => r.name,
  nameWithOwner: r => `${r.owner}/${r.name}`,
  owner: (r, _a, ctx) => actor(ctx.model, r.owner),
  url: (_r, _a, ctx) => repoWeb(ctx.model),
  isPrivate: r => r.private,
  visibility: r => (r.private ? 'PRIVATE' : 'PUBLIC'),
  hasIssuesEnabled: () => true,
  hasProjectsEnabled: () => true,
  createdAt: r => r.createdAt,
  viewerPermission: (_r, _a, ctx) =>
    ctx.caller.token.readOnly ? 'READ' : ctx.access.hasPush(ctx.caller) ? 'WRITE' : 'READ',
  defaultBranchRef: (r, _a, ctx) => refView(ctx, `refs/heads/${r.defaultBranch}`),
  ref: (_r, args, ctx) => refView(ctx, String(args.qualifiedName)),
  issues: (_r, args, ctx) => {
    const f = (args.filterBy ?? {}) as {
      since?: string
      states?: string[]
      labels?: string[]
      assignee?: string
      createdBy?: string
    }
    const states = (args.states as string[] | undefined) ?? f.states
    const since = f.since ? Date.parse(f.since) : null
    const items = ctx.model.state.issues.filter(
      i =>
        (!states?.length || states.includes(i.state.toUpperCase())) &&
        labelsMatch(i, args.labels) &&
        labelsMatch(i, f.labels) &&
        (since === null || Date.parse(i.updatedAt) >= since) &&
        (!f.assignee || (f.assignee === '*' ? i.assignees.length > 0 : i.assignees.includes(f.assignee))) &&
        (!f.createdBy || i.author.toLowerCase() === f.createdBy.toLowerCase())
    )
    return connection(issueOrder(items, args, ctx.model), args, 'issues', i => wrap('Issue', i))
  },
  issue: (_r, args, ctx) => {
    const issue = ctx.model.issue(Number(args.number))
    if (!issue) throw notFound(`Could not resolve to an Issue with the number of ${String(args.number)}.`)
    return wrap('Issue', issue)
  },
  pullRequest: (_r, args, ctx) => {
    const pull = ctx.model.pull(Number(args.number))
    if (!pull) throw notFound(`Could not resolve to a PullRequest with the number of ${String(args.number)}.`)
    return wrap('PullRequest', pull)
  },
  issueOrPullRequest: (_r, args, ctx) => {
    const found = ctx.model.issueLike(Number(args.number))
    if (!found)
      throw notFound(
        `Could not resolve to an issue or pull request with the number of ${String(args.number)}.`
      )
    return issueView(found)
  },
  pullRequests: (_r, args, ctx) => {
    const states = args.states as string[] | undefined
    const pulls = ctx.model.state.pulls.filter(
      p =>
        (!states?.length || states.includes(p.merged ? 'MERGED' : p.state.toUpperCase())) &&
        (!args.headRefName || p.head === args.headRefName) &&
        (!args.baseRefName || p.base === args.baseRefName) &&
        labelsMatch(p, args.labels)
    )
    return connection(issueOrder(pulls, args, ctx.model), args, 'pullRequests', p => wrap('PullRequest', p))
  },
  refs: async (_r, args, ctx) => {
    const prefix = String(args.refPrefix)
    if (!prefix.startsWith('refs/') || !prefix.endsWith('/'))
      throw unprocessable(`Invalid refPrefix ${prefix}`)
    const query = typeof args.query === 'string' ? args.query : ''
    let refs = (await ctx.flows.git.refs(prefix)).map(r => ({
      name: r.ref.slice(prefix.length),
      prefix,
      sha: r.sha
    }))
    refs = refs.filter(r => r.name.includes(query))
    if ((args.direction ?? (args.orderBy as { direction?: string } | undefined)?.direction) === 'DESC')
      refs.reverse()
    return connection(refs, args, 'refs', r => wrap('Ref', r))
  },
  labels: (_r, args, ctx) => {
    const q = typeof args.query === 'string' ? args.query.toLowerCase() : ''
    return connection(
      ctx.model.state.labels.filter(l => l.name.toLowerCase().includes(q)),
      args,
      'labels',
      l => wrap('Label', l)
    )
  },
  label: (_r, args, ctx) => {
    const label = ctx.model.label(String(args.name))
    return label ? wrap('Label', label) : null
  },
  pinnedIssues: (_r, args, ctx) =>
    connection(
      ctx.model.state.issues.filter(i => i.pinned),
      args,
      'pinnedIssues',
      i => wrap('PinnedIssue', i)
    )
}

const userFields: Table<SimUser> = {
  id: u => u.nodeId,
  databaseId: u => u.id,
  login: u => u.login,
  name: u => u.name,
  url: u => (u.type === 'Bot' ? `${WEB}/apps/${u.login.replace(/\[bot\]$/, '')}` : `${WEB}/${u.login}`),
  resourcePath: u => `/${u.login}`,
  avatarUrl: u => `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
  createdAt: u => u.createdAt,
  projectV2: (u, args, ctx) => {
    const project = ctx.model.project(u.login, Number(args.number))
    if (!visibleProject(ctx, project)) {
      throw notFound(`Could not resolve to a ProjectV2 with the number ${String(args.number)}.`)
    }
    return wrap('ProjectV2', project)
  },
  projectsV2: (u, args, ctx) => {
    const projects = ctx.model.state.projects.filter(
      p => p.owner.toLowerCase() === u.login.toLowerCase() && visibleProject(ctx, p)
    )
    return connection(projects, args, 'projectsV2', p => wrap('ProjectV2', p))
  }
}

const projectFields: Table<SimProject> = {
  id: p => p.nodeId,
  databaseId: p => p.id,
  number: p => p.number,
  title: p => p.title,
  shortDescription: () => null,
  readme: () => null,
  closed: p => p.closed,
  closedAt: () => null,
  public: p => p.public,
  template: () => false,
  url: p => projectWeb(p),
  resourcePath: p => new URL(projectWeb(p)).pathname,
  createdAt: p => p.createdAt,
  updatedAt: p => p.updatedAt,
  owner: (p, _a, ctx) => actor(ctx.model, p.owner),
  creator: (p, _a, ctx) => actor(ctx.model, p.owner),
  viewerCanUpdate: (p, _a, ctx) => ctx.access.canWriteProject(ctx.caller, p),
  field: (p, args, ctx) => {
    const f = ctx.model.projectField(p, String(args.name))
    return f ? fieldView(f) : null
  },
  fields: (p, args) => connection(p.fields, args, 'fields', fieldView),
  items: (p, args, ctx) => connection(ctx.model.itemsOf(p), args, 'items', it => wrap('ProjectV2Item', it))
}

function fieldView(f: SimProjectField): Wrapped<SimProjectField> {
  const type =
    f.dataType === 'SINGLE_SELECT'
      ? 'ProjectV2SingleSelectField'
      : f.dataType === 'ITERATION'
        ? 'ProjectV2IterationField'
        : 'ProjectV2Field'
  return wrap(type, f)
}

/** The last day of an iteration (YYYY-MM-DD). */
function iterationEnd(it: SimIteration): string {
  const end = new Date(`${it.startDate}T00:00:00Z`)
  end.setUTCDate(end.getUTCDate() + it.duration - 1)
  return end.toISOString().slice(0, 10)
}

const iterationView = (it: SimIteration) => ({
  id: it.id,
  title: it.title,
  titleHTML: it.title,
  startDate: it.startDate,
  duration: it.duration
})

/**
 * An Iteration field's configuration as GitHub answers it: `iterations` holds the current and upcoming ones,
 * `completedIterations` those that ended before today (UTC, the simulator's clock).
 */
function iterationConfiguration(f: SimProjectField, ctx: GraphqlContext) {
  const today = ctx.model.nowIso().slice(0, 10)
  const first = f.iterations[0]
  return {
    duration: f.duration,
    startDay: first ? new Date(`${first.startDate}T00:00:00Z`).getUTCDay() || 7 : 1,
    iterations: f.iterations.filter(it => iterationEnd(it) >= today).map(iterationView),
    completedIterations: f.iterations
      .filter(it => iterationEnd(it) < today)
      .reverse()
      .map(iterationView)
  }
}

const fieldFields: Table<SimProjectField> = {
  id: f => f.nodeId,
  databaseId: f => f.id,
  name: f => f.name,
  dataType: f => f.dataType,
  createdAt: f => f.createdAt,
  updatedAt: f => f.createdAt,
  project: (f, _a, ctx) =>
    wrap(
      'ProjectV2',
      ctx.model.state.projects.find(p => p.fields.includes(f))
    ),
  options: (f, args) => {
    const names = args.names as string[] | undefined
    return f.options
      .filter(o => !names || names.includes(o.name))
      .map(o => ({
        id: o.id,
        name: o.name,
        nameHTML: o.name,
        color: o.color,
        description: o.description,
        descriptionHTML: o.description
      }))
  }
}

function valueView(
  ctx: GraphqlContext,
  item: SimProjectItem,
  field: SimProjectField
): Wrapped<ValueRec> | null {
  const value = item.values[field.nodeId] ?? null
  const content = ctx.model.contentOf(item)
  switch (field.dataType) {
    case 'SINGLE_SELECT':
      return value ? wrap('ProjectV2ItemFieldSingleSelectValue', { item, field, value }) : null
    case 'TEXT':
      return value ? wrap('ProjectV2ItemFieldTextValue', { item, field, value }) : null
    case 'NUMBER':
      return value ? wrap('ProjectV2ItemFieldNumberValue', { item, field, value }) : null
    case 'DATE':
      return value ? wrap('ProjectV2ItemFieldDateValue', { item, field, value }) : null
    case 'ITERATION':
      return value ? wrap('ProjectV2ItemFieldIterationValue', { item, field, value }) : null
    case 'TITLE':
      return wrap('ProjectV2ItemFieldTextValue', { item, field, value: null })
    case 'LABELS':
      return content.labels.length ? wrap('ProjectV2ItemFieldLabelValue', { item, field, value: null }) : null
    case 'ASSIGNEES':
      return content.assignees.length
        ? wrap('ProjectV2ItemFieldUserValue', { item, field, value: null })
        : null
    case 'REPOSITORY':
      return wrap('ProjectV2ItemFieldRepositoryValue', { item, field, value: null })
    default:
      throw unimplemented(`ProjectV2Item field values of type ${field.dataType}`)
  }
}

const itemFields: Table<SimProjectItem> = {
  id: it => it.nodeId,
  databaseId: it => it.id,
  type: it => (it.contentKind === 'issue' ? 'ISSUE' : 'PULL_REQUEST'),
  isArchived: it => it.archived,
  createdAt: it => it.createdAt,
  updatedAt: it => it.updatedAt,
  creator: (it, _a, ctx) => actor(ctx.model, it.creator),
  project: (it, _a, ctx) => wrap('ProjectV2', ctx.model.projectOf(it)),
  content: (it, _a, ctx) => issueView(ctx.model.contentOf(it)),
  fieldValueByName: (it, args, ctx) => {
    const field = ctx.model.projectField(ctx.model.projectOf(it), String(args.name))
    return field ? valueView(ctx, it, field) : null
  },
  fieldValues: (it, args, ctx) => {
    const values = ctx.model
      .projectOf(it)
      .fields.filter(f =>
        [
          'TITLE',
          'LABELS',
          'ASSIGNEES',
          'REPOSITORY',
          'SINGLE_SELECT',
          'TEXT',
          'NUMBER',
          'DATE',
          'ITERATION'
        ].includes(f.dataType)
      )
      .map(f => valueView(ctx, it, f))
      .filter((v): v is Wrapped<ValueRec> => v !== null)
    return connection(values, args, 'fieldValues', v => v)
  }
}

const valueCommon: Table<ValueRec> = {
  id: v =>
    v.value?.nodeId ?? `PVTFV_${Buffer.from(`${v.item.nodeId}/${v.field.nodeId}`).toString('base64url')}`,
  field: v => fieldView(v.field),
  item: v => wrap('ProjectV2Item', v.item),
  createdAt: v => v.value?.createdAt ?? v.item.createdAt,
  updatedAt: v => v.value?.updatedAt ?? v.item.updatedAt,
  creator: (v, _a, ctx) => actor(ctx.model, v.value?.creator ?? v.item.creator)
}

/** GitHub takes a date as YYYY-MM-DD, or an ISO 8601 date-time of which it keeps the day. */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}`
}

function iterationOf(v: ValueRec): SimIteration | undefined {
  return v.field.iterations.find(it => it.id === v.value?.iterationId)
}

function option(v: ValueRec) {
  return v.field.options.find(o => o.id === v.value?.optionId)
}

const issueComment: Table<SimComment> = {
  id: c => c.nodeId,
  databaseId: c => c.id,
  body: c => c.body,
  bodyText: c => c.body,
  author: (c, _a, ctx) => actor(ctx.model, c.author),
  createdAt: c => c.createdAt,
  updatedAt: c => c.updatedAt,
  url: (c, _a, ctx) => `${webOf(ctx.model, ctx.model.issueLike(c.issueNumber)!)}#issuecomment-${c.id}`,
  issue: (c, _a, ctx) => wrap('Issue', ctx.model.issue(c.issueNumber))
}

const eventCommon: Table<SimEvent> = {
  id: e => e.nodeId,
  actor: (e, _a, ctx) => actor(ctx.model, e.actor),
  createdAt: e => e.createdAt
}

const commitFields: Table<CommitRec> = {
  oid: c => c.sha,
  abbreviatedOid: c => c.sha.slice(0, 7),
  id: c => `C_kwDO${Buffer.from(c.sha).toString('base64url').slice(0, 24)}`,
  url: (c, _a, ctx) => `${repoWeb(ctx.model)}/commit/${c.sha}`,
  message: async (c, _a, ctx) => (await ctx.flows.git.commit(c.sha))?.message ?? '',
  messageHeadline: async (c, _a, ctx) => ((await ctx.flows.git.commit(c.sha))?.message ?? '').split('\n')[0],
  committedDate: async (c, _a, ctx) =>
    new Date((await ctx.flows.git.commit(c.sha))!.committer.time).toISOString(),
  authoredDate: async (c, _a, ctx) => new Date((await ctx.flows.git.commit(c.sha))!.author.time).toISOString()
}

const resolvers: Record<string, Table<never>> = {
  Query: {
    viewer: (_r: unknown, _a: Args, ctx: GraphqlContext) => {
      const viewer = actor(ctx.model, ctx.caller.user.login)!
      if (viewer.__typename !== 'Bot') return viewer
      const copy = { ...viewer.rec }
      viewerBots.add(copy)
      return wrap('Bot', copy)
    },
    repository: (_r: unknown, args: Args, ctx: GraphqlContext) => {
      const repo = ctx.model.state.repo
      const match =
        String(args.owner).toLowerCase() === repo.owner.toLowerCase() &&
        String(args.name).toLowerCase() === repo.name.toLowerCase()
      if (!match || !ctx.access.canReadRepo(ctx.caller)) {
        throw notFound(
          `Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`
        )
      }
      return wrap('Repository', repo)
    },
    user: (_r: unknown, args: Args, ctx: GraphqlContext) => {
      const user = ctx.model.user(String(args.login))
      if (!user || user.type === 'Organization') {
        throw notFound(`Could not resolve to a User with the login of '${String(args.login)}'.`)
      }
      return actor(ctx.model, user.login)
    },
    organization: (_r: unknown, args: Args, ctx: GraphqlContext) => {
      const org = ctx.model.organization(String(args.login))
      if (!org)
        throw notFound(`Could not resolve to an Organization with the login of '${String(args.login)}'.`)
      return wrap('Organization', org)
    },
    repositoryOwner: (_r: unknown, args: Args, ctx: GraphqlContext) => {
      const owner = ctx.model.user(String(args.login))
      return owner ? actor(ctx.model, owner.login) : null
    },
    node: (_r: unknown, args: Args, ctx: GraphqlContext) => {
      const view = nodeView(ctx, String(args.id))
      if (!view) throw notFound(`Could not resolve to a node with the global id of '${String(args.id)}'`)
      return view
    },
    nodes: (_r: unknown, args: Args, ctx: GraphqlContext) =>
      (args.ids as string[]).map(id => {
        const view = nodeView(ctx, id)
        return view ?? notFound(`Could not resolve to a node with the global id of '${id}'`)
      }),
    rateLimit: (_r: unknown, _a: Args, ctx: GraphqlContext) => {
      const r = ctx.rateLimit()
      return {
        cost: 1,
        limit: r.limit,
        remaining: r.remaining,
        used: r.used,
        nodeCount: 0,
        resetAt: new Date(r.reset * 1000).toISOString()
      }
    }
  } as Table<never>,
  Mutation: mutations() as Table<never>,
  Repository: repositoryFields as Table<never>,
  Issue: issueFields as Table<never>,
  PullRequest: pullFields as Table<never>,
  User: userFields as Table<never>,
  Bot: { ...userFields, login: botLogin } as Table<never>,
  Organization: userFields as Table<never>,
  Label: {
    id: (l: SimLabel) => l.nodeId,
    name: (l: SimLabel) => l.name,
    color: (l: SimLabel) => l.color,
    description: (l: SimLabel) => l.description,
    isDefault: (l: SimLabel) => l.default,
    createdAt: (l: SimLabel) => l.createdAt,
    url: (l: SimLabel, _a: Args, ctx: GraphqlContext) =>
      `${repoWeb(ctx.model)}/labels/${encodeURIComponent(l.name)}`
  } as Table<never>,
  IssueComment: issueComment as Table<never>,
  PinnedIssue: {
    id: (i: SimIssue) => `PIN_${i.nodeId}`,
    issue: (i: SimIssue) => wrap('Issue', i),
    repository: (_i: SimIssue, _a: Args, ctx: GraphqlContext) => wrap('Repository', ctx.model.state.repo)
  } as Table<never>,
  LinkedBranch: {
    id: (l: SimLinkedBranch) => l.nodeId,
    ref: (l: SimLinkedBranch, _a: Args, ctx: GraphqlContext) => refView(ctx, `refs/heads/${l.branch}`)
  } as Table<never>,
  Ref: {
    id: (r: RefRec) => refNodeId(r.prefix + r.name),
    name: (r: RefRec) => r.name,
    prefix: (r: RefRec) => r.prefix,
    target: (r: RefRec) => wrap('Commit', { sha: r.sha }),
    repository: (_r: RefRec, _a: Args, ctx: GraphqlContext) => wrap('Repository', ctx.model.state.repo),
    associatedPullRequests: (r: RefRec, args: Args, ctx: GraphqlContext) => {
      const states = args.states as string[] | undefined
      const pulls = ctx.model.state.pulls.filter(
        p =>
          r.prefix === 'refs/heads/' &&
          p.head === r.name &&
          (!states?.length || states.includes(p.merged ? 'MERGED' : p.state.toUpperCase()))
      )
      return connection(pulls, args, 'associatedPullRequests', p => wrap('PullRequest', p))
    }
  } as Table<never>,
  Commit: commitFields as Table<never>,
  ClosedEvent: {
    ...eventCommon,
    stateReason: (e: SimEvent) => upper(e.stateReason ?? null),
    closable: (e: SimEvent, _a: Args, ctx: GraphqlContext) => issueView(ctx.model.issueLike(e.issueNumber)!),
    closer: (e: SimEvent, _a: Args, ctx: GraphqlContext) => closerView(e.closer, ctx)
  } as Table<never>,
  ReopenedEvent: {
    ...eventCommon,
    stateReason: (e: SimEvent) => upper(e.stateReason ?? null),
    closable: (e: SimEvent, _a: Args, ctx: GraphqlContext) => issueView(ctx.model.issueLike(e.issueNumber)!)
  } as Table<never>,
  LabeledEvent: {
    ...eventCommon,
    label: (e: SimEvent, _a: Args, ctx: GraphqlContext) => wrap('Label', ctx.model.label(e.label ?? ''))
  } as Table<never>,
  UnlabeledEvent: {
    ...eventCommon,
    label: (e: SimEvent, _a: Args, ctx: GraphqlContext) => wrap('Label', ctx.model.label(e.label ?? ''))
  } as Table<never>,
  PinnedEvent: {
    ...eventCommon,
    issue: (e: SimEvent, _a: Args, ctx: GraphqlContext) => wrap('Issue', ctx.model.issue(e.issueNumber))
  } as Table<never>,
  UnpinnedEvent: {
    ...eventCommon,
    issue: (e: SimEvent, _a: Args, ctx: GraphqlContext) => wrap('Issue', ctx.model.issue(e.issueNumber))
  } as Table<never>,
  ProjectV2: projectFields as Table<never>,
  ProjectV2Field: fieldFields as Table<never>,
  ProjectV2SingleSelectField: fieldFields as Table<never>,
  ProjectV2IterationField: {
    ...fieldFields,
    configuration: (f: SimProjectField, _a: Args, ctx: GraphqlContext) => iterationConfiguration(f, ctx)
  } as Table<never>,
  ProjectV2Item: itemFields as Table<never>,
  ProjectV2ItemFieldSingleSelectValue: {
    ...valueCommon,
    name: (v: ValueRec) => option(v)?.name ?? null,
    nameHTML: (v: ValueRec) => option(v)?.name ?? null,
    optionId: (v: ValueRec) => v.value?.optionId ?? null,
    color: (v: ValueRec) => option(v)?.color ?? 'GRAY',
    description: (v: ValueRec) => option(v)?.description ?? null,
    descriptionHTML: (v: ValueRec) => option(v)?.description ?? null
  } as Table<never>,
  ProjectV2ItemFieldTextValue: {
    ...valueCommon,
    text: (v: ValueRec, _a: Args, ctx: GraphqlContext) =>
      v.field.dataType === 'TITLE' ? ctx.model.contentOf(v.item).title : (v.value?.text ?? null)
  } as Table<never>,
  ProjectV2ItemFieldNumberValue: {
    ...valueCommon,
    number: (v: ValueRec) => v.value?.number ?? null
  } as Table<never>,
  ProjectV2ItemFieldDateValue: {
    ...valueCommon,
    date: (v: ValueRec) => v.value?.date ?? null
  } as Table<never>,
  ProjectV2ItemFieldIterationValue: {
    ...valueCommon,
    iterationId: (v: ValueRec) => v.value?.iterationId ?? null,
    title: (v: ValueRec) => iterationOf(v)?.title ?? null,
    titleHTML: (v: ValueRec) => iterationOf(v)?.title ?? null,
    startDate: (v: ValueRec) => iterationOf(v)?.startDate ?? null,
    duration: (v: ValueRec) => iterationOf(v)?.duration ?? null
  } as Table<never>,
  ProjectV2ItemFieldLabelValue: {
    field: valueCommon.field!,
    labels: (v: ValueRec, args: Args, ctx: GraphqlContext) =>
      connection(
        ctx.model
          .contentOf(v.item)
          .labels.map(n => ctx.model.label(n))
          .filter((l): l is SimLabel => l !== undefined),
        args,
        'labels',
        l => wrap('Label', l)
      )
  } as Table<never>,
  ProjectV2ItemFieldUserValue: {
    field: valueCommon.field!,
    users: (v: ValueRec, args: Args, ctx: GraphqlContext) =>
      connection(ctx.model.contentOf(v.item).assignees, args, 'users', a => actor(ctx.model, a))
  } as Table<never>,
  ProjectV2ItemFieldRepositoryValue: {
    field: valueCommon.field!,
    repository: (_v: ValueRec, _a: Args, ctx: GraphqlContext) => wrap('Repository', ctx.model.state.repo)
  } as Table<never>
}

function mutations(): Table<unknown> {
  const input = (args: Args) => (args.input ?? {}) as Record<string, unknown>
  const payload = (args: Args, rest: Record<string, unknown>) => ({
    clientMutationId: input(args).clientMutationId ?? null,
    ...rest
  })
  const me = (ctx: GraphqlContext) => ctx.caller.user.login
  return {
    addProjectV2ItemById: (_r, args, ctx) => {
      const i = input(args)
      const project = projectFor(ctx, i.projectId, true)
      const content = issueLikeById(ctx, i.contentId)
      const { item } = ctx.model.addProjectItem(project, content, me(ctx))
      return payload(args, { item: wrap('ProjectV2Item', item) })
    },
    updateProjectV2ItemFieldValue: (_r, args, ctx) => {
      const i = input(args)
      const project = projectFor(ctx, i.projectId, true)
      const item = itemIn(ctx, project, i.itemId)
      const field = project.fields.find(f => f.nodeId === i.fieldId)
      if (!field) throw notFound(`Could not resolve to a node with the global id of '${String(i.fieldId)}'`)
      const value = (i.value ?? {}) as {
        text?: string
        number?: number
        date?: string
        singleSelectOptionId?: string
        iterationId?: string
      }
      const given = Object.entries(value).filter(([, v]) => v !== undefined && v !== null)
      if (given.length !== 1) throw unprocessable('Exactly one value must be given to update a field value')
      const [kind, raw] = given[0]!
      const expected: Record<string, string> = {
        SINGLE_SELECT: 'singleSelectOptionId',
        TEXT: 'text',
        NUMBER: 'number',
        DATE: 'date',
        ITERATION: 'iterationId'
      }
      const want = expected[field.dataType]
      if (!want)
        throw unprocessable(`The field of type ${field.dataType.toLowerCase()} is currently not supported`)
      if (kind !== want)
        throw unprocessable(
          `Did not receive a ${want} to update a field of type ${field.dataType.toLowerCase()}`
        )
      if (kind === 'singleSelectOptionId' && !field.options.some(o => o.id === raw)) {
        throw unprocessable(`The single select option Id does not belong to the field`)
      }
      if (kind === 'iterationId' && !field.iterations.some(it => it.id === raw)) {
        throw unprocessable(`The iteration Id does not belong to the field`)
      }
      if (kind === 'date' && !isCalendarDate(String(raw))) {
        throw unprocessable(`Date must be an ISO 8601 date (YYYY-MM-DD), got ${JSON.stringify(raw)}`)
      }
      ctx.model.setItemValue(
        project,
        item,
        field,
        {
          [kind === 'singleSelectOptionId' ? 'optionId' : kind]:
            kind === 'date' ? String(raw).slice(0, 10) : raw
        },
        me(ctx)
      )
      return payload(args, { projectV2Item: wrap('ProjectV2Item', item) })
    },
    clearProjectV2ItemFieldValue: (_r, args, ctx) => {
      const i = input(args)
      const project = projectFor(ctx, i.projectId, true)
      const item = itemIn(ctx, project, i.itemId)
      const field = project.fields.find(f => f.nodeId === i.fieldId)
      if (!field) throw notFound(`Could not resolve to a node with the global id of '${String(i.fieldId)}'`)
      ctx.model.setItemValue(project, item, field, null, me(ctx))
      return payload(args, { projectV2Item: wrap('ProjectV2Item', item) })
    },
    deleteProjectV2Item: (_r, args, ctx) => {
      const i = input(args)
      const project = projectFor(ctx, i.projectId, true)
      const item = itemIn(ctx, project, i.itemId)
      ctx.model.deleteProjectItem(project, item)
      return payload(args, { deletedItemId: item.nodeId })
    },
    archiveProjectV2Item: (_r, args, ctx) => {
      const i = input(args)
      const project = projectFor(ctx, i.projectId, true)
      const item = itemIn(ctx, project, i.itemId)
      item.archived = true
      return payload(args, { item: wrap('ProjectV2Item', item) })
    },
    unarchiveProjectV2Item: (_r, args, ctx) => {
      const i = input(args)
      const project = projectFor(ctx, i.projectId, true)
      const item = itemIn(ctx, project, i.itemId)
      item.archived = false
      return payload(args, { item: wrap('ProjectV2Item', item) })
    },
    pinIssue: (_r, args, ctx) => {
      pushAccess(ctx)
      const issue = issueById(ctx, input(args).issueId)
      ctx.model.setPinned(issue, true, me(ctx))
      return payload(args, { issue: wrap('Issue', issue) })
    },
    unpinIssue: (_r, args, ctx) => {
      pushAccess(ctx)
      const issue = issueById(ctx, input(args).issueId)
      ctx.model.setPinned(issue, false, me(ctx))
      return payload(args, { issue: wrap('Issue', issue) })
    },
    closeIssue: (_r, args, ctx) => {
      repoWrite(ctx)
      const i = input(args)
      const issue = issueById(ctx, i.issueId)
      const reason =
        typeof i.stateReason === 'string'
          ? (i.stateReason.toLowerCase() as 'completed' | 'not_planned' | 'duplicate')
          : null
      ctx.model.closeIssue(issue, reason, me(ctx), null)
      return payload(args, { issue: wrap('Issue', issue) })
    },
    reopenIssue: (_r, args, ctx) => {
      repoWrite(ctx)
      const issue = issueById(ctx, input(args).issueId)
      ctx.model.reopenIssue(issue, me(ctx))
      return payload(args, { issue: wrap('Issue', issue) })
    },
    createIssue: (_r, args, ctx) => {
      repoWrite(ctx)
      const i = input(args)
      if (i.repositoryId !== ctx.model.state.repo.nodeId) {
        throw notFound(`Could not resolve to a node with the global id of '${String(i.repositoryId)}'`)
      }
      const push = ctx.access.hasPush(ctx.caller)
      const labels = push
        ? ((i.labelIds as string[] | undefined) ?? []).map(id => labelById(ctx, id).name)
        : []
      const assignees = push
        ? ((i.assigneeIds as string[] | undefined) ?? []).map(id => userById(ctx, id).login)
        : []
      const issue = ctx.model.createIssue({
        title: String(i.title),
        body: (i.body as string | undefined) ?? null,
        labels,
        assignees,
        author: me(ctx)
      })
      return payload(args, { issue: wrap('Issue', issue) })
    },
    updateIssue: (_r, args, ctx) => {
      repoWrite(ctx)
      const i = input(args)
      const issue = issueById(ctx, i.id)
      const push = ctx.access.hasPush(ctx.caller)
      ctx.model.editIssue(
        issue,
        {
          title: typeof i.title === 'string' ? i.title : undefined,
          body: typeof i.body === 'string' ? i.body : undefined,
          labels:
            push && Array.isArray(i.labelIds)
              ? (i.labelIds as string[]).map(id => labelById(ctx, id).name)
              : undefined,
          assignees:
            push && Array.isArray(i.assigneeIds)
              ? (i.assigneeIds as string[]).map(id => userById(ctx, id).login)
              : undefined
        },
        me(ctx)
      )
      if (i.state === 'CLOSED') ctx.model.closeIssue(issue, null, me(ctx), null)
      if (i.state === 'OPEN') ctx.model.reopenIssue(issue, me(ctx))
      return payload(args, { issue: wrap('Issue', issue) })
    },
    addComment: (_r, args, ctx) => {
      repoWrite(ctx)
      const i = input(args)
      const subject = issueLikeById(ctx, i.subjectId)
      const comment = ctx.model.addComment(subject, String(i.body ?? ''), me(ctx))
      const node = wrap('IssueComment', comment)
      const index = ctx.model.commentsOf(subject.number).length - 1
      return payload(args, {
        commentEdge: { cursor: cursorOf(index), node },
        timelineEdge: { cursor: cursorOf(index), node },
        subject: issueView(subject)
      })
    },
    addLabelsToLabelable: (_r, args, ctx) => {
      pushAccess(ctx)
      const i = input(args)
      const target = issueLikeById(ctx, i.labelableId)
      ctx.model.addLabels(
        target,
        (i.labelIds as string[]).map(id => labelById(ctx, id).name),
        me(ctx)
      )
      return payload(args, { labelable: issueView(target) })
    },
    removeLabelsFromLabelable: (_r, args, ctx) => {
      pushAccess(ctx)
      const i = input(args)
      const target = issueLikeById(ctx, i.labelableId)
      const drop = new Set((i.labelIds as string[]).map(id => labelById(ctx, id).name))
      ctx.model.setLabels(
        target,
        target.labels.filter(l => !drop.has(l)),
        me(ctx)
      )
      return payload(args, { labelable: issueView(target) })
    },
    addSubIssue: (_r, args, ctx) => {
      pushAccess(ctx)
      const i = input(args)
      const parent = issueById(ctx, i.issueId)
      let child: SimIssue
      if (i.subIssueId) {
        child = issueById(ctx, i.subIssueId)
      } else {
        const n = /\/issues\/(\d+)$/.exec(String(i.subIssueUrl ?? ''))
        const found = n ? ctx.model.issue(Number(n[1])) : undefined
        if (!found) throw notFound(`Could not resolve to an Issue with the URL of '${String(i.subIssueUrl)}'`)
        child = found
      }
      ctx.model.addSubIssue(parent, child, i.replaceParent === true)
      return payload(args, { issue: wrap('Issue', parent), subIssue: wrap('Issue', child) })
    },
    createLinkedBranch: async (_r, args, ctx) => {
      repoWrite(ctx)
      const i = input(args)
      const issue = issueById(ctx, i.issueId)
      if (
        i.repositoryId !== undefined &&
        i.repositoryId !== null &&
        i.repositoryId !== ctx.model.state.repo.nodeId
      ) {
        throw notFound(`Could not resolve to a node with the global id of '${String(i.repositoryId)}'`)
      }
      const oid = String(i.oid)
      if (!/^[0-9a-f]{40}$/.test(oid) || !(await ctx.flows.git.resolve(oid)))
        throw unprocessable(`Could not find a commit with the oid ${oid}`)
      const name = typeof i.name === 'string' && i.name ? i.name.replace(/^refs\/heads\//, '') : undefined
      const branch = name ?? `${issue.number}-${slug(issue.title)}`
      if (await ctx.flows.branchSha(branch)) throw unprocessable(`Name already exists on this repository`)
      await ctx.flows.createBranch(branch, oid)
      const link = ctx.model.linkBranch(issue, branch)
      return payload(args, { linkedBranch: wrap('LinkedBranch', link), issue: wrap('Issue', issue) })
    },
    deleteLinkedBranch: (_r, args, ctx) => {
      repoWrite(ctx)
      const id = String(input(args).linkedBranchId)
      const issue = ctx.model.state.issues.find(i => i.linkedBranches.some(l => l.nodeId === id))
      if (!issue) throw notFound(`Could not resolve to a node with the global id of '${id}'`)
      issue.linkedBranches = issue.linkedBranches.filter(l => l.nodeId !== id)
      return payload(args, { issue: wrap('Issue', issue) })
    }
  } satisfies Table<unknown>
}

function labelById(ctx: GraphqlContext, id: string): SimLabel {
  const label = ctx.model.node(id) as SimLabel | undefined
  if (!label || nodePrefix(id) !== 'LA_')
    throw notFound(`Could not resolve to a node with the global id of '${id}'`)
  return label
}

function userById(ctx: GraphqlContext, id: string): SimUser {
  const user = ctx.model.node(id) as SimUser | undefined
  if (!user || !['U_', 'BOT_'].includes(nodePrefix(id)))
    throw notFound(`Could not resolve to a node with the global id of '${id}'`)
  return user
}

/**
 * Resolves every field through the tables above; a plain view object (connections, page info, payloads)
 * answers with its own properties. Anything else is a field the simulator does not implement: it fails.
 */
const fieldResolver: GraphQLFieldResolver<unknown, GraphqlContext> = (source, args, ctx, info) => {
  const table = resolvers[info.parentType.name] as Table<unknown> | undefined
  const fn = table?.[info.fieldName]
  if (isWrapped(source)) {
    if (!fn) throw unimplemented(`the GraphQL field ${info.parentType.name}.${info.fieldName}`)
    return fn(source.rec, args, ctx)
  }
  if (fn) return fn(source, args, ctx)
  if (
    source !== null &&
    typeof source === 'object' &&
    Object.prototype.hasOwnProperty.call(source, info.fieldName)
  ) {
    const value = (source as Record<string, unknown>)[info.fieldName]
    if (value instanceof SimError) throw value
    return value
  }
  throw unimplemented(`the GraphQL field ${info.parentType.name}.${info.fieldName}`)
}

export interface GraphqlOutcome {
  status: number
  body: { data?: unknown; errors?: GithubError[] } | { message: string; documentation_url: string }
  errorTypes: string[]
}

/** Runs one GraphQL request the way api.github.com/graphql answers it. */
export async function runGraphql(
  ctx: GraphqlContext,
  body: unknown,
  info: GraphqlRequestInfo
): Promise<GraphqlOutcome> {
  const b = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown }
  if (typeof b.query !== 'string') {
    return {
      status: 400,
      body: {
        message: 'A query attribute must be specified and must be a string.',
        documentation_url: 'https://docs.github.com/graphql'
      },
      errorTypes: []
    }
  }
  const errorTypes = (errors: GithubError[]) =>
    errors.map(e => e.type ?? e.extensions?.code?.toString() ?? 'ERROR')
  if (info.parseError) {
    const e = info.parseError
    const loc = e.locations?.[0]
    const errors = [
      {
        message: `Parse error on ${loc ? `line ${loc.line}, column ${loc.column}` : 'query'}: ${e.message.replace(/^Syntax Error: /, '')}`,
        locations: e.locations ?? [],
        extensions: { code: 'parseError' }
      }
    ]
    return { status: 200, body: { errors }, errorTypes: errorTypes(errors) }
  }
  const doc = info.document!
  const schema = graphqlSchema()
  const invalid = validate(schema, doc)
  if (invalid.length) {
    const errors = invalid.map(e => githubValidationError(e, doc))
    return { status: 200, body: { errors }, errorTypes: errorTypes(errors) }
  }
  const scopes = scopeErrors(doc, ctx)
  if (scopes.length) return { status: 200, body: { errors: scopes }, errorTypes: errorTypes(scopes) }
  const result = await execute({
    schema,
    document: doc,
    rootValue: {},
    contextValue: ctx,
    variableValues: (b.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof b.operationName === 'string' ? b.operationName : undefined,
    fieldResolver,
    typeResolver: value => (value as { __typename?: string }).__typename
  })
  const errors = (result.errors ?? []).map(e => githubExecutionError(e, doc))
  const out: { data?: unknown; errors?: GithubError[] } = {}
  if ('data' in result) out.data = result.data
  if (errors.length) out.errors = errors
  return { status: 200, body: out, errorTypes: errorTypes(errors) }
}
