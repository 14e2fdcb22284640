/**
 * traffic: gateway-api through a real Gateway API implementation (Traefik, built from source, routing user traffic
 * for the local cluster): thousands of requests at every step land on the canary in the share the weight says, a
 * header route sends its requests to the canary at any weight, and a Gateway that stops taking the route stops the
 * canary before any further shift, with everything restored to stable.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { KubernetesObject } from '@kubernetes/client-node'
import { binomialTolerance, gatewayRoute, sendThrough, type Served } from '../../../local/kube/gateway-traffic.js'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { deployStable, image, imageOf, installRouterCrds, runWith, stateOf, watchState } from '../../../local/scenarios/canary-deploy.js'

let kube: KubeTest
let v1: string, v2: string
const REQUESTS = 2000

beforeAll(async () => {
  await installRouterCrds()
  ;[v1, v2] = await Promise.all([image('1'), image('2')])
}, 180_000)
beforeEach(async () => {
  kube = await kubeTest('gateway')
})
afterEach(async () => {
  await kube?.close()
})

const host = (k: KubeTest): string => `${k.namespace}.gateway.test`
const share = (served: Served, version: string): number => (served.byVersion.get(version) ?? 0) / served.total
const send = (k: KubeTest, count = REQUESTS, headers?: Record<string, string>): Promise<Served> => sendThrough(k.cluster.gateway.url, host(k), count, { headers })

/**
 * Until the gateway sends every request of a small batch to `version` (a new route, or a restore, is live). While
 * pods go away a request can hang on an address that no longer answers, until the router sees the endpoint go: such
 * a batch counts as not yet.
 */
async function untilAllServedBy(k: KubeTest, version: string, headers?: Record<string, string>): Promise<void> {
  await k.until(
    async () => share(await sendThrough(k.cluster.gateway.url, host(k), 20, { headers, timeoutMs: 3000 }).catch(() => ({ byVersion: new Map(), total: 20 })), version) === 1,
    `every request served by version ${version} through the gateway`,
    60_000
  )
}

interface Measured {
  weight: number
  served: Served
  /** The step the canary was at when the measurement ended: it must be the one measured. */
  weightAfter: number | undefined
}

/**
 * Measures each step the action records: a second for Traefik to load the weights it has accepted (its provider
 * reloads at most every 200 ms here), then `REQUESTS` requests.
 */
async function measureEachStep(k: KubeTest, headers?: Record<string, string>): Promise<{ all(): Promise<Measured[]> }> {
  const taken: Promise<Measured>[] = []
  let last = -1
  await watchState(k, (state) => {
    if (!state || state.stepIndex === last || state.stepIndex < 0) return
    last = state.stepIndex
    taken.push(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000))
        const served = await send(k, REQUESTS, headers)
        return { weight: state.weight, served, weightAfter: (await stateOf(k))?.weight }
      })()
    )
  })
  return { all: () => Promise.all(taken) }
}

describe('traffic: gateway-api through Traefik', () => {
  it('moves real traffic at every step: the measured share of the canary is within a binomial bound of the weight', async () => {
    await deployStable(kube, [gatewayRoute(kube.cluster, 'web', host(kube))])
    await untilAllServedBy(kube, '1')
    const steps = await measureEachStep(kube)
    const { report, log } = await runWith(kube, { image: v2, steps: '5,25,50,100', 'step-pause': '20s', traffic: 'gateway-api', 'http-route': 'web' })
    expect(report.result).toBe('promoted')
    const measured = await steps.all()
    expect(measured.map((m) => m.weight)).toEqual([5, 25, 50])
    for (const { weight, served, weightAfter } of measured) {
      expect(weightAfter).toBe(weight)
      // Only the two versions answered, and nothing failed.
      expect([...served.byVersion.keys()].sort()).toEqual(['1', '2'])
      const p = weight / 100
      expect(Math.abs(share(served, '2') - p)).toBeLessThanOrEqual(binomialTolerance(served.total, p))
    }
    console.log(`measured canary share per step (${REQUESTS} requests each): ${measured.map((m) => `${m.weight}% -> ${(share(m.served, '2') * 100).toFixed(2)}%`).join(', ')}`)
    expect(log.join('\n')).toContain('Weight 5%')
    // Promoted: the route back to the stable Service alone, which now runs the new version.
    expect(await imageOf(kube)).toBe(v2)
    await untilAllServedBy(kube, '2')
  }, 240_000)

  it('a header route: at the first step (0) only requests with the header reach the canary, at 25 they always do, and promotion removes it', async () => {
    await deployStable(kube, [gatewayRoute(kube.cluster, 'web', host(kube))])
    await untilAllServedBy(kube, '1')
    const withHeader = { 'x-canary': 'always' }
    const plain = await measureEachStep(kube)
    const flagged = await measureEachStep(kube, withHeader)
    const { report } = await runWith(kube, { image: v2, steps: '0,25,100', 'step-pause': '20s', traffic: 'gateway-api', 'http-route': 'web', 'header-route': 'x-canary: always' })
    expect(report.result).toBe('promoted')
    const [plainAt0, plainAt25] = await plain.all()
    const [flaggedAt0, flaggedAt25] = await flagged.all()
    expect(plainAt0!.weight).toBe(0)
    expect(plainAt0!.served.byVersion).toEqual(new Map([['1', REQUESTS]]))
    expect(flaggedAt0!.served.byVersion).toEqual(new Map([['2', REQUESTS]]))
    expect(flaggedAt25!.served.byVersion).toEqual(new Map([['2', REQUESTS]]))
    expect(Math.abs(share(plainAt25!.served, '2') - 0.25)).toBeLessThanOrEqual(binomialTolerance(REQUESTS, 0.25))
    expect(report.history.map((h) => h.weight)).toEqual([0, 25, 100])
    const route = await kube.get<KubernetesObject & { spec?: { rules: unknown[] } }>('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web')
    expect(route?.spec?.rules).toHaveLength(1)
    await untilAllServedBy(kube, '2')
  }, 240_000)

  it('a Gateway that stops taking the route fails the step before the next shift, naming the condition, and restores stable', async () => {
    // A Gateway of the test's own (same class, same entry point), so that the test can make it refuse the route.
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw' },
      spec: { gatewayClassName: 'traefik', listeners: [{ name: 'web', protocol: 'HTTP', port: Number(new URL(kube.cluster.gateway.url).port), allowedRoutes: { namespaces: { from: 'Same' } } }] }
    } as KubernetesObject
    const route = gatewayRoute({ gateway: { ...kube.cluster.gateway, name: 'gw', namespace: kube.namespace } }, 'web', host(kube))
    await deployStable(kube, [gateway, route])
    await untilAllServedBy(kube, '1')
    let refused = false
    await watchState(kube, (state) => {
      if (refused || state?.weight !== 5) return
      refused = true
      // Routes only from namespaces with a label none has: the Gateway reports Accepted=False (NotAllowedByListeners).
      void kube.objects.patch(
        { ...gateway, metadata: { name: 'gw', namespace: kube.namespace }, spec: { ...(gateway as any).spec, listeners: [{ ...(gateway as any).spec.listeners[0], allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'no-such': 'label' } } } } }] } } as KubernetesObject,
        undefined,
        undefined,
        'test',
        undefined,
        'application/merge-patch+json' as never
      )
    })
    const { report } = await runWith(kube, { image: v2, steps: '5:5s,25,100', 'step-pause': '5s', traffic: 'gateway-api', 'http-route': 'web' })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/moving to 25%: Gateway .*\/gw does not take HTTPRoute web: Accepted=False \(NotAllowedByListeners\).*\(before the shift\)/)
    expect(report.history.map((h) => h.weight)).toEqual([5, 0])
    const written = await kube.get<KubernetesObject & { spec?: any }>('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web')
    expect(written?.spec?.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'web', port: 80, weight: 100 }])
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await imageOf(kube)).toBe(v1)
  }, 240_000)
})
