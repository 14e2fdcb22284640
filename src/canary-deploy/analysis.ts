/**
 * Analysis, shared by canary and blue-green: a round measures every metric on canary (and on stable for relative
 * conditions) and every health URL; analyseStep repeats rounds at one step until the verdict completes or aborts it.
 */
import { httpProbe } from '../lib/probes/http-probe.js'
import { isRelative, resolveQuery, type MetricCondition, type Targets } from '../lib/metrics/condition.js'
import type { QueryResult } from '../lib/metrics/prometheus.js'
import type { MetricsClient } from '../lib/metrics/source.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { WeightPoint } from './state.js'
import { afterRound, measureMetric, roundVerdict, type AnalysisPolicy, type Measurement, type StepProgress } from './verdict.js'

export interface RoundContext {
  round: number
  at: number
  weight: number
  targets: Targets
}

export interface Checks {
  metrics: MetricCondition[]
  metricsClient: MetricsClient | undefined
  healthUrls: string[]
  healthTimeoutMs: number
}

export const hasChecks = (checks: Checks): boolean => checks.metrics.length > 0 || checks.healthUrls.length > 0

/**
 * The warning for a canary that will move traffic with nothing measured (no `metrics`, no `health-urls`): its steps
 * advance on their pauses alone, so a bad release is promoted. Undefined when there is analysis, when nothing moves
 * traffic step by step (`abort`, blue-green, or a schedule that is only `100`).
 */
export function noAnalysisWarning(inputs: Pick<CanaryDeployInputs, 'action' | 'strategy' | 'steps' | 'metrics' | 'healthUrls'>): string | undefined {
  if (inputs.action === 'abort' || inputs.strategy !== 'canary') return undefined
  if (hasChecks({ metrics: inputs.metrics, healthUrls: inputs.healthUrls, metricsClient: undefined, healthTimeoutMs: 0 })) return undefined
  const weights = inputs.steps.filter((step) => step.weight < 100).map((step) => `${step.weight}%`)
  if (weights.length === 0) return undefined
  return (
    `The canary runs with no analysis: neither 'metrics' nor 'health-urls' is set, so the steps ${weights.join(', ')} advance on their pauses ` +
    "alone and a failing release is promoted to 100%. Set 'metrics' (e.g. the presets 'error-rate' and 'latency-p99' with 'prometheus-url') or 'health-urls'."
  )
}

export async function measureRound(checks: Checks, ctx: RoundContext): Promise<Measurement[]> {
  const metricRuns = checks.metrics.map(async (metric): Promise<Measurement> => {
    const query = resolveQuery(metric.query, ctx.targets, 'canary')
    const stableQuery = isRelative(metric) ? resolveQuery(metric.query, ctx.targets, 'stable') : undefined
    const [canary, stable] = await Promise.all([
      checks.metricsClient!.query(query),
      stableQuery !== undefined ? checks.metricsClient!.query(stableQuery) : Promise.resolve<QueryResult | undefined>(undefined)
    ])
    return { round: ctx.round, at: ctx.at, weight: ctx.weight, name: metric.name, query, ...(stableQuery !== undefined ? { stableQuery } : {}), ...measureMetric(metric, canary, stable) }
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

/** The analysis decided to abort (or a blue-green smoke check failed); the message is the reason reported. */
export class AnalysisAbort extends Error {}

/** The analysis of one rollout, carried from step to step: failed rounds count over the whole rollout, rounds are numbered across steps. */
export interface Analysis {
  checks: Checks
  targets: Targets
  intervalMs: number
  policy: AnalysisPolicy
  progress: StepProgress
  /** The number of the last round. */
  round: number
}

export const startAnalysis = (checks: Checks, targets: Targets, intervalMs: number, policy: AnalysisPolicy): Analysis => ({ checks, targets, intervalMs, policy, progress: { failures: 0 }, round: 0 })

/** What analyseStep needs around it. */
export interface StepWatch {
  sleep: (ms: number) => Promise<void>
  now: () => number
  /** Milliseconds since the rollout began: the time of each measurement. */
  since: () => number
  /** Where each round's measurements go (the report's). */
  measurements: Measurement[]
  /** Runs before each round, e.g. a check that the claim is still this run's (it throws to stop). */
  beforeRound?: () => Promise<void>
  /** Logs each round's verdict when given. */
  log?: (message: string) => void
}

/**
 * Holds one step for its pause: without checks the pause alone; with checks a round every interval until the
 * verdict (verdict.ts) completes the step, or aborts it with AnalysisAbort. `point` (the step's history point) gets
 * the verdict of each round.
 */
export async function analyseStep(analysis: Analysis, step: { weight: number; pauseMs: number }, point: WeightPoint, watch: StepWatch): Promise<void> {
  if (!hasChecks(analysis.checks)) {
    if (step.pauseMs > 0) await watch.sleep(step.pauseMs)
    return
  }
  const startedAt = watch.now()
  for (;;) {
    await watch.sleep(analysis.intervalMs)
    const round = ++analysis.round
    await watch.beforeRound?.()
    const measured = await measureRound(analysis.checks, { round, at: watch.since(), weight: step.weight, targets: analysis.targets })
    watch.measurements.push(...measured)
    const verdict = roundVerdict(measured.map((m) => m.verdict), analysis.policy.noData)
    const failed = measured.filter((m) => m.verdict !== 'pass').map((m) => `${m.name} ${m.verdict === 'no-data' ? 'has no data' : 'failed'}${m.detail ? ` (${m.detail})` : ''}`)
    const outcome = afterRound(analysis.progress, verdict, watch.now(), { startedAt, pauseMs: step.pauseMs, weight: step.weight }, analysis.policy, failed)
    analysis.progress = outcome.progress
    point.analysis = verdict
    watch.log?.(`Analysis round ${round} at ${step.weight}%: ${verdict}${failed.length > 0 ? ` — ${failed.join('; ')}` : ''}`)
    if (outcome.decision.kind === 'abort') throw new AnalysisAbort(outcome.decision.reason)
    if (outcome.decision.kind === 'complete') return
  }
}
