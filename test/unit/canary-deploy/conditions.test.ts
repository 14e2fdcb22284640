import { describe, expect, it } from '@jest/globals'
import { describeThresholds, parseMetric, resolveQuery } from '../../../src/canary-deploy/conditions.js'

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
