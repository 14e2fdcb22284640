/** The gate's report as Markdown, for the job summary and the pull request comment. Pure. */
import { formatDuration } from '../lib/duration.js'
import { FAIL, PASS, SKIP, WARN, details, heading, join, table } from '../lib/summary/markdown.js'
import type { CheckResult } from './checks/check.js'
import type { AuditMeasurement, CoverageMeasurement, Gate, Verdict } from './gates.js'
import { percentText } from './gates.js'

export interface GateReport {
  verdict: Verdict
  checks: CheckResult[]
  coverage?: CoverageMeasurement
  audit?: AuditMeasurement
  notes: string[]
}

const CHECK_ICON: Record<CheckResult['status'], string> = {
  passed: PASS,
  failed: FAIL,
  'timed-out': FAIL,
  'not-started': SKIP,
  skipped: SKIP,
  cancelled: SKIP
}

/** The verdict as Markdown: the same text serves the job summary and the pull-request comment. */
export function renderReport(report: GateReport, title = 'Quality gate'): string {
  const { verdict } = report
  const head = heading(`${verdict.passed ? PASS : FAIL} ${title}: ${verdict.passed ? 'passed' : 'failed'}`, 2)
  const why = verdict.passed
    ? `All ${verdict.gates.length} gates passed.`
    : `${verdict.failed.length} of ${verdict.gates.length} gates failed:\n${verdict.failed.map((g) => `- **${g.name}**: ${g.reason}`).join('\n')}`
  return join(head, why, checksSection(report.checks), coverageSection(report, verdict.gates), auditSection(report.audit, verdict.gates), notesSection(report.notes))
}

function checksSection(checks: CheckResult[]): string | undefined {
  if (checks.length === 0) return undefined
  const rows = checks.map((c) => [`${CHECK_ICON[c.status]} ${c.name}`, c.status === 'passed' ? 'passed' : `${c.status}: ${c.reason ?? ''}`, c.status === 'not-started' ? '' : formatDuration(c.durationMs), `\`${c.command}\``])
  return join(heading('Checks', 3), table(['Check', 'Result', 'Duration', 'Command'], rows)).trimEnd()
}

function coverageSection(report: GateReport, gates: Gate[]): string | undefined {
  const coverage = report.coverage
  const coverageGates = gates.filter((g) => g.category === 'coverage')
  if (!coverage && coverageGates.length === 0) return undefined
  const parts: string[] = [heading('Coverage', 3)]
  if (coverage?.totals) {
    const judged = new Map(coverageGates.map((g) => [g.name, g]))
    const rows = (['lines', 'branches', 'functions'] as const).map((metric) => {
      const m = coverage.totals![metric]
      const gate = judged.get(`${metric} coverage`)
      return [metric, percentText(m.percent), `${m.covered}/${m.total}`, gate?.threshold ?? 'not judged', gate ? (gate.passed ? PASS : FAIL) : '']
    })
    if (coverage.patch) {
      const gate = judged.get('patch coverage')
      const m = coverage.patch.metric
      rows.push(['patch (changed lines)', percentText(m.percent), `${m.covered}/${m.total}`, gate?.threshold ?? 'not judged', gate ? (gate.passed ? PASS : FAIL) : ''])
    }
    parts.push(table(['Metric', 'Measured', 'Covered/total', 'Minimum', 'Result'], rows))
  } else if (coverage?.missingReason) {
    parts.push(`${FAIL} ${coverage.missingReason}`)
  }
  const drops = coverageGates.filter((g) => g.name.endsWith('drop'))
  if (drops.length > 0) {
    const baseline = coverage?.baseline?.sha ? ` (baseline: ${coverage.baseline.sha.slice(0, 7)})` : ''
    parts.push(`Against the default branch${baseline}:`)
    parts.push(table(['Metric', 'Now vs baseline', 'Allowed drop', 'Result'], drops.map((g) => [g.name, g.measured, g.threshold, g.passed ? PASS : FAIL])))
  }
  const uncovered = coverage?.patch?.uncovered ?? []
  if (uncovered.length > 0) {
    const rows = uncovered.slice(0, 50).map((u) => [`\`${u.path}\``, compactLines(u.lines)])
    parts.push(details(`Changed lines without coverage (${uncovered.reduce((n, u) => n + u.lines.length, 0)})`, table(['File', 'Lines'], rows)))
  }
  if (coverage?.patchUnavailable) parts.push(`${WARN} Patch coverage: ${coverage.patchUnavailable}`)
  if (coverage?.baselineUnavailable && drops.length > 0) parts.push(`ℹ️ Coverage drop not judged: ${coverage.baselineUnavailable}`)
  return parts.join('\n\n')
}

function auditSection(audit: AuditMeasurement | undefined, gates: Gate[]): string | undefined {
  if (!audit) return undefined
  const parts: string[] = [heading('Dependency audit', 3)]
  if (audit.error) {
    parts.push(`${FAIL} ${audit.error}`)
    return parts.join('\n\n')
  }
  const order = ['critical', 'high', 'moderate', 'low'] as const
  const gateIndex = order.indexOf(audit.failOn)
  parts.push(table(['Severity', 'Found', 'Blocks the gate'], order.map((s, i) => [s, audit.counts[s], i <= gateIndex ? (audit.counts[s] > 0 ? `${FAIL} yes` : 'yes') : 'no'])))
  if (audit.blocking.length > 0) {
    parts.push(table(['Advisory', 'Severity', 'Package', 'Title'], audit.blocking.slice(0, 30).map((f) => [f.id, f.severity, f.package ?? '', f.title])))
  }
  const expired = gates.filter((g) => g.category === 'audit' && g.name.startsWith('allowlist'))
  if (expired.length > 0) parts.push(expired.map((g) => `${FAIL} ${g.reason}`).join('\n'))
  return parts.join('\n\n')
}

function notesSection(notes: string[]): string | undefined {
  return notes.length === 0 ? undefined : notes.map((n) => `> ${n}`).join('\n>\n')
}

/** `3-5, 9, 12-14` */
export function compactLines(lines: number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b)
  const ranges: string[] = []
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++
    ranges.push(start === sorted[i] ? `${start}` : `${start}-${sorted[i]}`)
  }
  return ranges.join(', ')
}
