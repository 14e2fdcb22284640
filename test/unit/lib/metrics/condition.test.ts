import { describe, expect, it } from '@jest/globals'
import { compare, describeThresholds, parseCondition, resolveQuery, type ComparisonOperator, type ConditionParse } from '../../../../src/lib/metrics/condition.js'
import { CANARY } from '../../../../src/lib/metrics/presets.js'

/**
 * An absolute condition as `{ name, query, operator, threshold }` (its single threshold's offset): what these tests
 * were written against; anything else (a relative or a second threshold, a preset) is returned unchanged.
 */
function absolute(parse: ConditionParse): ConditionParse | { ok: true; condition: { name: string; query: string; operator: ComparisonOperator; threshold: number } } {
  if (!parse.ok || parse.condition.preset || parse.condition.thresholds.length !== 1 || parse.condition.thresholds[0]!.factor !== 0) return parse
  const { name, query, thresholds } = parse.condition
  return { ok: true, condition: { name, query, operator: thresholds[0]!.operator, threshold: thresholds[0]!.offset } }
}

describe('parseCondition, absolute thresholds (health-rollback)', () => {
  it('splits the PromQL from the trailing comparison', () => {
    expect(absolute(parseCondition('error-rate', 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) < 0.01'))).toEqual({
      ok: true,
      condition: { name: 'error-rate', query: 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))', operator: '<', threshold: 0.01 }
    })
  })

  it('keeps comparisons inside the query and reads two-character operators', () => {
    const parsed = absolute(parseCondition('p99', 'histogram_quantile(0.99, x) > 0 <= 2.5e-1'))
    expect(parsed).toMatchObject({ ok: true, condition: { query: 'histogram_quantile(0.99, x) > 0', operator: '<=', threshold: 0.25 } })
    expect(absolute(parseCondition('up', 'up == 1'))).toMatchObject({ condition: { operator: '==', threshold: 1 } })
    expect(absolute(parseCondition('up', 'up != -1'))).toMatchObject({ condition: { operator: '!=', threshold: -1 } })
  })

  it.each([
    ['rate', 'sum(x)', 'does not end with a comparison'],
    ['rate', '< 1', 'does not end with a comparison'],
    ['bad name', 'x < 1', "the name 'bad name'"]
  ])('refuses %s: %s', (name, expression, problem) => {
    const parsed = parseCondition(name, expression)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toContain(problem)
  })

  it('compares with every operator', () => {
    expect([compare(1, '<', 2), compare(2, '<=', 2), compare(3, '>', 2), compare(2, '>=', 2), compare(2, '==', 2), compare(1, '!=', 2)]).toEqual([true, true, true, true, true, true])
    expect([compare(2, '<', 2), compare(3, '<=', 2), compare(2, '>', 2), compare(1, '>=', 2), compare(1, '==', 2), compare(2, '!=', 2)]).toEqual([false, false, false, false, false, false])
  })
})

describe('the canary dialect: relative thresholds, presets, placeholders', () => {
  it('reads absolute, relative and combined conditions, keeping comparisons inside the query', () => {
    const m = parseCondition('errors', 'sum(rate(x{pod=~"{{pods}}"}[1m])) > 0 < 0.05 and <= 1.5 * stable', CANARY)
    expect(m).toMatchObject({ ok: true, condition: { query: 'sum(rate(x{pod=~"{{pods}}"}[1m])) > 0', thresholds: [{ operator: '<', factor: 0, offset: 0.05 }, { operator: '<=', factor: 1.5, offset: 0 }] } })
    const offset = parseCondition('p99', 'q <= stable + 0.01', CANARY)
    expect(offset.ok && describeThresholds(offset.condition.thresholds)).toBe('<= stable + 0.01')
  })

  it('fills presets: the name alone, or the name with a condition', () => {
    const alone = parseCondition('error-rate', '', CANARY)
    expect(alone.ok && alone.condition.preset).toBe(true)
    expect(alone.ok && alone.condition.query).toContain('http_requests_total')
    const condition = parseCondition('latency-p99', '< 0.25', CANARY)
    expect(condition).toMatchObject({ ok: true, condition: { thresholds: [{ operator: '<', offset: 0.25 }] } })
  })

  it.each([
    ['errors', 'sum(rate(x[1m]))', /does not end with a condition/],
    ['errors', 'sum(rate(x[1m]) < 1', /unbalanced/],
    ['errors', 'rate(x{pod="{{pod}}"}[1m]) < 1', /unknown placeholder \{\{pod\}\}/],
    ['custom', '< 1', /not a built-in preset/],
    ['errors', 'rate(x{pod=~"{{canary}}-.*"}[1m]) < 1', /'=~"\{\{canary\}\}-\.\*' also matches the canary's pods .* pod=~"\{\{pods\}\}"/],
    ['errors', 'rate(x{pod=~"{{ stable }}.+"}[1m]) < 1', /also matches the canary's pods/],
    ['bad name', 'x < 1', /name/]
  ])('refuses %s: %s', (name, expression, problem) => {
    const parsed = parseCondition(name, expression, CANARY)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })

  it('resolves {{canary}} to the side measured', () => {
    const targets = { canary: 'web-canary', stable: 'web', namespace: 'prod' }
    expect(resolveQuery('x{d="{{canary}}",ns="{{namespace}}",s="{{stable}}"}', targets, 'canary')).toBe('x{d="web-canary",ns="prod",s="web"}')
    expect(resolveQuery('x{d="{{ canary }}"}', targets, 'stable')).toBe('x{d="web"}')
  })

  it('{{pods}} is the pods of the side measured, anchored: the stable pattern never matches a canary pod', () => {
    const targets = { canary: 'web-canary', stable: 'web', namespace: 'prod' }
    const stable = resolveQuery('x{pod=~"{{pods}}"}', targets, 'stable')
    const canary = resolveQuery('x{pod=~"{{pods}}"}', targets, 'canary')
    expect(stable).toBe('x{pod=~"web-[a-z0-9]+-[a-z0-9]+"}')
    // PromQL anchors =~ at both ends, as ^(?:...)$ does here.
    const matches = (query: string, pod: string) => new RegExp(`^(?:${/pod=~"([^"]+)"/.exec(query)![1]})$`).test(pod)
    expect(matches(stable, 'web-7d9c5b6f4-x2x9k')).toBe(true)
    expect(matches(stable, 'web-canary-5f6d8c7b9-qq7lm')).toBe(false)
    expect(matches(canary, 'web-canary-5f6d8c7b9-qq7lm')).toBe(true)
    expect(matches(canary, 'web-7d9c5b6f4-x2x9k')).toBe(false)
  })
})
