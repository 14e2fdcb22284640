/**
 * A claimed canary walking the schedule (action run, start and promote): each step shifts traffic and is analysed
 * for its pause, and next-step.ts says what follows — the next step, the promotion at 100, or holding at hold-at.
 * An analysis abort or an error restores stable; a lost claim leaves the cleanup to whoever ended or took it.
 */
import { UserError } from '../lib/action/errors.js'
import { kubeErrorMessage } from '../lib/kube/index.js'
import { analyseStep, AnalysisAbort, startAnalysis, type Analysis } from './analysis.js'
import type { Invocation } from './invocation.js'
import { nextStep } from './next-step.js'
import type { Report } from './report.js'
import type { CanaryState, WeightPoint } from './state.js'
import type { Step } from './steps.js'
import { applyWeight, prepareRouting, promote, restore, type TrafficContext } from './traffic.js'

/** The state annotation no longer names this run: ended by `action: abort` elsewhere, or taken over. */
export class LostClaim extends UserError {}

export interface WalkPlan {
  /** A new canary: the canary Service and the stable Service's pin come first (router methods). */
  prepareRouting: boolean
  /** action: start: the weight to hold at; undefined walks on to 100. */
  holdAt: number | undefined
}

interface Walk {
  inv: Invocation
  ctx: TrafficContext
  state: CanaryState
  analysis: Analysis
  /** Milliseconds since the canary started (across runs). */
  since: () => number
  /** Throws LostClaim when the recorded state is no longer this run's. */
  stillOurs: (current: CanaryState | undefined) => void
  /** Writes the state, if the claim is still this run's. */
  save: () => Promise<unknown>
  /** The weight being moved to, for the reason of an error on the way. */
  moving: number | undefined
}

/** Walks the schedule from the state's weight; the Deployment is claimed (`state` is recorded on it). */
export async function walkSchedule(inv: Invocation, ctx: TrafficContext, state: CanaryState, plan: WalkPlan): Promise<Report> {
  inv.rt.onClaimed(true)
  inv.report.history = state.history
  const walk = newWalk(inv, ctx, state)
  try {
    if (plan.prepareRouting) await prepareRouting(ctx, inv.stable, state)
    for (;;) {
      const next = nextStep(inv.inputs.steps, state.weight, plan.holdAt, state.stepIndex >= 0)
      if (next.kind === 'promote') return await promoteCanary(walk)
      if (next.kind === 'hold') return await hold(walk)
      if (next.kind === 'off-schedule') throw new Error('the schedule ended without reaching 100%')
      await shiftAndAnalyse(walk, next.index, next.step)
    }
  } catch (error) {
    return endWalk(walk, error)
  }
}

function newWalk(inv: Invocation, ctx: TrafficContext, state: CanaryState): Walk {
  const { inputs, cluster, metricsClient, rt } = inv
  const startedAt = Date.parse(state.startedAt)
  const checks = { metrics: inputs.metrics, metricsClient, healthUrls: inputs.healthUrls, healthTimeoutMs: Math.min(10_000, inputs.analysisIntervalMs * 5) }
  const targets = { canary: ctx.canaryName, stable: inputs.deployment, namespace: cluster.namespace }
  const stillOurs = (current: CanaryState | undefined): void => {
    if (current?.owner !== state.owner) {
      throw new LostClaim(
        current ? `another run (${current.owner}) took over the canary of Deployment ${inputs.deployment}` : `the canary of Deployment ${inputs.deployment} was ended by another run (action: abort)`
      )
    }
  }
  return {
    inv,
    ctx,
    state,
    analysis: startAnalysis(checks, targets, inputs.analysisIntervalMs, inputs),
    since: () => rt.now() - startedAt,
    stillOurs,
    save: () => cluster.writeState(inputs.deployment, stillOurs, state),
    moving: undefined
  }
}

async function shiftAndAnalyse(walk: Walk, index: number, step: Step): Promise<void> {
  const { inv, ctx, state } = walk
  const { inputs, cluster, rt, report } = inv
  walk.moving = step.weight
  const fresh = (await cluster.findDeployment(inputs.deployment))!
  const applied = await applyWeight(ctx, fresh, step.weight, state)
  if (applied.effectiveWeight !== step.weight) report.notes.push(`Step ${step.weight}%: ${applied.canaryReplicas} canary and ${applied.stableReplicas} stable pods, an effective weight of ${applied.effectiveWeight}%.`)
  walk.moving = undefined
  report.weight = step.weight
  report.effectiveWeight = applied.effectiveWeight
  state.stepIndex = index
  state.weight = step.weight
  const point: WeightPoint = { at: walk.since(), weight: step.weight, analysis: 'none' }
  state.history.push(point)
  await walk.save()
  rt.log(`Weight ${step.weight}%${applied.effectiveWeight !== step.weight ? ` (effective ${applied.effectiveWeight}%: ${applied.canaryReplicas} canary / ${applied.stableReplicas} stable pods)` : ''}`)
  await analyseStep(walk.analysis, step, point, {
    sleep: rt.sleep,
    now: rt.now,
    since: walk.since,
    measurements: report.measurements,
    // An `action: abort` from another job stops this run within one interval.
    beforeRound: async () => walk.stillOurs(await cluster.readState(inputs.deployment)),
    log: rt.log
  })
}

async function promoteCanary(walk: Walk): Promise<Report> {
  const { inv, ctx, state } = walk
  const { inputs, cluster, rt, report } = inv
  walk.moving = 100
  rt.log(`Promoting: Deployment ${inputs.deployment} → ${report.image}`)
  state.phase = 'promoting'
  await walk.save()
  const fresh = (await cluster.findDeployment(inputs.deployment))!
  report.restored.push(...(await promote(ctx, fresh, state)))
  state.history.push({ at: walk.since(), weight: 100, analysis: 'none' })
  report.weight = 100
  // Every pod now runs the new version, whatever share of the pods the canary had at its last step.
  report.effectiveWeight = 100
  report.result = 'promoted'
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  rt.onClaimed(false)
  return report
}

async function hold(walk: Walk): Promise<Report> {
  const { inv, state } = walk
  state.phase = 'holding'
  await walk.save()
  inv.rt.onClaimed(false)
  inv.report.result = 'holding'
  inv.report.notes.push(`Holding at ${state.weight}% for a later run with 'action: promote' (or 'abort'); the canary stays in place.`)
  return inv.report
}

async function endWalk(walk: Walk, error: unknown): Promise<Report> {
  const { inv, ctx, state } = walk
  const { inputs, cluster, rt, report } = inv
  report.result = 'aborted'
  if (error instanceof LostClaim) {
    // Whoever ended or took the canary owns its cleanup; undoing here could remove their objects.
    report.abortedReason = error.message
    report.weight = 0
    rt.onClaimed(false)
    return report
  }
  const where = walk.moving !== undefined ? `moving to ${walk.moving}%` : `at ${state.weight}%`
  report.abortedReason = error instanceof AnalysisAbort ? error.message : `error ${where}: ${error instanceof UserError ? error.message : kubeErrorMessage(error)}`
  state.history.push({ at: walk.since(), weight: 0, analysis: error instanceof AnalysisAbort ? 'fail' : 'none' })
  rt.warn(`Restoring all traffic to stable: ${report.abortedReason}`)
  report.restored.push(...(await restore(ctx, state)))
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  rt.onClaimed(false)
  report.weight = 0
  delete report.effectiveWeight
  return report
}
