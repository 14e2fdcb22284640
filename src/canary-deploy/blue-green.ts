/**
 * Blue-green: the green Deployment (`<deployment>-green`, the new image at the stable's full size) comes up beside
 * blue, passes the smoke checks (`smoke-urls`, `health-urls`), then the Service selector switches to green and the
 * analysis watches green serving everything for `step-pause`. A failure switches back at once. With keep-previous,
 * blue stays (old image, full size) for an instant `action: abort`; the next run (or `action: promote`) finalizes:
 * the stable Deployment takes the new image and the Service selects it again, and green goes.
 */
import type * as k8s from '@kubernetes/client-node'
import { errorMessage, UserError } from '../lib/action/errors.js'
import { POD_TEMPLATE_HASH_LABEL } from '../lib/kube/index.js'
import type { MetricsClient } from '../lib/metrics/source.js'
import { hasChecks, measureRound, type Checks } from './analysis.js'
import { ConcurrentCanary, ROLE_LABEL, type Cluster } from './cluster.js'
import type { CanaryInputs } from './inputs.js'
import { resolveContainer, type Runtime } from './run.js'
import { freshState, ownership, type CanaryState } from './state.js'
import type { Report } from './summary.js'
import { afterRound, roundVerdict, type StepProgress } from './verdict.js'

export const greenNameOf = (deployment: string): string => `${deployment}-green`

export async function runBlueGreen(
  inputs: CanaryInputs,
  cluster: Cluster,
  stable: k8s.V1Deployment,
  found: CanaryState | undefined,
  report: Report,
  metricsClient: MetricsClient | undefined,
  rt: Runtime
): Promise<Report> {
  const owner = ownership(found, rt.owner)
  if (found && found.strategy === 'blue-green' && found.phase === 'holding') {
    rt.log(`Finalizing the previous blue-green switch of run ${found.owner} before this one.`)
    report.restored.push(...(await finalize(inputs, cluster, found, rt)))
    report.notes.push(`The previous switch (run ${found.owner}, ${found.image}) was finalized: ${inputs.deployment} now runs it and its blue copy is gone.`)
    stable = (await cluster.findDeployment(inputs.deployment))!
  } else if (owner.kind === 'other') {
    throw new ConcurrentCanary(`Deployment ${inputs.deployment} already has a rollout of run ${owner.owner} (${owner.phase}). Wait for it, or end it with 'action: abort'.`)
  }
  const container = resolveContainer(stable, inputs.container)
  const currentImage = stable.spec!.template.spec!.containers.find((c) => c.name === container)!.image ?? ''
  report.previousImage = currentImage
  if (currentImage === inputs.image) {
    report.result = 'promoted'
    report.weight = 100
    report.notes.push(`Deployment ${inputs.deployment} already runs ${inputs.image}; nothing to do.`)
    return report
  }
  const service = await cluster.findService(inputs.service)
  if (!service) throw new UserError(`Input 'service': the Service '${inputs.service}' does not exist in namespace ${cluster.namespace} (blue-green switches its selector).`)
  const blueHash = await cluster.currentHash(stable)
  const total = stable.spec?.replicas ?? 1
  const green = greenNameOf(inputs.deployment)
  const state = freshState(
    {
      strategy: 'blue-green',
      owner: rt.owner,
      image: inputs.image,
      previousImage: currentImage,
      container,
      method: 'replicas',
      workload: green,
      service: inputs.service,
      ...(blueHash ? { pinnedHash: blueHash } : {}),
      previousSelector: { ...(service.spec?.selector ?? {}) },
      stepIndex: 0,
      total
    },
    rt.now()
  )
  await cluster.claim(inputs.deployment, state)
  rt.onClaimed(true)
  const startedAt = rt.now()
  const since = () => rt.now() - startedAt
  report.history = state.history
  state.history.push({ at: 0, weight: 0, analysis: 'none' })
  try {
    await cluster.applyWorkload(stable, green, 'green', container, inputs.image, total)
    await cluster.waitRolledOut(green, inputs.rolloutTimeoutMs)
    const smoke: Checks = { metrics: [], metricsClient: undefined, healthUrls: [...inputs.smokeUrls, ...inputs.healthUrls], healthTimeoutMs: 10_000 }
    if (hasChecks(smoke)) {
      const measured = await measureRound(smoke, { round: 0, at: since(), weight: 0, targets: { canary: green, stable: inputs.deployment, namespace: cluster.namespace } })
      report.measurements.push(...measured)
      const failed = measured.filter((m) => m.verdict !== 'pass')
      if (failed.length > 0) throw new BlueGreenAbort(`smoke checks failed on green before the switch: ${failed.map((m) => `${m.query} (${m.detail})`).join('; ')}`)
    }
    await cluster.patchSelector(inputs.service, { ...(state.previousSelector ?? {}), [ROLE_LABEL]: 'green', [POD_TEMPLATE_HASH_LABEL]: null })
    state.weight = 100
    state.history.push({ at: since(), weight: 100, analysis: 'none' })
    await cluster.writeState(inputs.deployment, () => undefined, state)
    report.weight = 100
    rt.log(`Service ${inputs.service} now selects ${green} (${inputs.image}).`)
    const checks: Checks = { metrics: inputs.metrics, metricsClient, healthUrls: inputs.healthUrls, healthTimeoutMs: 10_000 }
    if (hasChecks(checks)) {
      let progress: StepProgress = { failures: 0 }
      const stepStartedAt = rt.now()
      for (let round = 1; ; round++) {
        await rt.sleep(inputs.analysisIntervalMs)
        const measured = await measureRound(checks, { round, at: since(), weight: 100, targets: { canary: green, stable: inputs.deployment, namespace: cluster.namespace } })
        report.measurements.push(...measured)
        const verdict = roundVerdict(measured.map((m) => m.verdict), inputs.noData)
        const failed = measured.filter((m) => m.verdict !== 'pass').map((m) => `${m.name} ${m.verdict === 'no-data' ? 'has no data' : 'failed'}${m.detail ? ` (${m.detail})` : ''}`)
        const outcome = afterRound(progress, verdict, rt.now(), { startedAt: stepStartedAt, pauseMs: inputs.stepPauseMs, weight: 100 }, inputs, failed)
        progress = outcome.progress
        state.history.at(-1)!.analysis = verdict
        if (outcome.decision.kind === 'abort') throw new BlueGreenAbort(outcome.decision.reason)
        if (outcome.decision.kind === 'complete') break
      }
    } else if (inputs.stepPauseMs > 0) {
      await rt.sleep(inputs.stepPauseMs)
    }
    report.result = 'promoted'
    if (inputs.keepPrevious) {
      state.phase = 'holding'
      await cluster.writeState(inputs.deployment, () => undefined, state)
      rt.onClaimed(false)
      report.notes.push(`Blue (${inputs.deployment}, ${currentImage}) is kept at full size: 'action: abort' switches back instantly; the next run finalizes.`)
      return report
    }
    report.restored.push(...(await finalize(inputs, cluster, state, rt)))
    rt.onClaimed(false)
    return report
  } catch (error) {
    report.result = 'aborted'
    report.abortedReason = error instanceof BlueGreenAbort ? error.message : `error: ${errorMessage(error)}`
    rt.warn(`Switching back to blue: ${report.abortedReason}`)
    report.restored.push(...(await switchBack(inputs, cluster, state, rt)))
    state.history.push({ at: since(), weight: 0, analysis: error instanceof BlueGreenAbort ? 'fail' : 'none' })
    await cluster.writeState(inputs.deployment, () => undefined, undefined)
    rt.onClaimed(false)
    report.weight = 0
    return report
  }
}

class BlueGreenAbort extends Error {}

/** The Service back on blue (pinned to blue's pods while green exists), green deleted, selector as before. */
export async function switchBack(inputs: CanaryInputs, cluster: Cluster, state: CanaryState, rt: Runtime): Promise<string[]> {
  const done: string[] = []
  const service = state.service ?? inputs.service
  const previous = state.previousSelector ?? {}
  const pin: Record<string, string> = state.pinnedHash ? { [POD_TEMPLATE_HASH_LABEL]: state.pinnedHash } : {}
  await cluster.patchSelector(service, { ...previous, ...pin, [ROLE_LABEL]: null })
  done.push(`Service ${service} selects blue (${state.previousImage}) again`)
  if (await cluster.remove('deployment', state.workload)) done.push(`Deployment ${state.workload} deleted`)
  if (state.pinnedHash && previous[POD_TEMPLATE_HASH_LABEL] === undefined) await cluster.patchSelector(service, { [POD_TEMPLATE_HASH_LABEL]: null })
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  rt.log(done.join('; '))
  return done
}

/** Blue takes the new image while green serves; then the Service selects the stable Deployment again. */
export async function finalize(inputs: CanaryInputs, cluster: Cluster, state: CanaryState, rt: Runtime): Promise<string[]> {
  const service = state.service ?? inputs.service
  await cluster.setImage(inputs.deployment, state.container, state.image, state.total)
  await cluster.waitRolledOut(inputs.deployment, inputs.rolloutTimeoutMs)
  const selector: Record<string, string | null> = { ...(state.previousSelector ?? {}), [ROLE_LABEL]: null }
  await cluster.patchSelector(service, selector)
  const done = [`Deployment ${inputs.deployment} runs ${state.image}`, `Service ${service} selects ${inputs.deployment} again`]
  if (await cluster.remove('deployment', state.workload)) done.push(`Deployment ${state.workload} deleted`)
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  rt.log(done.join('; '))
  return done
}
