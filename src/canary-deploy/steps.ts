/**
 * The schedule: `weight[:pause]` items separated by commas or new lines, e.g. `5:2m, 25:5m, 50:5m, 100`. Weights are
 * whole percentages, strictly increasing, ending at 100 (the promotion). A step without a pause uses `step-pause`;
 * the final 100 never pauses (it is the promotion, checked by the rollout of the stable Deployment). The first weight
 * may be 0: a step where only requests carrying `header-route`'s header reach the canary. Pure.
 */
import { parseDuration } from '../lib/duration.js'

export interface Step {
  weight: number
  /** Milliseconds the step holds (with analysis) before the next weight; 0 for the final 100. */
  pauseMs: number
}

export type StepsParse = { ok: true; steps: Step[] } | { ok: false; problem: string }

export function parseSteps(text: string, defaultPauseMs: number): StepsParse {
  const items = text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'))
  if (items.length === 0) return { ok: false, problem: 'at least one weight, ending with 100' }
  const steps: Step[] = []
  for (const item of items) {
    const match = /^(\d+)%?\s*(?::\s*(.+))?$/.exec(item)
    if (!match) return { ok: false, problem: `'${item}' is not 'weight' or 'weight:pause' (e.g. '25:5m')` }
    const weight = Number(match[1])
    if (weight === 0 && steps.length > 0) return { ok: false, problem: `weight 0 in '${item}' may only come first (the header-routed step)` }
    if (weight > 100) return { ok: false, problem: `weight ${weight} in '${item}' is outside 0-100` }
    const previous = steps.at(-1)
    if (previous && weight <= previous.weight) return { ok: false, problem: `weights must increase strictly: ${weight} follows ${previous.weight}` }
    let pauseMs = defaultPauseMs
    if (match[2] !== undefined) {
      const parsed = parseDuration(match[2])
      if (parsed === undefined) return { ok: false, problem: `the pause '${match[2]}' in '${item}' is not a duration such as '30s' or '5m'` }
      pauseMs = parsed
    }
    steps.push({ weight, pauseMs })
  }
  if (steps.at(-1)!.weight !== 100) return { ok: false, problem: `the last weight must be 100 (the promotion); got ${steps.at(-1)!.weight}` }
  steps.at(-1)!.pauseMs = 0
  return { ok: true, steps }
}
