/**
 * The rollback phase of an unhealthy version: decide (at most one rollback per run, never to a version not known to
 * be good, never a rollout that is not ours), carry the decision out, and conclude.
 */
import type { PhaseContext } from './context.js'
import { notRolledBackConclusion, rollbackConclusion, versionUnderTest, type Conclusion } from './conclusion.js'
import { decideRollback } from './rollback-decision.js'
import { carryOut } from './rollback.js'
import type { RolloutFacts } from './watch-rollout.js'
import { carryOutOnWorkload } from './workload-rollback.js'

/** `rollout` is absent for a target that is not Kubernetes. */
export async function rollBackOnce(ctx: PhaseContext, rollout: RolloutFacts | undefined, unhealthy: string): Promise<Conclusion> {
  const { inputs, timeline, marks } = ctx
  const from = versionUnderTest(rollout?.baseline)
  const decision = decideRollback({
    unhealthy: true,
    enabled: inputs.rollback,
    alreadyRolledBack: false,
    ...(inputs.rollbackCommand ? { command: inputs.rollbackCommand } : {}),
    ...(rollout ? { baseline: rollout.baseline } : {}),
    paused: rollout?.paused ?? false,
    ...(rollout?.foreignChange ? { foreignChange: rollout.foreignChange } : {})
  })
  if (decision.action === 'none' || decision.action === 'refuse') {
    if (decision.action === 'refuse') timeline.add({ kind: 'rollback', step: 'refused', message: decision.why })
    return notRolledBackConclusion(from, ctx.label, unhealthy, decision.why)
  }
  const rollbackContext = {
    clock: ctx.clock,
    timeline,
    timeoutMs: inputs.rolloutTimeoutMs,
    pollMs: ctx.pollMs,
    maxRestarts: inputs.maxRestarts,
    log: ctx.log,
    ...(ctx.kubeconfigFile ? { commandEnv: { KUBECONFIG: ctx.kubeconfigFile } } : {})
  }
  const outcome = ctx.workload ? await carryOutOnWorkload(decision, ctx.workload, rollbackContext) : await carryOut(decision, ctx.target, rollbackContext)
  if (outcome.requestedAt !== undefined) marks.rollbackRequestedAt = outcome.requestedAt
  if (outcome.ok) marks.restoredAt = outcome.restoredAt
  return rollbackConclusion(from, ctx.label, unhealthy, decision, outcome)
}
