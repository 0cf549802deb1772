// What a simulator starts from: repository, people, tokens, projects, labels and issues, as plain JSON
// (also read from a file). Only describes; never touches git or the network.
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'

export type TokenKind = 'github_token' | 'pat' | 'app'

export interface SeedToken {
  token: string
  /** Who the token acts as (a user, or a bot such as `github-actions[bot]`). */
  login: string
  /** Classic PAT scopes (`repo`, `project`, `read:project`, ...); ignored for other kinds. */
  scopes: string[]
  kind: TokenKind
  /** A fork pull request's GITHUB_TOKEN: every write gets 403. */
  readOnly?: boolean
  /** Primary rate limit per hour (REST and GraphQL each); default 5000. */
  rateLimit?: number
}

export interface SeedUser {
  login: string
  name?: string
  type?: 'User' | 'Bot'
}

export interface SeedOrganization {
  login: string
  name?: string
  members: string[]
}

export interface SeedProjectField {
  name: string
  /** Default `single_select`. */
  type?: 'single_select' | 'text' | 'number' | 'date' | 'iteration'
  /** Option names (single select only). */
  options?: string[]
  /** Iterations (iteration fields only): `startDate` YYYY-MM-DD, `duration` in days (default 7). */
  iterations?: Array<{ title: string; startDate: string; duration?: number }>
}

export interface SeedProjectItem {
  /** Issue or pull request number in the seeded repository. */
  number: number
  /** Field name -> value (an option name for single-select fields, an iteration's title for iteration fields). */
  values?: Record<string, string | number>
  /** Who added it (default: the project owner). */
  addedBy?: string
}

export interface SeedProject {
  owner: string
  ownerType: 'User' | 'Organization'
  number: number
  title: string
  /** Projects are private unless said otherwise, as on GitHub. */
  public?: boolean
  fields: SeedProjectField[]
  items?: SeedProjectItem[]
  /**
   * GitHub's built-in project workflows, off unless set: the Status option to set when an item's issue is
   * closed / a pull request in the project is merged / an item is added; `autoClose`: the Status option that, set
   * on an open issue's item, closes the issue ("Auto-close issue").
   */
  workflows?: { itemClosed?: string; pullRequestMerged?: string; itemAdded?: string; autoClose?: string }
}

export interface SeedLabel {
  name: string
  color?: string
  description?: string
  /** One of the labels GitHub gives a new repository (`bug`, `documentation`, ...); default false. */
  default?: boolean
}

export interface SeedComment {
  author?: string
  body: string
  createdAt?: string
}

export interface SeedIssue {
  title: string
  body?: string
  state?: 'open' | 'closed'
  stateReason?: 'completed' | 'not_planned' | 'duplicate'
  labels?: string[]
  assignees?: string[]
  author?: string
  createdAt?: string
  updatedAt?: string
  closedAt?: string
  comments?: SeedComment[]
}

export interface SeedRepo {
  owner: string
  name: string
  defaultBranch?: string
  /** A git repository on disk; created (with `files` as its first commit) if the path does not exist. */
  path?: string
  /** Files of the first commit when the repository is created. */
  files?: Record<string, string>
  private?: boolean
  /** Users with push access besides the owner (and, for an organization owner, its members). */
  collaborators?: string[]
}

export interface SecondaryLimits {
  /** Content-creating requests (REST writes, GraphQL mutations) per minute; GitHub: 80. */
  contentPerMinute?: number
  /** ... per hour; GitHub: 500. */
  contentPerHour?: number
  /** REST points per minute (GET 1, writes 5); GitHub: 900. */
  restPointsPerMinute?: number
  /** GraphQL points per minute (query 1, mutation 5); GitHub: 2000. */
  graphqlPointsPerMinute?: number
  /** Requests in flight at once per token; GitHub: 100. */
  concurrent?: number
  /** 403 (GitHub's usual answer) or 429. */
  status?: 403 | 429
}

export interface Seed {
  repo: SeedRepo
  users?: SeedUser[]
  organizations?: SeedOrganization[]
  tokens?: SeedToken[]
  projects?: SeedProject[]
  labels?: SeedLabel[]
  issues?: SeedIssue[]
  limits?: { secondary?: SecondaryLimits; primaryStatus?: 403 | 429 }
}

/** The tokens of the default seed, named for what they stand for. */
export const DEFAULT_TOKENS = {
  /** GITHUB_TOKEN of a workflow: issues/pulls/contents write, no Projects. */
  githubToken: 'ghs_simGithubToken000000000000000000001',
  /** GITHUB_TOKEN of a fork pull request: read-only. */
  readOnlyToken: 'ghs_simReadOnlyToken00000000000000000002',
  /** Classic PAT of `octo` with `project` and `repo`. */
  projectPat: 'ghp_simProjectPat0000000000000000000003',
  /** Classic PAT of `octo` with `repo` only. */
  repoOnlyPat: 'ghp_simRepoOnlyPat000000000000000000004'
} as const

export function defaultSeed(): Seed {
  return {
    repo: {
      owner: 'octo',
      name: 'blog',
      defaultBranch: 'main',
      files: { 'README.md': '# blog\n', '_config.yml': 'title: blog\ntimezone: Asia/Seoul\n' }
    },
    users: [{ login: 'octo', name: 'Octo Cat' }, { login: 'hubot' }],
    tokens: [
      { token: DEFAULT_TOKENS.githubToken, login: 'github-actions[bot]', scopes: [], kind: 'github_token' },
      {
        token: DEFAULT_TOKENS.readOnlyToken,
        login: 'github-actions[bot]',
        scopes: [],
        kind: 'github_token',
        readOnly: true
      },
      { token: DEFAULT_TOKENS.projectPat, login: 'octo', scopes: ['project', 'repo'], kind: 'pat' },
      { token: DEFAULT_TOKENS.repoOnlyPat, login: 'octo', scopes: ['repo'], kind: 'pat' }
    ],
    projects: [
      {
        owner: 'octo',
        ownerType: 'User',
        number: 1,
        title: 'Blog tasks',
        fields: [{ name: 'Status', options: ['Todo', 'In Progress', 'Done'] }]
      }
    ]
  }
}

/** Reads a seed from a JSON file; a relative `repo.path` is taken relative to the file. */
export function loadSeed(file: string): Seed {
  const seed = JSON.parse(readFileSync(file, 'utf8')) as Seed
  if (!seed || typeof seed !== 'object' || !seed.repo?.owner || !seed.repo?.name) {
    throw new Error(`github-sim: ${file} is not a seed: it needs repo.owner and repo.name`)
  }
  if (seed.repo.path && !isAbsolute(seed.repo.path)) seed.repo.path = resolve(dirname(file), seed.repo.path)
  return seed
}
