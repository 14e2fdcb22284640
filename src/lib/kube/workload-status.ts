/**
 * `kubectl rollout status statefulset/NAME` and `daemonset/NAME` on one read of the workload
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go, StatefulSetStatusViewer and DaemonSetStatusViewer), with
 * the same messages and the same refusal of any update strategy but RollingUpdate. Pure.
 */
import type * as k8s from '@kubernetes/client-node'

/** The workload kinds health-rollback judges and rolls back, as the API names them. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet'

/** Kinds whose history is kept in ControllerRevisions (a Deployment's is in its ReplicaSets). */
export type RevisionedKind = Exclude<WorkloadKind, 'Deployment'>

export type RevisionedWorkload = k8s.V1StatefulSet | k8s.V1DaemonSet

/**
 * waiting / complete as kubectl says them; `unsupported` is kubectl's error for an update strategy other than
 * RollingUpdate (OnDelete: the controller never replaces a pod by itself, so there is no rollout to wait for).
 */
export type WorkloadRolloutStatus = { state: 'waiting' | 'complete'; message: string } | { state: 'unsupported'; message: string }

const UNSUPPORTED = 'rollout status is only available for RollingUpdate strategy type'

export function statefulSetRolloutStatus(sts: k8s.V1StatefulSet): WorkloadRolloutStatus {
  const spec = sts.spec
  const status = sts.status
  const strategy = spec?.updateStrategy
  // The API server defaults the type to RollingUpdate (with partition 0); kubectl reads an absent one as not it.
  if (strategy?.type !== 'RollingUpdate') return { state: 'unsupported', message: UNSUPPORTED }
  const observed = status?.observedGeneration ?? 0
  if (observed === 0 || (sts.metadata?.generation ?? 0) > observed) return { state: 'waiting', message: 'Waiting for statefulset spec update to be observed...' }
  const replicas = spec?.replicas
  const ready = status?.readyReplicas ?? 0
  if (replicas !== undefined && ready < replicas) return { state: 'waiting', message: `Waiting for ${replicas - ready} pods to be ready...` }
  const updated = status?.updatedReplicas ?? 0
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return { state: 'waiting', message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...` }
    }
    return { state: 'complete', message: `partitioned roll out complete: ${updated} new pods have been updated...` }
  }
  if (status?.updateRevision !== status?.currentRevision) {
    return { state: 'waiting', message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status?.updateRevision ?? ''}...` }
  }
  return { state: 'complete', message: `statefulset rolling update complete ${status?.currentReplicas ?? 0} pods at revision ${status?.currentRevision ?? ''}...` }
}

export function daemonSetRolloutStatus(ds: k8s.V1DaemonSet): WorkloadRolloutStatus {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return { state: 'unsupported', message: UNSUPPORTED }
  const name = ds.metadata?.name ?? ''
  const status = ds.status
  if ((ds.metadata?.generation ?? 0) > (status?.observedGeneration ?? 0)) return { state: 'waiting', message: 'Waiting for daemon set spec update to be observed...' }
  const desired = status?.desiredNumberScheduled ?? 0
  const updated = status?.updatedNumberScheduled ?? 0
  const available = status?.numberAvailable ?? 0
  if (updated < desired) return { state: 'waiting', message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...` }
  if (available < desired) return { state: 'waiting', message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...` }
  return { state: 'complete', message: `daemon set "${name}" successfully rolled out` }
}

export function workloadRolloutStatus(kind: RevisionedKind, workload: RevisionedWorkload): WorkloadRolloutStatus {
  return kind === 'StatefulSet' ? statefulSetRolloutStatus(workload as k8s.V1StatefulSet) : daemonSetRolloutStatus(workload as k8s.V1DaemonSet)
}
