/**
 * The StatefulSet controller, following k8s.io/kubernetes/pkg/controller/statefulset (stateful_set_control.go
 * getStatefulSetRevisions/updateStatefulSet/truncateHistory, stateful_set_utils.go newVersionedStatefulSetPod and
 * completeRollingUpdate). Pods are `<set>-<ordinal>`; OrderedReady creates them one at a time and makes no further
 * progress while any pod below is not Running and Ready (and available after minReadySeconds). RollingUpdate
 * replaces pods from the highest ordinal down to `partition`, one at a time, each only once the ones above are
 * healthy. A template brought back to an earlier one reuses that ControllerRevision with the next revision number.
 *
 * As upstream, a rollout stuck on a pod that never becomes Ready stays stuck after the template is reverted: the
 * broken pod must be deleted by hand (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#forced-rollback).
 */
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'
import type { KObject, Loose } from '../types.js'
import type { EventRecorder } from './events.js'
import {
  applyRevision,
  controllerRef,
  createRevision,
  CONTROLLER_REVISIONS,
  equalRevision,
  newRevision,
  ownedRevisions,
  POD_REVISION_LABEL,
  sortRevisions,
  templatePatch
} from './history.js'
import { availabilityWakeup, isCreated, isHealthy, isRunningAndAvailable, isRunningAndReady, isTerminating } from './pod-state.js'
import { ownedBy } from './replicaset.js'

const SETS = resourceByKind('StatefulSet')
const PODS = resourceByKind('Pod')
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name'
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'
const COMPONENT = 'statefulset-controller'

/** getParentNameAndOrdinal: -1 for a pod whose name is not `<set>-<number>`. */
function ordinalOf(set: KObject, pod: KObject): number {
  const match = /^(.*)-([0-9]+)$/.exec(pod.metadata.name ?? '')
  return match && match[1] === set.metadata.name ? Number(match[2]) : -1
}

const revisionOfPod = (pod: KObject): string | undefined => pod.metadata.labels?.[POD_REVISION_LABEL]

export class StatefulSetController {
  constructor(
    private readonly store: Store,
    private readonly events: EventRecorder
  ) {}

  sync(now: number): void {
    for (const set of this.store.list(SETS)) {
      if (set.metadata.deletionTimestamp) continue
      this.syncSet(set, now)
    }
  }

  nextWakeup(now: number): number | undefined {
    let next: number | undefined
    for (const set of this.store.list(SETS)) {
      const due = availabilityWakeup(this.podsOf(set), set.spec?.minReadySeconds ?? 0, now)
      if (due !== undefined) next = Math.min(next ?? Infinity, due)
    }
    return next
  }

  private podsOf(set: KObject): KObject[] {
    return this.store.list(PODS, set.metadata.namespace).filter((pod) => ownedBy(pod, set))
  }

  private syncSet(set: KObject, now: number): void {
    const revisions = sortRevisions(ownedRevisions(this.store, set))
    const { current, update, collisionCount } = this.revisions(set, revisions)
    this.updateSet(set, current, update, now)
    const pods = this.podsOf(set)
    this.writeStatus(set, this.status(set, pods, current, update, collisionCount, now))
    this.truncateHistory(set, pods, revisions, current, update)
  }

  /** getStatefulSetRevisions. */
  private revisions(set: KObject, revisions: KObject[]): { current: KObject; update: KObject; collisionCount: number } {
    let collisionCount: number = set.status?.collisionCount ?? 0
    const last = revisions.at(-1)
    let update = newRevision(set, templatePatch(set), last ? (last.revision ?? 0) + 1 : 1, collisionCount)
    const equal = revisions.filter((r) => equalRevision(r, update))
    const lastEqual = equal.at(-1)
    if (last && lastEqual && equalRevision(last, lastEqual)) {
      // The template has not changed since the newest revision.
      update = last
    } else if (lastEqual) {
      // A rollback: the equal revision becomes the newest one (UpdateControllerRevision with the next number).
      update = this.store.update(CONTROLLER_REVISIONS, { ...lastEqual, revision: update.revision })
    } else {
      ;({ revision: update, collisionCount } = createRevision(this.store, set, update, collisionCount))
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update
    return { current, update, collisionCount }
  }

  /** updateStatefulSet: at most one step of progress per pod per sync in OrderedReady mode. */
  private updateSet(set: KObject, current: KObject, update: KObject, now: number): void {
    const replicaCount: number = set.spec.replicas ?? 1
    const monotonic = set.spec.podManagementPolicy !== 'Parallel'
    const minReadySeconds: number = set.spec.minReadySeconds ?? 0
    const currentSet = applyRevision(set, current)
    const updateSet = applyRevision(set, update)
    const replicas: KObject[] = []
    const condemned: KObject[] = []
    for (const pod of this.podsOf(set)) {
      const ordinal = ordinalOf(set, pod)
      if (ordinal >= 0 && ordinal < replicaCount) replicas[ordinal] = pod
      else if (ordinal >= replicaCount) condemned.push(pod)
    }
    condemned.sort((a, b) => ordinalOf(set, a) - ordinalOf(set, b))
    for (let i = 0; i < replicaCount; i++) replicas[i] ??= this.versionedPod(currentSet, updateSet, current, update, i)
    const firstUnhealthy = [...replicas, ...condemned].find((pod) => !isHealthy(pod))

    for (let i = 0; i < replicaCount; i++) {
      const pod = replicas[i]!
      if (!isCreated(pod)) {
        replicas[i] = this.create(set, pod)
        if (monotonic) return
        continue
      }
      if (isTerminating(pod) && monotonic) return
      if (!isRunningAndReady(pod) && monotonic) return
      if (!isRunningAndAvailable(pod, minReadySeconds, now) && monotonic) return
    }

    for (let target = condemned.length - 1; target >= 0; target--) {
      const pod = condemned[target]!
      if (isTerminating(pod) && monotonic) return
      if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return
      this.delete(set, pod)
      if (monotonic) return
    }

    if (set.spec.updateStrategy?.type === 'OnDelete') return
    const updateMin: number = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      const pod = replicas[target]!
      if (revisionOfPod(pod) !== update.metadata.name && !isTerminating(pod)) {
        this.delete(set, pod)
        return
      }
      if (!isHealthy(pod)) return
    }
  }

  /**
   * newVersionedStatefulSetPod, with upstream's operator precedence: with RollingUpdate and no rollingUpdate, the
   * first status.currentReplicas ordinals keep the current revision; with a rollingUpdate, those below partition do.
   */
  private versionedPod(currentSet: KObject, updateSet: KObject, current: KObject, update: KObject, ordinal: number): KObject {
    const strategy = currentSet.spec.updateStrategy ?? {}
    const keepCurrent =
      (strategy.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < (currentSet.status?.currentReplicas ?? 0)) ||
      (strategy.rollingUpdate && ordinal < (strategy.rollingUpdate.partition ?? 0))
    return keepCurrent ? this.newPod(currentSet, ordinal, current.metadata.name!) : this.newPod(updateSet, ordinal, update.metadata.name!)
  }

  /** newStatefulSetPod: the template with the pod's identity (hostname, subdomain, name and index labels). */
  private newPod(set: KObject, ordinal: number, revision: string): KObject {
    const template = set.spec.template ?? {}
    const name = `${set.metadata.name}-${ordinal}`
    return {
      metadata: {
        name,
        namespace: set.metadata.namespace!,
        labels: { ...template.metadata?.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [POD_REVISION_LABEL]: revision },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [controllerRef(set)]
      },
      spec: { ...structuredClone(template.spec ?? {}), hostname: name, ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}) }
    }
  }

  private create(set: KObject, pod: KObject): KObject {
    const created = this.store.create(PODS, { ...pod, status: { phase: 'Pending', qosClass: 'BestEffort' } })
    this.events.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT)
    return created
  }

  private delete(set: KObject, pod: KObject): void {
    this.store.delete(PODS, pod.metadata.namespace, pod.metadata.name!)
    this.events.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT)
  }

  /** computeReplicaStatus and completeRollingUpdate; zero counts are omitted as the Go types' omitempty does. */
  private status(set: KObject, pods: KObject[], current: KObject, update: KObject, collisionCount: number, now: number): Loose {
    const minReadySeconds: number = set.spec.minReadySeconds ?? 0
    let [replicas, ready, available, currentReplicas, updated] = [0, 0, 0, 0, 0]
    for (const pod of pods) {
      if (isCreated(pod)) replicas++
      if (isRunningAndReady(pod)) {
        ready++
        if (isRunningAndAvailable(pod, minReadySeconds, now)) available++
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        if (revisionOfPod(pod) === current.metadata.name) currentReplicas++
        if (revisionOfPod(pod) === update.metadata.name) updated++
      }
    }
    let currentRevision = current.metadata.name
    const desired: number = set.spec.replicas ?? 1
    if (set.spec.updateStrategy?.type === 'RollingUpdate' && updated === desired && ready === desired && replicas === desired) {
      currentReplicas = updated
      currentRevision = update.metadata.name
    }
    const omitZero = (value: number | undefined): number | undefined => (value === 0 ? undefined : value)
    const status: Loose = {
      observedGeneration: omitZero(set.metadata.generation),
      replicas,
      readyReplicas: omitZero(ready),
      currentReplicas: omitZero(currentReplicas),
      updatedReplicas: omitZero(updated),
      currentRevision,
      updateRevision: update.metadata.name,
      collisionCount,
      availableReplicas: available,
      ...(set.status?.conditions ? { conditions: set.status.conditions } : {})
    }
    return JSON.parse(JSON.stringify(status))
  }

  private writeStatus(set: KObject, status: Loose): void {
    const latest = this.store.get(SETS, set.metadata.namespace, set.metadata.name!)
    if (!latest || JSON.stringify(latest.status ?? {}) === JSON.stringify(status)) return
    this.store.update(SETS, { ...latest, status })
  }

  /** truncateHistory: revisions no pod uses, other than the current and update ones, beyond revisionHistoryLimit. */
  private truncateHistory(set: KObject, pods: KObject[], revisions: KObject[], current: KObject, update: KObject): void {
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(revisionOfPod)])
    const history = revisions.filter((r) => !live.has(r.metadata.name))
    const limit: number = set.spec.revisionHistoryLimit ?? 10
    for (const revision of history.slice(0, Math.max(0, history.length - limit))) {
      this.store.delete(CONTROLLER_REVISIONS, revision.metadata.namespace, revision.metadata.name!)
    }
  }
}
