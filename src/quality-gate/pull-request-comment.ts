/**
 * The sticky pull request comment with the gate's report, as input 'comment' asks (never, always, on-failure). The
 * GitHub client (@actions/github, Octokit) is loaded only by a run that comments.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { errorMessage } from '../lib/action/errors.js'
import { pullRequestNumber, type RunContext } from '../lib/github/event.js'
import { findStickyComment, upsertStickyComment } from '../lib/github/issue-comment.js'
import type { QualityGateInputs } from './inputs.js'
import { renderReport, type GateReport } from './summary.js'

/** Writes or updates the comment; a failure to comment is a warning, never the gate's verdict. */
export async function commentOnPullRequest(inputs: QualityGateInputs, context: RunContext, report: GateReport): Promise<void> {
  if (inputs.comment === 'never') return
  const issueNumber = pullRequestNumber(context)
  if (issueNumber === undefined) {
    core.info(`No pull request comment: a ${context.eventName} run has no pull request`)
    return
  }
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(inputs['github-token'], { baseUrl: context.apiUrl })
  const target = {
    owner: context.repository.owner,
    repo: context.repository.repo,
    issueNumber,
    marker: `<!-- pipeline-actions/quality-gate ${context.workflow}/${context.job}${inputs['working-directory'] === context.workspace ? '' : ` ${path.relative(context.workspace, inputs['working-directory'])}`} -->`
  }
  try {
    // on-failure: say nothing while all is well, but once a comment exists keep it truthful when the gate recovers.
    if (inputs.comment === 'on-failure' && report.verdict.passed && !(await findStickyComment(octokit, target))) return
    const result = await upsertStickyComment(octokit, { ...target, body: renderReport(report) })
    core.info(`Pull request comment ${result.action}: ${result.url}`)
  } catch (error) {
    core.warning(`Could not comment on pull request #${issueNumber}: ${errorMessage(error)} (the token needs pull-requests: write)`)
  }
}
