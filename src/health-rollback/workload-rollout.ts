/**
 * The rollout phase for a StatefulSet or DaemonSet: waits for its rollout as `kubectl rollout status` reads it
 * (failing fast on terminal pod states), records the known-good revision once the controller has observed the new
 * template, and judges a rollout that failed, timed out or is not ours (another image than the expected one) as
 * unhealthy. An update strategy kubectl cannot follow (OnDelete) makes the run fail without a rollback.
 */
import { kubeErrorMessage } from '../lib/kube/index.js'
import type { PhaseContext } from './context.js'
import { checkExpectedImage, registryTagResolver } from './expected-image.js'
import type { Baseline } from './rollback-decision.js'
import type { RolloutOutcome } from './watch-rollout.js'
import { waitForWorkload, type WorkloadTarget } from './workload-target.js'
import { judgeWorkloadRollout, recordWorkloadBaseline } from './workload-verdict.js'

export async function watchWorkloadRollout(ctx: PhaseContext, target: WorkloadTarget): Promise<RolloutOutcome> {
  const { inputs, clock, log, timeline } = ctx
  let baseline: Baseline | undefined
  try {
    const waited = await waitForWorkload(target, {
      timeoutMs: inputs.rolloutTimeoutMs,
      pollMs: ctx.pollMs,
      clock,
      log,
      judge: (snapshot) => judgeWorkloadRollout(snapshot, inputs.maxRestarts, clock.now()),
      onVerdict: (verdict, snapshot) => {
        if (timeline.rollout('deploy', verdict.state, verdict.message)) log(`rollout: ${verdict.message}`)
        const w = snapshot.workload
        if (!baseline && (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 0)) baseline = recordWorkloadBaseline(snapshot, inputs.toRevision)
      }
    })
    const { verdict, snapshot } = waited
    if (verdict.state === 'unsupported') return { readable: false, message: verdict.message }
    baseline ??= recordWorkloadBaseline(snapshot, inputs.toRevision)
    await ctx.pods.report('problems' in verdict ? verdict.problems : [])
    const running = baseline.ok ? baseline.knownGood.fromImages : baseline.fromImages
    const expected = inputs.expectedImage ? await checkExpectedImage(inputs.expectedImage, running, snapshot.pods, registryTagResolver(inputs.registryEnv)) : { ok: true as const }
    if (!baseline.ok) timeline.add({ kind: 'note', level: 'warning', message: `no rollback possible: ${baseline.why}` })
    else timeline.add({ kind: 'note', level: 'info', message: `known-good revision recorded: ${baseline.knownGood.revision} (${baseline.knownGood.images.join(', ')})` })
    if (!expected.ok) {
      const foreignChange = `${expected.why}: another rollout may have replaced it, so it is not rolled back`
      return { readable: true, baseline, paused: false, unhealthy: foreignChange, foreignChange }
    }
    if (verdict.state === 'failed') {
      ctx.marks.firstFailureAt = clock.now()
      return { readable: true, baseline, paused: false, unhealthy: `the rollout failed: ${verdict.message}` }
    }
    if (verdict.state === 'timeout') return { readable: true, baseline, paused: false, unhealthy: `the rollout did not finish within ${Math.round(inputs.rolloutTimeoutMs / 1000)} s: ${verdict.message}` }
    return { readable: true, baseline, paused: false }
  } catch (error) {
    const message = kubeErrorMessage(error)
    timeline.add({ kind: 'note', level: 'warning', message: `cannot read the ${target.kind}: ${message}` })
    return { readable: false, message }
  }
}
