/** The gates and the verdict: every gate the inputs ask for, judged on what was measured. Pure. */
import type { CheckResult } from './checks/check.js'

/** A coverage measurement: `percent` is null when there is nothing to cover (total 0). */
export interface Metric {
  covered: number
  total: number
  percent: number | null
}

export const COVERAGE_METRICS = ['lines', 'branches', 'functions'] as const
export type CoverageMetric = (typeof COVERAGE_METRICS)[number]

export interface Thresholds {
  lines?: number
  branches?: number
  functions?: number
  patch?: number
  maxDrop?: number
}

export interface CoverageMeasurement {
  /** Totals over every report, merged by file; undefined when no report was found. */
  totals?: Record<CoverageMetric, Metric>
  /** Why there are no totals (no file matched the globs, ...). */
  missingReason?: string
  patch?: { metric: Metric; uncovered: { path: string; lines: number[] }[] }
  patchUnavailable?: string
  baseline?: { totals: Record<CoverageMetric, Metric>; sha?: string }
  baselineUnavailable?: string
}

export interface AuditMeasurement {
  ran: boolean
  /** Counts of every finding by severity, allowed ones excluded. */
  counts: Record<'low' | 'moderate' | 'high' | 'critical', number>
  failOn: 'low' | 'moderate' | 'high' | 'critical'
  blocking: { id: string; severity: string; title: string; package?: string }[]
  expired: { id: string; until: string; reason: string }[]
  /** The audit could not produce a usable result (tool error, network). */
  error?: string
}

export type GateCategory = 'check' | 'coverage' | 'audit'

export interface Gate {
  category: GateCategory
  name: string
  measured: string
  threshold: string
  passed: boolean
  /** One sentence: why it passed or failed. */
  reason: string
}

export interface Verdict {
  passed: boolean
  gates: Gate[]
  failed: Gate[]
}

const SEVERITY_ORDER = ['low', 'moderate', 'high', 'critical'] as const

export function percentText(value: number | null): string {
  return value === null ? 'n/a' : `${roundPercent(value).toFixed(2)}%`
}

/** Two decimals, so float noise (79.99999) never decides a gate. */
export function roundPercent(value: number): number {
  return Math.round(value * 100) / 100
}

/** Every gate the inputs ask for, judged on what was measured. Pure: same data in, same verdict out. */
export function judge(input: {
  checks: CheckResult[]
  coverage?: CoverageMeasurement
  thresholds: Thresholds
  audit?: AuditMeasurement
}): Verdict {
  const gates: Gate[] = [
    // A check that fail-fast kept from running is shown in the checks table, not judged: the failure that stopped it is.
    ...input.checks.filter((c) => c.status !== 'not-started' && c.status !== 'cancelled').map(checkGate),
    ...coverageGates(input.coverage, input.thresholds),
    ...(input.audit ? auditGates(input.audit) : [])
  ]
  const failed = gates.filter((gate) => !gate.passed)
  return { passed: failed.length === 0, gates, failed }
}

function checkGate(check: CheckResult): Gate {
  const passed = check.status === 'passed'
  return {
    category: 'check',
    name: check.name,
    measured: check.status,
    threshold: 'exit code 0',
    passed,
    reason: passed ? 'exit code 0' : (check.reason ?? check.status)
  }
}

function coverageGates(coverage: CoverageMeasurement | undefined, thresholds: Thresholds): Gate[] {
  const gates: Gate[] = []
  for (const metric of COVERAGE_METRICS) {
    const minimum = thresholds[metric]
    if (minimum === undefined) continue
    const measured = coverage?.totals?.[metric]
    if (!measured) {
      gates.push({ category: 'coverage', name: `${metric} coverage`, measured: 'no data', threshold: `≥ ${minimum}%`, passed: false, reason: coverage?.missingReason ?? 'no coverage report was read' })
      continue
    }
    gates.push(minimumGate(`${metric} coverage`, measured, minimum, `no ${metric} to cover`))
  }
  if (thresholds.patch !== undefined) {
    const patch = coverage?.patch
    if (!patch) {
      gates.push({ category: 'coverage', name: 'patch coverage', measured: 'no data', threshold: `≥ ${thresholds.patch}%`, passed: false, reason: coverage?.patchUnavailable ?? coverage?.missingReason ?? 'no coverage report was read' })
    } else {
      gates.push(minimumGate('patch coverage', patch.metric, thresholds.patch, 'the change adds no coverable lines'))
    }
  }
  if (thresholds.maxDrop !== undefined) gates.push(...ratchetGates(coverage, thresholds))
  return gates
}

function minimumGate(name: string, metric: Metric, minimum: number, emptyReason: string): Gate {
  const threshold = `≥ ${minimum}%`
  if (metric.percent === null) return { category: 'coverage', name, measured: 'n/a (0 of 0)', threshold, passed: true, reason: emptyReason }
  const measured = `${percentText(metric.percent)} (${metric.covered}/${metric.total})`
  const passed = roundPercent(metric.percent) >= minimum
  const reason = passed
    ? `${percentText(metric.percent)} meets the minimum of ${minimum}%`
    : `${percentText(metric.percent)} is below the minimum of ${minimum}% (${metric.total - metric.covered} not covered)`
  return { category: 'coverage', name, measured, threshold, passed, reason }
}

function ratchetGates(coverage: CoverageMeasurement | undefined, thresholds: Thresholds): Gate[] {
  const maxDrop = thresholds.maxDrop!
  const baseline = coverage?.baseline
  if (!baseline || !coverage?.totals) {
    // No baseline yet (first run on the default branch, or cache evicted): nothing to compare, said plainly.
    return [{ category: 'coverage', name: 'coverage drop', measured: 'no baseline', threshold: `≤ ${maxDrop} points`, passed: true, reason: coverage?.baselineUnavailable ?? 'no baseline coverage from the default branch yet' }]
  }
  const judged = COVERAGE_METRICS.filter((metric) => thresholds[metric] !== undefined)
  const metrics = judged.length > 0 ? judged : COVERAGE_METRICS
  const gates: Gate[] = []
  for (const metric of metrics) {
    const now = coverage.totals[metric].percent
    const before = baseline.totals[metric]?.percent ?? null
    if (now === null || before === null) continue
    const drop = roundPercent(before - now)
    const passed = drop <= maxDrop
    const change = drop > 0 ? `−${drop.toFixed(2)} points` : `+${Math.abs(drop).toFixed(2)} points`
    gates.push({
      category: 'coverage',
      name: `${metric} coverage drop`,
      measured: `${percentText(now)} vs ${percentText(before)} (${change})`,
      threshold: `≤ ${maxDrop} points`,
      passed,
      reason: passed ? `within the allowed drop of ${maxDrop} points` : `fell ${drop.toFixed(2)} points from the default branch's ${percentText(before)}, more than the allowed ${maxDrop}`
    })
  }
  return gates
}

function auditGates(audit: AuditMeasurement): Gate[] {
  const threshold = `no ${audit.failOn} or worse`
  if (audit.error) return [{ category: 'audit', name: 'dependency audit', measured: 'not measured', threshold, passed: false, reason: audit.error }]
  const atOrAbove = SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(audit.failOn))
  const measured = SEVERITY_ORDER.slice()
    .reverse()
    .map((severity) => `${audit.counts[severity]} ${severity}`)
    .join(', ')
  const gates: Gate[] = []
  const blocking = audit.blocking.length
  gates.push({
    category: 'audit',
    name: 'dependency audit',
    measured,
    threshold,
    passed: blocking === 0,
    reason:
      blocking === 0
        ? `no unallowed ${atOrAbove.join('/')} vulnerability`
        : `${blocking} ${blocking === 1 ? 'vulnerability' : 'vulnerabilities'} at ${audit.failOn} or above: ${audit.blocking
            .slice(0, 5)
            .map((f) => `${f.id}${f.package ? ` (${f.package})` : ''}`)
            .join(', ')}${blocking > 5 ? ', …' : ''}`
  })
  for (const entry of audit.expired) {
    gates.push({ category: 'audit', name: `allowlist ${entry.id}`, measured: `expired ${entry.until}`, threshold: 'an unexpired entry', passed: false, reason: `the allowlist entry for ${entry.id} expired on ${entry.until} (${entry.reason}): renew it with a new date or fix the dependency` })
  }
  return gates
}
