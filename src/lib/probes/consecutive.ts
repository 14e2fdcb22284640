/**
 * Consecutive-failure counting: a check makes the version unhealthy only after `threshold` failures in a row, so a
 * single dropped packet or a slow GC pause does not trigger a rollback; any success resets the count. Pure.
 */

export type Outcome = 'pass' | 'fail' | 'ignored'

export interface StreakState {
  /** Current run of failures per check key. */
  streaks: Record<string, number>
  /** The first key whose streak reached the threshold, and the measurement index at which it did. */
  tripped?: { key: string; at: number }
  count: number
}

export const emptyStreaks = (): StreakState => ({ streaks: {}, count: 0 })

/** Folds one outcome of check `key` into the state. An ignored outcome neither counts nor resets. */
export function recordOutcome(state: StreakState, key: string, outcome: Outcome, threshold: number): StreakState {
  const streaks = { ...state.streaks }
  const count = state.count + 1
  if (outcome === 'pass') streaks[key] = 0
  else if (outcome === 'fail') streaks[key] = (streaks[key] ?? 0) + 1
  else streaks[key] = streaks[key] ?? 0
  const tripped = state.tripped ?? ((streaks[key] ?? 0) >= threshold ? { key, at: count } : undefined)
  return { streaks, count, ...(tripped ? { tripped } : {}) }
}
