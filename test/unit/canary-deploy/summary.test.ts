import { describe, expect, it } from '@jest/globals'
import type { Report } from '../../../src/canary-deploy/report.js'
import { measurementTable, renderSummary, templateTable, weightChart } from '../../../src/canary-deploy/summary.js'

const report = (fields: Partial<Report>): Report => ({
  result: 'aborted', deployment: 'web', namespace: 'ns', image: 'app=web:1', strategy: 'canary', method: 'replicas', weight: 0, notes: [], history: [], measurements: [], restored: [], ...fields
})

describe('summary', () => {
  it('charts weight over time with each step verdict, and tabulates every measurement', () => {
    const chart = weightChart([{ at: 0, weight: 5, analysis: 'pass' }, { at: 12_000, weight: 25, analysis: 'fail' }, { at: 14_000, weight: 0 }])
    expect(chart).toContain('xychart-beta')
    expect(chart).toContain('x-axis ["0s pass", "12s fail", "14s restored"]')
    expect(chart).toContain('line [5, 25, 0]')
    const rows = measurementTable([{ round: 1, at: 3000, weight: 25, name: 'errors', query: 'q{d="web-canary"}', stableQuery: 'q{d="web"}', value: 0.5, stableValue: 0.01, condition: '<= 1.5 * stable', verdict: 'fail', detail: '0.5 is not <= 0.015' }])
    expect(rows).toContain('| errors | <= 1.5 * stable | `q{d="web-canary"}` | `q{d="web"}` |')
    expect(rows).toContain('| 1 | 3s | 25% | ❌ 0.5 (stable 0.01) fail: 0.5 is not <= 0.015 |')
  })

  it('shows each query once and each round as one row of values, whatever the number of rounds', () => {
    const errors = { name: 'errors', query: 'e{d="web-canary"}', stableQuery: 'e{d="web"}', condition: '<= 1.5 * stable' }
    const latency = { name: 'latency', query: 'l{d="web-canary"}', condition: '< 0.5' }
    const measurements = [1, 2, 3, 4].flatMap((round) => [
      { ...errors, round, at: round * 30_000, weight: round === 4 ? 50 : 25, value: 0.01, stableValue: 0.01, verdict: 'pass' as const },
      { ...latency, round, at: round * 30_000, weight: round === 4 ? 50 : 25, value: round === 4 ? 0.9 : 0.2, verdict: round === 4 ? ('fail' as const) : ('pass' as const), ...(round === 4 ? { detail: '0.9 is not < 0.5' } : {}) }
    ])
    const markdown = measurementTable(measurements)
    expect(markdown.split('e{d="web-canary"}')).toHaveLength(2)
    expect(markdown.split('l{d="web-canary"}')).toHaveLength(2)
    expect(markdown).toContain('| latency | < 0.5 | `l{d="web-canary"}` | — |')
    expect(markdown).toContain('| Round | Time | Weight | errors | latency |')
    expect(markdown).toContain('| 2 | 60s | 25% | ✅ 0.01 (stable 0.01) | ✅ 0.2 |')
    expect(markdown).toContain('| 4 | 120s | 50% | ✅ 0.01 (stable 0.01) | ❌ 0.9 fail: 0.9 is not < 0.5 |')
    expect(markdown.split('\n').filter((line) => /^\| \d+ \|/.test(line))).toHaveLength(4)
  })

  it('tabulates what a template release changes and what became of each config copy, by result', () => {
    const changes = [{ subject: 'container `app`', change: 'env added: `FAULT`' }]
    const configs = [{ kind: 'ConfigMap' as const, name: 'web-config', copy: 'web-config-9267k7dk58', createdBy: '1/1/c' }, { kind: 'Secret' as const, name: 'creds', copy: 'creds-gb588h2cck' }]
    const aborted = renderSummary(report({ changes, configs, templateSource: 'manifest release.yaml', abortedReason: 'Deployment web-canary cannot become ready' }))
    expect(aborted).toContain('| New pod template | from manifest release.yaml |')
    expect(aborted).toContain('### Pod template changes')
    expect(aborted).toContain('| container `app` | env added: `FAULT` |')
    expect(aborted).toContain('| ConfigMap `web-config` | `web-config-9267k7dk58`: versioned copy created for the canary; deleted on abort; stable pods kept `web-config` |')
    expect(aborted).toContain('| Secret `creds` | `creds-gb588h2cck`: versioned copy (existed already, left as it is); stable pods kept `creds` |')
    expect(templateTable(report({ result: 'promoted', configs }))).toContain('| ConfigMap `web-config` | `web-config-9267k7dk58`: versioned copy created for the canary; kept: web refers to it now |')
    expect(templateTable(report({ result: 'holding', changes: [] }))).toBe('_The pod template is the stable one (no change)._')
  })

  it('has no template section for an image release', () => {
    expect(renderSummary(report({}))).not.toContain('Pod template')
  })
})
