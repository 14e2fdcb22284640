/** The job summary: a verdict, a chart of the phases, and the timeline of everything observed. Pure. */
import { formatDuration } from '../lib/duration.js'
import { codeBlock, details, FAIL, heading, join, mermaid, PASS, table, WARN } from '../lib/summary/markdown.js'
import { formatValue } from './checks.js'
import type { RunResult } from './result.js'
import type { TimelineEvent } from './timeline.js'

const rel = (start: number, at: number): string => `+${((at - start) / 1000).toFixed(1)}s`

function phases(result: RunResult): string | undefined {
  const spans: { name: string; from: number; to: number; failed: boolean }[] = []
  const span = (name: string, events: TimelineEvent[], failed: boolean) => {
    if (events.length > 0) spans.push({ name, from: events[0]!.at, to: Math.max(events.at(-1)!.at, events[0]!.at + 1), failed })
  }
  const deploy = result.events.filter((e) => e.kind === 'rollout' && e.phase === 'deploy')
  span('rollout', deploy, deploy.some((e) => e.kind === 'rollout' && e.state === 'failed'))
  const checks = result.events.filter((e) => e.kind === 'probe' || e.kind === 'metric')
  span('health checks', checks, checks.some((e) => (e.kind === 'probe' && !e.ok) || (e.kind === 'metric' && e.outcome === 'fail')))
  const rollback = result.events.filter((e) => e.kind === 'rollback' || (e.kind === 'rollout' && e.phase === 'rollback'))
  span('rollback', rollback, rollback.some((e) => e.kind === 'rollback' && (e.step === 'failed' || e.step === 'refused')))
  if (spans.length === 0) return undefined
  const lines = ['gantt', '  dateFormat x', '  axisFormat %M:%S', `  title ${result.target}`]
  for (const s of spans) lines.push(`  ${s.name} :${s.failed ? 'crit, ' : ''}${s.from}, ${s.to}`)
  return mermaid(lines.join('\n'))
}

function eventRow(start: number, e: TimelineEvent): [string, string, string] | undefined {
  switch (e.kind) {
    case 'rollout':
      return [rel(start, e.at), e.phase === 'deploy' ? 'rollout' : 'rollback progress', `${e.state === 'failed' ? `${FAIL} ` : e.state === 'complete' ? `${PASS} ` : ''}${e.message}`]
    case 'pod':
      return [rel(start, e.at), 'pod', `${FAIL} ${e.pod}/${e.container}: ${e.reason}${e.restarts > 0 ? `, ${e.restarts} restarts` : ''}${e.message ? ` (${e.message})` : ''}`]
    case 'rollback':
      return [rel(start, e.at), `rollback: ${e.step}`, `${e.step === 'failed' || e.step === 'refused' ? `${FAIL} ` : e.step === 'restored' ? `${PASS} ` : ''}${e.message}`]
    case 'note':
      return [rel(start, e.at), e.level, `${e.level === 'warning' ? `${WARN} ` : ''}${e.message}`]
    default:
      return undefined
  }
}

export function renderSummary(result: RunResult): string {
  const start = result.startedAt
  const verdict = result.healthy ? `${PASS} healthy` : result.rolledBack ? `${FAIL} rolled back` : `${FAIL} unhealthy`
  const revisions =
    result.fromRevision !== undefined || result.fromImages.length > 0
      ? `Version under test: ${result.fromRevision !== undefined ? `revision ${result.fromRevision} ` : ''}(${result.fromImages.join(', ') || 'unknown'})${result.rolledBack ? `; restored: revision ${result.toRevision} (${result.toImages.join(', ')})` : ''}.`
      : undefined
  const events = result.events.map((e) => eventRow(start, e)).filter((row): row is [string, string, string] => row !== undefined)
  const probes = result.events.filter((e) => e.kind === 'probe')
  const metrics = result.events.filter((e) => e.kind === 'metric')
  const pods = result.events.filter((e) => e.kind === 'pod')
  return join(
    heading(`health-rollback: ${result.target} — ${verdict}`),
    result.reason,
    revisions,
    phases(result),
    events.length > 0 && join(heading('Timeline', 3), table(['time', 'event', 'details'], events)),
    probes.length > 0 &&
      join(
        heading('Probes', 3),
        table(
          ['round', 'time', 'URL', 'status', 'latency', 'result'],
          probes.map((p) => [p.round, rel(start, p.at), p.url, p.status ?? '—', formatDuration(p.latencyMs), p.ok ? PASS : `${FAIL} ${p.reasons.join('; ')}`])
        )
      ),
    metrics.length > 0 &&
      join(
        heading('Metrics', 3),
        table(
          ['round', 'time', 'metric', 'value', 'healthy when', 'result'],
          metrics.map((m) => [m.round, rel(start, m.at), m.name, m.value !== undefined ? formatValue(m.value) : `no data: ${m.noData}`, m.condition, m.outcome === 'pass' ? PASS : m.outcome === 'fail' ? FAIL : `${WARN} ignored`])
        ),
        details('Queries', [...new Map(metrics.map((m) => [m.name, m.query])).entries()].map(([name, query]) => `- **${name}**: \`${query.replace(/`/g, "'")}\``).join('\n'))
      ),
    pods.length > 0 &&
      join(
        heading('Failing pods', 3),
        ...pods.map((p) => details(`${p.pod}/${p.container}: ${p.reason}${p.restarts > 0 ? ` (${p.restarts} restarts)` : ''}`, p.logs.length > 0 ? codeBlock(p.logs.join('\n')) : '_no log lines_'))
      ),
    `Checked in ${formatDuration(result.finishedAt - result.startedAt)}.`
  )
}
