/**
 * `kubectl rollout undo deployment/NAME [--to-revision=N]` with kubectl's exact semantics
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollback.go, DeploymentRollbacker):
 * - the target is revision N, or without it the second-newest revision among the Deployment's ReplicaSets;
 *   "no rollout history found" when there is none (e.g. revisionHistoryLimit 0 pruned them all);
 * - a paused Deployment is refused (after the revision lookup, as kubectl does); resuming is the caller's decision;
 * - a target whose template already equals the Deployment's is skipped, not re-applied;
 * - otherwise one JSON patch replaces /spec/template with the ReplicaSet's template minus pod-template-hash, and
 *   /metadata/annotations with the Deployment's controller-owned annotations plus the ReplicaSet's others (so e.g.
 *   kubernetes.io/change-cause comes back too). Unlike kubectl, the patch tests the resourceVersion it was planned
 *   on: the annotations it replaces are the ones just read, so a change another writer made meanwhile (a
 *   `kubectl apply`'s last-applied-configuration) is read again instead of overwritten, and a new template written
 *   meanwhile (another deploy) is never rolled back unseen. Without concurrent writers the result is kubectl's.
 */
import type * as k8s from '@kubernetes/client-node'
import { UserError } from '../action/errors.js'
import type { KubeClient } from './client.js'
import { isStaleWrite } from './errors.js'
import { testResourceVersion, type JsonPatchOperation } from './json-patch.js'
import {
  DESIRED_REPLICAS_ANNOTATION,
  equalIgnoreHash,
  imagesOf,
  MAX_REPLICAS_ANNOTATION,
  ownedReplicaSets,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  revisionOf,
  selectorToString,
  withoutHash
} from './revisions.js'

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'
const ROLLBACK_TO = 'deprecated.deployment.rollback.to'
/** Annotations kept from the Deployment, never copied from the ReplicaSet (rollback.go annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO])

export type UndoRefusal = 'revision-not-found' | 'no-history' | 'paused' | 'changed'

export class UndoRefused extends UserError {
  override name = 'UndoRefused'
  constructor(
    readonly refusal: UndoRefusal,
    message: string
  ) {
    super(message)
  }
}

export type UndoPlan =
  | { action: 'patch'; toRevision: number; fromRevision?: number; target: k8s.V1ReplicaSet; fromImages: string[]; toImages: string[]; patch: JsonPatchOperation[] }
  | { action: 'skip'; toRevision: number; message: string }

/** The decision of `rollout undo` on data already read: pure, no I/O. */
export function planUndo(deployment: k8s.V1Deployment, replicaSets: k8s.V1ReplicaSet[], toRevision = 0): UndoPlan {
  const name = deployment.metadata?.name ?? ''
  if (toRevision < 0) throw new UndoRefused('revision-not-found', `unable to find specified revision ${toRevision} in history`)
  const owned = ownedReplicaSets(deployment, replicaSets)
  let target: k8s.V1ReplicaSet | undefined
  if (toRevision > 0) {
    target = owned.find((rs) => revisionOf(rs) === toRevision)
    if (!target) throw new UndoRefused('revision-not-found', `unable to find specified revision ${toRevision} in history`)
  } else {
    const byRevision = owned.filter((rs) => revisionOf(rs) !== undefined).sort((a, b) => revisionOf(b)! - revisionOf(a)!)
    target = byRevision[1]
    if (!target) throw new UndoRefused('no-history', `no rollout history found for deployment "${name}"`)
  }
  if (deployment.spec?.paused) {
    throw new UndoRefused('paused', `you cannot rollback a paused deployment; resume it first (set spec.paused to false, as 'kubectl rollout resume deployment/${name}' does) and try again`)
  }
  const targetRevision = revisionOf(target)!
  if (equalIgnoreHash(target.spec?.template, deployment.spec?.template)) {
    return { action: 'skip', toRevision: targetRevision, message: `skipped rollback (current template already matches revision ${targetRevision})` }
  }
  const fromRevision = revisionOf(deployment)
  return {
    action: 'patch',
    toRevision: targetRevision,
    ...(fromRevision !== undefined ? { fromRevision } : {}),
    target,
    fromImages: imagesOf(deployment.spec?.template),
    toImages: imagesOf(target.spec?.template),
    patch: undoPatch(deployment, target)
  }
}

/**
 * kubectl's undo patch of `deployment` as read: /spec/template from the target ReplicaSet (without pod-template-hash),
 * /metadata/annotations the Deployment's controller-owned ones plus the ReplicaSet's others.
 */
export function undoPatch(deployment: k8s.V1Deployment, target: k8s.V1ReplicaSet): JsonPatchOperation[] {
  const annotations: Record<string, string> = {}
  for (const key of ANNOTATIONS_TO_SKIP) {
    const value = deployment.metadata?.annotations?.[key]
    if (value !== undefined) annotations[key] = value
  }
  for (const [key, value] of Object.entries(target.metadata?.annotations ?? {})) {
    if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value
  }
  // client-node's models use the wire names for pod templates; a JSON round trip drops undefined and writes Dates.
  const template = JSON.parse(JSON.stringify(withoutHash(target.spec!.template!))) as unknown
  return [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations }
  ]
}

export interface UndoResult {
  plan: UndoPlan
  /** The Deployment after the patch (or as read, when skipped). */
  deployment: k8s.V1Deployment
}

/**
 * Reads the Deployment and its ReplicaSets, plans, and applies the undo patch behind a test of the resourceVersion
 * read. Transient failures (429, 5xx, dropped connections) resend the same patch. When the Deployment changed in
 * between (the test fails, or a 409), it is read again: already at the target template, done; paused meanwhile,
 * refused; at another template than the one the undo was planned on (someone deployed meanwhile), refused and left
 * as it is; otherwise (status, replicas, annotations changed) the patch is rebuilt on the object just read, for the
 * *same* target template: the plan is never recomputed, because once the undo has landed the "previous revision" is
 * the bad one, and a fresh plan would roll forward again.
 */
export async function rolloutUndo(client: KubeClient, namespace: string, name: string, options: { toRevision?: number; attempts?: number } = {}): Promise<UndoResult> {
  const deployment = await client.getDeployment(namespace, name)
  const replicaSets = await client.listReplicaSets(namespace, selectorToString(deployment.spec?.selector))
  const plan = planUndo(deployment, replicaSets, options.toRevision ?? 0)
  if (plan.action === 'skip') return { plan, deployment }
  const attempts = options.attempts ?? 10
  let read = deployment
  let patch = plan.patch
  for (let attempt = 1; ; attempt++) {
    try {
      return { plan, deployment: await client.patchDeployment(namespace, name, [testResourceVersion(read.metadata!.resourceVersion!), ...patch], 'json') }
    } catch (error) {
      if (!isStaleWrite(error) || attempt >= attempts) throw error
      const current = await client.getDeployment(namespace, name)
      if (equalIgnoreHash(current.spec?.template, plan.target.spec?.template)) return { plan, deployment: current }
      if (current.spec?.paused) throw new UndoRefused('paused', `the deployment "${name}" was paused while it was being rolled back; resume it first and try again`)
      if (!equalIgnoreHash(current.spec?.template, deployment.spec?.template)) {
        const now = imagesOf(current.spec?.template).join(', ')
        throw new UndoRefused(
          'changed',
          `deployment "${name}" was changed by another writer while it was being rolled back: it now runs ${now}${revisionOf(current) !== undefined ? ` (revision ${revisionOf(current)})` : ''}, not the ${plan.fromImages.join(', ')} that was judged, so it is left as it is`
        )
      }
      read = current
      patch = undoPatch(current, plan.target)
    }
  }
}
