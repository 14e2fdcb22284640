/** What one canary-deploy run works with: the Runtime it is given, and the Invocation each action's mode module receives. */
import type * as k8s from '@kubernetes/client-node'
import type { MetricsClient } from '../lib/metrics/source.js'
import type { Cluster } from './cluster.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { Release } from './release.js'
import type { Report } from './report.js'
import type { CanaryState } from './state.js'

/** Clock, log, owner and claim callback: built for the runner in main.ts, by tests and benchmarks for themselves. */
export interface Runtime {
  sleep: (ms: number) => Promise<void>
  now: () => number
  /** This action run: `GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT/<claim id>` (see CanaryState.owner). */
  owner: string
  log: (message: string) => void
  warn: (message: string) => void
  /** Called once the run has claimed the Deployment (the post step must then restore on cancellation). */
  onClaimed: (claimed: boolean) => void
}

export interface Invocation {
  inputs: CanaryDeployInputs
  cluster: Cluster
  /** Where `metrics` queries go; undefined without metrics. */
  metricsClient: MetricsClient | undefined
  rt: Runtime
  /** The stable Deployment as read when the run began. */
  stable: k8s.V1Deployment
  /** What a new canary (action run or start, strategy canary) releases, planned before any write. */
  release?: Release | undefined
  /** The canary recorded on it (by an earlier run, or an earlier attempt of this one), if any. */
  found: CanaryState | undefined
  /** The report this run fills in; the outputs, the report file and the job summary come from it. */
  report: Report
}
