import { describe, expect, it } from '@jest/globals'
import type { MetricCondition } from '../../../../src/lib/metrics/condition.js'
import { evaluateCondition } from '../../../../src/lib/metrics/evaluate.js'
import { interpretResult } from '../../../../src/lib/metrics/prometheus.js'

describe('evaluateCondition', () => {
  const errorRate: MetricCondition = { name: 'error-rate', query: 'q', thresholds: [{ operator: '<', factor: 0, offset: 0.01 }], preset: false }
  it('judges the worst series and reports it', () => {
    const result = interpretResult('vector', [
      { metric: { pod: 'a' }, value: [1, '0.001'] },
      { metric: { pod: 'b' }, value: [1, '0.2'] },
      { metric: { pod: 'c' }, value: [1, '0.05'] }
    ])
    expect(evaluateCondition(errorRate, result, 'fail')).toEqual({ name: 'error-rate', query: 'q', condition: '< 0.01', outcome: 'fail', value: 0.2, labels: { pod: 'b' } })
  })

  it('passes when every series meets the condition, a scalar too', () => {
    expect(evaluateCondition(errorRate, interpretResult('scalar', [1, '0.002']), 'fail')).toMatchObject({ outcome: 'pass', value: 0.002 })
  })

  it.each([
    ['fail', 'fail'],
    ['pass', 'pass'],
    ['ignore', 'ignored']
  ] as const)('an empty result under no-data %s counts as %s', (policy, outcome) => {
    expect(evaluateCondition(errorRate, interpretResult('vector', []), policy)).toMatchObject({ outcome, noData: 'the query returned no data' })
  })

  it('treats NaN (a ratio of two zero rates) as no data, and an unreadable result type as an error', () => {
    expect(interpretResult('vector', [{ metric: {}, value: [1, 'NaN'] }])).toEqual({ kind: 'empty' })
    expect(interpretResult('matrix', [])).toMatchObject({ kind: 'error', message: expect.stringContaining('returned a matrix result') })
    expect(evaluateCondition(errorRate, { kind: 'error', message: 'down' }, 'fail')).toMatchObject({ outcome: 'fail', noData: 'down' })
  })
})
