/**
 * Analysis on real PromQL, the rollout on the real local cluster: the action moves real pods while Debian's
 * prometheus scrapes a stable and a canary instance of the health service (real processes labelled app="web" and
 * app="web-canary", whose error rate and traffic the tests switch mid-run) every 500 ms.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { prometheusBinary, startPrometheus, type Prometheus } from '../../../local/prometheus.js'
import { startHealthService, type HealthService } from '../../../local/services/health-service.js'
import { deployStable, image, imageOf, replicasOf, runWith, stateOf, watchState } from '../../../local/scenarios/canary-deploy.js'

const available = prometheusBinary() !== undefined
const maybe = available ? describe : describe.skip

const RATIO = (code: string) => `sum(rate(http_requests_total{app="{{canary}}",path="/",code=~"${code}"}[2s]))`
const ERRORS = `${RATIO('5..')} / ${RATIO('.*')}`

let prometheus: Prometheus
let stable: HealthService
let canary: HealthService
let kube: KubeTest
let v1: string, v2: string

maybe('canary analysis on real Prometheus', () => {
  beforeAll(async () => {
    stable = await startHealthService({ name: 'web', rps: 100 })
    canary = await startHealthService({ name: 'web-canary', rps: 100 })
    prometheus = await startPrometheus([stable.address, canary.address], { scrapeIntervalMs: 500 })
    await prometheus.waitFor(`rate(http_requests_total{app="web-canary",path="/"}[2s])`)
    ;[v1, v2] = await Promise.all([image('1'), image('2')])
  }, 120_000)
  afterAll(async () => {
    await Promise.all([prometheus?.stop(), stable?.stop(), canary?.stop()])
  })
  beforeEach(async () => {
    kube = await kubeTest('canary-analysis')
    await deployStable(kube)
  })
  afterEach(async () => {
    await kube?.close()
    await Promise.all([stable.set({ errorRate: 0, rps: 100 }), canary.set({ errorRate: 0, rps: 100 })])
  })

  const run = (given: Record<string, string>) => runWith(kube, { image: v2, 'analysis-interval': '1s', ...given }, { prometheus: prometheus.url })

  it('promotes a healthy canary through every step, measuring each round', async () => {
    const { report } = await run({ steps: '10:2s, 50:2s, 100', metrics: `errors: ${ERRORS} < 0.05 and <= 1.5 * stable + 0.01`, 'health-urls': canary.healthUrl })
    expect(report.result).toBe('promoted')
    expect(report.history.map((h) => [h.weight, h.analysis])).toEqual([[10, 'pass'], [50, 'pass'], [100, 'none']])
    const errors = report.measurements.filter((m) => m.name === 'errors')
    expect(errors.length).toBeGreaterThanOrEqual(4)
    expect(errors.every((m) => m.verdict === 'pass' && m.value === 0 && m.stableValue === 0)).toBe(true)
    expect(errors[0]!.query).toContain('app="web-canary"')
    expect(errors[0]!.stableQuery).toContain('app="web"')
    expect(report.measurements.filter((m) => m.name === 'health').every((m) => m.value === 200)).toBe(true)
    expect(await imageOf(kube)).toBe(v2)
    expect(await kube.deployment('web-canary')).toBeUndefined()
  })

  it('a canary failing at 25% is aborted at the first analysis round, traffic restored, canary gone', async () => {
    let faultAt = 0
    await watchState(kube, (state) => {
      if (faultAt === 0 && state?.weight === 25) {
        faultAt = Date.now()
        canary.set({ errorRate: 0.5 }).catch(() => {})
      }
    })
    const { report } = await run({ steps: '5:2s, 25:10s, 50:2s, 100', metrics: `errors: ${ERRORS} < 0.05` })
    const abortedAt = Date.now()
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/^analysis failed at 25%: errors failed \(0\.\d+ is not < 0\.05\)$/)
    const at25 = report.measurements.filter((m) => m.weight === 25)
    expect(at25.map((m) => m.verdict)).toEqual(['fail'])
    expect(report.history.map((h) => h.weight)).toEqual([5, 25, 0])
    expect(await stateOf(kube)).toBeUndefined()
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await replicasOf(kube, 'web')).toBe(4)
    expect(await imageOf(kube)).toBe(v1)
    expect(abortedAt - faultAt).toBeLessThan(10_000)
  })

  it('a relative condition passes when stable itself is degraded; the absolute one alone would abort', async () => {
    await Promise.all([stable.set({ errorRate: 0.2 }), canary.set({ errorRate: 0.2 })])
    await prometheus.waitFor(`${ERRORS.replaceAll('{{canary}}', 'web')}`, (v) => v.length > 0 && v[0]! > 0.15)
    const relative = await run({ steps: '20:1s, 100', metrics: `errors: ${ERRORS} <= 1.5 * stable + 0.01` })
    expect(relative.report.result).toBe('promoted')
    const m = relative.report.measurements[0]!
    expect(m.stableValue).toBeGreaterThan(0.1)
    expect(m.condition).toBe('<= 1.5 * stable + 0.01')

    // The next version on the same Deployment, now running v2.
    const absolute = await run({ image: await image('3'), steps: '20:1s, 100', metrics: `errors: ${ERRORS} < 0.05` })
    expect(absolute.report.result).toBe('aborted')
  })

  it('no data holds the step as inconclusive, then fails at inconclusive-timeout (never a silent pass)', async () => {
    await prometheus.waitFor(ERRORS.replaceAll('{{canary}}', 'web-canary'), (v) => v.length > 0)
    await canary.set({ rps: 0 })
    await prometheus.waitFor(ERRORS.replaceAll('{{canary}}', 'web-canary'), (v) => v.length === 0)
    const { report } = await run({ steps: '25:1s, 100', metrics: `errors: ${ERRORS} < 0.05`, 'inconclusive-timeout': '3s' })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/^analysis inconclusive at 25% for [34]s \(inconclusive-timeout\): errors has no data \(canary: the query returned no data\)$/)
    expect(new Set(report.measurements.map((m) => m.verdict))).toEqual(new Set(['no-data']))
    expect(report.history.map((h) => h.analysis)).toEqual(['inconclusive', 'fail'])
    expect(await kube.deployment('web-canary')).toBeUndefined()
  })

  it('a healthy canary that gets traffic late still promotes', async () => {
    // From a known state: traffic seen, then none for a whole rate window.
    await prometheus.waitFor(ERRORS.replaceAll('{{canary}}', 'web-canary'), (v) => v.length > 0)
    await canary.set({ rps: 0 })
    await prometheus.waitFor(ERRORS.replaceAll('{{canary}}', 'web-canary'), (v) => v.length === 0)
    let scheduled = false
    await watchState(kube, (state) => {
      // Traffic reaches the canary 2.5 s into its step: the first rounds have no data.
      if (!scheduled && state?.weight === 25) {
        scheduled = true
        setTimeout(() => canary.set({ rps: 100 }).catch(() => {}), 2500)
      }
    })
    const { report } = await run({ steps: '25:1s, 100', metrics: `errors: ${ERRORS} < 0.05`, 'inconclusive-timeout': '30s' })
    expect(report.result).toBe('promoted')
    const verdicts = report.measurements.map((m) => m.verdict)
    expect(verdicts[0]).toBe('no-data')
    expect(verdicts.at(-1)).toBe('pass')
  })
})

if (!available) {
  it.skip('canary analysis on real Prometheus: prometheus is not installed (apt-get install -y prometheus)', () => {})
}
