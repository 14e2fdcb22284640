/** What the main step leaves the post step: whether it holds a canary a cancelled job must undo, and whose it is. */
import * as core from '../lib/action/runner.js'

/** Saved while this run holds a canary that a cancelled job must undo. */
export const RESTORE_STATE = 'canary-restore'

/** Saved with RESTORE_STATE: the owner string of this action run's claim, so the post step undoes only its own. */
export const OWNER_STATE = 'canary-owner'

/** True when the main step ended while holding a canary (cancelled, killed): the post step must put it back. */
export function holdsCanary(): boolean {
  return core.getState(RESTORE_STATE) === 'true'
}
