import { describe, expect, it } from '@jest/globals'
import { parseSteps } from '../../../src/canary-deploy/steps.js'

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

  it('reads a first step at 0 (the header-routed step)', () => {
    expect(parseSteps('0:10m, 5, 100', 1000)).toEqual({ ok: true, steps: [{ weight: 0, pauseMs: 600_000 }, { weight: 5, pauseMs: 1000 }, { weight: 100, pauseMs: 0 }] })
  })

  it.each([
    ['5,25,25,100', /increase strictly: 25 follows 25/],
    ['50,25,100', /increase strictly: 25 follows 50/],
    ['5,150', /outside 0-100/],
    ['5,25,50', /last weight must be 100/],
    ['5:soon,100', /pause 'soon'/],
    ['five,100', /not 'weight'/],
    ['5,0,100', /weight 0 in '0' may only come first/],
    ['0,0,100', /weight 0 in '0' may only come first/],
    ['', /at least one weight/]
  ])('refuses %s', (text, problem) => {
    const parsed = parseSteps(text, 1000)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })
})
