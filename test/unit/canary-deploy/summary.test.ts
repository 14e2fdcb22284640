import { describe, expect, it } from '@jest/globals'
import { measurementTable, weightChart } from '../../../src/canary-deploy/summary.js'

describe('summary', () => {
  it('charts weight over time with each step verdict, and tabulates every measurement', () => {
    const chart = weightChart([{ at: 0, weight: 5, analysis: 'pass' }, { at: 12_000, weight: 25, analysis: 'fail' }, { at: 14_000, weight: 0 }])
    expect(chart).toContain('xychart-beta')
    expect(chart).toContain('x-axis ["0s pass", "12s fail", "14s restored"]')
    expect(chart).toContain('line [5, 25, 0]')
    const rows = measurementTable([{ round: 1, at: 3000, weight: 25, name: 'errors', query: 'q{d="web-canary"}', stableQuery: 'q{d="web"}', value: 0.5, stableValue: 0.01, condition: '<= 1.5 * stable', verdict: 'fail', detail: '0.5 is not <= 0.015' }])
    expect(rows).toContain('| 1 | 3s | 25% | errors | `q{d="web-canary"}`<br>stable: `q{d="web"}` | 0.5 | 0.01 | <= 1.5 * stable | ❌ fail: 0.5 is not <= 0.015 |')
  })
})
