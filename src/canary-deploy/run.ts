/**
 * Orchestration of one canary-deploy run: claim the stable Deployment, walk the schedule with analysis at every
 * step, promote or restore. Decisions come from the pure modules; the cluster and Prometheus are adapters.
 */
import type * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import { kubeErrorMessage } from '../lib/kube/index.js'
import type { MetricsClient } from '../lib/metrics/source.js'
import { hasChecks, measureRound, type Checks } from './analysis.js'
import { sizeWithAutoscaler } from './autoscaler.js'
import { ConcurrentCanary, type Cluster } from './cluster.js'
import type { CanaryInputs } from './inputs.js'
import { freshState, ownership, type CanaryState } from './state.js'
import type { Report } from './summary.js'
import { applyWeight, prepareRouting, preflight, promote, restore, type TrafficContext } from './traffic.js'
import { afterRound, roundVerdict, type StepProgress } from './verdict.js'
import { runBlueGreen } from './blue-green.js'

export interface Runtime {
  sleep: (ms: number) => Promise<void>
  now: () => number
  /** This action run: `GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT/<claim id>` (see CanaryState.owner). */
  owner: string
  log: (message: string) => void
  warn: (message: string) => void
  /** Called once the run has claimed the Deployment (the post step must then restore on cancellation). */
  onClaimed: (claimed: boolean) => void
}

export function resolveContainer(stable: k8s.V1Deployment, wanted: string | undefined): string {
  const names = (stable.spec?.template.spec?.containers ?? []).map((c) => c.name)
  if (wanted !== undefined) {
    if (!names.includes(wanted)) throw new UserError(`Input 'container': got '${wanted}'; Deployment ${stable.metadata?.name} has ${names.map((n) => `'${n}'`).join(', ')}.`)
    return wanted
  }
  if (names.length !== 1) throw new UserError(`Input 'container': required because Deployment ${stable.metadata?.name} has ${names.length} containers (${names.map((n) => `'${n}'`).join(', ')}).`)
  return names[0]!
}

export const canaryNameOf = (deployment: string): string => `${deployment}-canary`

export function trafficContext(inputs: CanaryInputs, cluster: Cluster, container: string, total: number, image: string, log: (m: string) => void, method = inputs.traffic): TrafficContext {
  return {
    cluster,
    method,
    stableName: inputs.deployment,
    canaryName: canaryNameOf(inputs.deployment),
    service: inputs.service,
    canaryService: `${inputs.service}-canary`,
    router: inputs.router,
    istioRoute: inputs.istioRoute,
    container,
    image,
    total,
    rolloutTimeoutMs: inputs.rolloutTimeoutMs,
    log
  }
}

/** The context that undoes a recorded canary (from its state, not from this run's inputs). */
export function contextFromState(inputs: CanaryInputs, cluster: Cluster, state: CanaryState, log: (m: string) => void): TrafficContext {
  return { ...trafficContext(inputs, cluster, state.container, state.total, state.image, log, state.method), canaryName: state.workload, ...(state.canaryService ? { canaryService: state.canaryService } : {}) }
}


export async function runCanary(inputs: CanaryInputs, cluster: Cluster, metricsClient: MetricsClient | undefined, rt: Runtime): Promise<Report> {
  const namespace = cluster.namespace
  const stable = await cluster.findDeployment(inputs.deployment)
  if (!stable) {
    throw new UserError(
      `Input 'deployment': the Deployment '${inputs.deployment}' does not exist in namespace ${namespace}. Apply its manifest first (any image); canary-deploy then rolls out 'image' plainly when no stable version is serving.`
    )
  }
  const found = await cluster.readState(inputs.deployment)
  const report: Report = {
    result: 'aborted',
    deployment: inputs.deployment,
    namespace,
    image: inputs.image || found?.image || '',
    strategy: inputs.strategy,
    method: inputs.strategy === 'blue-green' ? 'service selector' : inputs.traffic,
    weight: 0,
    notes: [],
    history: [],
    measurements: [],
    restored: []
  }
  if (inputs.action === 'abort') return abortRecorded(inputs, cluster, found, report, rt)
  if (inputs.action === 'promote') {
    if (!found) throw new UserError(`Input 'action': 'promote' needs a canary started by 'action: start', but Deployment ${inputs.deployment} records none.`)
    if (found.phase !== 'holding') throw new UserError(`Input 'action': the canary of run ${found.owner} is ${found.phase}, not holding; only a holding canary can be promoted.`)
  }
  if (inputs.action === 'promote' && found!.strategy === 'blue-green') {
    const { finalize } = await import('./blue-green.js')
    report.restored.push(...(await finalize(inputs, cluster, found!, rt)))
    report.result = 'promoted'
    report.weight = 100
    report.previousImage = found!.previousImage
    report.image = found!.image
    return report
  }
  if (inputs.strategy === 'blue-green' && inputs.action !== 'promote') return runBlueGreen(inputs, cluster, stable, found, report, metricsClient, rt)

  const container = resolveContainer(stable, inputs.container ?? found?.container)
  const currentImage = stable.spec!.template.spec!.containers.find((c) => c.name === container)!.image ?? ''
  report.previousImage = found?.previousImage ?? currentImage

  if (inputs.action !== 'promote') {
    const owner = ownership(found, rt.owner)
    if (owner.kind === 'other') {
      throw new ConcurrentCanary(
        `Deployment ${inputs.deployment} already has a canary of run ${owner.owner} (${owner.phase} at ${owner.weight}%). Wait for it, or end it with 'action: abort' (or 'promote' if it is holding).`
      )
    }
    if (owner.kind === 'leftover-of-our-run' || owner.kind === 'ours') {
      rt.log(`A canary left by an earlier attempt of this run (${found!.owner}) is cleaned up first.`)
      report.restored.push(...(await restore(contextFromState(inputs, cluster, found!, rt.log), found)))
      await cluster.writeState(inputs.deployment, () => undefined, undefined)
      report.notes.push(`An earlier attempt of this run (${found!.owner}) left a canary at ${found!.weight}%; it was removed before starting again.`)
    }
    if (currentImage === inputs.image) {
      report.result = 'promoted'
      report.weight = 100
      report.notes.push(`Deployment ${inputs.deployment} already runs ${inputs.image}; nothing to do.`)
      return report
    }
    const available = stable.status?.availableReplicas ?? 0
    if ((stable.spec?.replicas ?? 1) === 0 || available === 0) {
      return firstDeploy(inputs, cluster, container, report, rt)
    }
  }

  let total = found?.total ?? stable.spec?.replicas ?? 1
  if (!found) {
    const sized = sizeWithAutoscaler(await cluster.findAutoscaler(inputs.deployment), inputs.traffic, total)
    if (!sized.ok) throw new UserError(sized.problem)
    total = sized.total
  }
  const ctx = trafficContext(inputs, cluster, container, total, report.image, rt.log)
  let state: CanaryState
  if (inputs.action === 'promote') {
    state = { ...found!, phase: 'progressing', owner: rt.owner }
    await cluster.writeState(inputs.deployment, (current) => {
      if (current?.owner !== found!.owner) throw new ConcurrentCanary(`Deployment ${inputs.deployment}: the canary changed hands while promoting (now ${current?.owner ?? 'none'}).`)
    }, state)
    Object.assign(ctx, contextFromState(inputs, cluster, state, rt.log))
  } else {
    const problems = await preflight(ctx)
    if (problems.length > 0) throw new UserError(problems.join('\n'))
    state = freshState(
      { strategy: 'canary', owner: rt.owner, image: inputs.image, previousImage: currentImage, container, method: inputs.traffic, workload: ctx.canaryName, stepIndex: -1, total },
      rt.now()
    )
    await cluster.claim(inputs.deployment, state)
  }
  rt.onClaimed(true)
  const startedAt = Date.parse(state.startedAt)
  const since = (): number => rt.now() - startedAt
  report.history = state.history
  const checks: Checks = { metrics: inputs.metrics, metricsClient, healthUrls: inputs.healthUrls, healthTimeoutMs: Math.min(10_000, inputs.analysisIntervalMs * 5) }
  const targets = { canary: ctx.canaryName, stable: inputs.deployment, namespace }
  const stillOurs = (current: CanaryState | undefined): void => {
    if (current?.owner !== state.owner) {
      throw new LostClaim(
        current ? `another run (${current.owner}) took over the canary of Deployment ${inputs.deployment}` : `the canary of Deployment ${inputs.deployment} was ended by another run (action: abort)`
      )
    }
  }
  const save = () => cluster.writeState(inputs.deployment, stillOurs, state)

  let moving: number | undefined
  try {
    if (inputs.action !== 'promote') await prepareRouting(ctx, stable, state)
    let progress: StepProgress = { failures: 0 }
    let round = report.measurements.length
    // Continue after the recorded weight (a promote run may pass the schedule again, or a different one).
    const first = inputs.steps.findIndex((st) => st.weight > state.weight)
    for (let index = first; index >= 0 && index < inputs.steps.length; index++) {
      const step = inputs.steps[index]!
      if (step.weight === 100) {
        moving = 100
        rt.log(`Promoting: Deployment ${inputs.deployment} → ${report.image}`)
        state.phase = 'promoting'
        await save()
        const fresh = (await cluster.findDeployment(inputs.deployment))!
        report.restored.push(...(await promote(ctx, fresh, state)))
        state.history.push({ at: since(), weight: 100, analysis: 'none' })
        report.weight = 100
        report.result = 'promoted'
        await cluster.writeState(inputs.deployment, () => undefined, undefined)
        rt.onClaimed(false)
        return report
      }
      moving = step.weight
      const fresh = (await cluster.findDeployment(inputs.deployment))!
      const applied = await applyWeight(ctx, fresh, step.weight, state)
      if (applied.effectiveWeight !== step.weight) report.notes.push(`Step ${step.weight}%: ${applied.canaryReplicas} canary and ${applied.stableReplicas} stable pods, an effective weight of ${applied.effectiveWeight}%.`)
      moving = undefined
      report.weight = step.weight
      report.effectiveWeight = applied.effectiveWeight
      state.stepIndex = index
      state.weight = step.weight
      const point = { at: since(), weight: step.weight, analysis: 'none' as const }
      state.history.push(point)
      await save()
      rt.log(`Weight ${step.weight}%${applied.effectiveWeight !== step.weight ? ` (effective ${applied.effectiveWeight}%: ${applied.canaryReplicas} canary / ${applied.stableReplicas} stable pods)` : ''}`)

      const stepStartedAt = rt.now()
      if (!hasChecks(checks)) {
        await rt.sleep(step.pauseMs)
      } else {
        for (;;) {
          await rt.sleep(inputs.analysisIntervalMs)
          round++
          // An `action: abort` from another job stops this run within one interval.
          stillOurs(await cluster.readState(inputs.deployment))
          const measured = await measureRound(checks, { round, at: since(), weight: step.weight, targets })
          report.measurements.push(...measured)
          const verdict = roundVerdict(measured.map((m) => m.verdict), inputs.noData)
          const failed = measured.filter((m) => m.verdict !== 'pass').map((m) => `${m.name} ${m.verdict === 'no-data' ? 'has no data' : 'failed'}${m.detail ? ` (${m.detail})` : ''}`)
          const outcome = afterRound(progress, verdict, rt.now(), { startedAt: stepStartedAt, pauseMs: step.pauseMs, weight: step.weight }, inputs, failed)
          progress = outcome.progress
          ;(state.history.at(-1) as { analysis?: string }).analysis = verdict
          rt.log(`Analysis round ${round} at ${step.weight}%: ${verdict}${failed.length > 0 ? ` — ${failed.join('; ')}` : ''}`)
          if (outcome.decision.kind === 'abort') throw new AnalysisAbort(outcome.decision.reason)
          if (outcome.decision.kind === 'complete') break
        }
      }
      if (inputs.action === 'start' && step.weight === inputs.holdAt) {
        state.phase = 'holding'
        await save()
        rt.onClaimed(false)
        report.result = 'holding'
        report.notes.push(`Holding at ${step.weight}% for a later run with 'action: promote' (or 'abort'); the canary stays in place.`)
        return report
      }
    }
    throw new Error('the schedule ended without reaching 100%')
  } catch (error) {
    if (error instanceof LostClaim) {
      // Whoever ended or took the canary owns its cleanup; undoing here could remove their objects.
      report.result = 'aborted'
      report.abortedReason = error.message
      report.weight = 0
      rt.onClaimed(false)
      return report
    }
    report.result = 'aborted'
    report.abortedReason = error instanceof AnalysisAbort ? error.message : `error ${moving !== undefined ? `moving to ${moving}%` : `at ${state.weight}%`}: ${error instanceof UserError ? error.message : kubeErrorMessage(error)}`
    state.history.push({ at: since(), weight: 0, analysis: error instanceof AnalysisAbort ? 'fail' : 'none' })
    rt.warn(`Restoring all traffic to stable: ${report.abortedReason}`)
    report.restored.push(...(await restore(ctx, state)))
    await cluster.writeState(inputs.deployment, () => undefined, undefined)
    rt.onClaimed(false)
    report.weight = 0
    delete report.effectiveWeight
    return report
  }
}

export class AnalysisAbort extends Error {}

/** The state annotation no longer names this run: ended by `action: abort` elsewhere, or taken over. */
export class LostClaim extends UserError {}

async function firstDeploy(inputs: CanaryInputs, cluster: Cluster, container: string, report: Report, rt: Runtime): Promise<Report> {
  rt.log(`No stable version of ${inputs.deployment} is serving: rolling out ${inputs.image} directly.`)
  await cluster.setImage(inputs.deployment, container, inputs.image, undefined)
  await cluster.waitRolledOut(inputs.deployment, inputs.rolloutTimeoutMs)
  report.result = 'promoted'
  report.weight = 100
  report.notes.push(`First deploy: Deployment ${inputs.deployment} had no available pods (no stable version to compare with), so ${inputs.image} was rolled out directly, without a canary or analysis.`)
  report.history.push({ at: 0, weight: 100, analysis: 'none' })
  return report
}

async function abortRecorded(inputs: CanaryInputs, cluster: Cluster, found: CanaryState | undefined, report: Report, rt: Runtime): Promise<Report> {
  report.result = 'aborted'
  report.abortedReason = 'aborted by request (action: abort)'
  if (!found) {
    report.notes.push(`Deployment ${inputs.deployment} records no canary; nothing to undo.`)
    return report
  }
  report.previousImage = found.previousImage
  report.image = found.image
  report.history = found.history
  if (found.strategy === 'blue-green') {
    const { switchBack } = await import('./blue-green.js')
    report.restored.push(...(await switchBack(inputs, cluster, found, rt)))
  } else {
    report.restored.push(...(await restore(contextFromState(inputs, cluster, found, rt.log), found)))
  }
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  report.notes.push(`The canary of run ${found.owner} (${found.phase} at ${found.weight}%) was ended.`)
  return report
}
