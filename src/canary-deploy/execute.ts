/**
 * The plan and execute phases: survey reads what the run acts on (the stable Deployment and its recorded canary);
 * execute hands it to the module of the requested action in modes/. runCanary does both, for tests and benchmarks
 * that run canary-deploy in-process with their own Runtime.
 */
import type { MetricsClient } from '../lib/metrics/source.js'
import type { Cluster } from './cluster.js'
import type { CanaryAction, CanaryDeployInputs } from './inputs.js'
import type { Invocation, Runtime } from './invocation.js'
import { abortRecorded } from './modes/abort.js'
import { promoteHeld } from './modes/promote-held.js'
import { rollOut } from './modes/roll-out.js'
import { start } from './modes/start.js'
import { newReport, type Report } from './report.js'
import { planRelease } from './release.js'
import { findStable, imageChanges } from './stable.js'

const MODES: Record<CanaryAction, (inv: Invocation) => Promise<Report>> = { run: rollOut, start, promote: promoteHeld, abort: abortRecorded }

export async function survey(inputs: CanaryDeployInputs, cluster: Cluster, metricsClient: MetricsClient | undefined, rt: Runtime): Promise<Invocation> {
  const stable = await findStable(inputs, cluster)
  const releasing = inputs.action === 'run' || inputs.action === 'start'
  // An unknown container, or a template the API server refuses, is refused before any write (also before a kept
  // blue-green switch is finalized).
  if (releasing && inputs.strategy === 'blue-green') imageChanges(stable, inputs.images)
  const release = releasing && inputs.strategy === 'canary' ? await planRelease(inputs, cluster, stable, rt.owner) : undefined
  const found = await cluster.readState(inputs.deployment)
  return { inputs, cluster, metricsClient, rt, stable, found, release, report: newReport(inputs, cluster.namespace, found) }
}

export const execute = (inv: Invocation): Promise<Report> => MODES[inv.inputs.action](inv)

export async function runCanary(inputs: CanaryDeployInputs, cluster: Cluster, metricsClient: MetricsClient | undefined, rt: Runtime): Promise<Report> {
  return execute(await survey(inputs, cluster, metricsClient, rt))
}
