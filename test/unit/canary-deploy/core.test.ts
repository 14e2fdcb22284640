import { describe, expect, it } from '@jest/globals'
import { sizeWithAutoscaler } from '../../../src/canary-deploy/autoscaler.js'
import { describeThresholds, parseMetric, resolveQuery } from '../../../src/canary-deploy/conditions.js'
import { readInputs } from '../../../src/canary-deploy/inputs.js'
import { replicaSplit } from '../../../src/canary-deploy/replica-split.js'
import { ownership, readState, STATE_ANNOTATION, writeState, type CanaryState } from '../../../src/canary-deploy/state.js'
import { parseSteps } from '../../../src/canary-deploy/steps.js'
import { afterRound, judgeMetric, roundVerdict, type AnalysisPolicy } from '../../../src/canary-deploy/verdict.js'
import { InputErrors } from '../../../src/lib/action/errors.js'

describe('parseSteps', () => {
  it('reads weight:pause items, defaulting pauses and never pausing at 100', () => {
    expect(parseSteps('5:2m, 25:5m, 50, 100', 60_000)).toEqual({
      ok: true,
      steps: [
        { weight: 5, pauseMs: 120_000 },
        { weight: 25, pauseMs: 300_000 },
        { weight: 50, pauseMs: 60_000 },
        { weight: 100, pauseMs: 0 }
      ]
    })
    expect(parseSteps('10\n# comment\n50:30s\n100:1m', 1000)).toMatchObject({ ok: true, steps: [{ weight: 10 }, { weight: 50, pauseMs: 30_000 }, { weight: 100, pauseMs: 0 }] })
  })

  it.each([
    ['5,25,25,100', /increase strictly: 25 follows 25/],
    ['50,25,100', /increase strictly: 25 follows 50/],
    ['5,150', /outside 1-100/],
    ['5,25,50', /last weight must be 100/],
    ['5:soon,100', /pause 'soon'/],
    ['five,100', /not 'weight'/],
    ['0,100', /outside 1-100/],
    ['', /at least one weight/]
  ])('refuses %s', (text, problem) => {
    const parsed = parseSteps(text, 1000)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })
})

describe('replicaSplit', () => {
  it.each([
    // total, weight, canary, stable, effective
    [10, 5, 1, 9, 10],
    [10, 25, 3, 7, 30], // 2.5 rounds half up
    [10, 50, 5, 5, 50],
    [4, 25, 1, 3, 25],
    [4, 5, 1, 3, 25], // at least one canary pod
    [4, 99, 3, 1, 75], // at least one stable pod below 100
    [3, 50, 2, 1, 66.67],
    [1, 5, 1, 1, 50],
    [10, 100, 10, 0, 100]
  ])('%i pods at %i%% → %i canary / %i stable (effective %f%%)', (total, weight, canary, stable, effective) => {
    expect(replicaSplit(total, weight)).toEqual({ canary, stable, requestedWeight: weight, effectiveWeight: effective })
  })
})

describe('metric conditions', () => {
  it('reads absolute, relative and combined conditions, keeping comparisons inside the query', () => {
    const m = parseMetric('errors', 'sum(rate(x{pod=~"{{canary}}-.*"}[1m])) > 0 < 0.05 and <= 1.5 * stable')
    expect(m).toMatchObject({ ok: true, metric: { query: 'sum(rate(x{pod=~"{{canary}}-.*"}[1m])) > 0', thresholds: [{ operator: '<', factor: 0, offset: 0.05 }, { operator: '<=', factor: 1.5, offset: 0 }] } })
    const offset = parseMetric('p99', 'q <= stable + 0.01')
    expect(offset.ok && describeThresholds(offset.metric.thresholds)).toBe('<= stable + 0.01')
  })

  it('fills presets: the name alone, or the name with a condition', () => {
    const alone = parseMetric('error-rate', '')
    expect(alone.ok && alone.metric.preset).toBe(true)
    expect(alone.ok && alone.metric.query).toContain('http_requests_total')
    const condition = parseMetric('latency-p99', '< 0.25')
    expect(condition).toMatchObject({ ok: true, metric: { thresholds: [{ operator: '<', offset: 0.25 }] } })
  })

  it.each([
    ['errors', 'sum(rate(x[1m]))', /does not end with a condition/],
    ['errors', 'sum(rate(x[1m]) < 1', /unbalanced/],
    ['errors', 'rate(x{pod="{{pod}}"}[1m]) < 1', /unknown placeholder \{\{pod\}\}/],
    ['custom', '< 1', /not a built-in preset/],
    ['bad name', 'x < 1', /name/]
  ])('refuses %s: %s', (name, expression, problem) => {
    const parsed = parseMetric(name, expression)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })

  it('resolves {{canary}} to the side measured', () => {
    const targets = { canary: 'web-canary', stable: 'web', namespace: 'prod' }
    expect(resolveQuery('x{d="{{canary}}",ns="{{namespace}}",s="{{stable}}"}', targets, 'canary')).toBe('x{d="web-canary",ns="prod",s="web"}')
    expect(resolveQuery('x{d="{{ canary }}"}', targets, 'stable')).toBe('x{d="web"}')
  })
})

describe('judgeMetric', () => {
  const metric = (text: string) => {
    const parsed = parseMetric('m', text)
    if (!parsed.ok) throw new Error(parsed.problem)
    return parsed.metric
  }
  const samples = (...values: number[]) => ({ kind: 'samples' as const, samples: values.map((value) => ({ labels: {}, value })) })

  it('compares the canary against 1.5 times the stable value', () => {
    expect(judgeMetric(metric('q <= 1.5 * stable'), samples(0.03), samples(0.02))).toMatchObject({ verdict: 'pass', value: 0.03, stableValue: 0.02 })
    expect(judgeMetric(metric('q <= 1.5 * stable'), samples(0.04), samples(0.02))).toMatchObject({ verdict: 'fail', detail: '0.04 is not <= 0.03' })
  })

  it('judges the worst series and reports no data for either side', () => {
    expect(judgeMetric(metric('q < 0.5'), samples(0.1, 0.7), undefined)).toMatchObject({ verdict: 'fail', value: 0.7 })
    expect(judgeMetric(metric('q < 0.5'), { kind: 'empty' }, undefined)).toMatchObject({ verdict: 'no-data', detail: 'canary: the query returned no data' })
    expect(judgeMetric(metric('q <= stable'), samples(0.1), { kind: 'error', message: 'bad_data' })).toMatchObject({ verdict: 'no-data', detail: 'stable: bad_data' })
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

describe('state and ownership', () => {
  const state = { version: 1, owner: '100/1/aa', phase: 'progressing', weight: 25 } as CanaryState
  it('round-trips through the annotation and tells action runs apart', () => {
    expect(readState({ [STATE_ANNOTATION]: writeState(state) })).toEqual(state)
    expect(readState({ [STATE_ANNOTATION]: '{broken' })).toBeUndefined()
    expect(ownership(undefined, '100/1/aa')).toEqual({ kind: 'free' })
    expect(ownership(state, '100/1/aa')).toEqual({ kind: 'ours' })
    expect(ownership(state, '100/2/bb')).toEqual({ kind: 'leftover-of-our-run' })
    // Another step or matrix job of the same workflow run attempt is a concurrent canary, not a leftover.
    expect(ownership(state, '100/1/bb')).toMatchObject({ kind: 'other', owner: '100/1/aa' })
    expect(ownership(state, '200/1/aa')).toEqual({ kind: 'other', owner: '100/1/aa', phase: 'progressing', weight: 25 })
  })
})

describe('readInputs', () => {
  const source = (values: Record<string, string>) => (name: string) => values[name] ?? ''
  it('reports every bad input together, each by name', () => {
    let error: unknown
    try {
      readInputs(source({ deployment: 'web', image: 'web:2', steps: '5,25,10,100', traffic: 'linkerd', metrics: 'errors: sum(rate(x[1m]))', 'no-data': 'maybe' }))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputErrors)
    const message = (error as Error).message
    expect(message).toMatch(/Input 'steps'.*25 follows|Input 'steps'.*10 follows 25/)
    expect(message).toMatch(/Input 'traffic': got 'linkerd'/)
    expect(message).toMatch(/Input 'metrics': got 'line 1: errors: sum\(rate\(x\[1m\]\)\)'/)
    expect(message).toMatch(/Input 'no-data'/)
  })

  it('refuses a schedule whose pauses cannot finish within a 6 h job', () => {
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', steps: '5:3h, 50:3h30m, 100' }))).toThrow(/Input 'steps'.*add up to 390m; a job may run 6h/)
    expect(readInputs(source({ deployment: 'web', image: 'web:2', steps: '5:3h, 50:3h30m, 100', action: 'start', 'hold-at': '5' })).holdAt).toBe(5)
  })

  it('requires the router object of a router method and a Prometheus URL for metrics', () => {
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', traffic: 'istio' }))).toThrow(/Input 'virtual-service'/)
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', metrics: 'error-rate' }))).toThrow(/Input 'prometheus-url'/)
  })

  it('defaults: 5,25,50,100 with 1m pauses, replicas, no-data inconclusive, start holds at the last weight below 100', () => {
    const inputs = readInputs(source({ deployment: 'web', image: 'web:2', action: 'start' }))
    expect(inputs.steps.map((s) => s.weight)).toEqual([5, 25, 50, 100])
    expect(inputs.steps[0]!.pauseMs).toBe(60_000)
    expect(inputs).toMatchObject({ traffic: 'replicas', noData: 'inconclusive', holdAt: 50, analysisIntervalMs: 30_000, failureLimit: 0 })
  })
})

describe('sizeWithAutoscaler', () => {
  it('refuses the replicas split under an HPA and sizes router canaries from its current replicas', () => {
    expect(sizeWithAutoscaler(undefined, 'replicas', 4)).toEqual({ ok: true, total: 4 })
    expect(sizeWithAutoscaler({ name: 'web' }, 'replicas', 4)).toMatchObject({ ok: false, problem: expect.stringMatching(/^Input 'traffic': .*HorizontalPodAutoscaler 'web'/) })
    expect(sizeWithAutoscaler({ name: 'web', currentReplicas: 9, minReplicas: 2 }, 'istio', 4)).toEqual({ ok: true, total: 9 })
    expect(sizeWithAutoscaler({ name: 'web', minReplicas: 2 }, 'nginx', 4)).toEqual({ ok: true, total: 2 })
  })
})
