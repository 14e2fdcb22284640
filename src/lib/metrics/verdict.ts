/**
 * The one verdict on a metric condition, shared by canary-deploy and health-rollback: every series must meet every
 * threshold, the value reported is the worst series; no data (an empty result, NaN, or a query that could not run)
 * is a verdict of its own, which each action then weighs by its no-data policy. Pure.
 */
import { boundOf, describeThresholds, meets, type MetricCondition, type Threshold } from './condition.js'
import type { QueryResult, Sample } from './prometheus.js'

export type MetricVerdict = 'pass' | 'fail' | 'no-data'

/**
 * What no data counts as. The two actions need a different third choice, hence two types: canary-deploy analyses a
 * step for as long as it takes, so no data can hold the step (`inconclusive`, until inconclusive-timeout);
 * health-rollback checks a fixed number of rounds, so no data can only be left out of the count (`ignore`).
 */
export const ANALYSIS_NO_DATA = ['inconclusive', 'fail', 'pass'] as const
export type AnalysisNoData = (typeof ANALYSIS_NO_DATA)[number]
export const HEALTH_CHECK_NO_DATA = ['fail', 'pass', 'ignore'] as const
export type HealthCheckNoData = (typeof HEALTH_CHECK_NO_DATA)[number]

export interface MetricJudgement {
  verdict: MetricVerdict
  /** The thresholds as written, e.g. `< 0.05 and <= 1.5 * stable`. */
  condition: string
  /** The worst series measured, when there was one. */
  value?: number
  labels?: Record<string, string>
  /** The stable value a relative condition was judged against. */
  stableValue?: number
  /** fail: each bound missed (`0.04 is not <= 0.03`); no-data: why there was no value. */
  detail?: string
  /** no-data: which query had none, the one measured or the stable reference of a relative condition. */
  missing?: 'value' | 'stable'
}

const upperBounds = (thresholds: Threshold[]): boolean => thresholds.every((t) => t.operator === '<' || t.operator === '<=')

/** The series that decides: the most extreme of those missing a threshold, else the most extreme of all. */
export function worst(samples: Sample[], thresholds: Threshold[], stable: number | undefined): Sample {
  const failing = samples.filter((s) => thresholds.some((t) => meets(s.value, t, stable) === false))
  const pool = failing.length > 0 ? failing : samples
  const larger = upperBounds(thresholds)
  return pool.reduce((a, b) => (larger ? (b.value > a.value ? b : a) : b.value < a.value ? b : a))
}

/** The strictest stable value: the smallest under upper bounds, else the largest. */
function reference(samples: Sample[], thresholds: Threshold[]): number {
  const values = samples.map((s) => s.value)
  return upperBounds(thresholds) ? Math.min(...values) : Math.max(...values)
}

const noDataReason = (result: Exclude<QueryResult, { kind: 'samples' }>): string => (result.kind === 'error' ? result.message : 'the query returned no data')

/** Judges a condition given the result measured and, for a relative condition, the result of the same query on stable. */
export function judgeMetric(condition: MetricCondition, result: QueryResult, stable?: QueryResult): MetricJudgement {
  const text = describeThresholds(condition.thresholds)
  let stableValue: number | undefined
  if (stable) {
    if (stable.kind !== 'samples') {
      const value = result.kind === 'samples' ? { value: worst(result.samples, condition.thresholds, undefined).value } : {}
      return { verdict: 'no-data', condition: text, detail: noDataReason(stable), missing: 'stable', ...value }
    }
    stableValue = reference(stable.samples, condition.thresholds)
  }
  const withStable = stableValue !== undefined ? { stableValue } : {}
  if (result.kind !== 'samples') return { verdict: 'no-data', condition: text, detail: noDataReason(result), missing: 'value', ...withStable }
  const judged = worst(result.samples, condition.thresholds, stableValue)
  const labels = Object.keys(judged.labels).length > 0 ? { labels: judged.labels } : {}
  const base = { condition: text, value: judged.value, ...labels, ...withStable }
  const missed = condition.thresholds.filter((t) => meets(judged.value, t, stableValue) === false)
  if (missed.length === 0) return { verdict: 'pass', ...base }
  return { verdict: 'fail', ...base, detail: missed.map((t) => `${formatValue(judged.value)} is not ${t.operator} ${formatValue(boundOf(t, stableValue)!)}`).join('; ') }
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const abs = Math.abs(value)
  return abs >= 1000 || abs < 0.001 ? value.toExponential(3) : String(Number(value.toPrecision(4)))
}
