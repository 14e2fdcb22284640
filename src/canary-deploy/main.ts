/** canary-deploy main and post steps: inputs → run → outputs, report file and job summary. */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { KubeClient, loadKubeconfig, removeKubeconfigFile, resolveNamespace, saveKubeconfigForCleanup } from '../lib/kube/index.js'
import { createMetricsClient } from '../lib/metrics/source.js'
import { sleep } from '../lib/retry.js'
import { appendSummary } from '../lib/summary/write.js'
import { switchBack } from './blue-green.js'
import { Cluster } from './cluster.js'
import { readInputs, type CanaryInputs } from './inputs.js'
import { contextFromState, runCanary, type Runtime } from './run.js'
import { renderSummary, type Report } from './summary.js'
import { restore } from './traffic.js'

/** Saved while this run holds a canary that a cancelled job must undo. */
export const RESTORE_STATE = 'canary-restore'

function connect(inputs: CanaryInputs, isPost = false): { cluster: Cluster; file?: string } {
  const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context })
  if (!isPost) saveKubeconfigForCleanup(loaded)
  const namespace = resolveNamespace(loaded, inputs.namespace)
  return { cluster: new Cluster(new KubeClient(loaded.kc), namespace, sleep), ...(loaded.file ? { file: loaded.file } : {}) }
}

/** Saved with RESTORE_STATE: the owner string of this action run's claim, so the post step undoes only its own. */
export const OWNER_STATE = 'canary-owner'

function runtime(): Runtime {
  const owner = `${process.env.GITHUB_RUN_ID ?? 'local'}/${process.env.GITHUB_RUN_ATTEMPT ?? '1'}/${randomBytes(4).toString('hex')}`
  return {
    sleep,
    now: Date.now,
    owner,
    log: (m) => core.info(m),
    warn: (m) => core.warning(m),
    onClaimed: (claimed) => {
      core.saveState(OWNER_STATE, owner)
      core.saveState(RESTORE_STATE, claimed ? 'true' : 'false')
    }
  }
}

export async function main(): Promise<void> {
  const inputs = readInputs()
  const { cluster } = connect(inputs)
  const metricsClient = inputs.metricsSource ? createMetricsClient(inputs.metricsSource) : undefined
  const report = await runCanary(inputs, cluster, metricsClient, runtime())
  publish(report, inputs)
  await appendSummary(renderSummary(report))
  if (report.result === 'aborted' && inputs.action !== 'abort') core.setFailed(`canary-deploy aborted: ${report.abortedReason}`)
}

function publish(report: Report, inputs: CanaryInputs): void {
  core.setOutput('result', report.result)
  core.setOutput('weight', String(report.weight))
  core.setOutput('effective-weight', String(report.effectiveWeight ?? report.weight))
  core.setOutput('aborted-reason', report.abortedReason ?? '')
  core.setOutput('analysis', JSON.stringify(report.measurements))
  const file = path.resolve(process.env.GITHUB_WORKSPACE ?? '.', inputs.reportFile ?? path.join(process.env.RUNNER_TEMP ?? '.', 'canary-deploy-report.json'))
  writeFileSync(file, JSON.stringify(report, null, 2))
  core.setOutput('report-file', file)
}

/** The post step: when the main step ended while holding a canary (cancelled, killed), put everything back. */
export async function post(): Promise<void> {
  let ownFile: string | undefined
  try {
    if (core.getState(RESTORE_STATE) !== 'true') return
    const inputs = readInputs()
    const connected = connect(inputs, true)
    ownFile = connected.file
    const cluster = connected.cluster
    const state = await cluster.readState(inputs.deployment)
    const rt = runtime()
    if (!state || state.owner !== core.getState(OWNER_STATE)) {
      core.info('The canary state is gone or belongs to another run; nothing to restore.')
      return
    }
    core.warning(`The job ended while the canary was ${state.phase} at ${state.weight}%: restoring all traffic to stable.`)
    const done = state.strategy === 'blue-green' ? await switchBack(inputs, cluster, state, rt) : await restore(contextFromState(inputs, cluster, state, rt.log), state)
    await cluster.writeState(inputs.deployment, () => undefined, undefined)
    for (const line of done) core.info(line)
    await appendSummary(`## canary-deploy (post): job ended mid-canary at ${state.weight}%; restored\n\n${done.map((d) => `- ${d}`).join('\n')}\n`)
  } finally {
    removeKubeconfigFile()
    if (ownFile) removeKubeconfigFile(ownFile)
  }
}
