/**
 * Why the pods of a rollout cannot be created or placed, in the controller's or the scheduler's own words: a
 * ReplicaSet whose pods are refused (ReplicaFailure, e.g. a ResourceQuota: "exceeded quota"), or pods the scheduler
 * cannot place ("0/3 nodes are available: 3 Insufficient cpu"). A quota refusal is final at once; an unschedulable
 * pod only after UNSCHEDULABLE_GRACE_MS, since a node may be on its way (a cluster autoscaler takes about a minute).
 * Both are seen long before the progress deadline (10 minutes by default). Pure.
 */
import type * as k8s from '@kubernetes/client-node'

export const UNSCHEDULABLE_GRACE_MS = 60_000

export interface PlacementProblem {
  reason: string
  message: string
}

export function placementProblem(replicaSet: k8s.V1ReplicaSet | undefined, pods: k8s.V1Pod[], now?: number, graceMs = UNSCHEDULABLE_GRACE_MS): PlacementProblem | undefined {
  const failure = (replicaSet?.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True')
  if (failure) return { reason: failure.reason ?? 'ReplicaFailure', message: `ReplicaSet ${replicaSet?.metadata?.name ?? ''} cannot create its pods: ${failure.message ?? failure.reason ?? 'ReplicaFailure'}` }
  if (now === undefined) return undefined
  for (const pod of pods) {
    const scheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled')
    if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') continue
    const since = scheduled.lastTransitionTime ? new Date(scheduled.lastTransitionTime).getTime() : undefined
    if (since === undefined || now - since < graceMs) continue
    return { reason: 'Unschedulable', message: `pod ${pod.metadata?.name ?? ''} could not be placed for ${Math.round((now - since) / 1000)} s: ${scheduled.message ?? 'Unschedulable'}` }
  }
  return undefined
}
