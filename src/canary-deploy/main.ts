/** canary-deploy's orchestrator: main (read inputs, plan, execute the action's mode, report) and post (undo a canary a cancelled job left). */
import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { removeKubeconfigFile } from '../lib/kube/index.js'
import { logText } from '../lib/action/log-text.js'
import { sleep } from '../lib/retry.js'
import { appendSummary } from '../lib/summary/write.js'
import { noAnalysisWarning } from './analysis.js'
import { connect, metricsClientFor } from './connect.js'
import { execute, survey } from './execute.js'
import { readInputs, type CanaryDeployInputs } from './inputs.js'
import type { Runtime } from './invocation.js'
import { undoRecorded } from './modes/abort.js'
import { holdsCanary, OWNER_STATE, RESTORE_STATE } from './post-state.js'
import { publish } from './publish.js'

/** The main step; the entry (index.ts) passes the inputs it has already validated. */
export async function main(validated?: CanaryDeployInputs): Promise<void> {
  const inputs = validated ?? (await core.group('Read inputs', async () => readInputs()))
  const unanalysed = noAnalysisWarning(inputs)
  if (unanalysed) core.warning(unanalysed)
  const invocation = await core.group('Plan', () => survey(inputs, connect(inputs).cluster, metricsClientFor(inputs), runnerRuntime(inputs)))
  const report = await core.group(`Execute: action ${inputs.action}`, () => execute(invocation))
  await core.group('Report', () => publish(report, inputs))
  if (report.result === 'aborted' && inputs.action !== 'abort') core.setFailed(`canary-deploy aborted: ${report.abortedReason}`)
}

/** The post step: when the main step ended while holding a canary (cancelled, killed), put everything back. */
export async function post(): Promise<void> {
  let ownFile: string | undefined
  try {
    if (!holdsCanary()) return
    const inputs = await core.group('Read inputs', async () => readInputs())
    const connected = connect(inputs, true)
    ownFile = connected.file
    const { cluster } = connected
    const state = await core.group('Plan', () => cluster.readState(inputs.deployment))
    if (!state || state.owner !== core.getState(OWNER_STATE)) {
      core.info('The canary state is gone or belongs to another run; nothing to restore.')
      return
    }
    core.warning(`The job ended while the canary was ${state.phase} at ${state.weight}%: restoring all traffic to stable.`)
    const done = await core.group('Execute: restore stable', () => undoRecorded(inputs, cluster, state, runnerRuntime(inputs)))
    for (const line of done) logText(line)
    await core.group('Report', () => appendSummary(`## canary-deploy (post): job ended mid-canary at ${state.weight}%; restored\n\n${done.map((d) => `- ${d}`).join('\n')}\n`))
  } finally {
    removeKubeconfigFile()
    if (ownFile) removeKubeconfigFile(ownFile)
  }
}

function runnerRuntime(inputs: CanaryDeployInputs): Runtime {
  const owner = `${inputs.run}/${randomBytes(4).toString('hex')}`
  return {
    sleep,
    now: Date.now,
    owner,
    log: logText,
    warn: (m) => core.warning(m),
    onClaimed: (claimed) => {
      core.saveState(OWNER_STATE, owner)
      core.saveState(RESTORE_STATE, claimed ? 'true' : 'false')
    }
  }
}
