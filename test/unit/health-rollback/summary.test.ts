import { describe, expect, it } from '@jest/globals'
import type { RunResult } from '../../../src/health-rollback/result.js'
import { outputsOf, reportJson } from '../../../src/health-rollback/result.js'
import { renderSummary } from '../../../src/health-rollback/summary.js'

const t0 = Date.UTC(2026, 10, 22, 4, 0, 0)
const rolledBack: RunResult = {
  target: 'prod/web',
  healthy: false,
  rolledBack: true,
  reason: 'metric error-rate = 0.2, healthy when < 0.01 (3 failures in a row)',
  fromRevision: 3,
  toRevision: 2,
  fromImages: ['web:3'],
  toImages: ['web:2'],
  startedAt: t0,
  finishedAt: t0 + 42_000,
  failure: 'rolled back from revision 3 (web:3) to revision 2 (web:2) because ...',
  events: [
    { at: t0, kind: 'rollout', phase: 'deploy', state: 'waiting', message: 'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...' },
    { at: t0 + 5000, kind: 'rollout', phase: 'deploy', state: 'complete', message: 'deployment "web" successfully rolled out' },
    { at: t0 + 5100, kind: 'probe', round: 1, url: 'https://web/healthz', status: 200, latencyMs: 12.4, ok: true, reasons: [] },
    { at: t0 + 5100, kind: 'metric', round: 1, name: 'error-rate', query: 'sum(rate(x{code=~"5.."}[1m])) / sum(rate(x[1m]))', condition: '< 0.01', outcome: 'fail', value: 0.2 },
    { at: t0 + 15100, kind: 'probe', round: 2, url: 'https://web/healthz', status: 503, latencyMs: 900, ok: false, reasons: ['status 503 (expected 200)'] },
    { at: t0 + 15100, kind: 'metric', round: 2, name: 'error-rate', query: 'sum(rate(x{code=~"5.."}[1m])) / sum(rate(x[1m]))', condition: '< 0.01', outcome: 'ignored', noData: 'the query returned no data' },
    { at: t0 + 16000, kind: 'pod', pod: 'web-abc-1', container: 'app', reason: 'CrashLoopBackOff', restarts: 4, logs: ['starting', 'panic: boom'] },
    { at: t0 + 25200, kind: 'rollback', step: 'request', message: 'rollout undo deployment/web --to-revision=2 (web:2)' },
    { at: t0 + 42000, kind: 'rollback', step: 'restored', message: 'deployment "web" runs web:2 on 2 ready pods' }
  ]
}

describe('the job summary', () => {
  const markdown = renderSummary(rolledBack)

  it('states the verdict, the reason and both versions', () => {
    expect(markdown).toContain('## health-rollback: prod/web — ❌ rolled back')
    expect(markdown).toContain('metric error-rate = 0.2, healthy when < 0.01 (3 failures in a row)')
    expect(markdown).toContain('Version under test: revision 3 (web:3); restored: revision 2 (web:2).')
  })

  it('charts the phases, the failing ones marked critical', () => {
    expect(markdown).toContain(['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %M:%S', '  title prod/web', `  rollout :${t0}, ${t0 + 5000}`, `  health checks :crit, ${t0 + 5100}, ${t0 + 15100}`].join('\n'))
    expect(markdown).toContain(`  rollback :${t0 + 25200}, ${t0 + 42000}`)
  })

  it('lists every probe with time, URL, status and latency, and every metric value against its threshold', () => {
    expect(markdown).toContain('| 1 | +5.1s | https://web/healthz | 200 | 12ms | ✅ |')
    expect(markdown).toContain('| 2 | +15.1s | https://web/healthz | 503 | 900ms | ❌ status 503 (expected 200) |')
    expect(markdown).toContain('| 1 | +5.1s | error-rate | 0.2 | < 0.01 | ❌ |')
    expect(markdown).toContain('| 2 | +15.1s | error-rate | no data: the query returned no data | < 0.01 | ⚠️ ignored |')
    expect(markdown).toContain("- **error-rate**: `sum(rate(x{code=~\"5..\"}[1m])) / sum(rate(x[1m]))`")
  })

  it('shows failing pods with their last log lines and the rollback in the timeline', () => {
    expect(markdown).toContain('<details><summary>web-abc-1/app: CrashLoopBackOff (4 restarts)</summary>\n\n```\nstarting\npanic: boom\n```')
    expect(markdown).toContain('| +25.2s | rollback: request | rollout undo deployment/web --to-revision=2 (web:2) |')
    expect(markdown).toContain('| +42.0s | rollback: restored | ✅ deployment "web" runs web:2 on 2 ready pods |')
  })

  it('gives the outputs and a report with ISO times', () => {
    expect(outputsOf(rolledBack, '/tmp/r.json')).toEqual({
      healthy: 'false',
      'rolled-back': 'true',
      'from-revision': '3',
      'to-revision': '2',
      'from-image': 'web:3',
      'to-image': 'web:2',
      reason: rolledBack.reason,
      'report-file': '/tmp/r.json'
    })
    const report = JSON.parse(reportJson(rolledBack)) as { startedAt: string; events: { at: string }[] }
    expect(report.startedAt).toBe('2026-11-22T04:00:00.000Z')
    expect(report.events[1]!.at).toBe('2026-11-22T04:00:05.000Z')
  })
})
