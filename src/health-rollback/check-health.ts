/**
 * The health-check phase on a finished rollout: the probes and metric queries the inputs ask for, ended early by a
 * pod of the current version entering a terminal state between rounds.
 */
import { containerProblems, isTerminalProblem, managedProblems } from '../lib/kube/index.js'
import { createMetricsClient } from '../lib/metrics/index.js'
import { runChecks, type CheckPlan, type ChecksResult } from './checks.js'
import type { DeploymentTarget } from './cluster.js'
import type { PhaseContext } from './context.js'
import type { HealthRollbackInputs } from './inputs.js'
import { currentPods, describeProblem } from './rollout-verdict.js'

/** Whether the inputs ask for any check (without, the rollout alone decides). */
export const hasChecks = (inputs: HealthRollbackInputs): boolean => inputs.healthUrls.length > 0 || inputs.metrics.length > 0

export async function checkHealth(ctx: PhaseContext): Promise<ChecksResult> {
  const { inputs, clock, timeline, log, target } = ctx
  const checks = await runChecks(checkPlan(inputs), { clock, timeline, log, ...(target ? { podFailure: () => podFailure(ctx, target) } : {}) })
  if (!checks.healthy) ctx.marks.firstFailureAt = checks.firstFailureAt
  else if (checks.ignoredMetrics.length > 0) {
    timeline.add({ kind: 'note', level: 'warning', message: `no data for ${checks.ignoredMetrics.join(', ')} in any round (no-data: ignore): judged on the other checks only` })
  }
  return checks
}

function checkPlan(inputs: HealthRollbackInputs): CheckPlan {
  return {
    urls: inputs.healthUrls,
    expectations: inputs.expectations,
    headers: inputs.probeHeaders,
    timeoutMs: inputs.probeTimeoutMs,
    metrics: inputs.metrics,
    ...(inputs.metricsSource ? { metricsClient: createMetricsClient(inputs.metricsSource, inputs.probeTimeoutMs) } : {}),
    noData: inputs.noData,
    rounds: inputs.probes,
    intervalMs: inputs.probeIntervalMs,
    failureThreshold: inputs.failureThreshold
  }
}

/** A reason when a pod of the current version is in a terminal state (reported with its logs), else undefined. */
async function podFailure(ctx: PhaseContext, target: DeploymentTarget): Promise<string | undefined> {
  const snapshot = await target.snapshot().catch(() => undefined)
  if (!snapshot) return undefined
  const problems = managedProblems(containerProblems(currentPods(snapshot)), snapshot.deployment.spec?.template)
  const bad = problems.find((p) => isTerminalProblem(p, ctx.inputs.maxRestarts, ctx.clock.now()))
  if (!bad) return undefined
  await ctx.pods.report(problems)
  return describeProblem(bad)
}
