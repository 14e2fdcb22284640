/**
 * Emulated time. Everything time-based in the emulator (pods becoming Ready, crash-loop back-off, minReadySeconds,
 * progressDeadlineSeconds, timestamps in objects) reads this clock, so a scenario that takes minutes on a cluster
 * runs in milliseconds:
 * - manual mode: time stands still until a test calls `advance(ms)`, which steps from one scheduled wake-up to the
 *   next and runs the controllers to a fixed point at each;
 * - auto mode: emulated time runs `speed` times faster than real time, for code that polls with real timers
 *   (e.g. the real @kubernetes/client-node client waiting for a rollout).
 */

export interface ClockOptions {
  mode?: 'manual' | 'auto'
  /** Emulated milliseconds per real millisecond in auto mode (default 10). */
  speed?: number
  /** Real milliseconds between auto-mode steps (default 10). */
  tickMs?: number
  /** Emulated start time (default: the real time at start). */
  startTime?: number
}

export interface Scheduler {
  /** Runs every controller at `now` until nothing changes. */
  runUntilStable(now: number): void
  /** The earliest emulated time at which something is due, if any. */
  nextWakeup(now: number): number | undefined
}

/** Object timestamps have second precision on the wire (metav1.Time is RFC 3339 without fractions). */
export const toTimestamp = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

export class EmulatorClock {
  private current: number
  private timer: NodeJS.Timeout | undefined
  private speed: number
  private readonly tickMs: number
  private scheduler: Scheduler | undefined

  constructor(options: ClockOptions = {}) {
    this.current = options.startTime ?? Date.now()
    this.speed = options.speed ?? 10
    this.tickMs = options.tickMs ?? 10
    if (options.mode === 'auto') this.auto(this.speed)
  }

  attach(scheduler: Scheduler): void {
    this.scheduler = scheduler
  }

  now(): number {
    return this.current
  }

  timestamp(): string {
    return toTimestamp(this.current)
  }

  get mode(): 'manual' | 'auto' {
    return this.timer ? 'auto' : 'manual'
  }

  /** Moves emulated time forward by `ms`, running every wake-up due on the way in order. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('the emulated clock cannot go backwards')
    const target = this.current + ms
    const scheduler = this.scheduler
    if (!scheduler) {
      this.current = target
      return
    }
    for (let guard = 0; guard < 100_000; guard++) {
      scheduler.runUntilStable(this.current)
      const next = scheduler.nextWakeup(this.current)
      if (next === undefined || next > target) break
      this.current = Math.max(next, this.current + 1)
    }
    this.current = target
    scheduler.runUntilStable(this.current)
  }

  /** Runs whatever is due now (e.g. after API writes) without moving time. */
  settle(): void {
    this.advance(0)
  }

  /** Advances until `predicate` holds, in steps of `stepMs`, failing after `timeoutMs` of emulated time. */
  advanceUntil(predicate: () => boolean, { stepMs = 100, timeoutMs = 15 * 60_000 } = {}): number {
    const start = this.current
    this.settle()
    while (!predicate()) {
      if (this.current - start >= timeoutMs) throw new Error(`condition not reached within ${timeoutMs} ms of emulated time`)
      this.advance(stepMs)
    }
    return this.current - start
  }

  /** Switches to auto mode: emulated time runs `speed` times faster than real time. */
  auto(speed = this.speed): void {
    this.speed = speed
    this.manual()
    let last = performance.now()
    this.timer = setInterval(() => {
      const real = performance.now()
      this.advance(Math.round((real - last) * this.speed))
      last = real
    }, this.tickMs)
    this.timer.unref()
  }

  manual(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}
