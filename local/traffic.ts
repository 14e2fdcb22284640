/**
 * User traffic at a steady rate: each answer recorded with its time and the version that gave it, so the demo and the
 * benchmarks can say how many requests a faulty version served and when it stopped. `fetch` is one request (through
 * a Gateway, a Service proxy, ...); `versionOf` reads the version from an answer's body.
 */
export type Fetch = () => Promise<{ status: number; body: string }>

export interface Served {
  at: number
  /** The version that answered; '' when none did (e.g. 503 from a proxy, or no answer). */
  version: string
  code: number
}

export class Traffic {
  readonly served: Served[] = []
  private readonly timer: NodeJS.Timeout
  private inFlight = 0

  constructor(
    private readonly fetch: Fetch,
    ratePerSecond: number,
    private readonly versionOf: (body: string) => string
  ) {
    this.timer = setInterval(() => void this.send(), 1000 / ratePerSecond)
  }

  private async send(): Promise<void> {
    // A stalled backend must not pile up requests without bound.
    if (this.inFlight > 200) return
    this.inFlight++
    try {
      const { status, body } = await this.fetch()
      this.served.push({ at: Date.now(), version: this.versionOf(body), code: status })
    } catch {
      this.served.push({ at: Date.now(), version: '', code: 0 })
    } finally {
      this.inFlight--
    }
  }

  /** Requests answered in [from, to]. */
  between(from: number, to: number): Served[] {
    return this.served.filter((s) => s.at >= from && s.at <= to)
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
