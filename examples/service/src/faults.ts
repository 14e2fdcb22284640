/** The fault switch: a share of requests answered 500 and extra latency, from the environment or the admin endpoint. */

export interface Faults {
  /** Share (0 to 1) of requests to `/` answered with 500. */
  errorRate: number
  latencyMs: number
}

export function faultsFromEnv(env: NodeJS.ProcessEnv): Faults {
  return parseFaults({ errorRate: env.FAULT_ERROR_RATE ?? '0', latencyMs: env.FAULT_LATENCY_MS ?? '0' })
}

/** Validates a fault setting; throws a message naming the bad field. */
export function parseFaults(raw: Record<string, unknown>, current: Faults = { errorRate: 0, latencyMs: 0 }): Faults {
  const errorRate = raw.errorRate === undefined ? current.errorRate : Number(raw.errorRate)
  const latencyMs = raw.latencyMs === undefined ? current.latencyMs : Number(raw.latencyMs)
  if (!Number.isFinite(errorRate) || errorRate < 0 || errorRate > 1) throw new RangeError(`errorRate must be a number from 0 to 1, got ${String(raw.errorRate)}`)
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError(`latencyMs must be a number of milliseconds >= 0, got ${String(raw.latencyMs)}`)
  return { errorRate, latencyMs }
}

/** Whether this request fails: deterministic spacing (every 1/rate-th request), so a small sample shows the rate. */
export class ErrorPacer {
  private owed = 0

  fails(rate: number): boolean {
    this.owed += rate
    if (this.owed >= 1) {
      this.owed -= 1
      return true
    }
    return false
  }
}
