/**
 * What comes after the weight a canary has reached: the next step of the schedule, the promotion at 100, or, for
 * `action: start`, holding once hold-at is reached. The schedule may differ from the one the canary started with (a
 * promote run passes its own): the next step is the first whose weight is above the one reached. Pure.
 */
import type { Step } from './steps.js'

export type NextStep =
  /** Shift traffic to `step.weight` and analyse it for its pause; `index` is its place in the schedule. */
  | { kind: 'shift'; index: number; step: Step }
  /** The next step is 100: promote. */
  | { kind: 'promote' }
  /** hold-at is reached: leave the canary in place for a later `action: promote` or `abort`. */
  | { kind: 'hold'; weight: number }
  /** No step lies above the weight reached: a schedule ends at 100, so this is a defect. */
  | { kind: 'off-schedule' }

/**
 * `reached` is the canary's weight (0 before the first step); `holdAt` the weight to hold at (action: start only);
 * `begun` whether a step was reached at all, which tells a header-routed step at 0 that was reached from none yet.
 */
export function nextStep(steps: readonly Step[], reached: number, holdAt: number | undefined, begun = reached > 0): NextStep {
  if (holdAt !== undefined && begun && reached === holdAt) return { kind: 'hold', weight: reached }
  const index = steps.findIndex((step) => (begun ? step.weight > reached : step.weight >= reached))
  if (index < 0) return { kind: 'off-schedule' }
  const step = steps[index]!
  return step.weight >= 100 ? { kind: 'promote' } : { kind: 'shift', index, step }
}
