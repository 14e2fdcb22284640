/** The Datadog query client against Datadog's API, recorded with nock (response shapes from the v1 query API). */
import { describe, expect, it } from '@jest/globals'
import nock from 'nock'
import { DatadogClient, interpretSeries } from '../../../../src/lib/metrics/datadog.js'
import { recordedHttpOnly } from '../../../support/recorded-http.js'

const NOW = Date.parse('2026-11-22T07:00:00Z')
const client = (site = 'datadoghq.eu') => new DatadogClient(site, 'api-key-123', 'app-key-456', { windowMs: 60_000, now: () => NOW, timeoutMs: 2000 })
const QUERY = 'sum:trace.http.request.errors{kube_deployment:web-canary}.as_count() / sum:trace.http.request.hits{kube_deployment:web-canary}.as_count()'

recordedHttpOnly()

describe('Datadog metric queries', () => {
  it('asks the site for the last window with both keys, and takes each series last point', async () => {
    const scope = nock('https://api.datadoghq.eu', { reqheaders: { 'DD-API-KEY': 'api-key-123', 'DD-APPLICATION-KEY': 'app-key-456' } })
      .get('/api/v1/query')
      .query({ from: String(NOW / 1000 - 60), to: String(NOW / 1000), query: QUERY })
      .reply(200, {
        status: 'ok',
        res_type: 'time_series',
        query: QUERY,
        series: [
          { metric: 'trace.http.request.errors', scope: 'kube_deployment:web-canary', tag_set: ['kube_deployment:web-canary'], pointlist: [[NOW - 40_000, 0.01], [NOW - 20_000, 0.31], [NOW, null]] }
        ]
      })
    expect(await client().query(QUERY)).toEqual({ kind: 'samples', samples: [{ labels: { scope: 'kube_deployment:web-canary', kube_deployment: 'web-canary' }, value: 0.31 }] })
    expect(scope.isDone()).toBe(true)
  })

  it('reads no series, or only empty points, as no data', async () => {
    nock('https://api.datadoghq.com').get('/api/v1/query').query(true).reply(200, { status: 'ok', series: [] })
    expect(await client('datadoghq.com').query(QUERY)).toEqual({ kind: 'empty' })
    expect(interpretSeries([{ pointlist: [[NOW, null]] }, { pointlist: [] }])).toEqual({ kind: 'empty' })
  })

  it('names the keys and the scope they need when Datadog refuses them', async () => {
    nock('https://api.datadoghq.eu').get('/api/v1/query').query(true).reply(403, { errors: ['Forbidden'] })
    const result = await client().query(QUERY)
    expect(result).toEqual({ kind: 'error', message: expect.stringContaining('Datadog at https://api.datadoghq.eu refused the keys (HTTP 403: Forbidden); check datadog-api-key, datadog-app-key (it needs the timeseries_query scope) and datadog-site') })
  })

  it('reports a bad query and rate limiting as errors the no-data policy weighs', async () => {
    nock('https://api.datadoghq.eu').get('/api/v1/query').query(true).reply(400, { status: 'error', error: "Error parsing query: unable to parse sum:trace{: Rule 'scope_expr' didn't match" })
    expect(await client().query('sum:trace{')).toEqual({ kind: 'error', message: expect.stringContaining("Datadog refused the query (HTTP 400: Error parsing query") })
    nock('https://api.datadoghq.eu').get('/api/v1/query').query(true).reply(429, { errors: ['Too many requests'] })
    expect(await client().query(QUERY)).toEqual({ kind: 'error', message: 'Datadog rate-limited the query (HTTP 429); lengthen analysis-interval' })
  })

  it('says when the site cannot be reached', async () => {
    // An Error (a plain object makes nock leave native fetch hanging, which only the timeout ended).
    nock('https://api.datadoghq.eu').get('/api/v1/query').query(true).replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND api.datadoghq.eu'), { code: 'ENOTFOUND' }))
    expect(await client().query(QUERY)).toEqual({ kind: 'error', message: 'Datadog at https://api.datadoghq.eu is unreachable (ENOTFOUND)' })
  })
})
