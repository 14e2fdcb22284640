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
import type { Fetch } from '../traffic.js'
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

/** One GET / for `host` through a Gateway's HTTP listener, keeping its connections until close(). */
export function throughGateway(gatewayUrl: string, host: string, timeoutMs = 5000): Fetch & { close(): void } {
  const agent = new Agent({ keepAlive: true })
  return Object.assign(() => get(gatewayUrl, { host }, agent, timeoutMs), { close: () => agent.destroy() })
}

/** An HTTPRoute as far as a canary's weight goes. */
export interface WeightedRoute {
  spec?: { rules?: { backendRefs?: { name: string; weight?: number }[] }[] }
}

/** The weight an HTTPRoute gives the Service `service` over all its rules (0 when no rule sends to it). */
export const weightOf = (route: WeightedRoute, service: string): number =>
  (route.spec?.rules ?? []).flatMap((r) => r.backendRefs ?? []).filter((b) => b.name === service).reduce((sum, b) => sum + (b.weight ?? 1), 0)

/** The test service's version in an answer: `ok 2` -> '2', the faulty variant's `error bad` -> 'bad'. */
export const kubeServiceVersion = (body: string): string => /^(?:ok|error) (\S+)/.exec(body)?.[1] ?? ''
