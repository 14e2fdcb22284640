/**
 * Judging a rollout from one read of the Deployment, its ReplicaSets and pods. Pure.
 * - deploy phase: `kubectl rollout status`, but failing at once on pod states that waiting will not fix
 *   (clusterise/rollout-status), on pods that cannot be created (a quota) or placed (lib/kube/placement), and on
 *   ProgressDeadlineExceeded.
 * - rollback phase: the Progressing condition is NOT read, because right after an undo it can still carry the
 *   ProgressDeadlineExceeded of the bad rollout (jordigilh/kubernaut#199); instead the controller must have observed
 *   the undo's generation, every replica must be updated and available, and the new ReplicaSet's pods must run the
 *   previous images; a terminating pod (still Ready through its grace period) does not count as one.
 * - after the restore: the replaced version is gone only once none of its pods is serving any more (a terminating pod
 *   answers until its containers stop: a preStop hook, then SIGTERM).
 */
import type * as k8s from '@kubernetes/client-node'
import {
  containerProblems,
  deploymentRolloutStatus,
  findNewReplicaSet,
  imagesOf,
  isReadyPod,
  isServing,
  isTerminating as isTerminatingPod,
  isTerminalProblem,
  managedImages,
  managedProblems,
  ownedReplicaSets,
  podsOf,
  type ContainerProblem
} from '../lib/kube/index.js'
import { placementProblem } from '../lib/kube/placement.js'

export interface ClusterSnapshot {
  deployment: k8s.V1Deployment
  replicaSets: k8s.V1ReplicaSet[]
  pods: k8s.V1Pod[]
}

export type RolloutVerdict =
  | { state: 'waiting'; message: string; problems: ContainerProblem[] }
  | { state: 'complete'; message: string; problems: ContainerProblem[] }
  | { state: 'failed'; reason: string; message: string; problems: ContainerProblem[] }

/** The ReplicaSet that matches the Deployment's current template. */
function currentReplicaSet(snapshot: ClusterSnapshot): k8s.V1ReplicaSet | undefined {
  return findNewReplicaSet(snapshot.deployment, ownedReplicaSets(snapshot.deployment, snapshot.replicaSets))
}

/** The pods of the ReplicaSet that matches the Deployment's current template. */
export function currentPods(snapshot: ClusterSnapshot): k8s.V1Pod[] {
  const current = currentReplicaSet(snapshot)
  return current ? podsOf(current, snapshot.pods) : []
}

function terminal(problems: ContainerProblem[], maxRestarts: number, now?: number): ContainerProblem | undefined {
  return problems.find((p) => isTerminalProblem(p, maxRestarts, now))
}

export function describeProblem(p: ContainerProblem): string {
  const restarts = p.restartCount > 0 ? `, ${p.restartCount} restart${p.restartCount === 1 ? '' : 's'}` : ''
  return `pod ${p.pod} container ${p.container}: ${p.reason}${restarts}${p.message ? ` (${p.message})` : ''}`
}

/**
 * The deployment controller names the ReplicaSet that timed out ("ReplicaSet \"web-abc\" has timed out progressing.",
 * pkg/controller/deployment/progress.go). Right after a template change back to an older ReplicaSet (a redeploy of a
 * previous version, or an undo) the first sync keeps the previous rollout's condition: it names another ReplicaSet
 * than the current one, and is not a verdict on this rollout.
 */
function staleDeadline(snapshot: ClusterSnapshot): string | undefined {
  const progressing = (snapshot.deployment.status?.conditions ?? []).find((c) => c.type === 'Progressing')
  const named = /^ReplicaSet "([^"]+)" has timed out progressing/.exec(progressing?.message ?? '')?.[1]
  const current = findNewReplicaSet(snapshot.deployment, ownedReplicaSets(snapshot.deployment, snapshot.replicaSets))?.metadata?.name
  return named !== undefined && current !== undefined && named !== current ? `ReplicaSet "${named}"` : undefined
}

/** `now` (ms) lets an unschedulable pod count once it has been so for the grace period; without it, it never does. */
export function judgeDeployRollout(snapshot: ClusterSnapshot, maxRestarts: number, now?: number): RolloutVerdict {
  const pods = currentPods(snapshot)
  const problems = managedProblems(containerProblems(pods), snapshot.deployment.spec?.template)
  const observed = (snapshot.deployment.status?.observedGeneration ?? 0) >= (snapshot.deployment.metadata?.generation ?? 0)
  const bad = observed ? terminal(problems, maxRestarts, now) : undefined
  if (bad) return { state: 'failed', reason: bad.reason, message: describeProblem(bad), problems }
  const unplaced = observed ? placementProblem(currentReplicaSet(snapshot), pods, now) : undefined
  if (unplaced) return { state: 'failed', reason: unplaced.reason, message: unplaced.message, problems }
  const status = deploymentRolloutStatus(snapshot.deployment)
  if (status.state === 'deadline-exceeded') {
    const stale = staleDeadline(snapshot)
    if (stale) return { state: 'waiting', message: `ignoring the ProgressDeadlineExceeded of ${stale}, an earlier rollout; waiting for the controller to judge the current one`, problems }
    return { state: 'failed', reason: 'ProgressDeadlineExceeded', message: status.message, problems }
  }
  if (status.state === 'complete') return { state: 'complete', message: status.message, problems }
  if (observed && snapshot.deployment.spec?.paused) {
    const name = snapshot.deployment.metadata?.name ?? ''
    return { state: 'failed', reason: 'DeploymentPaused', message: `deployment "${name}" is paused with its rollout unfinished (${status.message}); it will not progress until resumed`, problems }
  }
  return { state: 'waiting', message: status.message, problems }
}

export function judgeRestore(snapshot: ClusterSnapshot, expect: { generation: number; images: string[] }, maxRestarts: number): RolloutVerdict {
  const d = snapshot.deployment
  const name = d.metadata?.name ?? ''
  const status = d.status ?? {}
  const pods = currentPods(snapshot)
  const problems = managedProblems(containerProblems(pods), d.spec?.template)
  const templateImages = imagesOf(d.spec?.template)
  if (templateImages.join(',') !== expect.images.join(',')) {
    return { state: 'failed', reason: 'TemplateChanged', message: `deployment "${name}" now has image ${templateImages.join(', ')}, not the restored ${expect.images.join(', ')}: something else changed it during the rollback`, problems }
  }
  if ((status.observedGeneration ?? 0) < expect.generation) return { state: 'waiting', message: 'Waiting for the rollback to be observed by the deployment controller...', problems }
  const bad = terminal(problems, maxRestarts)
  if (bad) return { state: 'failed', reason: bad.reason, message: `the restored version is failing too: ${describeProblem(bad)}`, problems }
  const desired = d.spec?.replicas ?? 1
  const updated = status.updatedReplicas ?? 0
  const available = status.availableReplicas ?? 0
  const replicas = status.replicas ?? 0
  if (updated < desired || replicas > updated || available < desired) {
    return { state: 'waiting', message: `Waiting for the rollback: ${updated} of ${desired} replicas updated, ${available} available, ${Math.max(0, replicas - updated)} old pending termination`, problems }
  }
  const ready = pods.filter(isReadyPod)
  // Compared container by container as the template names them: an injected sidecar is not part of the version.
  const wrong = ready.filter((p) => managedImages(p, d.spec?.template).join(',') !== expect.images.join(','))
  if (ready.length < desired || wrong.length > 0) {
    return { state: 'waiting', message: `Waiting for the rollback: ${ready.length - wrong.length} of ${desired} pods run ${expect.images.join(', ')}`, problems }
  }
  return { state: 'complete', message: `deployment "${name}" runs ${expect.images.join(', ')} on ${ready.length} ready pod${ready.length === 1 ? '' : 's'}`, problems }
}

/**
 * Pods the Deployment's selector matches outside its current ReplicaSet (the version replaced, also when its
 * ReplicaSet is already deleted, as revisionHistoryLimit 0 does) whose containers still run.
 */
export function replacedServing(snapshot: ClusterSnapshot): k8s.V1Pod[] {
  const current = currentReplicaSet(snapshot)
  const replaced = current ? snapshot.pods.filter((pod) => podsOf(current, [pod]).length === 0) : snapshot.pods
  return replaced.filter((pod) => isServing(pod, snapshot.deployment.spec?.template))
}

/** After a restore: complete once no pod of the replaced version is serving (replacedServing), else waiting. */
export function judgeReplacedStopped(snapshot: ClusterSnapshot): RolloutVerdict {
  const serving = replacedServing(snapshot)
  if (serving.length === 0) return { state: 'complete', message: 'no pod of the replaced version is serving any more', problems: [] }
  const names = serving.map((p) => `${p.metadata?.name ?? ''}${isTerminatingPod(p) ? ' (terminating)' : ''}`)
  return { state: 'waiting', message: `${serving.length} pod${serving.length === 1 ? '' : 's'} of the replaced version still serving: ${names.join(', ')}`, problems: [] }
}
