/**
 * Canary analysis with Datadog as the metrics provider: the emulated cluster, and Datadog's query API recorded with
 * nock (the answers are computed per query, as Datadog would answer for the canary's and stable's tags).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import nock from 'nock'
import { startEmulator, type Emulator } from '../../support/k8s-emulator/index.js'
import { recordedHttpOnly } from '../../support/recorded-http.js'
import { deployStable, imageOf, inputsFor, replicasOf, runWith } from './setup.js'

const ERRORS = 'sum:trace.http.request.errors{kube_deployment:{{canary}},kube_namespace:{{namespace}}}.as_count() / sum:trace.http.request.hits{kube_deployment:{{canary}},kube_namespace:{{namespace}}}.as_count()'
const KEYS = { 'metrics-provider': 'datadog', 'datadog-site': 'datadoghq.eu', 'datadog-api-key': 'dd-api-key-31', 'datadog-app-key': 'dd-app-key-41' }

let emulator: Emulator
let errorRate: Record<string, number>
let asked: { query: string; from: number; to: number }[]

// The emulator (127.0.0.1) stays reachable; everything else must be recorded.
recordedHttpOnly({ allowLoopback: true })
beforeEach(async () => {
  asked = []
  errorRate = { web: 0.002, 'web-canary': 0.002 }
  nock('https://api.datadoghq.eu', { reqheaders: { 'DD-API-KEY': KEYS['datadog-api-key'], 'DD-APPLICATION-KEY': KEYS['datadog-app-key'] } })
    .persist()
    .get('/api/v1/query')
    .query(true)
    .reply((uri: string) => {
      // nock hands fetch requests to the callback as the Request itself, http ones as the path.
      const params = new URL((uri as unknown as { url?: string }).url ?? uri, 'https://api.datadoghq.eu').searchParams
      const query = params.get('query')!
      const to = Number(params.get('to'))
      asked.push({ query, from: Number(params.get('from')), to })
      const deployment = /kube_deployment:([\w-]+)/.exec(query)![1]!
      return [200, { status: 'ok', res_type: 'time_series', query, series: [{ metric: 'trace.http.request.errors', scope: `kube_deployment:${deployment}`, tag_set: [], pointlist: [[(to - 20) * 1000, errorRate[deployment]], [to * 1000, null]] }] }]
    })
  emulator = await startEmulator()
  deployStable(emulator)
})
afterEach(async () => {
  await emulator.stop()
})

describe('canary analysis on Datadog', () => {
  it('promotes a healthy canary, querying the canary and stable by their tags over the window', async () => {
    const { report } = await runWith(emulator, { image: 'web:2', steps: '25:1m, 100', 'analysis-interval': '30s', metrics: `errors: ${ERRORS} < 0.01 and <= 1.5 * stable + 0.005`, ...KEYS })
    expect(report.result).toBe('promoted')
    const measured = report.measurements.filter((m) => m.name === 'errors')
    expect(measured.length).toBeGreaterThanOrEqual(1)
    expect(measured.every((m) => m.verdict === 'pass' && m.value === 0.002 && m.stableValue === 0.002)).toBe(true)
    expect(measured[0]!.query).toContain('kube_deployment:web-canary,kube_namespace:default')
    expect(measured[0]!.stableQuery).toContain('kube_deployment:web,kube_namespace:default')
    expect(asked.every((a) => a.to - a.from === 60)).toBe(true)
    expect(imageOf(emulator)).toBe('web:2')
  })

  it('aborts a canary whose error rate Datadog reports above the threshold, and restores stable', async () => {
    errorRate['web-canary'] = 0.12
    const { report } = await runWith(emulator, { image: 'web:2', steps: '25:1m, 100', 'analysis-interval': '30s', metrics: `errors: ${ERRORS} < 0.01`, ...KEYS })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toBe('analysis failed at 25%: errors failed (0.12 is not < 0.01)')
    expect(emulator.store.get('Deployment', 'default', 'web-canary')).toBeUndefined()
    expect(replicasOf(emulator, 'web')).toBe(4)
    expect(imageOf(emulator)).toBe('web:1')
  })

  it('refuses the PromQL presets and missing keys before anything runs', () => {
    expect(() => inputsFor({ deployment: 'web', image: 'web:2', metrics: 'error-rate', 'metrics-provider': 'datadog', 'datadog-api-key': 'k', 'datadog-app-key': 'a' })).toThrow(
      "Input 'metrics': got 'error-rate'; expected a full Datadog query: the preset 'error-rate' is PromQL (metrics-provider is datadog)."
    )
    expect(() => inputsFor({ deployment: 'web', image: 'web:2', metrics: `errors: ${ERRORS} < 0.01`, 'metrics-provider': 'datadog' })).toThrow(/Input 'datadog-api-key': got an empty value/)
  })
})
