/** Canary analysis on an HTTP JSON API (metrics-provider: web): a real server on 127.0.0.1, the emulated cluster. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startHttpServer, type LocalServer } from '../../support/http-server.js'
import { startEmulator, type Emulator } from '../../support/k8s-emulator/index.js'
import { deployStable, imageOf, replicasOf, runWith } from './setup.js'

let emulator: Emulator
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
})
afterAll(() => server.close())
beforeEach(async () => {
  asked.length = 0
  errorRate = { web: 0.01, 'web-canary': 0.01 }
  emulator = await startEmulator()
  deployStable(emulator)
})
afterEach(async () => {
  await emulator.stop()
})

const metric = (condition: string) => `errors: ${base}/slo?service={{canary}}#$.result[0].errorRate ${condition}`

describe('canary analysis on an HTTP JSON API', () => {
  it('compares the canary with stable through the same URL, and promotes', async () => {
    const { report } = await runWith(emulator, { image: 'web:2', steps: '25:1m, 100', 'analysis-interval': '30s', 'metrics-provider': 'web', metrics: metric('<= 1.5 * stable') })
    expect(report.result).toBe('promoted')
    expect(report.measurements[0]).toMatchObject({ name: 'errors', verdict: 'pass', value: 0.01, stableValue: 0.01 })
    expect(new Set(asked)).toEqual(new Set(['web-canary', 'web']))
    expect(imageOf(emulator)).toBe('web:2')
  })

  it('aborts a canary the API reports as failing, and restores stable', async () => {
    errorRate['web-canary'] = 0.3
    const { report } = await runWith(emulator, { image: 'web:2', steps: '25:1m, 100', 'analysis-interval': '30s', 'metrics-provider': 'web', metrics: metric('< 0.05') })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toBe('analysis failed at 25%: errors failed (0.3 is not < 0.05)')
    expect(emulator.store.get('Deployment', 'default', 'web-canary')).toBeUndefined()
    expect(replicasOf(emulator, 'web')).toBe(4)
  })
})
