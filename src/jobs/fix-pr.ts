// The `fixes` job: checks every post of the default branch's checkout and keeps one pull request of its certain
// fixes on the action's own branch: opened, updated in place, closed when nothing is left. Never pushes the default branch.
import { resolve } from 'node:path'
import { applyFixes } from '../blog/fix.js'
import { lineFixesOf } from '../blog/line-fixes.js'
import { closeFixPr, newestFixPr, openFixPr, updateFixPr, writeFixBranch } from '../github/fix-branch.js'
import {
  FIX_BRANCH,
  fixCommitMessage,
  fixPrBody,
  fixPrTitle,
  planFixPr,
  type FixedFile
} from '../plan/fix-pr.js'
import { runCheck } from './check.js'
import type { JobContext, JobOutcome } from './context.js'
import { httpStatus } from '../github/errors.js'

export async function fixPrJob(ctx: JobContext): Promise<JobOutcome> {
  const { repo, trigger } = ctx.event
  if (!ctx.client || !repo)
    return { status: 'skipped', reason: 'no token to open the fix pull request with.' }
  if (trigger.kind === 'pull_request')
    return { status: 'skipped', reason: 'a pull request gets suggested changes instead (check).' }
  if (trigger.kind !== 'schedule' && trigger.kind !== 'workflow_dispatch' && trigger.kind !== 'push') {
    return {
      status: 'skipped',
      reason: `runs on schedule, workflow_dispatch or push, not on ${ctx.event.name}.`
    }
  }
  if (!/^[0-9a-f]{40}$/.test(ctx.sha) || /^0+$/.test(ctx.sha)) {
    return {
      status: 'skipped',
      reason: 'GITHUB_SHA does not name the commit the checkout holds, so the fixes would have no base.'
    }
  }
  const base = ctx.event.defaultBranch ?? (await ctx.client.rest.repos.get({ ...repo })).data.default_branch
  // The fixes are made on the commit the checkout holds: it must be the default branch's, or the pull request would
  // carry another branch's commits too (schedule always runs on the default branch).
  if (trigger.kind !== 'schedule' && trigger.ref !== `refs/heads/${base}`) {
    return {
      status: 'skipped',
      reason: `the run is on ${trigger.ref || 'an unknown ref'}, not the default branch ${base}; the fix pull request is made from the default branch only.`
    }
  }
  const { settings } = ctx
  const result = runCheck({
    root: ctx.blogRoot,
    now: ctx.now,
    severity: settings.severity,
    schemaPath: settings.schema ? resolve(ctx.workspace, settings.schema) : undefined,
    workspace: ctx.workspace,
    timezone: settings.timezone || undefined
  })
  const prefix = settings.blogPath === '' ? '' : `${settings.blogPath}/`
  const files: FixedFile[] = []
  for (const post of result.posts) {
    const mine = result.diagnostics.filter(d => d.file === post.file.path && d.fix)
    if (mine.length === 0) continue
    const fixed = applyFixes(post.file, mine)
    if (fixed.applied === 0 || fixed.text === post.file.text) continue
    const bom = post.file.bom ? '\uFEFF' : ''
    files.push({
      path: prefix + post.file.path,
      before: bom + post.file.text,
      after: bom + fixed.text,
      fixes: lineFixesOf(post.file, mine)
    })
  }
  try {
    const newest = await newestFixPr(ctx.client, repo)
    const step = planFixPr(files, newest)
    const title = fixPrTitle(files)
    const say = (line: string) => {
      ctx.sink.info(`fixes: ${line}`)
      ctx.sink.summary(`## jekyll-post-ops: fixes\n\n${line}\n`)
    }
    const client = ctx.client
    const writeBranch = () =>
      writeFixBranch(
        client,
        repo,
        ctx.sha,
        files.map(f => ({ path: f.path, text: f.after })),
        fixCommitMessage(files)
      )
    switch (step.kind) {
      case 'none':
        say(`nothing to do: ${step.why}.`)
        break
      case 'open': {
        await writeBranch()
        const number = await openFixPr(ctx.client, repo, base, title, fixPrBody(files))
        say(`opened pull request #${number} from \`${FIX_BRANCH}\`: ${title}.`)
        break
      }
      case 'update':
        await writeBranch()
        await updateFixPr(ctx.client, repo, step.number, title, fixPrBody(files))
        say(`updated pull request #${step.number}: ${title}.`)
        break
      case 'close':
        await closeFixPr(ctx.client, repo, step.number)
        say(`closed pull request #${step.number}: nothing is left to fix.`)
        break
    }
    return { status: 'done' }
  } catch (error) {
    const status = httpStatus(error)
    if (status === 403) {
      return {
        status: 'skipped',
        reason:
          'the token cannot push the fix branch or open the pull request (needs `contents: write` and `pull-requests: write`).'
      }
    }
    throw error
  }
}
