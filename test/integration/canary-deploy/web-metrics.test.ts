/** Canary analysis on an HTTP JSON API (metrics-provider: web): a real server on 127.0.0.1, the real local cluster. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startHttpServer, type LocalServer } from '../../../local/http-server.js'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { deployStable, image, imageOf, replicasOf, runWith } from '../../../local/scenarios/canary-deploy.js'

let kube: KubeTest
let v2: string
let server: LocalServer
let base: string
let errorRate: Record<string, number>
const asked: string[] = []

beforeAll(async () => {
  server = await startHttpServer((request, response) => {
    const service = new URL(request.url ?? '/', 'http://x').searchParams.get('service') ?? ''
    asked.push(service)
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: [{ service, errorRate: errorRate[service] ?? null }] }))
  })
  base = server.url
  v2 = await image('2')
}, 120_000)
afterAll(() => server?.close())
beforeEach(async () => {
  asked.length = 0
  errorRate = { web: 0.01, 'web-canary': 0.01 }
  kube = await kubeTest('canary-web-metrics')
  await deployStable(kube)
})
afterEach(async () => {
  await kube?.close()
})

const metric = (condition: string) => `errors: ${base}/slo?service={{canary}}#$.result[0].errorRate ${condition}`

describe('canary analysis on an HTTP JSON API', () => {
  it('compares the canary with stable through the same URL, and promotes', async () => {
    const { report } = await runWith(kube, { image: v2, steps: '25:2s, 100', 'analysis-interval': '1s', 'metrics-provider': 'web', metrics: metric('<= 1.5 * stable') })
    expect(report.result).toBe('promoted')
    expect(report.measurements[0]).toMatchObject({ name: 'errors', verdict: 'pass', value: 0.01, stableValue: 0.01 })
    expect(new Set(asked)).toEqual(new Set(['web-canary', 'web']))
    expect(await imageOf(kube)).toBe(v2)
  })

  it('aborts a canary the API reports as failing, and restores stable', async () => {
    errorRate['web-canary'] = 0.3
    const { report } = await runWith(kube, { image: v2, steps: '25:2s, 100', 'analysis-interval': '1s', 'metrics-provider': 'web', metrics: metric('< 0.05') })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toBe('analysis failed at 25%: errors failed (0.3 is not < 0.05)')
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await replicasOf(kube, 'web')).toBe(4)
  })
})
