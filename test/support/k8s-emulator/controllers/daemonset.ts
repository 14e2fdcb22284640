/**
 * The DaemonSet controller for the emulator's one node, following k8s.io/kubernetes/pkg/controller/daemon
 * (daemon_controller.go syncDaemonSet/manage/podsShouldBeOnNode/updateDaemonSetStatus, update.go
 * constructHistory/snapshot/rollingUpdate/cleanupHistory, util/daemonset_util.go CreatePodTemplate/IsPodUpdated).
 * Revisions are named `<ds>-<pod-template hash>` and labelled `controller-revision-hash`; pods carry that hash and
 * `pod-template-generation`. RollingUpdate without surge deletes an old pod (within maxUnavailable) and the next
 * sync creates its replacement; with maxSurge the new pod is created first and the old one deleted once the new one
 * is available.
 */
import { randomInt } from 'node:crypto'
import { TEMPLATE_GENERATION } from '../defaults.js'
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'
import type { KObject, Loose } from '../types.js'
import { computeHash } from './deployment-util.js'
import type { EventRecorder } from './events.js'
import { controllerRef, CONTROLLER_REVISIONS, ownedRevisions, POD_REVISION_LABEL, templatePatch } from './history.js'
import { availabilityWakeup, byCreationScheduledFirst, isTerminating } from './pod-state.js'
import { isPodAvailable, isPodReady, ownedBy } from './replicaset.js'
import { canonicalJson } from '../canonical.js'

const DAEMON_SETS = resourceByKind('DaemonSet')
const PODS = resourceByKind('Pod')
const COMPONENT = 'daemonset-controller'
export const POD_TEMPLATE_GENERATION = 'pod-template-generation'
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

/** The one node every pod runs on (the kubelet's `emulator-node`), with the labels a kubelet registers. */
export const NODE = {
  name: 'emulator-node',
  labels: { 'kubernetes.io/hostname': 'emulator-node', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } as Record<string, string>
}

/** AddOrUpdateDaemonPodTolerations: daemon pods tolerate the node conditions that would evict or block them. */
const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
]

const templateGeneration = (ds: KObject): string | undefined => ds.metadata.annotations?.[TEMPLATE_GENERATION]

/** IsPodUpdated: the pod has the current revision's hash, or was made from the current template generation. */
function isPodUpdated(pod: KObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {}
  return (hash !== '' && labels[POD_REVISION_LABEL] === hash) || (generation !== undefined && labels[POD_TEMPLATE_GENERATION] === generation)
}

/** GetScaledValueFromIntOrPercent, rounding up as the DaemonSet controller does. */
function scaled(value: Loose, total: number): number {
  if (typeof value === 'number') return value
  const match = /^(\d+)%$/.exec(String(value ?? '0'))
  return match ? Math.ceil((Number(match[1]) * total) / 100) : Number(value) || 0
}

/** NodeShouldRunDaemonPod, reduced to what one untainted node can refuse: a nodeName or nodeSelector that is not it. */
function shouldRun(ds: KObject): boolean {
  const spec = ds.spec.template?.spec ?? {}
  if (spec.nodeName && spec.nodeName !== NODE.name) return false
  return Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => NODE.labels[key] === value)
}

export class DaemonSetController {
  constructor(
    private readonly store: Store,
    private readonly events: EventRecorder
  ) {}

  sync(now: number): void {
    for (const ds of this.store.list(DAEMON_SETS)) {
      if (ds.metadata.deletionTimestamp) continue
      this.syncDaemonSet(ds, now)
    }
  }

  nextWakeup(now: number): number | undefined {
    let next: number | undefined
    for (const ds of this.store.list(DAEMON_SETS)) {
      const due = availabilityWakeup(this.podsOf(ds), ds.spec?.minReadySeconds ?? 0, now)
      if (due !== undefined) next = Math.min(next ?? Infinity, due)
    }
    return next
  }

  private podsOf(ds: KObject): KObject[] {
    return this.store.list(PODS, ds.metadata.namespace).filter((pod) => ownedBy(pod, ds) && !isTerminating(pod) && pod.status?.phase !== 'Failed')
  }

  private syncDaemonSet(ds: KObject, now: number): void {
    const history = this.constructHistory(ds)
    // A hash collision bumped status.collisionCount: the next round retries with the new count.
    if (!history) return
    const hash = history.cur.metadata.labels![POD_REVISION_LABEL]!
    const acted = this.manage(ds, hash, now)
    // The pods just created or deleted are awaited (expectations) before the rolling update looks at them.
    if (!acted && ds.spec.updateStrategy?.type === 'RollingUpdate') this.rollingUpdate(ds, hash, now)
    this.cleanupHistory(ds, history.old)
    this.updateStatus(ds, hash, now)
  }

  /** constructHistory: the revision matching the template is `cur` (numbered after every other one), the rest `old`. */
  private constructHistory(ds: KObject): { cur: KObject; old: KObject[] } | undefined {
    const patch = canonicalJson(templatePatch(ds))
    const current: KObject[] = []
    const old: KObject[] = []
    for (let revision of ownedRevisions(this.store, ds)) {
      if (!revision.metadata.labels?.[POD_REVISION_LABEL]) {
        revision = this.store.update(CONTROLLER_REVISIONS, { ...revision, metadata: { ...revision.metadata, labels: { ...revision.metadata.labels, [POD_REVISION_LABEL]: revision.metadata.name! } } })
      }
      ;(canonicalJson(revision.data) === patch ? current : old).push(revision)
    }
    const next = Math.max(0, ...old.map((r) => r.revision ?? 0)) + 1
    if (current.length === 0) {
      const cur = this.snapshot(ds, next)
      return cur && { cur, old }
    }
    // dedupCurHistories: keep the newest of equal revisions.
    current.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))
    let cur = current[0]!
    for (const duplicate of current.slice(1)) this.store.delete(CONTROLLER_REVISIONS, duplicate.metadata.namespace, duplicate.metadata.name!)
    if ((cur.revision ?? 0) < next) cur = this.store.update(CONTROLLER_REVISIONS, { ...cur, revision: next })
    return { cur, old }
  }

  /** snapshot: a new revision named by the template hash; a name taken by other data bumps status.collisionCount. */
  private snapshot(ds: KObject, revision: number): KObject | undefined {
    const hash = computeHash(ds.spec.template, ds.status?.collisionCount)
    const name = `${ds.metadata.name}-${hash}`
    const data = templatePatch(ds)
    const existing = this.store.get(CONTROLLER_REVISIONS, ds.metadata.namespace, name)
    if (existing) {
      if (canonicalJson(existing.data) === canonicalJson(data)) return existing
      const latest = this.store.get(DAEMON_SETS, ds.metadata.namespace, ds.metadata.name!)!
      this.store.update(DAEMON_SETS, { ...latest, status: { ...latest.status, collisionCount: (latest.status?.collisionCount ?? 0) + 1 } })
      return undefined
    }
    const annotations = ds.metadata.annotations
    return this.store.create(CONTROLLER_REVISIONS, {
      metadata: {
        name,
        namespace: ds.metadata.namespace!,
        labels: { ...ds.spec.template?.metadata?.labels, [POD_REVISION_LABEL]: hash },
        ...(annotations && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
        ownerReferences: [controllerRef(ds)]
      },
      data,
      revision
    })
  }

  private maxSurge(ds: KObject): number {
    const rolling = ds.spec.updateStrategy?.type === 'RollingUpdate' ? (ds.spec.updateStrategy.rollingUpdate ?? {}) : {}
    return scaled(rolling.maxSurge ?? 0, shouldRun(ds) ? 1 : 0)
  }

  /** manage/podsShouldBeOnNode: one daemon pod on the node (two during a surge), none where it should not run. */
  private manage(ds: KObject, hash: string, now: number): boolean {
    const pods = this.podsOf(ds).sort(byCreationScheduledFirst)
    const toDelete: KObject[] = []
    let create = false
    if (!shouldRun(ds)) toDelete.push(...pods)
    else if (pods.length === 0) create = true
    else if (this.maxSurge(ds) === 0) toDelete.push(...pods.slice(1))
    else {
      let oldestNew: KObject | undefined
      let oldestOld: KObject | undefined
      for (const pod of pods) {
        if (pod.metadata.labels?.[POD_REVISION_LABEL] === hash) {
          if (!oldestNew) oldestNew = pod
          else toDelete.push(pod)
        } else if (!oldestOld) oldestOld = pod
        else toDelete.push(pod)
      }
      if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec.minReadySeconds ?? 0, now))) toDelete.push(oldestOld)
    }
    for (const pod of toDelete) this.deletePod(ds, pod)
    if (create) this.createPod(ds, hash)
    return create || toDelete.length > 0
  }

  /** rollingUpdate for one node: without surge, replace an old pod within maxUnavailable; with surge, add the new pod first. */
  private rollingUpdate(ds: KObject, hash: string, now: number): void {
    const pods = this.podsOf(ds)
    const generation = templateGeneration(ds)
    const minReady: number = ds.spec.minReadySeconds ?? 0
    const desired = shouldRun(ds) ? 1 : 0
    const rolling = ds.spec.updateStrategy.rollingUpdate ?? {}
    const surge = this.maxSurge(ds)
    let unavailable = scaled(rolling.maxUnavailable ?? 1, desired)
    if (desired > 0 && unavailable === 0 && surge === 0) unavailable = 1
    // findUpdatedPodsOnNode: more than one new or one old pod is left to the manage loop.
    const updated = pods.filter((p) => isPodUpdated(p, hash, generation))
    const outdated = pods.filter((p) => !isPodUpdated(p, hash, generation))
    if (pods.length === 0 || updated.length > 1 || outdated.length > 1) return
    const [newPod, oldPod] = [updated[0], outdated[0]]
    if (!oldPod) return
    if (surge === 0) {
      if (newPod) return
      // An unavailable old pod is always replaced; an available one only within maxUnavailable (none unavailable yet).
      if (!isPodAvailable(oldPod, minReady, now) || unavailable > 0) this.deletePod(ds, oldPod)
      return
    }
    if (!newPod) this.createPod(ds, hash)
    else if (isPodAvailable(newPod, minReady, now)) this.deletePod(ds, oldPod)
  }

  /** cleanupHistory: old revisions beyond revisionHistoryLimit, oldest first, skipping any a pod still runs. */
  private cleanupHistory(ds: KObject, old: KObject[]): void {
    let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10)
    if (toKill <= 0) return
    const live = new Set(this.podsOf(ds).map((p) => p.metadata.labels?.[POD_REVISION_LABEL]))
    for (const revision of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
      if (toKill <= 0) break
      if (live.has(revision.metadata.labels?.[POD_REVISION_LABEL])) continue
      this.store.delete(CONTROLLER_REVISIONS, revision.metadata.namespace, revision.metadata.name!)
      toKill--
    }
  }

  /** updateDaemonSetStatus: the oldest pod on the node counts; zero counts after numberReady are omitted (omitempty). */
  private updateStatus(ds: KObject, hash: string, now: number): void {
    const latest = this.store.get(DAEMON_SETS, ds.metadata.namespace, ds.metadata.name!)
    if (!latest) return
    const pods = this.podsOf(ds).sort(byCreationScheduledFirst)
    const run = shouldRun(ds)
    const pod = pods[0]
    const counted = run && pod !== undefined
    const ready = counted && isPodReady(pod)
    const available = ready && isPodAvailable(pod, ds.spec.minReadySeconds ?? 0, now)
    const desired = run ? 1 : 0
    const omitZero = (value: number | undefined): number | undefined => (value === 0 ? undefined : value)
    const status: Loose = JSON.parse(
      JSON.stringify({
        currentNumberScheduled: counted ? 1 : 0,
        numberMisscheduled: !run && pod !== undefined ? 1 : 0,
        desiredNumberScheduled: desired,
        numberReady: ready ? 1 : 0,
        observedGeneration: omitZero(latest.metadata.generation),
        updatedNumberScheduled: omitZero(counted && isPodUpdated(pod, hash, templateGeneration(latest)) ? 1 : 0),
        numberAvailable: omitZero(available ? 1 : 0),
        numberUnavailable: omitZero(desired - (available ? 1 : 0)),
        collisionCount: latest.status?.collisionCount,
        conditions: latest.status?.conditions
      })
    )
    if (JSON.stringify(latest.status ?? {}) !== JSON.stringify(status)) this.store.update(DAEMON_SETS, { ...latest, status })
  }

  /** CreatePodTemplate plus the node affinity that pins the pod to its node and the daemon tolerations. */
  private createPod(ds: KObject, hash: string): void {
    const template = ds.spec.template ?? {}
    let name: string
    do name = `${ds.metadata.name}-${Array.from({ length: 5 }, () => ALPHANUMS[randomInt(ALPHANUMS.length)]).join('')}`
    while (this.store.get(PODS, ds.metadata.namespace, name))
    const spec = structuredClone(template.spec ?? {})
    spec.affinity = {
      ...spec.affinity,
      nodeAffinity: {
        ...spec.affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [NODE.name] }] }] }
      }
    }
    const tolerations: Loose[] = [...(spec.tolerations ?? [])]
    for (const toleration of DAEMON_TOLERATIONS) {
      if (!tolerations.some((t) => t.key === toleration.key && t.effect === toleration.effect)) tolerations.push(toleration)
    }
    spec.tolerations = tolerations
    const generation = templateGeneration(ds)
    this.store.create(PODS, {
      metadata: {
        name,
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace!,
        labels: { ...template.metadata?.labels, ...(generation !== undefined ? { [POD_TEMPLATE_GENERATION]: generation } : {}), [POD_REVISION_LABEL]: hash },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [controllerRef(ds)]
      },
      spec,
      status: { phase: 'Pending', qosClass: 'BestEffort' }
    })
    this.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, COMPONENT)
  }

  private deletePod(ds: KObject, pod: KObject): void {
    this.store.delete(PODS, pod.metadata.namespace, pod.metadata.name!)
    this.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT)
  }
}
