/**
 * What is wrong with a Deployment's pods, read from their container statuses the way `kubectl get pods` and
 * `kubectl describe pod` show it: waiting reasons (ImagePullBackOff, ErrImagePull, CreateContainerConfigError,
 * CrashLoopBackOff, ...), restart counts, and the last termination. Pure: no I/O.
 */
import type * as k8s from '@kubernetes/client-node'
import { isControlledBy } from './revisions.js'

export interface ContainerProblem {
  pod: string
  container: string
  /** Waiting reason (e.g. ImagePullBackOff) or, for a running container that restarted, the last exit reason. */
  reason: string
  message?: string
  restartCount: number
  image?: string
  /** The last termination, if the container has exited before. */
  lastExit?: { exitCode: number; reason?: string; finishedAt?: Date }
  ready: boolean
  /** When the pod started (else was created): how long a pull or config error has had to clear. */
  since?: Date
}

/** Waiting reasons that will not go away by waiting (clusterise/rollout-status fails fast on these). */
export const TERMINAL_WAITING_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError'])

/**
 * Of those, the ones real clusters often see clear by themselves: a registry that refuses a few pulls, a Secret or
 * ConfigMap created seconds after the Deployment. They count only once the pod has had TRANSIENT_GRACE_MS to get past
 * them (the kubelet retries a pull after 10 s, then 20 s, and a config error on every sync), still far below the
 * progress deadline (10 minutes by default). InvalidImageName never clears and counts at once.
 */
export const TRANSIENT_WAITING_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError'])
export const TRANSIENT_GRACE_MS = 30_000

function problemOf(pod: k8s.V1Pod, status: k8s.V1ContainerStatus): ContainerProblem | undefined {
  const waiting = status.state?.waiting
  const terminated = status.lastState?.terminated
  const base = {
    pod: pod.metadata?.name ?? '',
    container: status.name,
    restartCount: status.restartCount ?? 0,
    ...(status.image ? { image: status.image } : {}),
    ...(terminated ? { lastExit: { exitCode: terminated.exitCode, ...(terminated.reason ? { reason: terminated.reason } : {}), ...(terminated.finishedAt ? { finishedAt: terminated.finishedAt } : {}) } } : {}),
    ready: status.ready,
    ...(startedAt(pod) ? { since: startedAt(pod)! } : {})
  }
  if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
    return { ...base, reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) }
  }
  if (status.state?.terminated) {
    return { ...base, reason: status.state.terminated.reason ?? 'Terminated', ...(status.state.terminated.message ? { message: status.state.terminated.message } : {}) }
  }
  if ((status.restartCount ?? 0) > 0 && !status.ready) return { ...base, reason: terminated?.reason ?? 'Restarting' }
  return undefined
}

function startedAt(pod: k8s.V1Pod): Date | undefined {
  const at = pod.status?.startTime ?? pod.metadata?.creationTimestamp
  return at === undefined ? undefined : new Date(at)
}

/**
 * A pod being deleted (deletionTimestamp set). Until its containers stop (a preStop hook, then SIGTERM, within
 * terminationGracePeriodSeconds) it keeps answering and stays Ready, but it is on its way out: not a pod of the version
 * that counts as running, and its exits are the shutdown the kubelet asked for, not failures.
 */
export const isTerminating = (pod: k8s.V1Pod): boolean => pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null

/** Ready, and not terminating: a pod that counts for its version. */
export const isReadyPod = (pod: k8s.V1Pod): boolean => !isTerminating(pod) && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')

/**
 * A pod that may still answer requests: one of the containers its template declares (or, without a template, any)
 * is running, terminating or not. A terminating pod stops being one when its containers have stopped.
 */
export function isServing(pod: k8s.V1Pod, template?: k8s.V1PodTemplateSpec): boolean {
  const names = managedContainers(template)
  return (pod.status?.containerStatuses ?? []).some((status) => (names.size === 0 || names.has(status.name)) && status.state?.running !== undefined)
}

/** Problems of every container (init containers included) of these pods; terminating pods have none (isTerminating). */
export function containerProblems(pods: k8s.V1Pod[]): ContainerProblem[] {
  return pods.filter((pod) => !isTerminating(pod)).flatMap((pod) =>
    [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].flatMap((status) => {
      const problem = problemOf(pod, status)
      return problem ? [problem] : []
    })
  )
}

/**
 * The problems of the containers a pod template declares: containers injected by admission (a mesh's sidecar, a
 * policy engine's agent) are not the version being deployed and do not decide its verdict.
 */
export function managedProblems(problems: ContainerProblem[], template: k8s.V1PodTemplateSpec | undefined): ContainerProblem[] {
  const names = managedContainers(template)
  return names.size === 0 ? problems : problems.filter((p) => names.has(p.container))
}

/** The names of the containers (init containers included) a pod template declares. */
export function managedContainers(template: k8s.V1PodTemplateSpec | undefined): Set<string> {
  return new Set([...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])].map((c) => c.name))
}

/** The images a pod runs in the containers its template declares, in the template's order (injected ones left out). */
export function managedImages(pod: k8s.V1Pod, template: k8s.V1PodTemplateSpec | undefined): string[] {
  const containers = pod.spec?.containers ?? []
  return (template?.spec?.containers ?? []).map((c) => containers.find((x) => x.name === c.name)?.image ?? '')
}

/**
 * Is this problem one that waiting will not fix? CrashLoopBackOff counts once restarts reach `maxRestarts`; a pull or
 * config error once its pod is TRANSIENT_GRACE_MS old at `now` (without `now`, at once).
 */
export function isTerminalProblem(problem: ContainerProblem, maxRestarts: number, now?: number): boolean {
  if (TRANSIENT_WAITING_REASONS.has(problem.reason) && now !== undefined && problem.since !== undefined) return now - problem.since.getTime() >= TRANSIENT_GRACE_MS
  if (TERMINAL_WAITING_REASONS.has(problem.reason)) return true
  return problem.reason === 'CrashLoopBackOff' && problem.restartCount >= maxRestarts
}

/** The pods a ReplicaSet controls. */
export function podsOf(replicaSet: k8s.V1ReplicaSet, pods: k8s.V1Pod[]): k8s.V1Pod[] {
  return pods.filter((pod) => isControlledBy(pod, replicaSet))
}
