/**
 * Judging a StatefulSet's or DaemonSet's rollout and restore from one read of it, its ControllerRevisions and pods,
 * and the known-good revision a rollback would restore. Pure.
 * - deploy phase: `kubectl rollout status` (lib/kube/workload-status), failing at once on pod states of the new
 *   revision that waiting will not fix, or pods the scheduler cannot place, as for a Deployment. Neither kind has a
 *   progress deadline: a pod that never becomes Ready is a rollout that does not finish within rollout-timeout.
 * - rollback phase: the controller must have observed the undo; the restored revision's pods must be Ready (as
 *   many as the rollout updates) and kubectl must call the rollout complete.
 * - the StatefulSet trap (kubectl docs, "Forced rollback"): with the default OrderedReady pod management, a pod of the
 *   rejected revision that never became Ready blocks the controller even after the template is restored; such pods
 *   are named here for deletion. A DaemonSet's controller replaces an unavailable pod at once, so none are.
 */
import type * as k8s from '@kubernetes/client-node'
import { containerProblems, isTerminalProblem, managedProblems, UndoRefused, type ContainerProblem } from '../lib/kube/index.js'
import { currentRevision, planWorkloadUndo, podRunsRevision, workloadHistory, type WorkloadRevision } from '../lib/kube/controller-revisions.js'
import { placementProblem } from '../lib/kube/placement.js'
import { workloadRolloutStatus, type RevisionedKind, type RevisionedWorkload } from '../lib/kube/workload-status.js'
import { REJECTED_TEMPLATE_ANNOTATION, type Baseline } from './rollback-decision.js'
import { describeProblem } from './rollout-verdict.js'

export interface WorkloadSnapshot {
  kind: RevisionedKind
  workload: RevisionedWorkload
  revisions: k8s.V1ControllerRevision[]
  pods: k8s.V1Pod[]
}

export type WorkloadVerdict =
  | { state: 'waiting'; message: string; problems: ContainerProblem[] }
  | { state: 'complete'; message: string; problems: ContainerProblem[] }
  | { state: 'failed'; reason: string; message: string; problems: ContainerProblem[] }
  /** kubectl refuses rollout status for this update strategy (OnDelete). */
  | { state: 'unsupported'; message: string; problems: ContainerProblem[] }

const ready = (pod: k8s.V1Pod) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
const live = (pod: k8s.V1Pod) => !pod.metadata?.deletionTimestamp
const observed = (w: RevisionedWorkload) => (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 0)
export const workloadRef = (snapshot: WorkloadSnapshot) => `${snapshot.kind.toLowerCase()} "${snapshot.workload.metadata?.name ?? ''}"`

/** The revision of the workload's current template, once the controller has recorded it. */
export function templateRevision(snapshot: WorkloadSnapshot): WorkloadRevision | undefined {
  return currentRevision(snapshot.workload, workloadHistory(snapshot.workload, snapshot.revisions))
}

/** The live pods that run a revision. */
export function podsOfRevision(snapshot: WorkloadSnapshot, revision: WorkloadRevision | undefined): k8s.V1Pod[] {
  return revision ? snapshot.pods.filter((p) => live(p) && podRunsRevision(p, revision)) : []
}

/** How many pods the rollout updates: a StatefulSet's from its partition up, a DaemonSet's on every node it runs on. */
function toUpdate(snapshot: WorkloadSnapshot): number {
  if (snapshot.kind === 'DaemonSet') return (snapshot.workload as k8s.V1DaemonSet).status?.desiredNumberScheduled ?? 0
  const sts = snapshot.workload as k8s.V1StatefulSet
  return Math.max(0, (sts.spec?.replicas ?? 1) - (sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0))
}

/** `now` (ms) lets pull errors get their grace period and an unschedulable pod count after its own, as for a Deployment. */
export function judgeWorkloadRollout(snapshot: WorkloadSnapshot, maxRestarts: number, now?: number): WorkloadVerdict {
  const status = workloadRolloutStatus(snapshot.kind, snapshot.workload)
  const pods = podsOfRevision(snapshot, templateRevision(snapshot))
  const problems = managedProblems(containerProblems(pods), snapshot.workload.spec?.template)
  if (status.state === 'unsupported') {
    const strategy = snapshot.workload.spec?.updateStrategy?.type ?? 'none'
    return { state: 'unsupported', message: `${workloadRef(snapshot)} has updateStrategy ${strategy}: ${status.message} (the controller replaces no pod by itself, so there is no rollout to judge or undo)`, problems }
  }
  const seen = observed(snapshot.workload)
  const bad = seen ? problems.find((p) => isTerminalProblem(p, maxRestarts, now)) : undefined
  if (bad) return { state: 'failed', reason: bad.reason, message: describeProblem(bad), problems }
  const unplaced = seen ? placementProblem(undefined, pods, now) : undefined
  if (unplaced) return { state: 'failed', reason: unplaced.reason, message: unplaced.message, problems }
  return { state: status.state, message: status.message, problems }
}

export function judgeWorkloadRestore(snapshot: WorkloadSnapshot, expect: { generation: number; images: string[] }, maxRestarts: number): WorkloadVerdict {
  const w = snapshot.workload
  const templateImages = (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '')
  const restored = templateRevision(snapshot)
  const pods = podsOfRevision(snapshot, restored)
  const problems = managedProblems(containerProblems(pods), w.spec?.template)
  if (templateImages.join(',') !== expect.images.join(',')) {
    return { state: 'failed', reason: 'TemplateChanged', message: `${workloadRef(snapshot)} now has image ${templateImages.join(', ')}, not the restored ${expect.images.join(', ')}: something else changed it during the rollback`, problems }
  }
  if ((w.status?.observedGeneration ?? 0) < expect.generation || !restored) return { state: 'waiting', message: `Waiting for the rollback to be observed by the ${snapshot.kind} controller...`, problems }
  const bad = problems.find((p) => isTerminalProblem(p, maxRestarts))
  if (bad) return { state: 'failed', reason: bad.reason, message: `the restored version is failing too: ${describeProblem(bad)}`, problems }
  const status = workloadRolloutStatus(snapshot.kind, w)
  const want = toUpdate(snapshot)
  const readyRestored = pods.filter(ready)
  if (status.state !== 'complete' || readyRestored.length < want) {
    return { state: 'waiting', message: `Waiting for the rollback: ${readyRestored.length} of ${want} pods ready at revision ${restored.revision} (${status.message})`, problems }
  }
  return { state: 'complete', message: `${workloadRef(snapshot)} runs ${expect.images.join(', ')} on ${readyRestored.length} ready pod${readyRestored.length === 1 ? '' : 's'} (revision ${restored.revision})`, problems }
}

/**
 * The pods to delete so that a restored StatefulSet can go on: live pods of the rejected revision that are not Ready,
 * once the controller has observed the restored template (before that, it would create them anew from the rejected
 * one). None for a DaemonSet.
 */
export function stuckPods(snapshot: WorkloadSnapshot, rejected: WorkloadRevision, expect: { generation: number }): k8s.V1Pod[] {
  if (snapshot.kind !== 'StatefulSet') return []
  const sts = snapshot.workload as k8s.V1StatefulSet
  if ((sts.status?.observedGeneration ?? 0) < expect.generation || sts.status?.updateRevision === rejected.name) return []
  return podsOfRevision(snapshot, rejected).filter((p) => !ready(p))
}

/** The revision a rollback would restore, read once the controller has observed the new template. */
export function recordWorkloadBaseline(snapshot: WorkloadSnapshot, toRevision?: number): Baseline {
  const w = snapshot.workload
  const fromImages = (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '')
  const fromRevision = templateRevision(snapshot)?.revision
  const from = { ...(fromRevision !== undefined ? { fromRevision } : {}), fromImages }
  try {
    const plan = planWorkloadUndo(w, snapshot.revisions, toRevision ?? 0)
    if (plan.action === 'skip') return { ok: false, why: `revision ${plan.toRevision} has the same pod template as the current one: ${plan.message}`, ...from }
    const rejected = w.metadata?.annotations?.[REJECTED_TEMPLATE_ANNOTATION]
    if (toRevision === undefined && rejected !== undefined && rejected === plan.target.name) {
      return { ok: false, why: `the previous revision ${plan.toRevision} (${plan.toImages.join(', ')}) is the version an earlier health-rollback rolled back from, not a known-good one (set to-revision to choose one)`, ...from }
    }
    return { ok: true, knownGood: { revision: plan.toRevision, images: plan.toImages, ...from } }
  } catch (error) {
    if (error instanceof UndoRefused) {
      const why = error.refusal === 'no-history' ? `${workloadRef(snapshot)} has no earlier revision to roll back to (first rollout, or its history was pruned)` : error.message
      return { ok: false, why, ...from }
    }
    throw error
  }
}
