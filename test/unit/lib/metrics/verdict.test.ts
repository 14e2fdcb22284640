import { describe, expect, it } from '@jest/globals'
import type { Threshold } from '../../../../src/lib/metrics/condition.js'
import { judgeMetric, worst } from '../../../../src/lib/metrics/verdict.js'

const samples = (...values: number[]) => values.map((value, i) => ({ labels: { pod: `p${i}` }, value }))
const condition = (thresholds: Threshold[]) => ({ name: 'm', query: 'q', thresholds, preset: false })

describe('worst', () => {
  it('picks the most extreme series among those missing a threshold, whatever the operators', () => {
    const band: Threshold[] = [
      { operator: '>', factor: 0, offset: 0.1 },
      { operator: '<', factor: 0, offset: 0.5 }
    ]
    expect(worst(samples(0.3, 0.7, 0.2), band, undefined)).toEqual({ labels: { pod: 'p1' }, value: 0.7 })
    expect(worst(samples(1, 2), [{ operator: '==', factor: 0, offset: 1 }], undefined).value).toBe(2)
  })
})

describe('judgeMetric', () => {
  it('judges against the strictest stable value and says which side had no data', () => {
    const relative = condition([{ operator: '<=', factor: 1.5, offset: 0 }])
    expect(judgeMetric(relative, { kind: 'samples', samples: samples(0.04) }, { kind: 'samples', samples: samples(0.02, 0.1) })).toMatchObject({ verdict: 'fail', stableValue: 0.02, detail: '0.04 is not <= 0.03' })
    expect(judgeMetric(relative, { kind: 'samples', samples: samples(0.04) }, { kind: 'empty' })).toMatchObject({ verdict: 'no-data', missing: 'stable', value: 0.04 })
    expect(judgeMetric(relative, { kind: 'error', message: 'down' }, undefined)).toMatchObject({ verdict: 'no-data', missing: 'value', detail: 'down' })
  })
})
