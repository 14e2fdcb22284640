import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import { PrometheusClient } from '../../../../src/lib/metrics/prometheus.js'
import { startHttpServer, type LocalServer } from '../../../../local/http-server.js'

describe('PrometheusClient', () => {
  let server: LocalServer
  let base: string
  const seen: string[] = []
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const query = new URLSearchParams(body).get('query') ?? ''
        seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''} ${query}`)
        if (query === 'bad(') res.writeHead(400).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }))
        else if (query === 'html') res.writeHead(502).end('<html>')
        else res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '42'] }] } }))
      })
    })
    base = `${server.url}/prom`
  })
  afterAll(() => server.close())

  it('POSTs the query to /api/v1/query under the base path with the headers', async () => {
    const client = new PrometheusClient(base, { headers: { authorization: 'Bearer t' } })
    expect(await client.query('up{job="x"}')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 42 }] })
    expect(seen.at(-1)).toBe('POST /prom/api/v1/query Bearer t up{job="x"}')
  })

  it('turns refusals, non-JSON answers and an unreachable server into errors', async () => {
    const client = new PrometheusClient(base)
    expect(await client.query('bad(')).toEqual({ kind: 'error', message: 'Prometheus refused the query (bad_data: parse error)' })
    expect(await client.query('html')).toEqual({ kind: 'error', message: 'Prometheus answered HTTP 502 without a JSON body' })
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    expect(await new PrometheusClient(`http://127.0.0.1:${port}`).query('up')).toEqual({ kind: 'error', message: `Prometheus at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)` })
    expect(await new PrometheusClient('http://127.0.0.1:1').query('up')).toMatchObject({ kind: 'error', message: expect.stringContaining('unreachable (bad port)') })
  })
})
