/**
 * User traffic: a steady request rate to the Service through the API server's service proxy, which spreads requests
 * over the Service's ready endpoints as kube-proxy would. Each answer is recorded with the version that gave it (the
 * example service names its version in every body), so the demo can say how many requests the faulty version served
 * and when it stopped.
 */
import type { ApiServer } from './api-server.js'

export interface Served {
  at: number
  /** The version that answered; '' when no pod answered (e.g. 503 from the proxy). */
  version: string
  code: number
}

export class Traffic {
  readonly served: Served[] = []
  private readonly timer: NodeJS.Timeout
  private inFlight = 0

  constructor(
    private readonly apiServer: ApiServer,
    private readonly servicePath: string,
    ratePerSecond = 40
  ) {
    this.timer = setInterval(() => void this.send(), 1000 / ratePerSecond)
  }

  private async send(): Promise<void> {
    if (this.inFlight > 100) return
    this.inFlight++
    try {
      const { status, body } = await this.apiServer.get(this.servicePath)
      this.served.push({ at: Date.now(), version: versionIn(body), code: status })
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

function versionIn(body: string): string {
  try {
    const version = (JSON.parse(body) as { version?: unknown }).version
    return typeof version === 'string' ? version : ''
  } catch {
    return ''
  }
}
