/**
 * The report phase: the outputs, the report file, warnings for what the run had to work around, the job summary and
 * the final GitHub Deployment status; then the step fails if the run did.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { errorMessage, UserError } from '../lib/action/errors.js'
import { appendSummary } from '../lib/summary/write.js'
import type { GithubDeploymentStatus } from './github-deployment.js'
import type { HealthRollbackInputs } from './inputs.js'
import { outputsOf, reportJson, type RunResult } from './result.js'
import { renderSummary } from './summary.js'

export async function report(inputs: HealthRollbackInputs, result: RunResult, github: GithubDeploymentStatus | undefined): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result, inputs.reportFile))) core.setOutput(name, value)
  try {
    mkdirSync(path.dirname(inputs.reportFile), { recursive: true })
    writeFileSync(inputs.reportFile, reportJson(result))
  } catch (error) {
    core.warning(`could not write the report file ${inputs.reportFile}: ${errorMessage(error)}`)
  }
  for (const e of result.events) {
    if (e.kind === 'note' && e.level === 'warning') core.warning(e.message)
    if (e.kind === 'rollback' && e.step === 'resume') core.warning(e.message)
  }
  await appendSummary(renderSummary(result))
  if (github) await github.set(result.healthy ? 'success' : 'failure', result.healthy ? result.reason : (result.failure ?? result.reason))
  if (result.failure) throw new UserError(result.failure)
}
