/**
 * The cluster side of a run on a StatefulSet or DaemonSet: reads of the workload with its ControllerRevisions and
 * pods, deletes of pods, and a wait loop that re-judges on every watch event (the workload and its pods) and at least
 * every `pollMs`, as the Deployment's (cluster.ts) does.
 */
import type * as k8s from '@kubernetes/client-node'
import { isConflict, isNotFound, KubeClient, selectorToString, watchWithResume, type ContainerProblem, type ResumableWatch } from '../lib/kube/index.js'
import { getWorkload, listControllerRevisions } from '../lib/kube/controller-revisions.js'
import type { RevisionedKind, RevisionedWorkload } from '../lib/kube/workload-status.js'
import type { Clock } from './clock.js'
import { DeploymentTarget } from './cluster.js'
import type { WorkloadSnapshot } from './workload-verdict.js'

const PLURAL: Record<RevisionedKind, string> = { StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' }

export class WorkloadTarget {
  /** Reads logs the same way for every kind. */
  private readonly logs: DeploymentTarget

  constructor(
    readonly client: KubeClient,
    readonly kind: RevisionedKind,
    readonly namespace: string,
    readonly name: string
  ) {
    this.logs = new DeploymentTarget(client, namespace, name)
  }

  /** `statefulset/db`, as kubectl names it. */
  get ref(): string {
    return `${this.kind.toLowerCase()}/${this.name}`
  }

  async snapshot(): Promise<WorkloadSnapshot> {
    const workload = await getWorkload(this.client, this.kind, this.namespace, this.name)
    const selector = selectorToString(workload.spec?.selector)
    const [revisions, pods] = await Promise.all([listControllerRevisions(this.client, this.namespace, selector), this.client.listPods(this.namespace, selector)])
    return { kind: this.kind, workload, revisions, pods }
  }

  lastLogLines(problem: ContainerProblem, lines: number): Promise<string[]> {
    return this.logs.lastLogLines(problem, lines)
  }

  /** Deletes a pod as `kubectl delete pod` does (its grace period); one already gone is not an error. */
  async deletePod(pod: k8s.V1Pod): Promise<void> {
    const name = pod.metadata?.name ?? ''
    const uid = pod.metadata?.uid
    await this.client
      // The UID precondition: never the pod the controller has already made anew under the same name.
      .call(`delete pod ${this.namespace}/${name}`, () => this.client.core.deleteNamespacedPod({ name, namespace: this.namespace, ...(uid ? { body: { preconditions: { uid } } } : {}) }))
      .catch((error: unknown) => {
        // Gone already, or a new pod under the same name (the UID precondition failed): nothing to delete.
        if (isNotFound(error) || isConflict(error)) return
        throw error
      })
  }

  /** Wakes `onChange` on every change of the workload or its pods until stopped. */
  watchChanges(workload: RevisionedWorkload, onChange: () => void, log: (message: string) => void): () => void {
    const kc = this.client.kc
    const ns = this.namespace
    const selector = selectorToString(workload.spec?.selector)
    const quiet = { attempts: 1_000_000, baseDelayMs: 200, maxDelayMs: 5000 }
    const fieldSelector = `metadata.name=${this.name}`
    const listWorkloads = async () => {
      const list =
        this.kind === 'StatefulSet'
          ? await this.client.call('list statefulsets', () => this.client.apps.listNamespacedStatefulSet({ namespace: ns, fieldSelector }))
          : await this.client.call('list daemonsets', () => this.client.apps.listNamespacedDaemonSet({ namespace: ns, fieldSelector }))
      return { items: list.items as RevisionedWorkload[], resourceVersion: list.metadata?.resourceVersion ?? '' }
    }
    const watches: ResumableWatch[] = [
      watchWithResume<RevisionedWorkload>({ kc, path: `/apis/apps/v1/namespaces/${ns}/${PLURAL[this.kind]}`, query: { fieldSelector }, list: listWorkloads, onEvent: onChange, retry: quiet, log }),
      watchWithResume<k8s.V1Pod>({
        kc,
        path: `/api/v1/namespaces/${ns}/pods`,
        query: { labelSelector: selector },
        list: async () => {
          const list = await this.client.call('list pods', () => this.client.core.listNamespacedPod({ namespace: ns, labelSelector: selector }))
          return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' }
        },
        onEvent: onChange,
        retry: quiet,
        log
      })
    ]
    for (const watch of watches) watch.done.catch((error: unknown) => log(`watch stopped: ${error instanceof Error ? error.message : String(error)}`))
    return () => watches.forEach((w) => w.stop())
  }
}

export interface WorkloadVerdictLike {
  /** The loop goes on while 'waiting', and ends on any other state. */
  state: string
  message: string
}

export interface WorkloadWaitOptions<V extends WorkloadVerdictLike> {
  timeoutMs: number
  pollMs: number
  clock: Clock
  log: (message: string) => void
  judge: (snapshot: WorkloadSnapshot) => V
  /** Called with every judged read; may act on the cluster (the rollback deletes stuck pods here). */
  onVerdict?: (verdict: V, snapshot: WorkloadSnapshot) => void | Promise<void>
}

export type WorkloadWaitResult<V> = { verdict: V | { state: 'timeout'; message: string }; snapshot: WorkloadSnapshot }

export async function waitForWorkload<V extends WorkloadVerdictLike>(target: WorkloadTarget, options: WorkloadWaitOptions<V>): Promise<WorkloadWaitResult<V>> {
  const deadline = options.clock.now() + options.timeoutMs
  let snapshot = await target.snapshot()
  let wake: (() => void) | undefined
  let changed = false
  const stop = target.watchChanges(
    snapshot.workload,
    () => {
      changed = true
      wake?.()
    },
    options.log
  )
  try {
    for (;;) {
      const verdict = options.judge(snapshot)
      await options.onVerdict?.(verdict, snapshot)
      if (verdict.state !== 'waiting') return { verdict, snapshot }
      const left = deadline - options.clock.now()
      if (left <= 0) return { verdict: { state: 'timeout', message: `${verdict.message} (still waiting after ${Math.round(options.timeoutMs / 1000)} s)` }, snapshot }
      if (!changed) await Promise.race([options.clock.sleep(Math.min(options.pollMs, left)), new Promise<void>((resolve) => (wake = resolve))])
      wake = undefined
      changed = false
      snapshot = await target.snapshot()
    }
  } finally {
    stop()
  }
}
