/** Time as the action sees it: real time on a runner; tests substitute the emulated cluster's clock. */
import { sleep } from '../lib/retry.js'

export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = { now: () => Date.now(), sleep }
