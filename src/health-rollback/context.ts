/**
 * What the phases of one run share (the inputs, time, the log, the timeline, the timing marks, the Deployment), how a
 * run starts (connected to the cluster when there is a Deployment), and how its result is put together.
 */
import { fieldManagerOf, KubeClient, loadKubeconfig, requestTimeoutFor, resolveNamespace, type LoadedKubeconfig } from '../lib/kube/index.js'
import type { Clock } from './clock.js'
import { DeploymentTarget } from './cluster.js'
import type { Conclusion } from './conclusion.js'
import type { HealthRollbackInputs } from './inputs.js'
import { PodReports } from './pod-reports.js'
import type { RunResult } from './result.js'
import { Timeline } from './timeline.js'
import { WorkloadTarget } from './workload-target.js'

/** What a run needs from outside: the action passes the runner's, tests and the benchmark their own. */
export interface HealthRollbackDeps {
  clock: Clock
  log: (message: string) => void
  /** How often the cluster is read when no watch event arrives (default 2 s). */
  pollMs?: number
  /** Kubernetes client settings (tests shorten the retry back-off). */
  kube?: ConstructorParameters<typeof KubeClient>[1]
  onKubeconfig?: (loaded: LoadedKubeconfig) => void
  onStatus?: (state: 'in_progress', description: string) => Promise<void>
  /** Wraps each phase (the action passes core.group, for a folded log); by default a phase just runs. */
  group?: <T>(name: string, phase: () => Promise<T>) => Promise<T>
}

/** Timing marks for the benchmark and the report. */
export interface RunMarks {
  firstFailureAt?: number
  decidedAt?: number
  rollbackRequestedAt?: number
  restoredAt?: number
}

export type HealthRollbackResult = RunResult & { marks: RunMarks }

export interface PhaseContext {
  inputs: HealthRollbackInputs
  clock: Clock
  log: (message: string) => void
  pollMs: number
  timeline: Timeline
  marks: RunMarks
  /** The Deployment under test; absent for a target that is not Kubernetes (rollback-command) or another kind. */
  target?: DeploymentTarget
  /** The StatefulSet or DaemonSet under test (input 'kind'), instead of a Deployment. */
  workload?: WorkloadTarget
  /** The kubeconfig input as written for this run (0600, removed by the post step): the rollback-command's KUBECONFIG. */
  kubeconfigFile?: string
  /** Failing pods with their last log lines, for the timeline. */
  pods: PodReports
  /** The target as the run names it before it knows the namespace. */
  label: string
}

/** Starts the timeline, then loads the kubeconfig and names the Deployment (no request is made yet). */
export function startRun(inputs: HealthRollbackInputs, deps: HealthRollbackDeps): PhaseContext {
  const { clock, log } = deps
  const timeline = new Timeline(() => clock.now())
  let target: DeploymentTarget | undefined
  let workload: WorkloadTarget | undefined
  let kubeconfigFile: string | undefined
  // With a rollback-command only, a kubeconfig given is still loaded: the command (helm, kubectl) gets it as KUBECONFIG.
  if (!inputs.deployment && inputs.kubeconfig) {
    const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context, env: inputs.kubeEnv })
    deps.onKubeconfig?.(loaded)
    kubeconfigFile = loaded.file
  }
  if (inputs.deployment) {
    const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context, env: inputs.kubeEnv })
    deps.onKubeconfig?.(loaded)
    kubeconfigFile = loaded.file
    // Each API request may take a third of rollout-timeout (at most 30 s), so a stalled one is retried within it.
    const client = new KubeClient(loaded.kc, { log, requestTimeoutMs: requestTimeoutFor(inputs.rolloutTimeoutMs), fieldManager: fieldManagerOf('health-rollback'), ...deps.kube })
    const namespace = resolveNamespace(loaded, inputs.namespace)
    if (inputs.kind === 'Deployment') target = new DeploymentTarget(client, namespace, inputs.deployment)
    else workload = new WorkloadTarget(client, inputs.kind, namespace, inputs.deployment)
  }
  return {
    inputs,
    clock,
    log,
    pollMs: deps.pollMs ?? 2000,
    timeline,
    marks: {},
    ...(target ? { target } : {}),
    ...(workload ? { workload } : {}),
    ...(kubeconfigFile ? { kubeconfigFile } : {}),
    pods: new PodReports(timeline, target ?? workload, { maxRestarts: inputs.maxRestarts, logLines: inputs.logLines }),
    label: inputs.deployment ? `${inputs.kind.toLowerCase()}/${inputs.deployment}` : (inputs.healthUrls[0] ?? 'target')
  }
}

/** The run's result: its conclusion, with the target's name, the times and everything the timeline recorded. */
export function finish(ctx: PhaseContext, conclusion: Conclusion): HealthRollbackResult {
  return {
    target: ctx.target ? `${ctx.target.namespace}/${ctx.inputs.deployment}` : ctx.workload ? `${ctx.workload.namespace}/${ctx.workload.ref}` : ctx.label,
    startedAt: ctx.timeline.start,
    finishedAt: ctx.clock.now(),
    events: ctx.timeline.events,
    marks: ctx.marks,
    ...conclusion
  }
}
