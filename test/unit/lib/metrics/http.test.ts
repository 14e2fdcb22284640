/**
 * The metric clients across redirects, against two servers on 127.0.0.1 (two origins): a redirect within the origin
 * keeps every header, a redirect to the other origin carries none of the credentials (Prometheus headers, Datadog
 * keys, web headers).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { IncomingHttpHeaders } from 'node:http'
import { startHttpServer, type LocalServer } from '../../../../local/http-server.js'
import { DatadogClient } from '../../../../src/lib/metrics/datadog.js'
import { PrometheusClient } from '../../../../src/lib/metrics/prometheus.js'
import { WebMetricsClient } from '../../../../src/lib/metrics/web.js'

let first: LocalServer
let other: LocalServer
const seenByOther: IncomingHttpHeaders[] = []
const seenByFirst: { path: string; headers: IncomingHttpHeaders }[] = []
let redirectTo: (path: string) => string

const prometheusAnswer = JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [0, '0.5'] } })
const datadogAnswer = JSON.stringify({ status: 'ok', series: [{ pointlist: [[0, 0.5]], scope: '*' }] })

beforeAll(async () => {
  other = await startHttpServer((req, res) => {
    seenByOther.push(req.headers)
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' }).end(req.url?.startsWith('/api/v1/query?') ? datadogAnswer : req.url?.startsWith('/api/v1/query') ? prometheusAnswer : '0.5')
  })
  first = await startHttpServer((req, res) => {
    const path = req.url ?? '/'
    seenByFirst.push({ path, headers: req.headers })
    req.resume()
    if (path.startsWith('/moved/')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(path.includes('query?') ? datadogAnswer : path.includes('query') ? prometheusAnswer : '0.5')
    res.writeHead(307, { location: redirectTo(path) }).end()
  })
})
afterAll(async () => {
  await Promise.all([first.close(), other.close()])
})
beforeEach(() => {
  seenByOther.length = 0
  seenByFirst.length = 0
})

const CREDENTIALS = ['authorization', 'x-scope-orgid', 'dd-api-key', 'dd-application-key', 'x-api-key']

describe('a redirect to another origin', () => {
  beforeEach(() => {
    redirectTo = (path) => `${other.url}${path}`
  })

  it('Prometheus: neither the Authorization nor prometheus-headers follow it', async () => {
    const client = new PrometheusClient(first.url, { headers: { Authorization: 'Bearer prom-Token-4711', 'X-Scope-OrgID': 'tenant-secret' } })
    expect(await client.query('up')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 0.5 }] })
    expect(seenByOther).toHaveLength(1)
    expect(CREDENTIALS.filter((name) => name in seenByOther[0]!)).toEqual([])
  })

  it('Datadog: DD-API-KEY and DD-APPLICATION-KEY do not follow it', async () => {
    const client = new DatadogClient(first.url, 'dd-Api-Key-4711', 'dd-App-Key-0815', { windowMs: 60_000 })
    expect(await client.query('avg:x{*}')).toEqual({ kind: 'samples', samples: [{ labels: { scope: '*' }, value: 0.5 }] })
    expect(seenByOther).toHaveLength(1)
    expect(CREDENTIALS.filter((name) => name in seenByOther[0]!)).toEqual([])
  })

  it('web: web-headers do not follow it', async () => {
    const client = new WebMetricsClient({ headers: { Authorization: 'Bearer web-Token-4711', 'X-Api-Key': 'web-Key-0815' } })
    expect(await client.query(`${first.url}/error-rate`)).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 0.5 }] })
    expect(seenByOther).toHaveLength(1)
    expect(CREDENTIALS.filter((name) => name in seenByOther[0]!)).toEqual([])
  })
})

describe('a redirect within the origin', () => {
  beforeEach(() => {
    redirectTo = (path) => `/moved${path}`
  })

  it('keeps every header, for each client', async () => {
    await new PrometheusClient(first.url, { headers: { Authorization: 'Bearer prom-Token-4711', 'X-Scope-OrgID': 'tenant-a' } }).query('up')
    await new DatadogClient(first.url, 'dd-Api-Key-4711', 'dd-App-Key-0815', { windowMs: 60_000 }).query('avg:x{*}')
    await new WebMetricsClient({ headers: { 'X-Api-Key': 'web-Key-0815' } }).query(`${first.url}/error-rate`)
    const moved = seenByFirst.filter((seen) => seen.path.startsWith('/moved/')).map((seen) => seen.headers)
    expect(moved).toHaveLength(3)
    expect(moved[0]).toMatchObject({ authorization: 'Bearer prom-Token-4711', 'x-scope-orgid': 'tenant-a' })
    expect(moved[1]).toMatchObject({ 'dd-api-key': 'dd-Api-Key-4711', 'dd-application-key': 'dd-App-Key-0815' })
    expect(moved[2]).toMatchObject({ 'x-api-key': 'web-Key-0815' })
  })
})
