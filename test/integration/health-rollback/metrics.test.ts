/** Metric conditions with real PromQL: Debian's prometheus scraping the test service; `web` on the real local cluster. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { freePort, prometheusBinary, startPrometheus, type Prometheus } from '../../../local/prometheus.js'
import { startHealthService, type HealthService } from '../../../local/services/health-service.js'
import { deploy, run, runningImages, startWeb, type Web } from '../../../local/scenarios/health-rollback.js'

const ERROR_RATE = 'sum(rate(http_requests_total{app="web",path="/",code=~"5.."}[3s])) / sum(rate(http_requests_total{app="web",path="/"}[3s]))'
const describeIf = prometheusBinary() ? describe : describe.skip

let service: HealthService
let prometheus: Prometheus
let web: Web | undefined
beforeAll(async () => {
  service = await startHealthService({ name: 'web', rps: 100 })
  prometheus = await startPrometheus([service.address], { scrapeIntervalMs: 500 })
  await prometheus.waitFor(ERROR_RATE)
}, 60_000)
afterAll(async () => {
  await prometheus?.stop()
  await service?.stop()
})
afterEach(async () => {
  await web?.close()
  web = undefined
  await service.set({ errorRate: 0 })
})

/** `web` rolled out with version 1 and rolling out version 2. */
async function cluster(): Promise<Web> {
  web = await startWeb()
  await deploy(web, [web.image('1'), web.image('2')])
  return web
}

describeIf('metrics against a real Prometheus', () => {
  it('passes while the error rate is under its threshold, reporting each value', async () => {
    const k8s = await cluster()
    const result = await run(k8s, { 'prometheus-url': prometheus.url, metrics: `error-rate: ${ERROR_RATE} < 0.01` })
    expect(result.healthy).toBe(true)
    const values = result.events.filter((e) => e.kind === 'metric')
    expect(values).toHaveLength(3)
    expect(values[0]).toMatchObject({ name: 'error-rate', value: 0, condition: '< 0.01', outcome: 'pass' })
  })

  it('rolls back when the error rate goes above the threshold', async () => {
    const k8s = await cluster()
    await service.set({ errorRate: 0.2 })
    await prometheus.waitFor(ERROR_RATE, (v) => v[0]! > 0.1)
    const result = await run(k8s, { 'prometheus-url': prometheus.url, metrics: `error-rate: ${ERROR_RATE} < 0.01` })
    expect(result.rolledBack).toBe(true)
    expect(result.reason).toMatch(/^metric error-rate = 0\.[12]\d*, healthy when < 0\.01 \(3 failures in a row\)$/)
    expect(await runningImages(k8s)).toEqual([k8s.image('1')])
  })

  it('counts an empty result per no-data: fail rolls back, pass and ignore do not', async () => {
    const empty = 'sum(rate(http_requests_total{app="nobody"}[3s]))'
    const k8s = await cluster()
    const ignored = await run(k8s, { 'prometheus-url': prometheus.url, metrics: `traffic: ${empty} > 0`, 'no-data': 'ignore' })
    expect(ignored.healthy).toBe(true)
    expect(ignored.events.find((e) => e.kind === 'note' && e.level === 'warning')).toMatchObject({ message: expect.stringMatching(/no data for traffic in any round/) })
    const passed = await run(k8s, { 'prometheus-url': prometheus.url, metrics: `traffic: ${empty} > 0`, 'no-data': 'pass' })
    expect(passed.healthy).toBe(true)
    const failed = await run(k8s, { 'prometheus-url': prometheus.url, metrics: `traffic: ${empty} > 0` })
    expect(failed.rolledBack).toBe(true)
    expect(failed.reason).toMatch(/metric traffic has no data \(the query returned no data\) and no-data is 'fail'/)
  })

  it('treats Prometheus being down as no data', async () => {
    const down = `http://127.0.0.1:${await freePort()}`
    const k8s = await cluster()
    const ignored = await run(k8s, { 'prometheus-url': down, metrics: `error-rate: ${ERROR_RATE} < 0.01`, 'no-data': 'ignore' })
    expect(ignored.healthy).toBe(true)
    const failed = await run(k8s, { 'prometheus-url': down, metrics: `error-rate: ${ERROR_RATE} < 0.01`, rollback: 'false' })
    expect(failed).toMatchObject({ healthy: false, rolledBack: false })
    expect(failed.reason).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)/)
    expect(failed.failure).toMatch(/not rolled back: rollback is off/)
  })

  it('reports a query Prometheus refuses with its error', async () => {
    const k8s = await cluster()
    const result = await run(k8s, { 'prometheus-url': prometheus.url, metrics: 'broken: sum(rate(http_requests_total[3s]) < 1', rollback: 'false' })
    expect(result.healthy).toBe(false)
    expect(result.reason).toMatch(/Prometheus refused the query \(bad_data: .*parse error/)
  })
})

describeIf('metrics against a Prometheus that requires authentication', () => {
  const USER = { name: 'grafana-reader', password: 'reader-Secret-2718' }
  let guarded: Prometheus
  beforeAll(async () => {
    guarded = await startPrometheus([service.address], { scrapeIntervalMs: 500, basicAuth: { [USER.name]: USER.password } })
    await guarded.waitFor(ERROR_RATE)
  }, 60_000)
  afterAll(async () => {
    await guarded?.stop()
  })

  it('queries with prometheus-username and prometheus-password', async () => {
    const k8s = await cluster()
    const result = await run(k8s, { 'prometheus-url': guarded.url, 'prometheus-username': USER.name, 'prometheus-password': USER.password, metrics: `error-rate: ${ERROR_RATE} < 0.01` })
    expect(result.healthy).toBe(true)
    expect(result.events.filter((e) => e.kind === 'metric')[0]).toMatchObject({ name: 'error-rate', value: 0, outcome: 'pass' })
  })

  it('says the credentials are missing or refused, rather than that there is no data', async () => {
    const k8s = await cluster()
    const anonymous = await run(k8s, { 'prometheus-url': guarded.url, metrics: `error-rate: ${ERROR_RATE} < 0.01`, rollback: 'false' })
    expect(anonymous.healthy).toBe(false)
    expect(anonymous.reason).toContain(`Prometheus at ${guarded.url} refused a query without credentials (HTTP 401); set prometheus-token, or prometheus-username and prometheus-password`)
    const wrong = await run(k8s, { 'prometheus-url': guarded.url, 'prometheus-username': USER.name, 'prometheus-password': 'not-the-password', metrics: `error-rate: ${ERROR_RATE} < 0.01`, rollback: 'false' })
    expect(wrong.reason).toContain('refused the credentials (HTTP 401)')
  })
})
