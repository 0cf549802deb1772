// The GitHub layer of the tasks job: its GraphQL documents against GitHub's published schema, and (against the
// simulator, over HTTP) the read model and the writes.
import { readFileSync } from 'node:fs'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import { MANAGED_ISSUES_QUERY, RECENT_ISSUES_QUERY, sameLogin } from '../../src/github/issues.js'

const schema = buildSchema(readFileSync('node_modules/@octokit/graphql-schema/schema.graphql', 'utf8'), { assumeValidSDL: true })

describe('GraphQL documents', () => {
  it.each([
    ['managed issues', MANAGED_ISSUES_QUERY],
    ['recent issues (the re-read after a failed create)', RECENT_ISSUES_QUERY]
  ])('%s is valid against GitHub’s schema', (_name, document) => {
    expect(validate(schema, parse(document)).map(e => e.message)).toEqual([])
  })

  it('a document GitHub would reject is caught by the same check', () => {
    const broken = MANAGED_ISSUES_QUERY.replace('closedByPullRequestsReferences(first: 10, includeClosedPrs: true)', 'closingPullRequests(first: 10)')
    expect(validate(schema, parse(broken)).length).toBeGreaterThan(0)
  })
})

describe('sameLogin', () => {
  it.each([
    ['github-actions[bot]', 'github-actions', true],
    ['github-actions', 'GitHub-Actions[bot]', true],
    ['octo', 'Octo', true],
    ['octo', 'octo-bot', false],
    ['', '', false],
    ['github-actions[bot]', 'octo', false]
  ])('%s vs %s -> %s', (a, b, same) => {
    expect(sameLogin(a, b)).toBe(same)
  })
})
