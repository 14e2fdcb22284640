import { describe, expect, it } from '@jest/globals'
import { judgeProbe } from '../../../../src/lib/probes/verdict.js'

const observation = (body: string) => ({ url: 'http://svc/healthz', at: 0, status: 200, latencyMs: 5, body })
const statuses = [{ from: 200, to: 299 }]

describe('body-match', () => {
  it('judges a body with the pattern', () => {
    expect(judgeProbe(observation('{"status":"UP"}'), { statuses, bodyMatch: /"status":"UP"/ })).toEqual({ ok: true, reasons: [] })
    expect(judgeProbe(observation('{"status":"DOWN"}'), { statuses, bodyMatch: /"status":"UP"/ })).toEqual({ ok: false, reasons: [`body does not match /"status":"UP"/: '{"status":"DOWN"}'`] })
  })

  it('stops a pattern that backtracks catastrophically, failing the probe with a reason instead of hanging the step', () => {
    const verdict = judgeProbe(observation(`${'a'.repeat(64)}!`), { statuses, bodyMatch: /^(a+)+$/ })
    expect(verdict.ok).toBe(false)
    expect(verdict.reasons).toEqual([
      "body-match /^(a+)+$/ did not finish on this body within 200 ms: the pattern backtracks catastrophically (nested quantifiers such as (a+)+ or alternatives that overlap); simplify it"
    ])
    // The same pattern still judges a body it can decide quickly.
    expect(judgeProbe(observation('aaaa'), { statuses, bodyMatch: /^(a+)+$/ }).ok).toBe(true)
  })
})
