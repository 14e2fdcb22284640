/**
 * User traffic: a steady request rate, through the cluster's Gateway when it has one (weighted routing, as users'
 * traffic meets it), else to the Service through the API server's service proxy, which spreads requests over the
 * Service's ready endpoints as kube-proxy would. Each answer is recorded with the version that gave it (the example
 * service names its version in every body), so the demo can say how many requests the faulty version served and when
 * it stopped.
 */
import { Agent, request } from 'node:http'
import type { ApiServer } from './api-server.js'

export type Fetch = () => Promise<{ status: number; body: string }>

/** GET / of the Service through the API server's service proxy. */
export const throughServiceProxy =
  (apiServer: ApiServer, servicePath: string): Fetch =>
  () =>
    apiServer.get(servicePath)

/** GET / for `host` through a Gateway's HTTP listener (node:http: fetch would drop the Host header that selects the route). */
export function throughGateway(url: string, host: string): Fetch & { close(): void } {
  const agent = new Agent({ keepAlive: true })
  const get = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/`, { headers: { host }, agent, timeout: 5000 }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')))
      req.on('error', reject)
      req.end()
    })
  return Object.assign(get, { close: () => agent.destroy() })
}

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
    private readonly fetch: Fetch,
    ratePerSecond = 40
  ) {
    this.timer = setInterval(() => void this.send(), 1000 / ratePerSecond)
  }

  private async send(): Promise<void> {
    if (this.inFlight > 100) return
    this.inFlight++
    try {
      const { status, body } = await this.fetch()
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
