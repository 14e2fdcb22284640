/**
 * The revision history of a StatefulSet or DaemonSet and `kubectl rollout undo` of one, with kubectl's semantics
 * (k8s.io/kubectl/pkg/polymorphichelpers/history.go and rollback.go, StatefulSetRollbacker and DaemonSetRollbacker):
 * - the history is the ControllerRevisions matching the workload's selector whose controller reference is the
 *   workload, each with its `revision` number;
 * - the target is revision N, or without it the second-highest revision ("no last revision to roll back to" with
 *   fewer than two), "unable to find specified revision N in history" when there is no such revision;
 * - a target whose template already equals the workload's is skipped ("skipped rollback (current template already
 *   matches revision N)"); kubectl compares the bytes of the revision with the current template re-encoded, this
 *   compares the two templates field by field, empty and absent fields alike (what Go's omitempty encodes alike);
 * - otherwise the revision's data (`{"spec":{"template":{..., "$patch":"replace"}}}`, as the controller recorded it)
 *   is sent as it is, as a strategic merge patch: the whole template is replaced, nothing else changes (no
 *   annotation is copied, unlike a Deployment's undo).
 * Unlike kubectl, the patch carries the resourceVersion the plan was made on, so the API server refuses it (409) when
 * the workload changed in between: a version deployed meanwhile is left running and named, never rolled back.
 * The controller then gives the restored ControllerRevision the next revision number, as it does for kubectl.
 */
import type * as k8s from '@kubernetes/client-node'
import type { KubeClient } from './client.js'
import { patchOptions } from './client.js'
import { isStaleWrite } from './errors.js'
import { isControlledBy, selectorToString } from './revisions.js'
import { UndoRefused } from './rollout-undo.js'
import type { RevisionedKind, RevisionedWorkload } from './workload-status.js'

/** The label the controllers put on ControllerRevisions and pods: a pod's says which revision it runs. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash'

export interface WorkloadRevision {
  revision: number
  name: string
  /** The pod template the revision restores (its data without the `$patch` directive). */
  template: k8s.V1PodTemplateSpec
  images: string[]
  controllerRevision: k8s.V1ControllerRevision
}

const templateOfData = (data: unknown): k8s.V1PodTemplateSpec => {
  const template = (data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}
  const { $patch: _directive, ...rest } = template
  return rest as k8s.V1PodTemplateSpec
}

const imagesOfTemplate = (template: k8s.V1PodTemplateSpec | undefined): string[] => (template?.spec?.containers ?? []).map((c) => c.image ?? '')

/** `kubectl rollout history`: the workload's own ControllerRevisions, lowest revision first. */
export function workloadHistory(workload: RevisionedWorkload, revisions: k8s.V1ControllerRevision[]): WorkloadRevision[] {
  return revisions
    .filter((r) => isControlledBy(r, workload))
    .map((r) => {
      const template = templateOfData(r.data)
      return { revision: r.revision, name: r.metadata?.name ?? '', template, images: imagesOfTemplate(template), controllerRevision: r }
    })
    .sort((a, b) => a.revision - b.revision)
}

/** JSON with keys sorted, and null, undefined, {} and [] left out (as Go's omitempty encodes them: absent). */
function canonical(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return JSON.stringify(value.toISOString().replace('.000Z', 'Z'))
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined
    return `[${value.map((v) => canonical(v) ?? 'null').join(',')}]`
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    const parts = Object.keys(record)
      .filter((key) => key !== '$patch')
      .sort()
      .flatMap((key) => {
        const inner = canonical(record[key])
        return inner === undefined ? [] : [`${JSON.stringify(key)}:${inner}`]
      })
    return parts.length === 0 ? undefined : `{${parts.join(',')}}`
  }
  return JSON.stringify(value)
}

/** Pod templates equal field by field (client-node's models use the wire names for pod templates). */
export function sameTemplate(a: k8s.V1PodTemplateSpec | undefined, b: k8s.V1PodTemplateSpec | undefined): boolean {
  const wire = (t: k8s.V1PodTemplateSpec | undefined) => canonical(JSON.parse(JSON.stringify(t ?? {})) as unknown) ?? ''
  return wire(a) === wire(b)
}

/** The revision the workload's current template is (the highest such), if the controller has recorded it yet. */
export function currentRevision(workload: RevisionedWorkload, history: WorkloadRevision[]): WorkloadRevision | undefined {
  return [...history].reverse().find((r) => sameTemplate(r.template, workload.spec?.template))
}

/** Does this pod run this revision (a StatefulSet's pods carry the revision's name, a DaemonSet's its hash label)? */
export function podRunsRevision(pod: k8s.V1Pod, revision: WorkloadRevision): boolean {
  const hash = pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]
  return hash !== undefined && (hash === revision.name || hash === revision.controllerRevision.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL])
}

export type WorkloadUndoPlan =
  | { action: 'patch'; toRevision: number; target: WorkloadRevision; fromImages: string[]; toImages: string[]; patch: object }
  | { action: 'skip'; toRevision: number; target: WorkloadRevision; message: string }

/** The decision of `rollout undo statefulset|daemonset/NAME [--to-revision=N]` on data already read: pure. */
export function planWorkloadUndo(workload: RevisionedWorkload, revisions: k8s.V1ControllerRevision[], toRevision = 0): WorkloadUndoPlan {
  const notFound = () => new UndoRefused('revision-not-found', `unable to find specified revision ${toRevision} in history`)
  if (toRevision < 0) throw notFound()
  const history = workloadHistory(workload, revisions)
  if (toRevision === 0 && history.length <= 1) throw new UndoRefused('no-history', 'no last revision to roll back to')
  const target = toRevision === 0 ? history[history.length - 2] : history.find((r) => r.revision === toRevision)
  if (!target) throw notFound()
  if (sameTemplate(target.template, workload.spec?.template)) {
    return { action: 'skip', toRevision: target.revision, target, message: `skipped rollback (current template already matches revision ${target.revision})` }
  }
  return {
    action: 'patch',
    toRevision: target.revision,
    target,
    fromImages: imagesOfTemplate(workload.spec?.template),
    toImages: target.images,
    // Sent as the controller recorded it; a JSON round trip turns client-node's object into plain JSON.
    patch: JSON.parse(JSON.stringify(target.controllerRevision.data)) as object
  }
}

// ---- reads and the undo write (apps/v1), through the client's retries and deadlines ----

export function getWorkload(client: KubeClient, kind: RevisionedKind, namespace: string, name: string): Promise<RevisionedWorkload> {
  return kind === 'StatefulSet'
    ? client.call(`get statefulset ${namespace}/${name}`, () => client.apps.readNamespacedStatefulSet({ name, namespace }))
    : client.call(`get daemonset ${namespace}/${name}`, () => client.apps.readNamespacedDaemonSet({ name, namespace }))
}

export async function listControllerRevisions(client: KubeClient, namespace: string, labelSelector: string): Promise<k8s.V1ControllerRevision[]> {
  const list = await client.call(`list controllerrevisions in ${namespace}`, () => client.apps.listNamespacedControllerRevision({ namespace, ...(labelSelector ? { labelSelector } : {}) }))
  return list.items
}

export function patchWorkload(client: KubeClient, kind: RevisionedKind, namespace: string, name: string, patch: object): Promise<RevisionedWorkload> {
  const options = patchOptions('strategic')
  return kind === 'StatefulSet'
    ? client.call(`patch statefulset ${namespace}/${name}`, () => client.apps.patchNamespacedStatefulSet({ name, namespace, body: patch }, options))
    : client.call(`patch daemonset ${namespace}/${name}`, () => client.apps.patchNamespacedDaemonSet({ name, namespace, body: patch }, options))
}

export interface WorkloadUndoResult {
  plan: WorkloadUndoPlan
  /** The workload after the patch (or as read, when skipped). */
  workload: RevisionedWorkload
}

/**
 * Reads the workload and its history, plans, and sends the undo patch behind the resourceVersion read (transient
 * failures resend it). When the workload changed in between (409), it is read again: already at the target template,
 * done; at another template than the one judged (someone deployed meanwhile), refused and left as it is; otherwise
 * (status, labels, annotations changed) the same patch is sent behind the new resourceVersion. The plan is never
 * recomputed: once the undo has landed, the "previous revision" is the bad one.
 */
export async function workloadRolloutUndo(
  client: KubeClient,
  kind: RevisionedKind,
  namespace: string,
  name: string,
  options: { toRevision?: number; attempts?: number } = {}
): Promise<WorkloadUndoResult> {
  const workload = await getWorkload(client, kind, namespace, name)
  const revisions = await listControllerRevisions(client, namespace, selectorToString(workload.spec?.selector))
  const plan = planWorkloadUndo(workload, revisions, options.toRevision ?? 0)
  if (plan.action === 'skip') return { plan, workload }
  const attempts = options.attempts ?? 10
  let read = workload
  for (let attempt = 1; ; attempt++) {
    try {
      return { plan, workload: await patchWorkload(client, kind, namespace, name, behindResourceVersion(plan.patch, read.metadata!.resourceVersion!)) }
    } catch (error) {
      if (!isStaleWrite(error) || attempt >= attempts) throw error
      const current = await getWorkload(client, kind, namespace, name)
      if (sameTemplate(current.spec?.template, plan.target.template)) return { plan, workload: current }
      if (!sameTemplate(current.spec?.template, workload.spec?.template)) {
        throw new UndoRefused(
          'changed',
          `${kind.toLowerCase()} "${name}" was changed by another writer while it was being rolled back: it now runs ${imagesOfTemplate(current.spec?.template).join(', ')}, not the ${plan.fromImages.join(', ')} that was judged, so it is left as it is`
        )
      }
      read = current
    }
  }
}

/** A strategic merge patch that sets metadata.resourceVersion is refused with 409 unless the object is still at it. */
function behindResourceVersion(patch: object, resourceVersion: string): object {
  const { metadata, ...rest } = patch as { metadata?: Record<string, unknown> }
  return { ...rest, metadata: { ...metadata, resourceVersion } }
}
