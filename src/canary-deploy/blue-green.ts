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
import { analyseStep, AnalysisAbort, hasChecks, measureRound, startAnalysis, type Checks } from './analysis.js'
import { ConcurrentCanary, ROLE_LABEL, type Cluster } from './cluster.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { Invocation, Runtime } from './invocation.js'
import type { Report } from './report.js'
import { describeImages, nothingChanges, type ImageChange } from './images.js'
import { imageChanges } from './stable.js'
import { changesOf, freshState, ownership, type CanaryState } from './state.js'

export const greenNameOf = (deployment: string): string => `${deployment}-green`

/** A claimed switch: blue as read, green's name and state, and the time since the claim. */
interface Switch {
  stable: k8s.V1Deployment
  green: string
  images: ImageChange[]
  state: CanaryState
  since: () => number
}

/** action run or start with strategy blue-green. */
export async function switchToGreen(inv: Invocation): Promise<Report> {
  const { inputs, report } = inv
  const stable = await settlePrevious(inv)
  const images = imageChanges(stable, inputs.images)
  report.image = describeImages(images, 'image')
  report.previousImage = describeImages(images, 'previousImage')
  if (images.length > 1) report.images = images
  if (nothingChanges(images)) {
    report.result = 'promoted'
    report.weight = 100
    report.notes.push(`Deployment ${inputs.deployment} already runs ${report.image}; nothing to do.`)
    return report
  }
  const run = await claimGreen(inv, stable, images)
  try {
    await bringUpGreen(inv, run)
    await switchService(inv, run)
    await analyseGreen(inv, run)
    return await keepOrFinalize(inv, run)
  } catch (error) {
    return switchBackAfter(inv, run, error)
  }
}

/** A previous switch kept by keep-previous is finalized first; a rollout of another run refuses. Returns blue. */
async function settlePrevious(inv: Invocation): Promise<k8s.V1Deployment> {
  const { inputs, cluster, found, report, rt } = inv
  const owner = ownership(found, rt.owner)
  if (found && found.strategy === 'blue-green' && found.phase === 'holding') {
    rt.log(`Finalizing the previous blue-green switch of run ${found.owner} before this one.`)
    report.restored.push(...(await finalize(inputs, cluster, found, rt)))
    report.notes.push(`The previous switch (run ${found.owner}, ${found.image}) was finalized: ${inputs.deployment} now runs it and its blue copy is gone.`)
    return (await cluster.findDeployment(inputs.deployment))!
  }
  if (owner.kind === 'other') {
    throw new ConcurrentCanary(`Deployment ${inputs.deployment} already has a rollout of run ${owner.owner} (${owner.phase}). Wait for it, or end it with 'action: abort'.`)
  }
  return inv.stable
}

async function claimGreen(inv: Invocation, stable: k8s.V1Deployment, images: ImageChange[]): Promise<Switch> {
  const { inputs, cluster, report, rt } = inv
  const service = await cluster.findService(inputs.service)
  if (!service) throw new UserError(`Input 'service': the Service '${inputs.service}' does not exist in namespace ${cluster.namespace} (blue-green switches its selector).`)
  const blueHash = await cluster.currentHash(stable)
  const green = greenNameOf(inputs.deployment)
  const state = freshState(
    {
      strategy: 'blue-green',
      owner: rt.owner,
      image: describeImages(images, 'image'),
      previousImage: describeImages(images, 'previousImage'),
      container: images[0]!.container,
      ...(images.length > 1 ? { images } : {}),
      method: 'replicas',
      workload: green,
      service: inputs.service,
      ...(blueHash ? { pinnedHash: blueHash } : {}),
      previousSelector: { ...(service.spec?.selector ?? {}) },
      stepIndex: 0,
      total: stable.spec?.replicas ?? 1
    },
    rt.now()
  )
  await cluster.claim(inputs.deployment, state)
  rt.onClaimed(true)
  const startedAt = rt.now()
  report.history = state.history
  state.history.push({ at: 0, weight: 0, analysis: 'none' })
  return { stable, green, images, state, since: () => rt.now() - startedAt }
}

/** Green at blue's full size, rolled out, and smoke-checked (round 0) before any traffic. */
async function bringUpGreen(inv: Invocation, run: Switch): Promise<void> {
  const { inputs, cluster, report } = inv
  await cluster.applyWorkload(run.stable, run.green, 'green', { images: run.images }, run.state.total, run.state.owner)
  await cluster.waitRolledOut(run.green, inputs.rolloutTimeoutMs)
  const smoke: Checks = { metrics: [], metricsClient: undefined, healthUrls: [...inputs.smokeUrls, ...inputs.healthUrls], healthTimeoutMs: 10_000 }
  if (!hasChecks(smoke)) return
  const measured = await measureRound(smoke, { round: 0, at: run.since(), weight: 0, targets: { canary: run.green, stable: inputs.deployment, namespace: cluster.namespace } })
  report.measurements.push(...measured)
  const failed = measured.filter((m) => m.verdict !== 'pass')
  if (failed.length > 0) throw new AnalysisAbort(`smoke checks failed on green before the switch: ${failed.map((m) => `${m.query} (${m.detail})`).join('; ')}`)
}

async function switchService(inv: Invocation, run: Switch): Promise<void> {
  const { inputs, cluster, report, rt } = inv
  const { state } = run
  await cluster.patchSelector(inputs.service, { ...(state.previousSelector ?? {}), [ROLE_LABEL]: 'green', [POD_TEMPLATE_HASH_LABEL]: null })
  state.weight = 100
  state.history.push({ at: run.since(), weight: 100, analysis: 'none' })
  await cluster.writeState(inputs.deployment, () => undefined, state)
  report.weight = 100
  rt.log(`Service ${inputs.service} now selects ${run.green} (${run.state.image}).`)
}

/** Green serving everything, analysed for `step-pause` (the same analysis as a canary step at 100%). */
async function analyseGreen(inv: Invocation, run: Switch): Promise<void> {
  const { inputs, cluster, metricsClient, report, rt } = inv
  const checks: Checks = { metrics: inputs.metrics, metricsClient, healthUrls: inputs.healthUrls, healthTimeoutMs: 10_000 }
  const analysis = startAnalysis(checks, { canary: run.green, stable: inputs.deployment, namespace: cluster.namespace }, inputs.analysisIntervalMs, inputs)
  const point = run.state.history.at(-1)!
  await analyseStep(analysis, { weight: 100, pauseMs: inputs.stepPauseMs }, point, { sleep: rt.sleep, now: rt.now, since: run.since, measurements: report.measurements })
}

/** With keep-previous blue stays for an instant abort (the state holds); without, the switch is finalized now. */
async function keepOrFinalize(inv: Invocation, run: Switch): Promise<Report> {
  const { inputs, cluster, report, rt } = inv
  report.result = 'promoted'
  if (inputs.keepPrevious) {
    run.state.phase = 'holding'
    await cluster.writeState(inputs.deployment, () => undefined, run.state)
    rt.onClaimed(false)
    report.notes.push(`Blue (${inputs.deployment}, ${run.state.previousImage}) is kept at full size: 'action: abort' switches back instantly; the next run finalizes.`)
    return report
  }
  report.restored.push(...(await finalize(inputs, cluster, run.state, rt)))
  rt.onClaimed(false)
  return report
}

async function switchBackAfter(inv: Invocation, run: Switch, error: unknown): Promise<Report> {
  const { inputs, cluster, report, rt } = inv
  report.result = 'aborted'
  report.abortedReason = error instanceof AnalysisAbort ? error.message : `error: ${errorMessage(error)}`
  rt.warn(`Switching back to blue: ${report.abortedReason}`)
  report.restored.push(...(await switchBack(inputs, cluster, run.state, rt)))
  run.state.history.push({ at: run.since(), weight: 0, analysis: error instanceof AnalysisAbort ? 'fail' : 'none' })
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  rt.onClaimed(false)
  report.weight = 0
  return report
}

/** The Service back on blue (pinned to blue's pods while green exists), green deleted, selector as before. */
export async function switchBack(inputs: CanaryDeployInputs, cluster: Cluster, state: CanaryState, rt: Runtime): Promise<string[]> {
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
export async function finalize(inputs: CanaryDeployInputs, cluster: Cluster, state: CanaryState, rt: Runtime): Promise<string[]> {
  const service = state.service ?? inputs.service
  await cluster.setImages(inputs.deployment, changesOf(state), state.total)
  await cluster.waitRolledOut(inputs.deployment, inputs.rolloutTimeoutMs)
  const selector: Record<string, string | null> = { ...(state.previousSelector ?? {}), [ROLE_LABEL]: null }
  await cluster.patchSelector(service, selector)
  const done = [`Deployment ${inputs.deployment} runs ${state.image}`, `Service ${service} selects ${inputs.deployment} again`]
  if (await cluster.remove('deployment', state.workload)) done.push(`Deployment ${state.workload} deleted`)
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  rt.log(done.join('; '))
  return done
}
