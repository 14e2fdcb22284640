/**
 * Evaluates a condition on a query result under an explicit no-data policy. Pure.
 * - Every series must meet the condition; the reported value is the worst one.
 * - No data (an empty result, NaN, or a query that could not run) follows `no-data`: `fail` counts it as a failed
 *   check, `pass` as a passed one, `ignore` as neither (it does not break a run of failures either).
 */
import { compare, type MetricCondition } from './condition.js'
import type { QueryResult, Sample } from './prometheus.js'

export const NO_DATA_POLICIES = ['fail', 'pass', 'ignore'] as const
export type NoDataPolicy = (typeof NO_DATA_POLICIES)[number]

export interface MetricMeasurement {
  name: string
  query: string
  condition: string
  outcome: 'pass' | 'fail' | 'ignored'
  /** The value judged (the worst series), when there was one. */
  value?: number
  labels?: Record<string, string>
  /** Set when there was no value: why, as the user reads it. */
  noData?: string
}

function worst(samples: Sample[], condition: MetricCondition): Sample {
  const failing = samples.filter((s) => !compare(s.value, condition.operator, condition.threshold))
  const pool = failing.length > 0 ? failing : samples
  const larger = condition.operator === '<' || condition.operator === '<='
  return pool.reduce((a, b) => (larger ? (b.value > a.value ? b : a) : b.value < a.value ? b : a))
}

export function evaluateCondition(condition: MetricCondition, result: QueryResult, noData: NoDataPolicy): MetricMeasurement {
  const base = { name: condition.name, query: condition.query, condition: `${condition.operator} ${condition.threshold}` }
  if (result.kind !== 'samples') {
    const why = result.kind === 'empty' ? 'the query returned no data' : result.message
    const outcome = noData === 'fail' ? 'fail' : noData === 'pass' ? 'pass' : 'ignored'
    return { ...base, outcome, noData: why }
  }
  const judged = worst(result.samples, condition)
  const ok = compare(judged.value, condition.operator, condition.threshold)
  return { ...base, outcome: ok ? 'pass' : 'fail', value: judged.value, ...(Object.keys(judged.labels).length > 0 ? { labels: judged.labels } : {}) }
}
