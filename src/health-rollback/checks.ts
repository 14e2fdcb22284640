/**
 * The health checks after the rollout: `probes` rounds, `probe-interval` apart (start to start). Each round
 * requests every URL and runs every metric query concurrently; a check that fails `failure-threshold` rounds in a
 * row makes the version unhealthy and ends the checks at once, so the rollback starts within the round that
 * decided it. A pod of the current version entering a terminal state between rounds decides it too.
 */
import { evaluateCondition, type HealthCheckNoData, type MetricCondition, type MetricMeasurement, type MetricsClient } from '../lib/metrics/index.js'
import { emptyStreaks, httpProbe, judgeProbe, recordOutcome, type ProbeExpectations, type StreakState } from '../lib/probes/index.js'
import type { Clock } from './clock.js'
import type { Timeline } from './timeline.js'

export interface CheckPlan {
  urls: string[]
  expectations: ProbeExpectations
  headers: Record<string, string>
  timeoutMs: number
  metrics: MetricCondition[]
  metricsClient?: MetricsClient
  noData: HealthCheckNoData
  rounds: number
  intervalMs: number
  failureThreshold: number
}

export type ChecksResult =
  | { healthy: true; rounds: number; ignoredMetrics: string[] }
  | { healthy: false; rounds: number; reason: string; check: string; firstFailureAt: number; decidedAt: number }

export interface CheckHooks {
  clock: Clock
  timeline: Timeline
  log: (message: string) => void
  /** Between rounds: a reason when the version is already known to be broken (e.g. a crash-looping pod). */
  podFailure?: () => Promise<string | undefined>
}

export async function runChecks(plan: CheckPlan, hooks: CheckHooks): Promise<ChecksResult> {
  const { clock, timeline } = hooks
  let streaks: StreakState = emptyStreaks()
  const lastReason: Record<string, string> = {}
  const firstFailure: Record<string, number> = {}
  const everMeasured = new Set<string>()
  for (let round = 1; round <= plan.rounds; round++) {
    const started = clock.now()
    const realStart = performance.now()
    const probeResults = await Promise.all(plan.urls.map((url) => httpProbe(url, { headers: plan.headers, timeoutMs: plan.timeoutMs, now: () => clock.now() })))
    const metricResults: MetricMeasurement[] = plan.metricsClient
      ? await Promise.all(plan.metrics.map(async (m) => evaluateCondition(m, await plan.metricsClient!.query(m.query), plan.noData)))
      : []
    const outcomes: { key: string; outcome: 'pass' | 'fail' | 'ignored'; reason: string }[] = []
    for (const observation of probeResults) {
      const verdict = judgeProbe(observation, plan.expectations)
      timeline.add({ kind: 'probe', round, url: observation.url, ...(observation.status !== undefined ? { status: observation.status } : {}), latencyMs: observation.latencyMs, ok: verdict.ok, reasons: verdict.reasons })
      hooks.log(`probe ${round}/${plan.rounds} ${observation.url}: ${verdict.ok ? 'ok' : verdict.reasons.join('; ')} (${Math.round(observation.latencyMs)} ms)`)
      outcomes.push({ key: `probe ${observation.url}`, outcome: verdict.ok ? 'pass' : 'fail', reason: `${observation.url}: ${verdict.reasons.join('; ')}` })
    }
    for (const m of metricResults) {
      timeline.add({ kind: 'metric', round, ...m })
      const shown = m.value !== undefined ? `${m.value} (healthy when ${m.condition})` : `no data: ${m.noData} (no-data: ${plan.noData})`
      hooks.log(`metric ${round}/${plan.rounds} ${m.name}: ${shown} → ${m.outcome}`)
      if (m.outcome !== 'ignored') everMeasured.add(m.name)
      const reason = m.value !== undefined ? `metric ${m.name} = ${formatValue(m.value)}, healthy when ${m.condition}` : `metric ${m.name} has no data (${m.noData}) and no-data is 'fail'`
      outcomes.push({ key: `metric ${m.name}`, outcome: m.outcome, reason })
    }
    for (const { key, outcome, reason } of outcomes) {
      if (outcome === 'fail') {
        lastReason[key] = reason
        if ((streaks.streaks[key] ?? 0) === 0) firstFailure[key] = started
      }
      streaks = recordOutcome(streaks, key, outcome, plan.failureThreshold)
    }
    if (streaks.tripped) {
      const key = streaks.tripped.key
      const times = plan.failureThreshold === 1 ? '' : ` (${plan.failureThreshold} failures in a row)`
      return { healthy: false, rounds: round, check: key, reason: `${lastReason[key]}${times}`, firstFailureAt: firstFailure[key] ?? started, decidedAt: clock.now() }
    }
    const podFailure = await hooks.podFailure?.()
    if (podFailure) return { healthy: false, rounds: round, check: 'pods', reason: podFailure, firstFailureAt: clock.now(), decidedAt: clock.now() }
    if (round < plan.rounds) await clock.sleep(Math.max(0, plan.intervalMs - (performance.now() - realStart)))
  }
  const ignoredMetrics = plan.metrics.map((m) => m.name).filter((name) => !everMeasured.has(name))
  return { healthy: true, rounds: plan.rounds, ignoredMetrics }
}

export const formatValue = (value: number): string => (Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString())
