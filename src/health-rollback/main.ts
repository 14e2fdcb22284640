import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { errorMessage, UserError } from '../lib/action/errors.js'
import { removeKubeconfigFile, saveKubeconfigForCleanup } from '../lib/kube/index.js'
import { appendSummary } from '../lib/summary/write.js'
import { realClock } from './clock.js'
import { GithubDeploymentStatus } from './github-deployment.js'
import { readConfig } from './inputs.js'
import { outputsOf, reportJson } from './result.js'
import { runHealthRollback } from './run.js'
import { renderSummary } from './summary.js'

export async function main(): Promise<void> {
  const config = readConfig()
  const github = config.github ? new GithubDeploymentStatus(config.github.token, { ...config.github, warn: (m) => core.warning(m) }) : undefined
  const result = await runHealthRollback(config, {
    clock: realClock,
    log: (message) => core.info(message),
    onKubeconfig: saveKubeconfigForCleanup,
    ...(github ? { onStatus: (state, description) => github.set(state, description) } : {})
  }).catch(async (error: unknown) => {
    // A run that could not finish leaves no Deployment status "in progress" forever.
    if (github?.id !== undefined) await github.set('error', errorMessage(error))
    throw error
  })
  for (const [name, value] of Object.entries(outputsOf(result, config.reportFile))) core.setOutput(name, value)
  try {
    mkdirSync(path.dirname(config.reportFile), { recursive: true })
    writeFileSync(config.reportFile, reportJson(result))
  } catch (error) {
    core.warning(`could not write the report file ${config.reportFile}: ${error instanceof Error ? error.message : String(error)}`)
  }
  for (const e of result.events) {
    if (e.kind === 'note' && e.level === 'warning') core.warning(e.message)
    if (e.kind === 'rollback' && e.step === 'resume') core.warning(e.message)
  }
  await appendSummary(renderSummary(result))
  if (github) await github.set(result.healthy ? 'success' : 'failure', result.healthy ? result.reason : (result.failure ?? result.reason))
  if (result.failure) throw new UserError(result.failure)
}

/** The post step: the kubeconfig written from the input must not outlive the job step. */
export async function post(): Promise<void> {
  if (removeKubeconfigFile()) core.info('removed the kubeconfig written for this action')
}
