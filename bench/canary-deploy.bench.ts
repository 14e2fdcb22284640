/**
 * canary-deploy on the real local cluster: how fast a faulty canary is caught and how much traffic it gets, on real
 * PromQL (Debian's prometheus scraping two real health-service processes every 500 ms) while the action moves real
 * pods; and how many Kubernetes API requests each step costs (counted by the fault proxy in front of the API server).
 *
 * - Detection latency: from the fault (canary error rate 0 → 50% as the 25% step begins) to the first restoring
 *   write (stable scaled back to 4, seen by a watch), in ms and in analysis intervals (1 s). Target: at most 2.
 * - Exposure: the faulty canary's traffic share (effective weight) × the time until the restore, as a share of all
 *   requests from the canary's start to the restore, and as seconds of full traffic.
 * - API requests per step: reads and writes per weight step for `replicas` and `istio`, no analysis, real time (so
 *   the reads include polling each rollout until its pods are ready; writes include 409s retried after a re-read).
 */
import { kubeTest } from '../local/kube/client.js'
import { startPrometheus } from '../local/prometheus.js'
import { startHealthService } from '../local/services/health-service.js'
import { deployStable, faultProxy, image, installRouterCrds, routers, runWith, watchState } from '../local/scenarios/canary-deploy.js'
import { median, report, type Row } from './support/report.js'

const INTERVAL_MS = 1000
const ERRORS = `sum(rate(http_requests_total{app="{{canary}}",path="/",code=~"5.."}[2s])) / sum(rate(http_requests_total{app="{{canary}}",path="/"}[2s]))`

async function detection(): Promise<{ latencyMs: number; shareOfRun: number; fullTrafficSeconds: number }[]> {
  const stable = await startHealthService({ name: 'web', rps: 100 })
  const canary = await startHealthService({ name: 'web-canary', rps: 100 })
  const prometheus = await startPrometheus([stable.address, canary.address], { scrapeIntervalMs: 500 })
  const v2 = await image('2')
  const results = []
  try {
    await prometheus.waitFor(`rate(http_requests_total{app="web-canary",path="/"}[2s])`)
    for (let i = 0; i < 3; i++) {
      await canary.set({ errorRate: 0 })
      await prometheus.waitFor(ERRORS.replaceAll('{{canary}}', 'web-canary'), (v) => v.length > 0 && v[0] === 0)
      const kube = await kubeTest('bench-canary')
      try {
        await deployStable(kube)
        let startedAt = 0
        let faultAt = 0
        let restoredAt = 0
        await watchState(kube, (state) => {
          if (state?.weight === 5 && startedAt === 0) startedAt = Date.now()
          if (state?.weight === 25 && faultAt === 0) {
            faultAt = Date.now()
            void canary.set({ errorRate: 0.5 })
          }
        })
        await kube.watchDeployments((_type, web) => {
          // Both steps run 3 stable pods; the restore scales stable back to 4.
          if (web.metadata?.name === 'web' && faultAt > 0 && restoredAt === 0 && web.spec?.replicas === 4) restoredAt = Date.now()
        })
        const { report: outcome } = await runWith(
          kube,
          { image: v2, steps: '5:2s, 25:30s, 100', 'analysis-interval': `${INTERVAL_MS}ms`, metrics: `errors: ${ERRORS} < 0.05` },
          { prometheus: prometheus.url }
        )
        if (outcome.result !== 'aborted' || restoredAt === 0) throw new Error(`run ${i}: expected an abort, got ${outcome.result}`)
        const effective = (outcome.history.find((h) => h.weight === 25) ? 25 : 0) / 100
        // 4 stable pods: the 25% step runs 1 canary pod of 4, an effective 25%.
        const exposed = effective * (restoredAt - faultAt)
        const canaryLifetime = restoredAt - startedAt
        results.push({ latencyMs: restoredAt - faultAt, shareOfRun: exposed / canaryLifetime, fullTrafficSeconds: exposed / 1000 })
      } finally {
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
const runs = await detection()
const latency = median(runs.map((r) => r.latencyMs))
const rows: Row[] = [
  { case: 'detection latency (median of 3)', value: latency, unit: 'ms' },
  { case: 'detection latency in analysis intervals', value: latency / INTERVAL_MS, unit: 'intervals', target: { max: 2, of: 'value', text: '<= 2 intervals' } },
  { case: 'faulty-canary share of requests, canary start → restore (%)', value: median(runs.map((r) => r.shareOfRun * 100)), unit: '%' },
  { case: 'faulty-canary exposure (ms of full traffic)', value: median(runs.map((r) => r.fullTrafficSeconds * 1000)), unit: 'ms' }
]
const met1 = report('canary-deploy: catching a faulty canary (fault at the 25% step, analysis every 1 s, scrape 500 ms)', rows)
console.log(`per run: ${runs.map((r) => `${r.latencyMs} ms = ${(r.latencyMs / INTERVAL_MS).toFixed(2)} intervals, ${(r.shareOfRun * 100).toFixed(1)}% of requests`).join('; ')}`)
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
