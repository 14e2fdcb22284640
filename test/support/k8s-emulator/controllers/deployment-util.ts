/**
 * Helpers of the deployment controller, after k8s.io/kubernetes/pkg/controller/deployment/util/deployment_util.go:
 * revisions, the pod-template-hash, fenceposts of maxSurge/maxUnavailable, and conditions.
 */
import { canonicalJson } from '../canonical.js'
import type { KObject, Loose } from '../types.js'

export const REVISION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas'
export const POD_TEMPLATE_HASH = 'pod-template-hash'
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'
const ROLLBACK_TO = 'deprecated.deployment.rollback.to'

/** Deployment annotations the controller does not copy to its ReplicaSets. */
export const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO])

/** 32-bit FNV-1a, as hash/fnv's New32a. */
function fnv32a(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

const canonical = canonicalJson

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString: no vowels, no look-alike characters. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'
export const safeEncode = (text: string): string => [...text].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('')

/**
 * ComputeHash: FNV-32a of the pod template (and collisionCount), written with SafeEncodeString. The real controller
 * hashes a Go dump of the struct, so the values differ from a cluster's, but the form (e.g. `5d59d67564`) is the same.
 */
export function computeHash(template: Loose, collisionCount?: number): string {
  const suffix = collisionCount === undefined ? '' : `#${collisionCount}`
  return safeEncode(String(fnv32a(canonical(template) + suffix)))
}

/** EqualIgnoreHash: pod templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: Loose, b: Loose): boolean {
  const strip = (t: Loose): Loose => {
    const copy = structuredClone(t ?? {})
    copy.metadata ??= {}
    if (copy.metadata.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH]
    if (copy.metadata.labels && Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels
    if (Object.keys(copy.metadata).length === 0) delete copy.metadata
    return copy
  }
  return canonical(strip(a)) === canonical(strip(b))
}

export function revisionOf(object: KObject): number {
  const value = Number(object.metadata.annotations?.[REVISION] ?? 0)
  return Number.isFinite(value) ? value : 0
}

export const maxRevision = (sets: KObject[]): number => sets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0)

/** GetScaledValueFromIntOrPercent. */
function scaled(value: Loose, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value
  const match = /^(\d+)%$/.exec(String(value ?? '0'))
  if (!match) return Number(value) || 0
  const exact = (Number(match[1]) * total) / 100
  return roundUp ? Math.ceil(exact) : Math.floor(exact)
}

const isRolling = (d: KObject): boolean => d.spec.strategy?.type !== 'Recreate'

/** ResolveFenceposts: surge rounds up, unavailability down; both zero means one may be unavailable. */
export function resolveFenceposts(d: KObject): { surge: number; unavailable: number } {
  const rolling = d.spec.strategy?.rollingUpdate ?? {}
  const desired = d.spec.replicas ?? 1
  const surge = scaled(rolling.maxSurge ?? '25%', desired, true)
  let unavailable = scaled(rolling.maxUnavailable ?? '25%', desired, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return { surge, unavailable }
}

export const maxSurge = (d: KObject): number => (isRolling(d) ? resolveFenceposts(d).surge : 0)

export function maxUnavailable(d: KObject): number {
  const replicas = d.spec.replicas ?? 1
  if (!isRolling(d) || replicas === 0) return 0
  return Math.min(resolveFenceposts(d).unavailable, replicas)
}

export { isRolling }

export const specReplicas = (rs: KObject | undefined): number => rs?.spec?.replicas ?? 0
export const sumSpec = (sets: Array<KObject | undefined>): number => sets.reduce((n, rs) => n + specReplicas(rs), 0)
export const sumStatus = (sets: Array<KObject | undefined>, field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  sets.reduce((n, rs) => n + (rs?.status?.[field] ?? 0), 0)
export const activeSets = (sets: Array<KObject | undefined>): KObject[] => sets.filter((rs): rs is KObject => rs !== undefined && specReplicas(rs) > 0)

export const byCreation = (a: KObject, b: KObject): number =>
  Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!) || a.metadata.name!.localeCompare(b.metadata.name!)

export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason: string
  message: string
  lastUpdateTime: string
  lastTransitionTime: string
}

export const getCondition = (status: Loose, type: string): Condition | undefined => (status?.conditions ?? []).find((c: Condition) => c.type === type)

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime. */
export function setCondition(status: Loose, condition: Condition): void {
  const current = getCondition(status, condition.type)
  if (current && current.status === condition.status && current.reason === condition.reason) return
  if (current && current.status === condition.status) condition.lastTransitionTime = current.lastTransitionTime
  status.conditions = [...(status.conditions ?? []).filter((c: Condition) => c.type !== condition.type), condition]
}

export function removeCondition(status: Loose, type: string): void {
  if (status.conditions) status.conditions = status.conditions.filter((c: Condition) => c.type !== type)
}
