/**
 * The rollout phase: waits for the Deployment's rollout (failing fast on terminal pod states), records the known-good
 * revision once the controller has observed the new template, and judges a rollout that failed, timed out or is not
 * ours (another image than the expected one, compared by digest) as unhealthy.
 */
import { kubeErrorMessage } from '../lib/kube/index.js'
import { waitFor, type DeploymentTarget, type WaitResult } from './cluster.js'
import { checkExpectedImage, registryTagResolver, type ExpectedImageCheck } from './expected-image.js'
import type { PhaseContext } from './context.js'
import type { HealthRollbackInputs } from './inputs.js'
import { recordBaseline, type Baseline } from './rollback-decision.js'
import { judgeDeployRollout } from './rollout-verdict.js'
import type { Timeline } from './timeline.js'

export interface RolloutFacts {
  baseline: Baseline
  paused: boolean
  /** Why the version is unhealthy already, before any check. */
  unhealthy?: string
  /** The Deployment runs another version than the expected one: not ours to roll back. */
  foreignChange?: string
}

export type RolloutOutcome = ({ readable: true } & RolloutFacts) | { readable: false; message: string }

export async function watchRollout(ctx: PhaseContext, target: DeploymentTarget): Promise<RolloutOutcome> {
  const { inputs, clock, log, timeline } = ctx
  let baseline: Baseline | undefined
  try {
    const waited = await waitFor(target, {
      timeoutMs: inputs.rolloutTimeoutMs,
      pollMs: ctx.pollMs,
      clock,
      log,
      judge: (snapshot) => judgeDeployRollout(snapshot, inputs.maxRestarts, clock.now()),
      onVerdict: (verdict, snapshot) => {
        if (timeline.rollout('deploy', verdict.state, verdict.message)) log(`rollout: ${verdict.message}`)
        const d = snapshot.deployment
        if (!baseline && (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)) baseline = recordBaseline(d, snapshot.replicaSets, inputs.toRevision)
      }
    })
    baseline ??= recordBaseline(waited.snapshot.deployment, waited.snapshot.replicaSets, inputs.toRevision)
    await ctx.pods.report('problems' in waited.verdict ? waited.verdict.problems : [])
    const running = baseline.ok ? baseline.knownGood.fromImages : baseline.fromImages
    const expected = inputs.expectedImage ? await checkExpectedImage(inputs.expectedImage, running, waited.snapshot.pods, registryTagResolver(inputs.registryEnv)) : { ok: true as const }
    const { failed, ...judged } = judgeRollout(waited.verdict, expected, inputs)
    if (failed) ctx.marks.firstFailureAt = clock.now()
    noteBaseline(timeline, baseline)
    return { readable: true, baseline, paused: waited.snapshot.deployment.spec?.paused === true, ...judged }
  } catch (error) {
    const message = kubeErrorMessage(error)
    timeline.add({ kind: 'note', level: 'warning', message: `cannot read the Deployment: ${message}` })
    return { readable: false, message }
  }
}

function judgeRollout(verdict: WaitResult['verdict'], expected: ExpectedImageCheck, inputs: HealthRollbackInputs): { unhealthy?: string; foreignChange?: string; failed?: true } {
  // Checked whatever the verdict: a rollout that is not ours (failing or not) is never rolled back by us.
  if (!expected.ok) {
    const foreignChange = `${expected.why}: another rollout may have replaced it, so it is not rolled back`
    return { unhealthy: foreignChange, foreignChange }
  }
  if (verdict.state === 'failed') return { unhealthy: `the rollout failed: ${verdict.message}`, failed: true }
  if (verdict.state === 'timeout') return { unhealthy: `the rollout did not finish within ${Math.round(inputs.rolloutTimeoutMs / 1000)} s: ${verdict.message}` }
  return {}
}

function noteBaseline(timeline: Timeline, baseline: Baseline): void {
  if (!baseline.ok) timeline.add({ kind: 'note', level: 'warning', message: `no rollback possible: ${baseline.why}` })
  else timeline.add({ kind: 'note', level: 'info', message: `known-good revision recorded: ${baseline.knownGood.revision} (${baseline.knownGood.images.join(', ')})` })
}
