/**
 * A Deployment's revision history as kubectl reads it (k8s.io/kubectl/pkg/util/deployment): its ReplicaSets are the
 * ones matching its selector whose controller reference is the Deployment; each carries its revision in the
 * deployment.kubernetes.io/revision annotation; the "new" one is the oldest whose pod template equals the
 * Deployment's ignoring the pod-template-hash label.
 */
import type * as k8s from '@kubernetes/client-node'

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas'
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause'
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash'

export function revisionOf(object: { metadata?: k8s.V1ObjectMeta }): number | undefined {
  const value = object.metadata?.annotations?.[REVISION_ANNOTATION]
  if (value === undefined) return undefined
  const revision = Number(value)
  return Number.isInteger(revision) && revision >= 0 ? revision : undefined
}

/** `app=web,tier in (a,b)`: a structured selector as a labelSelector query value. */
export function selectorToString(selector: k8s.V1LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`)
  for (const expr of selector?.matchExpressions ?? []) {
    if (expr.operator === 'In' || expr.operator === 'NotIn') parts.push(`${expr.key} ${expr.operator.toLowerCase()} (${(expr.values ?? []).join(',')})`)
    else if (expr.operator === 'Exists') parts.push(expr.key)
    else if (expr.operator === 'DoesNotExist') parts.push(`!${expr.key}`)
  }
  return parts.join(',')
}

export function isControlledBy(object: { metadata?: k8s.V1ObjectMeta }, owner: { metadata?: k8s.V1ObjectMeta }): boolean {
  const uid = owner.metadata?.uid
  return uid !== undefined && (object.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === uid)
}

export function ownedReplicaSets(deployment: k8s.V1Deployment, replicaSets: k8s.V1ReplicaSet[]): k8s.V1ReplicaSet[] {
  return replicaSets.filter((rs) => isControlledBy(rs, deployment))
}

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    return `{${Object.keys(record)
      .filter((key) => record[key] !== undefined && record[key] !== null)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** The pod template without the pod-template-hash label (what `rollout undo` puts back into the Deployment). */
export function withoutHash(template: k8s.V1PodTemplateSpec): k8s.V1PodTemplateSpec {
  const copy = structuredClone(template)
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL]
  }
  return copy
}

function normalised(template: k8s.V1PodTemplateSpec | undefined): string {
  const copy = withoutHash(template ?? {})
  if (copy.metadata?.labels && Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels
  return canonical(copy)
}

/** EqualIgnoreHash: pod templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: k8s.V1PodTemplateSpec | undefined, b: k8s.V1PodTemplateSpec | undefined): boolean {
  return normalised(a) === normalised(b)
}

const created = (rs: k8s.V1ReplicaSet): number => new Date(rs.metadata?.creationTimestamp ?? 0).getTime()

/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(deployment: k8s.V1Deployment, owned: k8s.V1ReplicaSet[]): k8s.V1ReplicaSet | undefined {
  return [...owned].sort((a, b) => created(a) - created(b)).find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template))
}

export interface RevisionEntry {
  revision: number
  replicaSet: k8s.V1ReplicaSet
  images: string[]
  changeCause?: string
}

/** `kubectl rollout history`: one entry per ReplicaSet with a revision, oldest first. */
export function revisionHistory(owned: k8s.V1ReplicaSet[]): RevisionEntry[] {
  return owned
    .flatMap((rs) => {
      const revision = revisionOf(rs)
      if (revision === undefined) return []
      const cause = rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION]
      return [{ revision, replicaSet: rs, images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''), ...(cause ? { changeCause: cause } : {}) }]
    })
    .sort((a, b) => a.revision - b.revision)
}

export const imagesOf = (template: k8s.V1PodTemplateSpec | undefined): string[] => (template?.spec?.containers ?? []).map((c) => c.image ?? '')
