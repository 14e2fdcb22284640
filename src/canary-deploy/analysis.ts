/** One analysis round: every metric on canary (and on stable for relative conditions), every health URL. */
import { httpProbe } from '../lib/probes/http-probe.js'
import type { QueryResult } from '../lib/metrics/prometheus.js'
import type { MetricsClient } from '../lib/metrics/source.js'
import { isRelative, resolveQuery, type AnalysisMetric, type Targets } from './conditions.js'
import { judgeMetric, type Measurement } from './verdict.js'

export interface RoundContext {
  round: number
  at: number
  weight: number
  targets: Targets
}

export interface Checks {
  metrics: AnalysisMetric[]
  metricsClient: MetricsClient | undefined
  healthUrls: string[]
  healthTimeoutMs: number
}

export const hasChecks = (checks: Checks): boolean => checks.metrics.length > 0 || checks.healthUrls.length > 0

export async function measureRound(checks: Checks, ctx: RoundContext): Promise<Measurement[]> {
  const metricRuns = checks.metrics.map(async (metric): Promise<Measurement> => {
    const query = resolveQuery(metric.query, ctx.targets, 'canary')
    const stableQuery = isRelative(metric) ? resolveQuery(metric.query, ctx.targets, 'stable') : undefined
    const [canary, stable] = await Promise.all([
      checks.metricsClient!.query(query),
      stableQuery !== undefined ? checks.metricsClient!.query(stableQuery) : Promise.resolve<QueryResult | undefined>(undefined)
    ])
    return { round: ctx.round, at: ctx.at, weight: ctx.weight, name: metric.name, query, ...(stableQuery !== undefined ? { stableQuery } : {}), ...judgeMetric(metric, canary, stable) }
  })
  const healthRuns = checks.healthUrls.map(async (url): Promise<Measurement> => {
    const observation = await httpProbe(url, { timeoutMs: checks.healthTimeoutMs })
    const ok = observation.status !== undefined && observation.status >= 200 && observation.status < 400
    return {
      round: ctx.round,
      at: ctx.at,
      weight: ctx.weight,
      name: 'health',
      query: url,
      ...(observation.status !== undefined ? { value: observation.status } : {}),
      condition: 'HTTP 2xx/3xx',
      verdict: ok ? 'pass' : 'fail',
      ...(ok ? {} : { detail: observation.error ?? `HTTP ${observation.status}` })
    }
  })
  return Promise.all([...metricRuns, ...healthRuns])
}
