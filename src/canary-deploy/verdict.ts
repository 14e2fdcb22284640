/**
 * Analysis verdicts. One round measures every metric (and health URL) once; a round is `fail` when any check fails,
 * else `inconclusive` when any has no data under `no-data: inconclusive`, else `pass`. A step completes when its
 * pause has elapsed and its latest round passed; failed rounds count against `failure-limit` over the whole run; an
 * unbroken run of inconclusive rounds longer than `inconclusive-timeout` fails — no data never passes silently
 * (only `no-data: pass` makes it pass, and each such measurement says so). Pure.
 */
import type { QueryResult, Sample } from '../lib/metrics/prometheus.js'
import { boundOf, describeThresholds, meets, type AnalysisMetric } from './conditions.js'

export const NO_DATA_POLICIES = ['inconclusive', 'fail', 'pass'] as const
export type NoDataPolicy = (typeof NO_DATA_POLICIES)[number]

export type CheckVerdict = 'pass' | 'fail' | 'no-data'
export type RoundVerdict = 'pass' | 'fail' | 'inconclusive'

export interface Measurement {
  round: number
  /** Milliseconds since the run started. */
  at: number
  weight: number
  name: string
  /** The query as sent for the canary (or the URL of a health check). */
  query: string
  stableQuery?: string
  value?: number
  stableValue?: number
  condition: string
  verdict: CheckVerdict
  /** Why, in words: the bound that was missed, or why there was no data. */
  detail?: string
}

function worst(samples: Sample[], larger: boolean): number {
  return samples.map((s) => s.value).reduce((a, b) => (larger ? Math.max(a, b) : Math.min(a, b)))
}

const noDataReason = (result: QueryResult, side: string): string => (result.kind === 'error' ? `${side}: ${result.message}` : `${side}: the query returned no data`)

/** Judges one metric given the canary result and, for a relative condition, the stable result. */
export function judgeMetric(metric: AnalysisMetric, canary: QueryResult, stable: QueryResult | undefined): Pick<Measurement, 'value' | 'stableValue' | 'verdict' | 'detail' | 'condition'> {
  const condition = describeThresholds(metric.thresholds)
  const upper = metric.thresholds.every((t) => t.operator === '<' || t.operator === '<=')
  let stableValue: number | undefined
  if (stable) {
    if (stable.kind !== 'samples') return { condition, verdict: 'no-data', detail: noDataReason(stable, 'stable'), ...(canary.kind === 'samples' ? { value: worst(canary.samples, upper) } : {}) }
    stableValue = worst(stable.samples, !upper)
  }
  if (canary.kind !== 'samples') return { condition, verdict: 'no-data', detail: noDataReason(canary, 'canary'), ...(stableValue !== undefined ? { stableValue } : {}) }
  const value = worst(canary.samples, upper)
  const missed = metric.thresholds.filter((t) => meets(value, t, stableValue) === false)
  const base = { condition, value, ...(stableValue !== undefined ? { stableValue } : {}) }
  if (missed.length === 0) return { ...base, verdict: 'pass' }
  return { ...base, verdict: 'fail', detail: missed.map((t) => `${formatValue(value)} is not ${t.operator} ${formatValue(boundOf(t, stableValue)!)}`).join('; ') }
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (value === 0) return '0'
  const abs = Math.abs(value)
  return abs >= 1000 || abs < 0.001 ? value.toExponential(3) : String(Number(value.toPrecision(4)))
}

export function roundVerdict(checks: CheckVerdict[], noData: NoDataPolicy): RoundVerdict {
  if (checks.includes('fail')) return 'fail'
  if (checks.includes('no-data')) return noData === 'fail' ? 'fail' : noData === 'pass' ? 'pass' : 'inconclusive'
  return 'pass'
}

export interface AnalysisPolicy {
  failureLimit: number
  noData: NoDataPolicy
  inconclusiveTimeoutMs: number
}

export interface StepProgress {
  /** Failed rounds over the whole run. */
  failures: number
  /** When the current unbroken run of inconclusive rounds began. */
  inconclusiveSince?: number
  lastVerdict?: RoundVerdict
}

export type StepDecision = { kind: 'continue' } | { kind: 'complete' } | { kind: 'abort'; reason: string }

/**
 * What to do after a round at time `now` in a step that started at `stepStartedAt` and pauses `pauseMs`.
 * `failedChecks` names what failed, for the reason.
 */
export function afterRound(
  progress: StepProgress,
  verdict: RoundVerdict,
  now: number,
  step: { startedAt: number; pauseMs: number; weight: number },
  policy: AnalysisPolicy,
  failedChecks: string[]
): { progress: StepProgress; decision: StepDecision } {
  const next: StepProgress = { ...progress, lastVerdict: verdict }
  if (verdict === 'fail') {
    next.failures = progress.failures + 1
    delete next.inconclusiveSince
    if (next.failures > policy.failureLimit) {
      const limit = policy.failureLimit === 0 ? '' : ` (${next.failures} failed rounds, failure-limit ${policy.failureLimit})`
      return { progress: next, decision: { kind: 'abort', reason: `analysis failed at ${step.weight}%: ${failedChecks.join('; ')}${limit}` } }
    }
    return { progress: next, decision: { kind: 'continue' } }
  }
  if (verdict === 'inconclusive') {
    next.inconclusiveSince = progress.inconclusiveSince ?? now
    if (now - next.inconclusiveSince >= policy.inconclusiveTimeoutMs) {
      return {
        progress: next,
        decision: { kind: 'abort', reason: `analysis inconclusive at ${step.weight}% for ${Math.round((now - next.inconclusiveSince) / 1000)}s (inconclusive-timeout): ${failedChecks.join('; ')}` }
      }
    }
    return { progress: next, decision: { kind: 'continue' } }
  }
  delete next.inconclusiveSince
  return { progress: next, decision: now - step.startedAt >= step.pauseMs ? { kind: 'complete' } : { kind: 'continue' } }
}
