// Builds the one octokit the action talks to GitHub with: @actions/github's client (proxy settings, GHES URLs
// from GITHUB_API_URL/GITHUB_GRAPHQL_URL) plus the throttling and retry plugins. Never parses markdown.
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface ClientOptions {
  /**
   * REST base URL. Omit it in the action: @actions/github then takes GITHUB_API_URL (GHES included) and its proxy
   * settings. In-process callers that start their own server after import (tests, the demo) pass it.
   */
  baseUrl?: string
  /**
   * Divides every wait (request spacing, retry-after, back-off). 1 on GitHub; the test suite and the benchmark
   * set it (JEKYLL_POST_OPS_TIME_SCALE) to run against a simulator whose clock runs faster.
   */
  timeScale?: number
  /** How many times a rate-limited request is retried after waiting as GitHub says. */
  rateLimitRetries?: number
  /** Lines for the log (core.info in the action). */
  log?: (line: string) => void
}

/**
 * Writes that trigger notifications (issues, comments) are spaced 1 s apart: at most 60 a minute, under
 * GitHub's 80 content-creating requests per minute, and what GitHub's best practices ask of integrations.
 */
const CONTENT_SPACING_MS = 1000
const WRITE_SPACING_MS = 1000

export function createClient(token: string, options: ClientOptions = {}): GitHubClient {
  const scale = options.timeScale && options.timeScale > 0 ? options.timeScale : 1
  const retries = options.rateLimitRetries ?? 3
  const log = options.log ?? (line => core.info(line))
  const group = (minTime: number) => new Bottleneck.Group({ maxConcurrent: 1, minTime: minTime / scale })
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const wait = retryAfter / scale
      if (retryCount < retries) {
        log(`GitHub ${kind} rate limit on ${request.method} ${request.url}: waiting ${wait.toFixed(1)} s as GitHub asks, then retrying.`)
        return true
      }
      log(`GitHub ${kind} rate limit on ${request.method} ${request.url}: giving up after ${retries} retries; the next run continues.`)
      return false
    }
  return getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        retryAfterBaseValue: 1000 / scale,
        write: group(WRITE_SPACING_MS),
        notifications: group(CONTENT_SPACING_MS)
      },
      retry: { retryAfterBaseValue: 1000 / scale }
    },
    throttling,
    retry
  )
}
