/** The job summary, built from the same report the outputs come from. Pure. */
import { cell, heading, join, mermaid, table, FAIL, PASS, WARN } from '../lib/summary/markdown.js'
import type { Report } from './report.js'
import type { WeightPoint } from './state.js'
import { formatValue } from '../lib/metrics/verdict.js'
import type { Measurement } from './verdict.js'

const ICON: Record<string, string> = { pass: PASS, fail: FAIL, 'no-data': WARN, inconclusive: WARN, none: '' }

function label(point: WeightPoint): string {
  const seconds = Math.round(point.at / 1000)
  const verdict = point.weight === 0 ? ' restored' : point.weight === 100 ? ' promoted' : point.analysis && point.analysis !== 'none' ? ` ${point.analysis}` : ''
  return `${seconds}s${verdict}`.replace(/"/g, "'")
}

export function weightChart(history: WeightPoint[]): string {
  const points = history.length > 0 ? history : [{ at: 0, weight: 0 }]
  return mermaid(
    [
      'xychart-beta',
      '  title "Canary weight (%) over time, with the analysis verdict of each step"',
      `  x-axis [${points.map((p) => `"${label(p)}"`).join(', ')}]`,
      '  y-axis "canary weight %" 0 --> 100',
      `  line [${points.map((p) => p.weight).join(', ')}]`
    ].join('\n')
  )
}

export function measurementTable(measurements: Measurement[]): string {
  if (measurements.length === 0) return '_No analysis configured (no `metrics`, no `health-urls`): steps advanced on their pauses alone._'
  return table(
    ['Round', 'Time', 'Weight', 'Check', 'Resolved query', 'Value', 'Stable', 'Condition', 'Verdict'],
    measurements.map((m) => [
      m.round,
      `${Math.round(m.at / 1000)}s`,
      `${m.weight}%`,
      m.name,
      `\`${m.query}\`${m.stableQuery ? `<br>stable: \`${m.stableQuery}\`` : ''}`,
      m.value !== undefined ? formatValue(m.value) : '—',
      m.stableValue !== undefined ? formatValue(m.stableValue) : '',
      m.condition,
      `${ICON[m.verdict]} ${m.verdict}${m.detail ? `: ${m.detail}` : ''}`
    ])
  )
}

export function renderSummary(report: Report): string {
  const title =
    report.result === 'promoted'
      ? `${PASS} canary-deploy: ${report.deployment} promoted to ${report.image}`
      : report.result === 'holding'
        ? `${WARN} canary-deploy: ${report.deployment} holding at ${report.weight}%`
        : `${FAIL} canary-deploy: ${report.deployment} aborted; all traffic back on ${report.previousImage ?? 'stable'}`
  const facts = table(
    ['', ''],
    [
      ['Namespace', report.namespace],
      ['Strategy / traffic', `${report.strategy} / ${report.method}`],
      ['New image', cell(report.image)],
      ['Previous image', cell(report.previousImage)],
      ['Final weight', `${report.weight}%${report.effectiveWeight !== undefined && report.effectiveWeight !== report.weight ? ` (effective ${report.effectiveWeight}%)` : ''}`],
      ...(report.abortedReason ? [['Aborted because', report.abortedReason]] : [])
    ]
  )
  return join(
    heading(title),
    facts,
    report.notes.length > 0 && report.notes.map((n) => `- ${n}`).join('\n'),
    heading('Weight over time', 3),
    weightChart(report.history),
    heading('Measurements', 3),
    measurementTable(report.measurements),
    report.restored.length > 0 && join(heading('Cleanup', 3), report.restored.map((r) => `- ${r}`).join('\n'))
  )
}
