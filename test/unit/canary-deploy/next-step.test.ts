import { describe, expect, it } from '@jest/globals'
import { nextStep } from '../../../src/canary-deploy/next-step.js'
import type { Step } from '../../../src/canary-deploy/steps.js'

const schedule = (...weights: number[]): Step[] => weights.map((weight) => ({ weight, pauseMs: weight === 100 ? 0 : 60_000 }))

describe('nextStep', () => {
  const steps = schedule(5, 25, 50, 100)

  it('walks the schedule in order from a new canary at 0, then promotes at 100', () => {
    expect(nextStep(steps, 0, undefined)).toEqual({ kind: 'shift', index: 0, step: { weight: 5, pauseMs: 60_000 } })
    expect(nextStep(steps, 5, undefined)).toEqual({ kind: 'shift', index: 1, step: { weight: 25, pauseMs: 60_000 } })
    expect(nextStep(steps, 25, undefined)).toEqual({ kind: 'shift', index: 2, step: { weight: 50, pauseMs: 60_000 } })
    expect(nextStep(steps, 50, undefined)).toEqual({ kind: 'promote' })
  })

  it('action: start holds once hold-at is reached, not before', () => {
    expect(nextStep(steps, 0, 25)).toMatchObject({ kind: 'shift', index: 0 })
    expect(nextStep(steps, 5, 25)).toMatchObject({ kind: 'shift', index: 1 })
    expect(nextStep(steps, 25, 25)).toEqual({ kind: 'hold', weight: 25 })
  })

  it('a promote run continues after the recorded weight on its own schedule', () => {
    // Held at 25 by a start run; this run's schedule has 10 and 30 that the held canary never saw.
    expect(nextStep(schedule(10, 30, 60, 100), 25, undefined)).toEqual({ kind: 'shift', index: 1, step: { weight: 30, pauseMs: 60_000 } })
    expect(nextStep(schedule(10, 100), 25, undefined)).toEqual({ kind: 'promote' })
  })

  it('a schedule of 100 alone promotes at once', () => {
    expect(nextStep(schedule(100), 0, undefined)).toEqual({ kind: 'promote' })
  })

  it('no step above the weight reached is off the schedule (a schedule always ends at 100)', () => {
    expect(nextStep(schedule(5, 25), 25, undefined)).toEqual({ kind: 'off-schedule' })
    expect(nextStep([], 0, undefined)).toEqual({ kind: 'off-schedule' })
  })

  it('a header-routed step at 0 comes first, once: before any step was reached, not after', () => {
    const steps = schedule(0, 25, 100)
    expect(nextStep(steps, 0, undefined, false)).toEqual({ kind: 'shift', index: 0, step: { weight: 0, pauseMs: 60_000 } })
    expect(nextStep(steps, 0, undefined, true)).toEqual({ kind: 'shift', index: 1, step: { weight: 25, pauseMs: 60_000 } })
    // action: start holding at the header step holds once it was reached, not before.
    expect(nextStep(steps, 0, 0, false)).toMatchObject({ kind: 'shift', index: 0 })
    expect(nextStep(steps, 0, 0, true)).toEqual({ kind: 'hold', weight: 0 })
  })
})
