/**
 * The cluster side of a run: reads of one Deployment with its ReplicaSets and pods, and a wait loop that
 * re-judges on every watch event (Deployment and pods, resumed after dropped connections) and at least every
 * `pollMs`, so a terminal pod state is seen as soon as the kubelet reports it, not at the next poll.
 */
import type * as k8s from '@kubernetes/client-node'
import { KubeClient, selectorToString, watchWithResume, type ContainerProblem, type ResumableWatch } from '../lib/kube/index.js'
import type { Clock } from './clock.js'
import type { ClusterSnapshot, RolloutVerdict } from './rollout-verdict.js'

const LOG_GONE = /^unable to retrieve container logs for /

export class DeploymentTarget {
  constructor(
    readonly client: KubeClient,
    readonly namespace: string,
    readonly name: string
  ) {}

  async snapshot(): Promise<ClusterSnapshot> {
    const deployment = await this.client.getDeployment(this.namespace, this.name)
    const selector = selectorToString(deployment.spec?.selector)
    const [replicaSets, pods] = await Promise.all([this.client.listReplicaSets(this.namespace, selector), this.client.listPods(this.namespace, selector)])
    return { deployment, replicaSets, pods }
  }

  /** The last log lines of a failing container (of its previous run when it has restarted). */
  async lastLogLines(problem: ContainerProblem, lines: number): Promise<string[]> {
    if (lines === 0) return []
    const read = async (previous: boolean) => {
      const text = await this.client.readPodLog(this.namespace, problem.pod, { container: problem.container, tailLines: lines, ...(previous ? { previous } : {}) })
      // The kubelet answers 200 with this sentence when the container's log file is already gone (a restart races
      // the read): not the container's words, so the other run's log is tried instead.
      if (LOG_GONE.test(text)) throw new Error(text)
      return text
    }
    try {
      const text = problem.restartCount > 0 ? await read(true).catch(() => read(false)) : await read(false).catch(() => read(true))
      return text.split('\n').filter((line) => line !== '').slice(-lines)
    } catch {
      return []
    }
  }

  /** Wakes `onChange` on every change of the Deployment or its pods until stopped. */
  watchChanges(deployment: k8s.V1Deployment, onChange: () => void, log: (message: string) => void): () => void {
    const kc = this.client.kc
    const ns = this.namespace
    const selector = selectorToString(deployment.spec?.selector)
    const quiet = { attempts: 1_000_000, baseDelayMs: 200, maxDelayMs: 5000 }
    const watches: ResumableWatch[] = [
      watchWithResume<k8s.V1Deployment>({
        kc,
        path: `/apis/apps/v1/namespaces/${ns}/deployments`,
        query: { fieldSelector: `metadata.name=${this.name}` },
        list: async () => {
          const list = await this.client.call('list deployments', () => this.client.apps.listNamespacedDeployment({ namespace: ns, fieldSelector: `metadata.name=${this.name}` }))
          return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' }
        },
        onEvent: onChange,
        retry: quiet,
        log
      }),
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
    // A watch that gives up only costs promptness: the poll still runs.
    for (const watch of watches) watch.done.catch((error: unknown) => log(`watch stopped: ${error instanceof Error ? error.message : String(error)}`))
    return () => watches.forEach((w) => w.stop())
  }
}

export interface WaitOptions {
  timeoutMs: number
  pollMs: number
  clock: Clock
  log: (message: string) => void
  /** Judges each read; the loop ends on 'complete' or 'failed'. */
  judge: (snapshot: ClusterSnapshot) => RolloutVerdict
  /** Called with every judged read (progress for the timeline). */
  onVerdict?: (verdict: RolloutVerdict, snapshot: ClusterSnapshot) => void
}

export type WaitResult = { verdict: RolloutVerdict; snapshot: ClusterSnapshot } | { verdict: { state: 'timeout'; message: string }; snapshot: ClusterSnapshot }

export async function waitFor(target: DeploymentTarget, options: WaitOptions): Promise<WaitResult> {
  const deadline = options.clock.now() + options.timeoutMs
  let snapshot = await target.snapshot()
  let wake: (() => void) | undefined
  let changed = false
  const stop = target.watchChanges(snapshot.deployment, () => {
    changed = true
    wake?.()
  }, options.log)
  try {
    for (;;) {
      const verdict = options.judge(snapshot)
      options.onVerdict?.(verdict, snapshot)
      if (verdict.state !== 'waiting') return { verdict, snapshot }
      const left = deadline - options.clock.now()
      if (left <= 0) return { verdict: { state: 'timeout', message: `${verdict.message} (still waiting after ${Math.round(options.timeoutMs / 1000)} s)` }, snapshot }
      if (!changed) {
        await Promise.race([options.clock.sleep(Math.min(options.pollMs, left)), new Promise<void>((resolve) => (wake = resolve))])
      }
      wake = undefined
      changed = false
      snapshot = await target.snapshot()
    }
  } finally {
    stop()
  }
}
