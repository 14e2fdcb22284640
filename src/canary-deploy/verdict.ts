/**
 * canary-deploy's analysis verdicts, built on the metric verdict of lib/metrics. One round measures every metric (and
 * health URL) once; a round is `fail` when any check fails, else `inconclusive` when any has no data under `no-data: inconclusive`, else `pass`. A step completes when its
 * pause has elapsed and its latest round passed; failed rounds count against `failure-limit` over the whole run; an
 * unbroken run of inconclusive rounds longer than `inconclusive-timeout` fails — no data never passes silently
 * (only `no-data: pass` makes it pass, and each such measurement says so). Pure.
 */
import type { MetricCondition } from '../lib/metrics/condition.js'
import type { QueryResult } from '../lib/metrics/prometheus.js'
import { judgeMetric, type AnalysisNoData, type MetricVerdict } from '../lib/metrics/verdict.js'

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
  verdict: MetricVerdict
  /** Why, in words: the bound that was missed, or why there was no data (and on which side). */
  detail?: string
}

/** Judges one metric given the canary result and, for a relative condition, the stable result (the one verdict of lib/metrics). */
export function measureMetric(metric: MetricCondition, canary: QueryResult, stable: QueryResult | undefined): Pick<Measurement, 'value' | 'stableValue' | 'verdict' | 'detail' | 'condition'> {
  const judged = judgeMetric(metric, canary, stable)
  const detail = judged.missing ? `${judged.missing === 'stable' ? 'stable' : 'canary'}: ${judged.detail}` : judged.detail
  return {
    condition: judged.condition,
    verdict: judged.verdict,
    ...(judged.value !== undefined ? { value: judged.value } : {}),
    ...(judged.stableValue !== undefined ? { stableValue: judged.stableValue } : {}),
    ...(detail !== undefined ? { detail } : {})
  }
}

export function roundVerdict(checks: MetricVerdict[], noData: AnalysisNoData): RoundVerdict {
  if (checks.includes('fail')) return 'fail'
  if (checks.includes('no-data')) return noData === 'fail' ? 'fail' : noData === 'pass' ? 'pass' : 'inconclusive'
  return 'pass'
}

export interface AnalysisPolicy {
  failureLimit: number
  noData: AnalysisNoData
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
