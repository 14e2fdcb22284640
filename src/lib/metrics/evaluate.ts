/**
 * A metric condition judged for health-rollback's rounds under its no-data policy: `fail` counts no data as a failed
 * check, `pass` as a passed one, `ignore` as neither (it does not break a run of failures either). Pure.
 */
import type { MetricCondition } from './condition.js'
import type { QueryResult } from './prometheus.js'
import { judgeMetric, type HealthCheckNoData } from './verdict.js'

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

export function evaluateCondition(condition: MetricCondition, result: QueryResult, noData: HealthCheckNoData): MetricMeasurement {
  const judged = judgeMetric(condition, result)
  const base = { name: condition.name, query: condition.query, condition: judged.condition }
  if (judged.verdict === 'no-data') return { ...base, outcome: noData === 'fail' ? 'fail' : noData === 'pass' ? 'pass' : 'ignored', noData: judged.detail! }
  return { ...base, outcome: judged.verdict, value: judged.value!, ...(judged.labels ? { labels: judged.labels } : {}) }
}
