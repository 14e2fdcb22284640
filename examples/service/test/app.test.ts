import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createApp } from '../src/app.ts'

async function start(options: Parameters<typeof createApp>[0]): Promise<{ url: string; server: Server }> {
  const server = createServer(createApp(options))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('a freshly started service', () => {
  it('exposes its request counters for / at 0, so an error rate can be computed from its first answers', async () => {
    const { url, server } = await start({ version: '1.2.3', faults: { errorRate: 0, latencyMs: 0 } })
    try {
      const metrics = await (await fetch(`${url}/metrics`)).text()
      assert.match(metrics, /http_requests_total\{path="\/",code="200",version="1\.2\.3"\} 0\n/)
      assert.match(metrics, /http_requests_total\{path="\/",code="500",version="1\.2\.3"\} 0\n/)
      await fetch(url)
      assert.match(await (await fetch(`${url}/metrics`)).text(), /http_requests_total\{path="\/",code="200",version="1\.2\.3"\} 1\n/)
    } finally {
      server.close()
    }
  })
})

describe('the service', () => {
  let url: string
  let server: Server
  before(async () => ({ url, server } = await start({ version: '1.2.3', faults: { errorRate: 0, latencyMs: 0 }, instance: 'web-1', admin: true })))
  after(() => server.close())

  it('answers / with its version and instance', async () => {
    const response = await fetch(url)
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { service: 'example-service', version: '1.2.3', instance: 'web-1' })
  })

  it('answers /healthz', async () => {
    const response = await fetch(`${url}/healthz`)
    assert.deepEqual(await response.json(), { status: 'ok', version: '1.2.3' })
  })

  it('answers 404 for an unknown path and counts it', async () => {
    assert.equal((await fetch(`${url}/nope`)).status, 404)
    const metrics = await (await fetch(`${url}/metrics`)).text()
    assert.match(metrics, /http_requests_total\{path="\/nope",code="404",version="1\.2\.3"\} 1/)
  })

  it('switches on an error rate through the admin endpoint and serves it', async () => {
    const set = await fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 0.5 }) })
    assert.deepEqual(await set.json(), { errorRate: 0.5, latencyMs: 0 })
    const codes = await Promise.all(Array.from({ length: 10 }, async () => (await fetch(url)).status))
    assert.equal(codes.filter((code) => code === 500).length, 5)
    await fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 0 }) })
    assert.equal((await fetch(url)).status, 200)
  })

  it('refuses a bad fault setting, naming the field', async () => {
    const response = await fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 2 }) })
    assert.equal(response.status, 400)
    assert.match(((await response.json()) as { error: string }).error, /errorRate must be a number from 0 to 1/)
    assert.deepEqual(await (await fetch(`${url}/admin/faults`)).json(), { errorRate: 0, latencyMs: 0 })
  })

  it('adds latency and records it in the histogram', async () => {
    await fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify({ latencyMs: 30 }) })
    const begin = Date.now()
    await fetch(url)
    assert.ok(Date.now() - begin >= 25)
    await fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify({ latencyMs: 0 }) })
    const metrics = await (await fetch(`${url}/metrics`)).text()
    assert.match(metrics, /# TYPE http_request_duration_seconds histogram/)
    assert.match(metrics, /http_request_duration_seconds_bucket\{path="\/",version="1\.2\.3",le="0\.025"\} \d+/)
    assert.match(metrics, /http_request_duration_seconds_bucket\{path="\/",version="1\.2\.3",le="\+Inf"\} \d+/)
    assert.match(metrics, /http_request_duration_seconds_count\{path="\/",version="1\.2\.3"\} \d+/)
  })

  it('rejects other methods on the admin endpoint', async () => {
    assert.equal((await fetch(`${url}/admin/faults`, { method: 'DELETE' })).status, 405)
  })
})

describe('the admin endpoint when off', () => {
  it('keeps the faults from the environment', async () => {
    const { url, server } = await start({ version: '2.0.0', faults: { errorRate: 1, latencyMs: 0 } })
    try {
      assert.equal((await fetch(`${url}/admin/faults`, { method: 'PUT', body: '{"errorRate":0}' })).status, 403)
      assert.equal((await fetch(url)).status, 500)
      assert.match(await (await fetch(`${url}/metrics`)).text(), /http_requests_total\{path="\/",code="500",version="2\.0\.0"\} 1/)
    } finally {
      server.close()
    }
  })
})
