/**
 * The ReplicaSet controller: keeps spec.replicas pods per ReplicaSet (scale-down removes the least useful pods
 * first, as controller.ActivePods ranks them) and reports replicas, readyReplicas and availableReplicas, where a pod
 * is available once Ready for more than minReadySeconds (podutil.IsPodAvailable).
 */
import { randomInt } from 'node:crypto'
import type { EmulatorClock } from '../clock.js'
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'
import type { KObject, Loose } from '../types.js'
import type { EventRecorder } from './events.js'

const PODS = resourceByKind('Pod')
const REPLICA_SETS = resourceByKind('ReplicaSet')
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

const readyCondition = (pod: KObject): Loose => (pod.status?.conditions ?? []).find((c: Loose) => c.type === 'Ready')
export const isPodReady = (pod: KObject): boolean => readyCondition(pod)?.status === 'True'

export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false
  if (minReadySeconds === 0) return true
  return Date.parse(readyCondition(pod).lastTransitionTime) + minReadySeconds * 1000 < now
}

export function ownedBy(object: KObject, owner: KObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.controller && ref.uid === owner.metadata.uid)
}

const restarts = (pod: KObject): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s: Loose) => s.restartCount ?? 0))

/** ActivePods ordering: pending before running, not ready before ready, more restarts first, newer first. */
function deletionRank(a: KObject, b: KObject): number {
  const running = (p: KObject): number => (p.status?.phase === 'Running' ? 1 : 0)
  const ready = (p: KObject): number => (isPodReady(p) ? 1 : 0)
  return (
    running(a) - running(b) ||
    ready(a) - ready(b) ||
    restarts(b) - restarts(a) ||
    Date.parse(b.metadata.creationTimestamp!) - Date.parse(a.metadata.creationTimestamp!) ||
    b.metadata.name!.localeCompare(a.metadata.name!)
  )
}

export class ReplicaSetController {
  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    private readonly events: EventRecorder
  ) {}

  podsOf(rs: KObject): KObject[] {
    return this.store.list(PODS, rs.metadata.namespace).filter((pod) => ownedBy(pod, rs) && !pod.metadata.deletionTimestamp)
  }

  sync(now: number): void {
    for (const rs of this.store.list(REPLICA_SETS)) {
      if (rs.metadata.deletionTimestamp) continue
      let pods = this.podsOf(rs)
      const desired = rs.spec?.replicas ?? 1
      if (pods.length < desired) {
        for (let i = pods.length; i < desired; i++) this.createPod(rs)
      } else if (pods.length > desired) {
        for (const pod of [...pods].sort(deletionRank).slice(0, pods.length - desired)) {
          this.store.delete(PODS, pod.metadata.namespace, pod.metadata.name!)
          this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, 'replicaset-controller')
        }
      }
      pods = this.podsOf(rs)
      const minReady = rs.spec?.minReadySeconds ?? 0
      const status = {
        replicas: pods.length,
        fullyLabeledReplicas: pods.length,
        readyReplicas: pods.filter(isPodReady).length,
        availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
        observedGeneration: rs.metadata.generation
      }
      if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) this.store.update(REPLICA_SETS, { ...rs, status })
    }
  }

  /** When a Ready pod becomes available (minReadySeconds after it became Ready). */
  nextWakeup(now: number): number | undefined {
    let next: number | undefined
    for (const rs of this.store.list(REPLICA_SETS)) {
      const minReady = rs.spec?.minReadySeconds ?? 0
      if (minReady === 0) continue
      for (const pod of this.podsOf(rs)) {
        if (!isPodReady(pod) || isPodAvailable(pod, minReady, now)) continue
        next = Math.min(next ?? Infinity, Date.parse(readyCondition(pod).lastTransitionTime) + minReady * 1000 + 1)
      }
    }
    return next
  }

  private createPod(rs: KObject): void {
    const template = rs.spec.template ?? {}
    let name: string
    do name = `${rs.metadata.name}-${Array.from({ length: 5 }, () => ALPHANUMS[randomInt(ALPHANUMS.length)]).join('')}`
    while (this.store.get(PODS, rs.metadata.namespace, name))
    this.store.create(PODS, {
      metadata: {
        name,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...template.metadata?.labels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }]
      },
      spec: structuredClone(template.spec ?? {}),
      status: { phase: 'Pending', qosClass: 'BestEffort' }
    })
    this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, 'replicaset-controller')
  }
}
