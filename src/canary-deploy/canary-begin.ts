/**
 * A new canary (action run or start): a leftover of an earlier attempt of this run is removed first; an image that
 * already runs, or a Deployment without available pods, needs no canary; otherwise the canary is sized (an HPA owns
 * the count), what its traffic method needs is checked, and the stable Deployment is claimed.
 */
import { UserError } from '../lib/action/errors.js'
import { KubeAccessError } from '../lib/kube/errors.js'
import { sizeWithAutoscaler } from './autoscaler.js'
import { ConcurrentCanary } from './cluster.js'
import type { Invocation } from './invocation.js'
import type { Report } from './report.js'
import { createCopies, surveyCopies } from './config-store.js'
import { describeImages } from './images.js'
import { planRelease, type Release } from './release.js'
import { freshState, ownership, type CanaryState } from './state.js'
import { preflight, restore, type TrafficContext } from './traffic.js'
import { contextFromState, trafficContext } from './traffic-context.js'

export type Begun = { kind: 'claimed'; ctx: TrafficContext; state: CanaryState } | { kind: 'done'; report: Report }

export async function beginCanary(inv: Invocation): Promise<Begun> {
  const { inputs, cluster, stable, found, report, rt } = inv
  const release = inv.release ?? (await planRelease(inputs, cluster, stable, rt.owner))
  const { images } = release
  const previousImage = describeImages(images, 'previousImage')
  report.image = describeImages(images, 'image')
  report.previousImage = found?.previousImage ?? previousImage
  if (images.length > 1) report.images = images
  // A leftover's restore deletes the config copies it created: which exist is read again after it.
  if ((await clearLeftover(inv)) && release.copies.length > 0) release.configs = await surveyCopies(cluster, release.copies, rt.owner, inputs.manifest ? 'manifest' : 'template-patch')
  describeTemplate(inv, release)
  if (release.unchanged) {
    report.result = 'promoted'
    report.weight = 100
    report.notes.push(`Deployment ${inputs.deployment} already runs ${release.template ? `the pod template ${inputs.manifest ? `of ${inputs.manifest.file}` : 'template-patch makes'}` : report.image}; nothing to do.`)
    return { kind: 'done', report }
  }
  const available = stable.status?.availableReplicas ?? 0
  if ((stable.spec?.replicas ?? 1) === 0 || available === 0) return { kind: 'done', report: await firstDeploy(inv, release) }
  const total = await canaryTotal(inv)
  const ctx: TrafficContext = { ...trafficContext(inputs, cluster, images, total, rt.log), template: release.template, configs: release.configs, copies: release.copies }
  const problems = await preflight(ctx)
  if (problems.length > 0) throw new UserError(problems.join('\n'))
  const state = freshState(
    {
      strategy: 'canary',
      owner: rt.owner,
      image: report.image,
      previousImage,
      container: images[0]!.container,
      ...(images.length > 1 || release.template ? { images } : {}),
      ...(release.template ? { template: release.template, configs: release.configs } : {}),
      method: inputs.traffic,
      ...(inputs.headerRoute ? { headerRoute: inputs.headerRoute } : {}),
      workload: ctx.canaryName,
      stepIndex: -1,
      total
    },
    rt.now()
  )
  await cluster.claim(inputs.deployment, state)
  return { kind: 'claimed', ctx, state }
}

/** Refuses a canary of another run; removes one left by an earlier attempt of this run (or by this run): true then. */
async function clearLeftover(inv: Invocation): Promise<boolean> {
  const { inputs, cluster, found, report, rt } = inv
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
    return true
  }
  return false
}

/** The stable Deployment's replica count (a leftover's recorded one), or the HPA's when one scales it. */
async function canaryTotal(inv: Invocation): Promise<number> {
  const { inputs, stable, found } = inv
  const total = found?.total ?? stable.spec?.replicas ?? 1
  if (found) return total
  const sized = sizeWithAutoscaler(await visibleAutoscaler(inv), inputs.traffic, total)
  if (!sized.ok) throw new UserError(sized.problem)
  return sized.total
}

/**
 * The HPA scaling the Deployment, when the kubeconfig's user may list them. A Role without that permission (it is
 * optional) is not a reason to stop: the canary goes on with a warning saying what it could not check.
 */
async function visibleAutoscaler(inv: Invocation) {
  try {
    return await inv.cluster.findAutoscaler(inv.inputs.deployment)
  } catch (error) {
    if (!(error instanceof KubeAccessError && error.statusCode === 403)) throw error
    inv.rt.warn(`Cannot tell whether a HorizontalPodAutoscaler scales ${inv.inputs.deployment} (${error.message}) Going on as if none does; an autoscaler would change the replica count under the canary.`)
    return undefined
  }
}

/** A template release's changes, config copies and unapplied objects, for the report and the summary. */
function describeTemplate(inv: Invocation, release: Release): void {
  const { report, inputs } = inv
  if (!release.template) return
  report.templateSource = inputs.manifest ? `manifest ${inputs.manifest.file}` : 'template-patch'
  report.changes = release.changes
  report.configs = release.configs
  if (release.ignored.length > 0) {
    report.notes.push(`Not applied from ${inputs.manifest?.file}: ${release.ignored.join(', ')} (canary-deploy takes the pod template of Deployment ${inputs.deployment} and the ConfigMaps and Secrets it refers to).`)
  }
}

async function firstDeploy(inv: Invocation, release: Release): Promise<Report> {
  const { inputs, cluster, report, rt } = inv
  rt.log(`No stable version of ${inputs.deployment} is serving: rolling out ${report.image} directly.`)
  await createCopies(cluster, release.copies, release.configs)
  if (release.template) await cluster.setTemplate(inputs.deployment, release.template, undefined)
  else await cluster.setImages(inputs.deployment, release.images, undefined)
  await cluster.waitRolledOut(inputs.deployment, inputs.rolloutTimeoutMs)
  report.result = 'promoted'
  report.weight = 100
  report.notes.push(`First deploy: Deployment ${inputs.deployment} had no available pods (no stable version to compare with), so ${report.image} was rolled out directly, without a canary or analysis.`)
  report.history.push({ at: 0, weight: 100, analysis: 'none' })
  return report
}
