import { describe, expect, it } from '@jest/globals'
import { judge, type AuditMeasurement, type CoverageMeasurement, type Metric } from '../../../src/quality-gate/gates.js'
import type { CheckResult } from '../../../src/quality-gate/checks/check.js'

const metric = (covered: number, total: number): Metric => ({ covered, total, percent: total === 0 ? null : (covered / total) * 100 })
const totals = (l: Metric, b: Metric, f: Metric) => ({ lines: l, branches: b, functions: f })
const check = (name: string, status: CheckResult['status'], reason?: string): CheckResult => ({ name, command: name, status, durationMs: 10, output: '', ...(reason ? { reason } : {}) })
const audit = (over: Partial<AuditMeasurement> = {}): AuditMeasurement => ({ ran: true, failOn: 'high', counts: { low: 2, moderate: 1, high: 0, critical: 0 }, blocking: [], expired: [], ...over })

describe('judge', () => {
  it('passes when every asked-for gate passes, and judges each coverage metric on its own', () => {
    const coverage: CoverageMeasurement = { totals: totals(metric(80, 100), metric(30, 100), metric(9, 10)) }
    const verdict = judge({ checks: [check('lint', 'passed')], coverage, thresholds: { lines: 80, functions: 90 }, audit: audit() })
    expect(verdict.passed).toBe(true)
    expect(verdict.gates.map((g) => g.name)).toEqual(['lint', 'lines coverage', 'functions coverage', 'dependency audit'])
  })

  it('fails a metric below its minimum even when the average of line and branch would pass', () => {
    const coverage: CoverageMeasurement = { totals: totals(metric(95, 100), metric(60, 100), metric(1, 1)) }
    const verdict = judge({ checks: [], coverage, thresholds: { lines: 75, branches: 75 } })
    expect(verdict.failed.map((g) => [g.name, g.reason])).toEqual([['branches coverage', '60.00% is below the minimum of 75% (40 not covered)']])
  })

  it('does not let float noise decide: 79.999 rounds to 80.00', () => {
    const coverage: CoverageMeasurement = { totals: totals({ covered: 79999, total: 100000, percent: 79.99999999 }, metric(0, 0), metric(0, 0)) }
    expect(judge({ checks: [], coverage, thresholds: { lines: 80 } }).passed).toBe(true)
  })

  it('passes a metric with nothing to cover, and says so', () => {
    const verdict = judge({ checks: [], coverage: { totals: totals(metric(1, 1), metric(0, 0), metric(1, 1)) }, thresholds: { branches: 90 } })
    expect(verdict.gates[0]).toMatchObject({ passed: true, reason: 'no branches to cover' })
  })

  it('fails a minimum when no report was read, with the reason', () => {
    const verdict = judge({ checks: [], coverage: { missingReason: "no coverage report matched 'coverage/lcov.info'" }, thresholds: { lines: 80, patch: 90 } })
    expect(verdict.failed.map((g) => g.reason)).toEqual(["no coverage report matched 'coverage/lcov.info'", "no coverage report matched 'coverage/lcov.info'"])
  })

  it('ratchets against the baseline: a drop beyond max-coverage-drop fails, a gain passes', () => {
    const coverage: CoverageMeasurement = { totals: totals(metric(78, 100), metric(50, 100), metric(1, 1)), baseline: { totals: totals(metric(80, 100), metric(49, 100), metric(1, 1)), sha: 'abc1234' } }
    const verdict = judge({ checks: [], coverage, thresholds: { lines: 70, branches: 40, maxDrop: 1 } })
    const drops = verdict.gates.filter((g) => g.name.endsWith('drop'))
    expect(drops.map((g) => [g.name, g.passed])).toEqual([
      ['lines coverage drop', false],
      ['branches coverage drop', true]
    ])
    expect(drops[0]!.reason).toBe("fell 2.00 points from the default branch's 80.00%, more than the allowed 1")
  })

  it('passes the ratchet when there is no baseline yet, saying why', () => {
    const verdict = judge({ checks: [], coverage: { totals: totals(metric(1, 2), metric(0, 0), metric(0, 0)), baselineUnavailable: 'no coverage baseline has been saved from the default branch yet' }, thresholds: { maxDrop: 0 } })
    expect(verdict.gates).toEqual([expect.objectContaining({ name: 'coverage drop', passed: true, reason: 'no coverage baseline has been saved from the default branch yet' })])
  })

  it('fails on blocking vulnerabilities and on each expired allowlist entry', () => {
    const verdict = judge({
      checks: [],
      thresholds: {},
      audit: audit({ counts: { low: 0, moderate: 0, high: 1, critical: 1 }, blocking: [{ id: 'GHSA-aaaa', severity: 'critical', title: 't', package: 'minimist' }, { id: 'GHSA-bbbb', severity: 'high', title: 't' }], expired: [{ id: 'GHSA-cccc', until: '2026-01-01', reason: 'waiting for upstream' }] })
    })
    expect(verdict.failed.map((g) => g.reason)).toEqual([
      '2 vulnerabilities at high or above: GHSA-aaaa (minimist), GHSA-bbbb',
      'the allowlist entry for GHSA-cccc expired on 2026-01-01 (waiting for upstream): renew it with a new date or fix the dependency'
    ])
  })

  it('fails every check that ran and did not pass, with its reason; checks fail-fast stopped are not judged', () => {
    const verdict = judge({ checks: [check('lint', 'failed', 'exit code 1'), check('test', 'timed-out', 'stopped after the check-timeout of 10m'), check('e2e', 'not-started', 'an earlier check failed')], thresholds: {} })
    expect(verdict.failed.map((g) => `${g.name}: ${g.reason}`)).toEqual(['lint: exit code 1', 'test: stopped after the check-timeout of 10m'])
  })
})
