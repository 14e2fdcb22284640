/**
 * Canary analysis with Datadog as the metrics provider: the real local cluster, and Datadog's query API recorded with
 * nock (the answers are computed per query, as Datadog would answer for the canary's and stable's tags).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import nock from 'nock'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { recordedHttpOnly } from '../../support/recorded-http.js'
import { deployStable, image, imageOf, inputsFor, replicasOf, runWith } from '../../../local/scenarios/canary-deploy.js'

const ERRORS = 'sum:trace.http.request.errors{kube_deployment:{{canary}},kube_namespace:{{namespace}}}.as_count() / sum:trace.http.request.hits{kube_deployment:{{canary}},kube_namespace:{{namespace}}}.as_count()'
const KEYS = { 'metrics-provider': 'datadog', 'datadog-site': 'datadoghq.eu', 'datadog-api-key': 'dd-api-key-31', 'datadog-app-key': 'dd-app-key-41' }

let kube: KubeTest
let v1: string, v2: string
let errorRate: Record<string, number>
let asked: { query: string; from: number; to: number }[]

// The cluster and its registry (127.0.0.1) stay reachable; everything else must be recorded.
recordedHttpOnly({ allowLoopback: true })
beforeAll(async () => {
  ;[v1, v2] = await Promise.all([image('1'), image('2')])
}, 120_000)
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
  kube = await kubeTest('canary-datadog')
  await deployStable(kube)
})
afterEach(async () => {
  await kube?.close()
})

describe('canary analysis on Datadog', () => {
  it('promotes a healthy canary, querying the canary and stable by their tags over the window', async () => {
    const { report } = await runWith(kube, { image: v2, steps: '25:2s, 100', 'analysis-interval': '1s', metrics: `errors: ${ERRORS} < 0.01 and <= 1.5 * stable + 0.005`, ...KEYS })
    expect(report.result).toBe('promoted')
    const measured = report.measurements.filter((m) => m.name === 'errors')
    expect(measured.length).toBeGreaterThanOrEqual(1)
    expect(measured.every((m) => m.verdict === 'pass' && m.value === 0.002 && m.stableValue === 0.002)).toBe(true)
    expect(measured[0]!.query).toContain(`kube_deployment:web-canary,kube_namespace:${kube.namespace}`)
    expect(measured[0]!.stableQuery).toContain(`kube_deployment:web,kube_namespace:${kube.namespace}`)
    // The query window is datadog-window (1m), whatever the analysis interval.
    expect(asked.every((a) => a.to - a.from === 60)).toBe(true)
    expect(await imageOf(kube)).toBe(v2)
  })

  it('aborts a canary whose error rate Datadog reports above the threshold, and restores stable', async () => {
    errorRate['web-canary'] = 0.12
    const { report } = await runWith(kube, { image: v2, steps: '25:2s, 100', 'analysis-interval': '1s', metrics: `errors: ${ERRORS} < 0.01`, ...KEYS })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toBe('analysis failed at 25%: errors failed (0.12 is not < 0.01)')
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await replicasOf(kube, 'web')).toBe(4)
    expect(await imageOf(kube)).toBe(v1)
  })

  it('refuses the PromQL presets and missing keys before anything runs', () => {
    expect(() => inputsFor({ deployment: 'web', image: 'web:2', metrics: 'error-rate', 'metrics-provider': 'datadog', 'datadog-api-key': 'k', 'datadog-app-key': 'a' })).toThrow(
      "Input 'metrics': got 'error-rate'; expected a full Datadog query: the preset 'error-rate' is PromQL (metrics-provider is datadog)."
    )
    expect(() => inputsFor({ deployment: 'web', image: 'web:2', metrics: `errors: ${ERRORS} < 0.01`, 'metrics-provider': 'datadog' })).toThrow(/Input 'datadog-api-key': got an empty value/)
  })
})
