/** The validated configuration of one health-rollback run. */
import type { MetricsSource } from '../lib/metrics/source.js'
import type { MetricCondition, NoDataPolicy } from '../lib/metrics/index.js'
import type { ProbeExpectations } from '../lib/probes/index.js'

export interface Config {
  kubeconfig: string
  context: string
  namespace: string
  /** Empty for a target that is not Kubernetes (rollback-command). */
  deployment: string
  expectedImage?: string
  rolloutTimeoutMs: number
  maxRestarts: number
  healthUrls: string[]
  expectations: ProbeExpectations
  probeHeaders: Record<string, string>
  probes: number
  probeIntervalMs: number
  probeTimeoutMs: number
  failureThreshold: number
  /** Where `metrics` queries go (Prometheus or Datadog); absent without metrics. */
  metricsSource?: MetricsSource
  metrics: MetricCondition[]
  noData: NoDataPolicy
  rollback: boolean
  toRevision?: number
  rollbackCommand?: string[]
  logLines: number
  github?: { token: string; environment?: string; deploymentId?: number }
  reportFile: string
}
