/**
 * ControllerRevisions as the StatefulSet and DaemonSet controllers keep them, after
 * k8s.io/kubernetes/pkg/controller/history/controller_history.go and the getPatch() of
 * pkg/controller/statefulset/stateful_set_utils.go and pkg/controller/daemon/update.go: a revision's `data` is the
 * owner's pod template as a strategic merge patch that replaces the template whole, so `kubectl rollout undo` can
 * apply it unchanged; its `revision` orders the history.
 */
import { canonicalJson } from '../canonical.js'
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'
import type { KObject, Loose } from '../types.js'
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch.js'
import { safeEncode } from './deployment-util.js'
import { ownedBy } from './replicaset.js'

export const CONTROLLER_REVISIONS = resourceByKind('ControllerRevision')
/** history.ControllerRevisionHashLabel: set on the revisions of StatefulSets. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash'
/** apps.ControllerRevisionHashLabelKey: on pods of both, and on the revisions of DaemonSets. */
export const POD_REVISION_LABEL = 'controller-revision-hash'

/**
 * getPatch: `{"spec":{"template":{...,"$patch":"replace"}}}`. The template is serialized from the Go struct, so its
 * metadata carries `creationTimestamp: null` (as in a cluster's revisions; in a strategic merge patch null deletes).
 */
export function templatePatch(owner: KObject): Loose {
  const template = structuredClone(owner.spec?.template ?? {})
  template.metadata = { creationTimestamp: null, ...template.metadata }
  return { spec: { template: { ...template, $patch: 'replace' } } }
}

/** hash/fnv New32 (FNV-1, not 1a), as HashControllerRevision uses. */
function fnv32(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text)) hash = (Math.imul(hash, 0x01000193) ^ byte) >>> 0
  return hash >>> 0
}

/** HashControllerRevision: FNV-32 of the data, then of the collision count when given, safe-encoded. The real one
 * hashes the raw JSON bytes in Go field order; this one hashes canonical JSON (same form, different values). */
export function hashRevision(data: Loose, collisionCount?: number): string {
  return safeEncode(String(fnv32(canonicalJson(data) + (collisionCount === undefined ? '' : String(collisionCount)))))
}

/** ControllerRevisionName: the prefix is cut to 223 characters so the name stays a valid DNS subdomain. */
export const revisionName = (prefix: string, hash: string): string => `${prefix.slice(0, 223)}-${hash}`

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions(revisions: KObject[]): KObject[] {
  return [...revisions].sort(
    (a, b) =>
      (a.revision ?? 0) - (b.revision ?? 0) ||
      Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!) ||
      a.metadata.name!.localeCompare(b.metadata.name!)
  )
}

/** EqualRevision: the hash labels decide only when both parse as integers (safe-encoded hashes rarely do); then the data. */
export const equalRevision = (a: KObject, b: KObject): boolean => canonicalJson(a.data) === canonicalJson(b.data)

export function ownedRevisions(store: Store, owner: KObject): KObject[] {
  return store.list(CONTROLLER_REVISIONS, owner.metadata.namespace).filter((r) => ownedBy(r, owner))
}

export const controllerRef = (owner: KObject) => ({
  apiVersion: 'apps/v1',
  kind: owner.kind!,
  name: owner.metadata.name!,
  uid: owner.metadata.uid!,
  controller: true,
  blockOwnerDeletion: true
})

/** NewControllerRevision: the template's labels plus the hash label, owned by the parent. */
export function newRevision(owner: KObject, data: Loose, revision: number, collisionCount: number): KObject {
  const hash = hashRevision(data, collisionCount)
  const annotations = owner.metadata.annotations
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(owner.metadata.name!, hash),
      namespace: owner.metadata.namespace!,
      labels: { ...owner.spec?.template?.metadata?.labels, [REVISION_HASH_LABEL]: hash },
      ...(annotations && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
      ownerReferences: [controllerRef(owner)]
    },
    data,
    revision
  }
}

/**
 * CreateControllerRevision: on a name that exists with other data (a hash collision), bump the collision count and
 * try the next name; an existing revision with the same data is returned as is.
 */
export function createRevision(store: Store, owner: KObject, revision: KObject, collisionCount: number): { revision: KObject; collisionCount: number } {
  let count = collisionCount
  for (;;) {
    const name = revisionName(owner.metadata.name!, hashRevision(revision.data, count))
    const existing = store.get(CONTROLLER_REVISIONS, owner.metadata.namespace, name)
    if (!existing) return { revision: store.create(CONTROLLER_REVISIONS, { ...structuredClone(revision), metadata: { ...revision.metadata, name } }), collisionCount: count }
    if (equalRevision(existing, revision)) return { revision: existing, collisionCount: count }
    count += 1
  }
}

/** ApplyRevision: the owner with the revision's template (its data applied as a strategic merge patch). */
export function applyRevision(owner: KObject, revision: KObject): KObject {
  return applyStrategicMergePatch(owner, revision.data) as KObject
}
