/** Time as a run sees it: real time on a runner; an in-process caller of healthRollback may pass another clock. */
import { sleep } from '../lib/retry.js'

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = { now: () => Date.now(), sleep }
