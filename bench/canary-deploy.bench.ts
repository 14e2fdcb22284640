/**
 * canary-deploy on the real local cluster: how fast a faulty canary is caught and how much of the traffic actually
 * served it served, on real PromQL (Debian's prometheus scraping two real health-service processes every 500 ms) while
 * the action moves real pods; and how many Kubernetes API requests each step costs (counted by the fault proxy in
 * front of the API server).
 *
 * - Users' traffic: 200 requests/s through the cluster's Gateway (Traefik) to the Service, the whole run long. The
 *   canary is the faulty variant of the test service (every answer a 500 naming it), so what it served is counted
 *   from the answers, not computed from a weight.
 * - The metric signal: the canary health-service's error rate goes from 0 to 50% as the 5% step begins.
 * - Detection latency: from the first faulty answer to the first restoring write (the route back to 100% stable for
 *   gateway-api, stable scaled back to 4 for replicas), in ms and in analysis intervals (1 s). Target: at most 2.
 * - Exposure: faulty answers as a share of all answers after the first faulty one until the restoring write, for
 *   `traffic: replicas` (1 canary pod of 4 at the 5% step: 25%) and `traffic: gateway-api` (5% by weight).
 * - API requests per step: reads and writes per weight step for `replicas` and `istio`, no analysis, real time (so
 *   the reads include polling each rollout until its pods are ready; writes include 409s retried after a re-read).
 */
import type { KubernetesObject } from '@kubernetes/client-node'
import { kubeTest } from '../local/kube/client.js'
import { binomialTolerance, gatewayRoute, kubeServiceVersion, throughGateway, weightOf, type WeightedRoute } from '../local/kube/gateway-traffic.js'
import { Traffic } from '../local/traffic.js'
import { startPrometheus } from '../local/prometheus.js'
import { startHealthService } from '../local/services/health-service.js'
import { deployStable, faultProxy, image, installRouterCrds, routers, runWith, watchState } from '../local/scenarios/canary-deploy.js'
import { median, report, type Row } from './support/report.js'

const INTERVAL_MS = 1000
const RATE = 200
const ERRORS = `sum(rate(http_requests_total{app="{{canary}}",path="/",code=~"5.."}[2s])) / sum(rate(http_requests_total{app="{{canary}}",path="/"}[2s]))`
type Method = 'replicas' | 'gateway-api'

interface Caught {
  latencyMs: number
  faulty: number
  served: number
}

async function detection(method: Method): Promise<Caught[]> {
  const stable = await startHealthService({ name: 'web', rps: 100 })
  const canary = await startHealthService({ name: 'web-canary', rps: 100 })
  const prometheus = await startPrometheus([stable.address, canary.address], { scrapeIntervalMs: 500 })
  const bad = await image('bad')
  const results: Caught[] = []
  try {
    await prometheus.waitFor(`rate(http_requests_total{app="web-canary",path="/"}[2s])`)
    for (let i = 0; i < 3; i++) {
      await canary.set({ errorRate: 0 })
      await prometheus.waitFor(ERRORS.replaceAll('{{canary}}', 'web-canary'), (v) => v.length > 0 && v[0] === 0)
      const kube = await kubeTest('bench-canary')
      const host = `${kube.namespace}.bench.test`
      const viaGateway = throughGateway(kube.cluster.gateway.url, host)
      const traffic = new Traffic(viaGateway, RATE, kubeServiceVersion)
      try {
        await deployStable(kube, [gatewayRoute(kube.cluster, 'web', host)])
        await kube.until(() => traffic.served.filter((a) => a.version === '1').length >= 20, 'the stable version to answer through the gateway', 60_000)
        let startedAt = 0
        let restoredAt = 0
        await watchState(kube, (state) => {
          if (state?.weight !== 5 || startedAt !== 0) return
          startedAt = Date.now()
          void canary.set({ errorRate: 0.5 })
        })
        if (method === 'gateway-api') {
          await kube.watch<KubernetesObject & WeightedRoute>(
            `/apis/gateway.networking.k8s.io/v1/namespaces/${kube.namespace}/httproutes`,
            (_type, route) => {
              const canaryWeight = weightOf(route, 'web-canary')
              if (startedAt > 0 && restoredAt === 0 && canaryWeight === 0) restoredAt = Date.now()
            }
          )
        } else {
          await kube.watchDeployments((_type, web) => {
            // The 5% step runs 3 stable pods and 1 canary pod; the restore scales stable back to 4.
            if (web.metadata?.name === 'web' && startedAt > 0 && restoredAt === 0 && web.spec?.replicas === 4) restoredAt = Date.now()
          })
        }
        const given = { image: bad, steps: '5:30s, 25:30s, 100', 'analysis-interval': `${INTERVAL_MS}ms`, metrics: `errors: ${ERRORS} < 0.05` }
        const { report: outcome } = await runWith(kube, method === 'gateway-api' ? { ...given, traffic: 'gateway-api', 'http-route': 'web' } : given, { prometheus: prometheus.url })
        if (outcome.result !== 'aborted' || restoredAt === 0) throw new Error(`${method} run ${i}: expected an abort, got ${outcome.result}`)
        await new Promise((resolve) => setTimeout(resolve, 2000))
        const faulty = traffic.served.filter((a) => a.version === 'bad')
        if (faulty.length === 0) throw new Error(`${method} run ${i}: the faulty canary served nothing`)
        // From just after the first faulty answer (counting it would bias the share up) to the restoring write.
        const during = traffic.served.filter((a) => a.at > faulty[0]!.at && a.at <= restoredAt)
        results.push({ latencyMs: restoredAt - faulty[0]!.at, faulty: during.filter((a) => a.version === 'bad').length, served: during.length })
      } finally {
        traffic.stop()
        viaGateway.close()
        await kube.close()
      }
    }
  } finally {
    await Promise.all([prometheus.stop(), stable.stop(), canary.stop()])
  }
  return results
}

async function requestsPerStep(method: 'replicas' | 'istio'): Promise<{ reads: number; writes: number; conflicts: number }> {
  const kube = await kubeTest('bench-canary')
  const proxy = await faultProxy()
  try {
    await deployStable(kube, method === 'istio' ? [routers.istio!] : [])
    const given = { image: await image('2'), steps: '5,25,50,100', 'step-pause': '0s', ...(method === 'istio' ? { traffic: 'istio', 'virtual-service': 'web' } : {}) }
    const { report: outcome } = await runWith(kube, given, { kubeconfig: proxy.kubeconfig })
    if (outcome.result !== 'promoted') throw new Error(`${method}: ${outcome.result}`)
    const requests = proxy.requests.filter((r) => !r.watch)
    const steps = 4
    return {
      reads: requests.filter((r) => r.method === 'GET').length / steps,
      writes: requests.filter((r) => r.method !== 'GET').length / steps,
      conflicts: requests.filter((r) => r.status === 409).length
    }
  } finally {
    await proxy.stop()
    await kube.close()
  }
}

await installRouterCrds()
const caught: Record<Method, Caught[]> = { replicas: await detection('replicas'), 'gateway-api': await detection('gateway-api') }
const rows: Row[] = []
for (const method of ['replicas', 'gateway-api'] as const) {
  const runs = caught[method]
  const latency = median(runs.map((r) => r.latencyMs))
  const share = median(runs.map((r) => r.faulty / r.served))
  const served = Math.min(...runs.map((r) => r.served))
  rows.push(
    { case: `${method}: detection latency (median of 3)`, value: latency, unit: 'ms' },
    { case: `${method}: detection latency in analysis intervals`, value: latency / INTERVAL_MS, unit: 'intervals', target: { max: 2, of: 'value', text: '<= 2 intervals' } },
    {
      case: `${method}: faulty answers, share of all after the first faulty one until the restore (%)`,
      value: share * 100,
      unit: '%',
      ...(method === 'gateway-api' ? { target: { max: (0.05 + binomialTolerance(served, 0.05)) * 100, of: 'value' as const, text: `<= 5% + ${(binomialTolerance(served, 0.05) * 100).toFixed(1)} (4.5 sd over ${served} answers)` } } : {})
    }
  )
}
const met1 = report(`canary-deploy: catching a faulty canary at its 5% step (analysis every 1 s, scrape 500 ms, ${RATE} requests/s through the Gateway)`, rows)
for (const method of ['replicas', 'gateway-api'] as const) {
  console.log(`${method} per run: ${caught[method].map((r) => `${r.latencyMs} ms = ${(r.latencyMs / INTERVAL_MS).toFixed(2)} intervals, ${r.faulty} faulty of ${r.served} answers (${((r.faulty / r.served) * 100).toFixed(1)}%)`).join('; ')}`)
}
const apiRows: Row[] = []
for (const method of ['replicas', 'istio'] as const) {
  const counted = await requestsPerStep(method)
  apiRows.push(
    { case: `${method}: API reads per step`, value: counted.reads, unit: 'req' },
    { case: `${method}: API writes per step`, value: counted.writes, unit: 'req', target: { max: 10, of: 'value', text: '<= 10 writes per step' } },
    { case: `${method}: 409 conflicts in the run (re-read and retried)`, value: counted.conflicts, unit: 'req' }
  )
}
const met2 = report('canary-deploy: Kubernetes API requests per weight step (5,25,50,100; no analysis; incl. claim, promotion, cleanup)', apiRows)
process.exit(met1 && met2 ? 0 : 1)
