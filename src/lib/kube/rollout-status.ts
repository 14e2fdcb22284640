/**
 * `kubectl rollout status deployment/NAME` on one read of the Deployment
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go, DeploymentStatusViewer), with the same messages.
 * Nothing is trusted until status.observedGeneration has caught up with metadata.generation: before that the
 * status (and a ProgressDeadlineExceeded condition in it) may describe the previous spec.
 */
import type * as k8s from '@kubernetes/client-node'
import { revisionOf } from './revisions.js'

export type RolloutState = 'waiting' | 'complete' | 'deadline-exceeded'

export interface RolloutStatus {
  state: RolloutState
  message: string
}

export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded'

export function deploymentRolloutStatus(deployment: k8s.V1Deployment, options: { revision?: number } = {}): RolloutStatus {
  const name = deployment.metadata?.name ?? ''
  if (options.revision !== undefined && options.revision > 0) {
    const current = revisionOf(deployment)
    if (current === undefined) return { state: 'waiting', message: `deployment "${name}" has no revision annotation yet` }
    if (current !== options.revision) throw new Error(`desired revision (${options.revision}) is different from the running revision (${current})`)
  }
  const status = deployment.status ?? {}
  const generation = deployment.metadata?.generation ?? 0
  if (generation > (status.observedGeneration ?? 0)) return { state: 'waiting', message: 'Waiting for deployment spec update to be observed...' }
  const progressing = (status.conditions ?? []).find((c) => c.type === 'Progressing')
  if (progressing?.reason === PROGRESS_DEADLINE_EXCEEDED) return { state: 'deadline-exceeded', message: `deployment "${name}" exceeded its progress deadline` }
  const desired = deployment.spec?.replicas
  const updated = status.updatedReplicas ?? 0
  const replicas = status.replicas ?? 0
  const available = status.availableReplicas ?? 0
  if (desired !== undefined && updated < desired) {
    return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...` }
  }
  if (replicas > updated) {
    return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...` }
  }
  if (available < updated) {
    return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` }
  }
  return { state: 'complete', message: `deployment "${name}" successfully rolled out` }
}
