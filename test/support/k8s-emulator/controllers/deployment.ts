/**
 * The deployment controller, following k8s.io/kubernetes/pkg/controller/deployment (deployment_controller.go
 * syncDeployment, sync.go, rolling.go, recreate.go, progress.go). One ReplicaSet per pod template, named
 * `<deployment>-<pod-template-hash>`; the revision annotation of the ReplicaSet that matches the template becomes
 * max(old revisions) + 1, so a template brought back by `rollout undo` reuses its ReplicaSet with the newest
 * revision (the old number moves to deployment.kubernetes.io/revision-history).
 */
import type { EmulatorClock } from '../clock.js'
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'
import type { KObject, Loose } from '../types.js'
import {
  activeSets,
  ANNOTATIONS_TO_SKIP,
  byCreation,
  computeHash,
  type Condition,
  DESIRED_REPLICAS,
  equalIgnoreHash,
  getCondition,
  isRolling,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  maxUnavailable,
  POD_TEMPLATE_HASH,
  removeCondition,
  REVISION,
  REVISION_HISTORY,
  revisionOf,
  setCondition,
  specReplicas,
  sumSpec,
  sumStatus
} from './deployment-util.js'
import type { EventRecorder } from './events.js'
import { ownedBy, type ReplicaSetController } from './replicaset.js'

const DEPLOYMENTS = resourceByKind('Deployment')
const REPLICA_SETS = resourceByKind('ReplicaSet')

// Condition reasons, from pkg/controller/deployment/util/deployment_util.go.
export const REASONS = {
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  rsUpdated: 'ReplicaSetUpdated',
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minAvailable: 'MinimumReplicasAvailable',
  minUnavailable: 'MinimumReplicasUnavailable'
} as const

const MAX_INT32 = 2147483647
const hasProgressDeadline = (d: KObject): boolean => d.spec.progressDeadlineSeconds != null && d.spec.progressDeadlineSeconds !== MAX_INT32

export class DeploymentController {
  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    private readonly events: EventRecorder,
    private readonly replicaSets: ReplicaSetController
  ) {}

  private condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
    const now = this.clock.timestamp()
    return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message }
  }

  sync(): void {
    for (const d of this.store.list(DEPLOYMENTS)) {
      if (d.metadata.deletionTimestamp) continue
      this.syncDeployment(d)
    }
  }

  /** When a progress deadline expires (requeueStuckDeployment). */
  nextWakeup(): number | undefined {
    let next: number | undefined
    for (const d of this.store.list(DEPLOYMENTS)) {
      if (!hasProgressDeadline(d) || d.spec.paused) continue
      const cond = getCondition(d.status, 'Progressing')
      if (!cond || cond.reason === REASONS.newRSAvailable || cond.reason === REASONS.timedOut) continue
      const due = Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 + 1
      next = Math.min(next ?? Infinity, due)
    }
    return next
  }

  private refresh(d: KObject): KObject {
    return this.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!)!
  }

  private ownedSets(d: KObject): KObject[] {
    return this.store.list(REPLICA_SETS, d.metadata.namespace).filter((rs) => ownedBy(rs, d))
  }

  private syncDeployment(initial: KObject): void {
    let d = initial
    d = this.checkPausedConditions(d)
    const rsList = this.ownedSets(d)
    if (d.spec.paused) return this.syncPaused(d, rsList)
    if (this.isScalingEvent(d, rsList)) return this.syncPaused(d, rsList)
    if (isRolling(d)) this.rolloutRolling(d, rsList)
    else this.rolloutRecreate(d, rsList)
  }

  private checkPausedConditions(d: KObject): KObject {
    if (!hasProgressDeadline(d)) return d
    const cond = getCondition(d.status, 'Progressing')
    // A reported lack of progress is not overwritten with a paused condition.
    if (cond?.reason === REASONS.timedOut) return d
    const pausedCondExists = cond?.reason === REASONS.paused
    const status = structuredClone(d.status ?? {})
    if (d.spec.paused && !pausedCondExists) setCondition(status, this.condition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused'))
    else if (!d.spec.paused && pausedCondExists) setCondition(status, this.condition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed'))
    else return d
    return this.store.update(DEPLOYMENTS, { ...d, status })
  }

  /** getAllReplicaSetsAndSyncRevision: the ReplicaSet of the current template (created when asked) and the others. */
  private newAndOld(d: KObject, rsList: KObject[], create: boolean): { d: KObject; newRS: KObject | undefined; oldRSs: KObject[] } {
    const sorted = [...rsList].sort(byCreation)
    const existing = sorted.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template))
    const oldRSs = sorted.filter((rs) => rs !== existing)
    const newRevision = String(maxRevision(oldRSs) + 1)
    const annotations = structuredClone(d.metadata.annotations ?? {})
    const status = structuredClone(d.status ?? {})
    let needsUpdate = false

    let newRS = existing
    if (existing) {
      const copy = structuredClone(existing)
      const changed = this.setNewReplicaSetAnnotations(d, copy, newRevision, true)
      const minReadyChanged = (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)
      if (minReadyChanged) copy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0
      if (changed || minReadyChanged) newRS = this.store.update(REPLICA_SETS, copy)
      if (annotations[REVISION] !== newRS!.metadata.annotations![REVISION]) {
        annotations[REVISION] = newRS!.metadata.annotations![REVISION]!
        needsUpdate = true
      }
      if (hasProgressDeadline(d) && !getCondition(status, 'Progressing')) {
        setCondition(status, this.condition('Progressing', 'True', REASONS.foundNewRS, `Found new replica set "${newRS!.metadata.name}"`))
        needsUpdate = true
      }
    } else if (create) {
      newRS = this.createNewReplicaSet(d, oldRSs, newRevision)
      annotations[REVISION] = newRevision
      if (hasProgressDeadline(d)) {
        setCondition(status, this.condition('Progressing', 'True', REASONS.newRSCreated, `Created new replica set "${newRS.metadata.name}"`))
      }
      needsUpdate = true
    }
    if (needsUpdate) d = this.store.update(DEPLOYMENTS, { ...d, metadata: { ...d.metadata, annotations }, status })
    return { d, newRS, oldRSs }
  }

  private createNewReplicaSet(d: KObject, oldRSs: KObject[], revision: string): KObject {
    let collisionCount: number | undefined = d.status?.collisionCount
    for (;;) {
      const hash = computeHash(d.spec.template, collisionCount)
      const template = structuredClone(d.spec.template)
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } }
      const selector = structuredClone(d.spec.selector)
      selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash }
      const name = `${d.metadata.name}-${hash}`
      const clash = this.store.get(REPLICA_SETS, d.metadata.namespace, name)
      if (clash) {
        // A hash collision with a different template bumps status.collisionCount and tries again.
        collisionCount = (collisionCount ?? 0) + 1
        continue
      }
      const rs: KObject = {
        metadata: {
          name,
          namespace: d.metadata.namespace,
          labels: template.metadata.labels,
          annotations: {},
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name!, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }]
        },
        spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template }
      }
      rs.spec.replicas = this.newRSNewReplicas(d, [...oldRSs, rs], rs)
      this.setNewReplicaSetAnnotations(d, rs, revision, false)
      const created = this.store.create(REPLICA_SETS, rs)
      if (created.spec.replicas > 0) {
        this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${created.spec.replicas}`, 'deployment-controller')
      }
      if (collisionCount !== d.status?.collisionCount) this.store.update(DEPLOYMENTS, { ...this.refresh(d), status: { ...this.refresh(d).status, collisionCount } })
      return created
    }
  }

  /** SetNewReplicaSetAnnotations. */
  private setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: string, exists: boolean): boolean {
    const annotations = (rs.metadata.annotations ??= {})
    const before = JSON.stringify(annotations)
    for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
      if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value
    }
    const oldRevision = annotations[REVISION]
    const oldNumber = Number(oldRevision ?? 0)
    if (oldNumber < Number(newRevision)) {
      annotations[REVISION] = newRevision
      // The ReplicaSet had a revision before: this is a rollback to it; keep the old number in the history.
      if (oldRevision !== undefined) {
        annotations[REVISION_HISTORY] = annotations[REVISION_HISTORY] ? `${annotations[REVISION_HISTORY]},${oldRevision}` : oldRevision
      }
    }
    if (!exists) {
      annotations[DESIRED_REPLICAS] = String(d.spec.replicas)
      annotations[MAX_REPLICAS] = String(d.spec.replicas + maxSurge(d))
    }
    return JSON.stringify(annotations) !== before
  }

  /** NewRSNewReplicas. */
  private newRSNewReplicas(d: KObject, allRSs: KObject[], newRS: KObject): number {
    if (!isRolling(d)) return d.spec.replicas
    const currentPodCount = sumSpec(allRSs)
    const maxTotalPods = d.spec.replicas + maxSurge(d)
    if (currentPodCount >= maxTotalPods) return specReplicas(newRS)
    const scaleUpCount = Math.min(maxTotalPods - currentPodCount, d.spec.replicas - specReplicas(newRS))
    return specReplicas(newRS) + scaleUpCount
  }

  /** scaleReplicaSetAndRecordEvent: returns the ReplicaSet as stored afterwards. */
  private scaleReplicaSet(rs: KObject, size: number, d: KObject): { scaled: boolean; rs: KObject } {
    const current = this.store.get(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!) ?? rs
    const desired = String(d.spec.replicas)
    const max = String(d.spec.replicas + maxSurge(d))
    const sizeChanged = specReplicas(current) !== size
    const annotations = current.metadata.annotations ?? {}
    const annotationsChanged = annotations[DESIRED_REPLICAS] !== desired || annotations[MAX_REPLICAS] !== max
    if (!sizeChanged && !annotationsChanged) return { scaled: false, rs: current }
    const updated = this.store.update(REPLICA_SETS, {
      ...current,
      metadata: { ...current.metadata, annotations: { ...annotations, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max } },
      spec: { ...current.spec, replicas: size }
    })
    if (sizeChanged) {
      const operation = size > specReplicas(current) ? 'up' : 'down'
      this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${current.metadata.name} from ${specReplicas(current)} to ${size}`, 'deployment-controller')
    }
    return { scaled: sizeChanged, rs: updated }
  }

  // ---- rolling.go ----

  private rolloutRolling(initial: KObject, rsList: KObject[]): void {
    const { newRS, oldRSs, d: synced } = this.newAndOld(initial, rsList, true)
    let d = synced
    const allRSs = (): KObject[] => [...oldRSs, ...(newRS ? [newRS] : [])]
    if (newRS) {
      const scaledUp = this.reconcileNewReplicaSet(allRSs(), newRS, d)
      if (scaledUp) return this.syncRolloutStatus(this.ownedFresh(d))
    }
    const scaledDown = this.reconcileOldReplicaSets(allRSs(), oldRSs.filter((rs) => specReplicas(rs) > 0), newRS!, d)
    if (scaledDown) return this.syncRolloutStatus(this.ownedFresh(d))
    d = this.refresh(d)
    if (this.deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d)
    this.syncRolloutStatus(this.ownedFresh(d))
  }

  private ownedFresh(d: KObject): { d: KObject; newRS: KObject | undefined; allRSs: KObject[] } {
    const fresh = this.refresh(d)
    const allRSs = this.ownedSets(fresh)
    const newRS = [...allRSs].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, fresh.spec.template))
    return { d: fresh, newRS, allRSs }
  }

  private reconcileNewReplicaSet(allRSs: KObject[], newRS: KObject, d: KObject): boolean {
    if (specReplicas(newRS) === d.spec.replicas) return false
    if (specReplicas(newRS) > d.spec.replicas) return this.scaleReplicaSet(newRS, d.spec.replicas, d).scaled
    return this.scaleReplicaSet(newRS, this.newRSNewReplicas(d, allRSs, newRS), d).scaled
  }

  private reconcileOldReplicaSets(allRSs: KObject[], oldRSs: KObject[], newRS: KObject, d: KObject): boolean {
    const oldPodsCount = sumSpec(oldRSs)
    if (oldPodsCount === 0) return false
    const allPodsCount = sumSpec(allRSs)
    const minAvailable = d.spec.replicas - maxUnavailable(d)
    const newRSUnavailablePodCount = specReplicas(newRS) - (newRS?.status?.availableReplicas ?? 0)
    const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount
    if (maxScaledDown <= 0) return false
    // First clean up old pods that are not available (e.g. crash-looping), then scale down the healthy ones.
    const { sets, cleaned } = this.cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown)
    const scaledDown = this.scaleDownOldReplicaSetsForRollingUpdate([...sets, newRS], sets, d)
    return cleaned + scaledDown > 0
  }

  private cleanupUnhealthyReplicas(oldRSs: KObject[], d: KObject, maxCleanupCount: number): { sets: KObject[]; cleaned: number } {
    const sets = [...oldRSs].sort(byCreation)
    let total = 0
    for (let i = 0; i < sets.length; i++) {
      if (total >= maxCleanupCount) break
      const rs = sets[i]!
      const available = rs.status?.availableReplicas ?? 0
      if (specReplicas(rs) === 0 || specReplicas(rs) === available) continue
      const count = Math.min(maxCleanupCount - total, specReplicas(rs) - available)
      sets[i] = this.scaleReplicaSet(rs, specReplicas(rs) - count, d).rs
      total += count
    }
    return { sets, cleaned: total }
  }

  private scaleDownOldReplicaSetsForRollingUpdate(allRSs: KObject[], oldRSs: KObject[], d: KObject): number {
    const minAvailable = d.spec.replicas - maxUnavailable(d)
    const availablePodCount = sumStatus(allRSs, 'availableReplicas')
    if (availablePodCount <= minAvailable) return 0
    const totalScaleDownCount = availablePodCount - minAvailable
    let total = 0
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (total >= totalScaleDownCount) break
      if (specReplicas(rs) === 0) continue
      const count = Math.min(specReplicas(rs), totalScaleDownCount - total)
      this.scaleReplicaSet(rs, specReplicas(rs) - count, d)
      total += count
    }
    return total
  }

  // ---- recreate.go ----

  private rolloutRecreate(initial: KObject, rsList: KObject[]): void {
    let { d, newRS, oldRSs } = this.newAndOld(initial, rsList, false)
    let scaledDown = false
    for (const rs of oldRSs.filter((r) => specReplicas(r) > 0)) scaledDown = this.scaleReplicaSet(rs, 0, d).scaled || scaledDown
    if (scaledDown) return this.syncRolloutStatus(this.ownedFresh(d))
    const oldPodsRunning = oldRSs.some((rs) => this.replicaSets.podsOf(rs).length > 0)
    if (oldPodsRunning) return this.syncRolloutStatus(this.ownedFresh(d))
    if (!newRS) ({ d, newRS, oldRSs } = this.newAndOld(d, this.ownedSets(d), true))
    this.scaleReplicaSet(newRS!, d.spec.replicas, d)
    d = this.refresh(d)
    if (this.deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d)
    this.syncRolloutStatus(this.ownedFresh(d))
  }

  // ---- sync.go ----

  /** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: KObject, rsList: KObject[]): boolean {
    const { newRS, oldRSs } = this.newAndOld(d, rsList, false)
    return activeSets([...oldRSs, newRS]).some((rs) => {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS]
      return desired !== undefined && Number(desired) !== d.spec.replicas
    })
  }

  /** sync(): scaling and status only, for paused Deployments and scaling events. */
  private syncPaused(initial: KObject, rsList: KObject[]): void {
    const { d, newRS, oldRSs } = this.newAndOld(initial, rsList, false)
    this.scale(d, newRS, oldRSs)
    const fresh = this.ownedFresh(d)
    const freshOld = fresh.allRSs.filter((rs) => rs !== fresh.newRS && rs.metadata.name !== fresh.newRS?.metadata.name)
    if (fresh.d.spec.paused) this.cleanupDeployment(freshOld, fresh.d)
    const status = this.calculateStatus(fresh.allRSs, fresh.newRS, fresh.d)
    if (JSON.stringify(status) !== JSON.stringify(fresh.d.status ?? {})) this.store.update(DEPLOYMENTS, { ...fresh.d, status })
  }

  private scale(d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): void {
    const activeOrLatest = this.findActiveOrLatest(newRS, oldRSs)
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) !== d.spec.replicas) this.scaleReplicaSet(activeOrLatest, d.spec.replicas, d)
      return
    }
    const saturated =
      newRS !== undefined &&
      Number(newRS.metadata.annotations?.[DESIRED_REPLICAS]) === d.spec.replicas &&
      specReplicas(newRS) === d.spec.replicas &&
      (newRS.status?.availableReplicas ?? 0) === d.spec.replicas
    if (saturated) {
      for (const old of activeSets(oldRSs)) this.scaleReplicaSet(old, 0, d)
      return
    }
    if (!isRolling(d)) return
    // Proportional scaling: spread the change over the active ReplicaSets by their share of max-replicas.
    const all = activeSets([...oldRSs, newRS])
    const allowedSize = d.spec.replicas > 0 ? d.spec.replicas + maxSurge(d) : 0
    const toAdd = allowedSize - sumSpec(all)
    if (toAdd > 0) all.sort((a, b) => specReplicas(b) - specReplicas(a) || byCreation(b, a))
    else if (toAdd < 0) all.sort((a, b) => specReplicas(b) - specReplicas(a) || byCreation(a, b))
    let added = 0
    const sizes = new Map<string, number>()
    for (const rs of all) {
      if (toAdd === 0) {
        sizes.set(rs.metadata.name!, specReplicas(rs))
        continue
      }
      const proportion = this.proportion(rs, d, toAdd, added)
      sizes.set(rs.metadata.name!, specReplicas(rs) + proportion)
      added += proportion
    }
    all.forEach((rs, i) => {
      let size = sizes.get(rs.metadata.name!)!
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added)
      this.scaleReplicaSet(rs, size, d)
    })
  }

  private proportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
    if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0
    let fraction: number
    if (d.spec.replicas === 0) fraction = -specReplicas(rs)
    else {
      const deploymentReplicas = d.spec.replicas + maxSurge(d)
      const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? d.status?.replicas ?? 0) || 1
      fraction = Math.round((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs)
    }
    const allowed = toAdd - added
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
  }

  private findActiveOrLatest(newRS: KObject | undefined, oldRSs: KObject[]): KObject | undefined {
    if (!newRS && oldRSs.length === 0) return undefined
    const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a))
    const active = activeSets([...newestFirst, newRS])
    if (active.length === 0) return newRS ?? newestFirst[0]
    return active.length === 1 ? active[0] : undefined
  }

  /** cleanupDeployment: deletes the oldest inactive ReplicaSets beyond revisionHistoryLimit. */
  private cleanupDeployment(oldRSs: KObject[], d: KObject): void {
    const limit = d.spec.revisionHistoryLimit
    if (limit === undefined || limit === null) return
    const cleanable = oldRSs
      .map((rs) => this.store.get(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!))
      .filter((rs): rs is KObject => rs !== undefined && !rs.metadata.deletionTimestamp)
    const diff = cleanable.length - limit
    if (diff <= 0) return
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b))
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue
      this.store.delete(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!)
    }
  }

  // ---- progress.go ----

  private calculateStatus(allRSs: KObject[], newRS: KObject | undefined, d: KObject): Loose {
    const available = sumStatus(allRSs, 'availableReplicas')
    const status: Loose = {
      observedGeneration: d.metadata.generation,
      replicas: sumStatus(allRSs, 'replicas'),
      updatedReplicas: sumStatus([newRS], 'replicas'),
      readyReplicas: sumStatus(allRSs, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, sumSpec(allRSs) - available),
      ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
      conditions: structuredClone(d.status?.conditions ?? [])
    }
    if (available >= d.spec.replicas - maxUnavailable(d)) {
      setCondition(status, this.condition('Available', 'True', REASONS.minAvailable, 'Deployment has minimum availability.'))
    } else {
      setCondition(status, this.condition('Available', 'False', REASONS.minUnavailable, 'Deployment does not have minimum availability.'))
    }
    return status
  }

  private deploymentComplete(d: KObject, status: Loose): boolean {
    return (
      status.updatedReplicas === d.spec.replicas &&
      status.replicas === d.spec.replicas &&
      status.availableReplicas === d.spec.replicas &&
      (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
    )
  }

  private deploymentProgressing(d: KObject, status: Loose): boolean {
    const old = d.status ?? {}
    const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
    const newOld = status.replicas - status.updatedReplicas
    return (
      status.updatedReplicas > (old.updatedReplicas ?? 0) ||
      newOld < oldOld ||
      status.readyReplicas > (old.readyReplicas ?? 0) ||
      status.availableReplicas > (old.availableReplicas ?? 0)
    )
  }

  private deploymentTimedOut(d: KObject, status: Loose): boolean {
    if (!hasProgressDeadline(d)) return false
    const cond = getCondition(status, 'Progressing')
    if (!cond || cond.reason === REASONS.newRSAvailable) return false
    if (cond.reason === REASONS.timedOut) return true
    return Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < this.clock.now()
  }

  private syncRolloutStatus({ d, newRS, allRSs }: { d: KObject; newRS: KObject | undefined; allRSs: KObject[] }): void {
    const status = this.calculateStatus(allRSs, newRS, d)
    if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing')
    const current = getCondition(d.status, 'Progressing')
    // Once a rollout completed, later changes in availability do not touch Progressing (only Available).
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === REASONS.newRSAvailable
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`
    if (hasProgressDeadline(d) && !isComplete) {
      if (this.deploymentComplete(d, status)) {
        setCondition(status, this.condition('Progressing', 'True', REASONS.newRSAvailable, `${subject} has successfully progressed.`))
      } else if (this.deploymentProgressing(d, status)) {
        const condition = this.condition('Progressing', 'True', REASONS.rsUpdated, `${subject} is progressing.`)
        // Progress refreshes lastUpdateTime (the deadline counts from it) but keeps lastTransitionTime.
        if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime
        removeCondition(status, 'Progressing')
        setCondition(status, condition)
      } else if (this.deploymentTimedOut(d, status)) {
        setCondition(status, this.condition('Progressing', 'False', REASONS.timedOut, `${subject} has timed out progressing.`))
      }
    }
    if (JSON.stringify(status) !== JSON.stringify(d.status ?? {})) this.store.update(DEPLOYMENTS, { ...d, status })
  }
}
