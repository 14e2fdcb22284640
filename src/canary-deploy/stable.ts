/** The stable Deployment a run acts on: found (or refused, saying what to do), and the containers the release changes in it. */
import type * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import type { Cluster } from './cluster.js'
import { planImageChanges, type ImageChange, type ImageRequest } from './images.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { Report } from './report.js'
import type { CanaryState } from './state.js'
import { templateChanges } from './template-diff.js'

export async function findStable(inputs: CanaryDeployInputs, cluster: Cluster): Promise<k8s.V1Deployment> {
  const stable = await cluster.findDeployment(inputs.deployment)
  if (!stable) {
    throw new UserError(
      `Input 'deployment': the Deployment '${inputs.deployment}' does not exist in namespace ${cluster.namespace}. Apply its manifest first (any image); canary-deploy then rolls out 'image' plainly when no stable version is serving.`
    )
  }
  return stable
}

/**
 * The containers of the stable Deployment this run's `image` (and `container`) change, each with the image it runs
 * now; an unknown container is refused here, after the Deployment is read and before any write.
 */
export function imageChanges(stable: k8s.V1Deployment, requests: ImageRequest[]): ImageChange[] {
  const planned = planImageChanges(stable.spec?.template.spec, requests, stable.metadata?.name ?? '')
  if (!planned.ok) throw new UserError(planned.problem)
  return planned.changes
}

/** A recorded template release (promoted or aborted by a later run): its differences from the stable template, its config copies. */
export function describeRecordedTemplate(report: Report, stable: k8s.V1Deployment, state: CanaryState): void {
  if (!state.template) return
  report.changes = templateChanges(stable.spec!.template, state.template)
  report.configs = state.configs ?? []
}
