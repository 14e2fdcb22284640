/** Pod predicates shared by the StatefulSet and DaemonSet controllers (pkg/controller/statefulset/stateful_set_utils.go,
 * k8s.io/kubectl's podutil), and when a Ready pod becomes available. */
import type { KObject, Loose } from '../types.js'
import { isPodAvailable, isPodReady } from './replicaset.js'

/** isCreated: the API server gives every pod it stores a phase, so a pod without one is still to be created. */
export const isCreated = (pod: KObject): boolean => Boolean(pod.status?.phase)
export const isTerminating = (pod: KObject): boolean => pod.metadata.deletionTimestamp !== undefined
export const isRunningAndReady = (pod: KObject): boolean => pod.status?.phase === 'Running' && isPodReady(pod)
export const isRunningAndAvailable = (pod: KObject, minReadySeconds: number, now: number): boolean =>
  pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now)
export const isHealthy = (pod: KObject): boolean => isRunningAndReady(pod) && !isTerminating(pod)

/** The earliest time one of `pods`, Ready but not yet available, becomes available (minReadySeconds after Ready). */
export function availabilityWakeup(pods: KObject[], minReadySeconds: number, now: number): number | undefined {
  if (minReadySeconds === 0) return undefined
  let next: number | undefined
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) continue
    const ready = (pod.status?.conditions ?? []).find((c: Loose) => c.type === 'Ready')
    next = Math.min(next ?? Infinity, Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000 + 1)
  }
  return next
}

/** The creation order of pods (scheduled first, then oldest, then by name), as podByCreationTimestampAndPhase. */
export function byCreationScheduledFirst(a: KObject, b: KObject): number {
  const scheduled = (p: KObject): number => (p.spec?.nodeName ? 0 : 1)
  return (
    scheduled(a) - scheduled(b) ||
    Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!) ||
    a.metadata.name!.localeCompare(b.metadata.name!)
  )
}
