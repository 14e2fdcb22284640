/**
 * health-rollback's bundle with its metrics from the real Prometheus through a fault proxy that stalls a query (no
 * answer at all): the query is given up after probe-timeout and counts as a failed round, like an unreachable
 * Prometheus, and the log names Prometheus and the deadline; the next round's real answer passes.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { runAction } from '../../local/harness.js'
import { prometheusBinary, startPrometheus, type Prometheus } from '../../local/prometheus.js'
import { startFaultProxy, type FaultProxy } from '../../local/registry/fault-proxy.js'
import { startHealthService, type HealthService } from '../../local/services/health-service.js'

const enabled = prometheusBinary() !== undefined
let service: HealthService
let prometheus: Prometheus
let proxy: FaultProxy
beforeAll(async () => {
  if (!enabled) return
  service = await startHealthService({ name: 'web' })
  prometheus = await startPrometheus([service.address], { scrapeIntervalMs: 500 })
  await prometheus.waitFor('up')
  proxy = await startFaultProxy(Number(new URL(prometheus.url).port))
}, 60_000)
afterAll(async () => {
  await proxy?.stop()
  await prometheus?.stop()
  await service?.stop()
})

;(enabled ? it : it.skip)('a stalled Prometheus query ends at probe-timeout as a failed round naming Prometheus and the deadline; the next round passes', async () => {
  let stalled = false
  proxy.rule = ({ path }) => {
    if (stalled || !path.startsWith('/api/v1/query')) return undefined
    stalled = true
    return 'stall'
  }
  const run = await runAction('health-rollback', {
    inputs: {
      'rollback-command': 'true',
      'health-urls': service.healthUrl,
      'prometheus-url': `http://${proxy.host}`,
      metrics: 'up: max(up) >= 1',
      'no-data': 'fail',
      probes: '2',
      'probe-interval': '1s',
      'probe-timeout': '3s',
      'failure-threshold': '2'
    }
  })
  expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ healthy: 'true', 'rolled-back': 'false' })
  expect(proxy.requests.filter((r) => r.status === 'stall')).toHaveLength(1)
  expect(run.stdout).toContain(`metric 1/2 up: no data: Prometheus at http://${proxy.host} did not answer the query within 3 s (a stalled request, given up)`)
  expect(run.stdout).toMatch(/metric 2\/2 up: 1 \(healthy when/)
}, 120_000)
