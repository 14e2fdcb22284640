/**
 * User traffic through the local cluster's Gateway (Traefik): an HTTPRoute attached to it, requests sent through it,
 * and what a weighted split may deviate by. Each test route has a host name of its own, so routes of parallel tests
 * never share requests.
 *
 *   await k.create(gatewayRoute(cluster, 'web', host))
 *   const served = await sendThrough(cluster.gateway.url, host, 2000)   // Map { '1' => 1903, '2' => 97 }
 */
import { Agent, request } from 'node:http'
import type { KubernetesObject } from '@kubernetes/client-node'
import type { LocalCluster } from './cluster.js'

/** An HTTPRoute for `host` on the shared Gateway, sending everything to the Service `service` (port 80). */
export function gatewayRoute(cluster: Pick<LocalCluster, 'gateway'>, name: string, host: string, service = name): KubernetesObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name },
    spec: {
      parentRefs: [{ name: cluster.gateway.name, namespace: cluster.gateway.namespace }],
      hostnames: [host],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: service, port: 80 }] }]
    }
  } as KubernetesObject
}

export interface Served {
  /** Requests answered, by the body's version (`ok 2` -> '2'; an error status -> 'error <status>'). */
  byVersion: Map<string, number>
  total: number
}

/**
 * Sends `count` GET / requests for `host` through the gateway, `concurrency` at a time, and counts who answered. The
 * test service answers `ok <version>`.
 */
export async function sendThrough(
  gatewayUrl: string,
  host: string,
  count: number,
  options: { concurrency?: number; headers?: Record<string, string>; timeoutMs?: number } = {}
): Promise<Served> {
  const concurrency = options.concurrency ?? 16
  // node:http, not fetch: fetch drops a Host header, and the Host is what selects the route.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const byVersion = new Map<string, number>()
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++
      const { status, body } = await get(gatewayUrl, { ...options.headers, host }, agent, options.timeoutMs ?? 10_000)
      const key = status === 200 ? (/^ok (\S+)/.exec(body)?.[1] ?? body.trim()) : `error ${status}`
      byVersion.set(key, (byVersion.get(key) ?? 0) + 1)
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, worker))
  } finally {
    agent.destroy()
  }
  return { byVersion, total: count }
}

function get(url: string, headers: Record<string, string>, agent: Agent, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { headers, agent, timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from the gateway within ${timeoutMs / 1000} s`)))
    req.on('error', reject)
    req.end()
  })
}

/**
 * How far a share measured over `n` requests may fall from the weight `p` (a fraction) by chance alone, were each
 * request routed at random with probability p: `z` standard deviations of the binomial, sqrt(p(1-p)/n). At z = 4.5 a
 * correct router fails the check about once in 150,000 measurements. Routers that split deterministically (weighted
 * round robin, as Traefik) stay well inside it.
 */
export function binomialTolerance(n: number, p: number, z = 4.5): number {
  return z * Math.sqrt((p * (1 - p)) / n)
}

export interface Answer {
  at: number
  /** The version that answered (`ok 2` -> '2'; the faulty variant's `error bad` -> 'bad'); '' when none did. */
  version: string
  status: number
}

/**
 * A steady `ratePerSecond` of GET / for `host` through the gateway until stop(), each answer recorded with its time
 * and version: the traffic users send while a canary runs, to count what each version actually served.
 */
export function steadyTraffic(gatewayUrl: string, host: string, ratePerSecond: number): { answers: Answer[]; stop(): void } {
  const agent = new Agent({ keepAlive: true })
  const answers: Answer[] = []
  let inFlight = 0
  const timer = setInterval(() => {
    if (inFlight > 200) return
    inFlight++
    get(gatewayUrl, { host }, agent, 5000)
      .then(({ status, body }) => answers.push({ at: Date.now(), status, version: /^(?:ok|error) (\S+)/.exec(body)?.[1] ?? '' }))
      .catch(() => answers.push({ at: Date.now(), status: 0, version: '' }))
      .finally(() => inFlight--)
  }, 1000 / ratePerSecond)
  return {
    answers,
    stop: () => {
      clearInterval(timer)
      agent.destroy()
    }
  }
}
