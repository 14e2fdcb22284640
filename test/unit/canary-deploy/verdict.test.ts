import { describe, expect, it } from '@jest/globals'
import { afterRound, measureMetric, roundVerdict, type AnalysisPolicy } from '../../../src/canary-deploy/verdict.js'
import { parseCondition } from '../../../src/lib/metrics/condition.js'
import { CANARY } from '../../../src/lib/metrics/presets.js'

describe('measureMetric', () => {
  const metric = (text: string) => {
    const parsed = parseCondition('m', text, CANARY)
    if (!parsed.ok) throw new Error(parsed.problem)
    return parsed.condition
  }
  const samples = (...values: number[]) => ({ kind: 'samples' as const, samples: values.map((value) => ({ labels: {}, value })) })

  it('compares the canary against 1.5 times the stable value', () => {
    expect(measureMetric(metric('q <= 1.5 * stable'), samples(0.03), samples(0.02))).toMatchObject({ verdict: 'pass', value: 0.03, stableValue: 0.02 })
    expect(measureMetric(metric('q <= 1.5 * stable'), samples(0.04), samples(0.02))).toMatchObject({ verdict: 'fail', detail: '0.04 is not <= 0.03' })
  })

  it('judges the worst series and reports no data for either side', () => {
    expect(measureMetric(metric('q < 0.5'), samples(0.1, 0.7), undefined)).toMatchObject({ verdict: 'fail', value: 0.7 })
    expect(measureMetric(metric('q < 0.5'), { kind: 'empty' }, undefined)).toMatchObject({ verdict: 'no-data', detail: 'canary: the query returned no data' })
    expect(measureMetric(metric('q <= stable'), samples(0.1), { kind: 'error', message: 'bad_data' })).toMatchObject({ verdict: 'no-data', detail: 'stable: bad_data' })
  })
})

describe('rounds and steps', () => {
  const policy: AnalysisPolicy = { failureLimit: 0, noData: 'inconclusive', inconclusiveTimeoutMs: 10_000 }
  const step = { startedAt: 0, pauseMs: 5_000, weight: 25 }

  it('a round fails on any failure, and no data follows the policy', () => {
    expect(roundVerdict(['pass', 'fail', 'no-data'], 'pass')).toBe('fail')
    expect(roundVerdict(['pass', 'no-data'], 'inconclusive')).toBe('inconclusive')
    expect(roundVerdict(['pass', 'no-data'], 'fail')).toBe('fail')
    expect(roundVerdict(['pass', 'no-data'], 'pass')).toBe('pass')
  })

  it('completes a step only after its pause with a passing last round', () => {
    expect(afterRound({ failures: 0 }, 'pass', 1_000, step, policy, []).decision).toEqual({ kind: 'continue' })
    expect(afterRound({ failures: 0 }, 'pass', 5_000, step, policy, []).decision).toEqual({ kind: 'complete' })
  })

  it('aborts on the first failure with failure-limit 0, and after limit+1 failures otherwise', () => {
    expect(afterRound({ failures: 0 }, 'fail', 1_000, step, policy, ['errors failed']).decision).toEqual({ kind: 'abort', reason: 'analysis failed at 25%: errors failed' })
    const lenient = { ...policy, failureLimit: 1 }
    const first = afterRound({ failures: 0 }, 'fail', 1_000, step, lenient, ['e'])
    expect(first.decision).toEqual({ kind: 'continue' })
    expect(afterRound(first.progress, 'fail', 2_000, step, lenient, ['e']).decision).toMatchObject({ kind: 'abort', reason: expect.stringContaining('failure-limit 1') })
  })

  it('holds while inconclusive past the pause, fails at the timeout, and a pass in between resets the clock', () => {
    let p = afterRound({ failures: 0 }, 'inconclusive', 6_000, step, policy, ['m has no data'])
    expect(p.decision).toEqual({ kind: 'continue' })
    p = afterRound(p.progress, 'inconclusive', 15_000, step, policy, ['m has no data'])
    expect(p.decision).toEqual({ kind: 'continue' })
    p = afterRound(p.progress, 'inconclusive', 16_000, step, policy, ['m has no data'])
    expect(p.decision).toMatchObject({ kind: 'abort', reason: expect.stringMatching(/inconclusive at 25% for 10s/) })
    const late = afterRound(afterRound({ failures: 0 }, 'inconclusive', 6_000, step, policy, []).progress, 'pass', 12_000, step, policy, [])
    expect(late.decision).toEqual({ kind: 'complete' })
    expect(late.progress.inconclusiveSince).toBeUndefined()
  })
})
