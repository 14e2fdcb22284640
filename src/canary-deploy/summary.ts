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

/**
 * The analysis in two tables: each check once (its condition and the queries sent for canary and stable), then one
 * row per round with each check's value, stable's value and verdict, so two checks over four rounds read as four
 * narrow rows.
 */
export function measurementTable(measurements: Measurement[]): string {
  if (measurements.length === 0) return '_No analysis configured (no `metrics`, no `health-urls`): steps advanced on their pauses alone._'
  const checks = [...new Set(measurements.map((m) => m.name))]
  const definitions = checks.flatMap((name) => {
    const seen = new Set<string>()
    return measurements
      .filter((m) => m.name === name)
      .filter((m) => {
        const key = `${m.condition}\n${m.query}\n${m.stableQuery ?? ''}`
        return seen.has(key) ? false : (seen.add(key), true)
      })
      .map((m) => [name, m.condition, `\`${m.query}\``, m.stableQuery ? `\`${m.stableQuery}\`` : '—'])
  })
  const rounds = [...new Map(measurements.map((m) => [m.round, m])).values()]
  const rows = rounds.map((first) => [
    first.round,
    `${Math.round(first.at / 1000)}s`,
    `${first.weight}%`,
    ...checks.map((name) => {
      const m = measurements.find((x) => x.round === first.round && x.name === name)
      return m ? roundCell(m) : ''
    })
  ])
  return join(table(['Check', 'Condition', 'Query (canary)', 'Query (stable)'], definitions), table(['Round', 'Time', 'Weight', ...checks], rows))
}

function roundCell(m: Measurement): string {
  const value = m.value !== undefined ? formatValue(m.value) : 'no value'
  const stable = m.stableValue !== undefined ? ` (stable ${formatValue(m.stableValue)})` : ''
  return `${ICON[m.verdict]} ${value}${stable}${m.verdict !== 'pass' ? ` ${m.verdict}${m.detail ? `: ${m.detail}` : ''}` : ''}`
}

/**
 * What a template release (`manifest`, `template-patch`) changes in the pod template, and the config copies it
 * brings: names, images and resources only (environment variables by name, Secrets by name, never a value).
 */
export function templateTable(report: Report): string | false {
  if (!report.changes && !report.configs?.length) return false
  const rows = (report.changes ?? []).map((c) => [c.subject, c.change])
  for (const config of report.configs ?? []) {
    const made = config.createdBy !== undefined ? 'versioned copy created for the canary' : 'versioned copy (existed already, left as it is)'
    const end =
      report.result === 'promoted'
        ? `kept: ${report.deployment} refers to it now`
        : report.result === 'aborted'
          ? `${config.createdBy !== undefined ? 'deleted on abort; ' : ''}stable pods kept \`${config.name}\``
          : `stable pods keep \`${config.name}\``
    rows.push([`${config.kind} \`${config.name}\``, `\`${config.copy}\`: ${made}; ${end}`])
  }
  return rows.length > 0 ? table(['Pod template', 'Change the canary carries'], rows) : '_The pod template is the stable one (no change)._'
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
      ...(report.templateSource ? [['New pod template', cell(`from ${report.templateSource}`)]] : []),
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
    templateTable(report) !== false && join(heading('Pod template changes', 3), templateTable(report) as string),
    heading('Weight over time', 3),
    weightChart(report.history),
    heading('Measurements', 3),
    measurementTable(report.measurements),
    report.restored.length > 0 && join(heading('Cleanup', 3), report.restored.map((r) => `- ${r}`).join('\n'))
  )
}
