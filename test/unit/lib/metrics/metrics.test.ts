import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import { compare, evaluateCondition, interpretResult, parseCondition, PrometheusClient, type MetricCondition } from '../../../../src/lib/metrics/index.js'
import { startHttpServer, type LocalServer } from '../../../support/http-server.js'

describe('parseCondition', () => {
  it('splits the PromQL from the trailing comparison', () => {
    expect(parseCondition('error-rate', 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) < 0.01')).toEqual({
      ok: true,
      condition: { name: 'error-rate', query: 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))', operator: '<', threshold: 0.01 }
    })
  })

  it('keeps comparisons inside the query and reads two-character operators', () => {
    const parsed = parseCondition('p99', 'histogram_quantile(0.99, x) > 0 <= 2.5e-1')
    expect(parsed).toMatchObject({ ok: true, condition: { query: 'histogram_quantile(0.99, x) > 0', operator: '<=', threshold: 0.25 } })
    expect(parseCondition('up', 'up == 1')).toMatchObject({ condition: { operator: '==', threshold: 1 } })
    expect(parseCondition('up', 'up != -1')).toMatchObject({ condition: { operator: '!=', threshold: -1 } })
  })

  it.each([
    ['rate', 'sum(x)', 'does not end with a comparison'],
    ['rate', '< 1', 'does not end with a comparison'],
    ['bad name', 'x < 1', "the name 'bad name'"]
  ])('refuses %s: %s', (name, expression, problem) => {
    const parsed = parseCondition(name, expression)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toContain(problem)
  })

  it('compares with every operator', () => {
    expect([compare(1, '<', 2), compare(2, '<=', 2), compare(3, '>', 2), compare(2, '>=', 2), compare(2, '==', 2), compare(1, '!=', 2)]).toEqual([true, true, true, true, true, true])
    expect([compare(2, '<', 2), compare(3, '<=', 2), compare(2, '>', 2), compare(1, '>=', 2), compare(1, '==', 2), compare(2, '!=', 2)]).toEqual([false, false, false, false, false, false])
  })
})

describe('evaluateCondition', () => {
  const errorRate: MetricCondition = { name: 'error-rate', query: 'q', operator: '<', threshold: 0.01 }
  it('judges the worst series and reports it', () => {
    const result = interpretResult('vector', [
      { metric: { pod: 'a' }, value: [1, '0.001'] },
      { metric: { pod: 'b' }, value: [1, '0.2'] },
      { metric: { pod: 'c' }, value: [1, '0.05'] }
    ])
    expect(evaluateCondition(errorRate, result, 'fail')).toEqual({ name: 'error-rate', query: 'q', condition: '< 0.01', outcome: 'fail', value: 0.2, labels: { pod: 'b' } })
  })

  it('passes when every series meets the condition, a scalar too', () => {
    expect(evaluateCondition(errorRate, interpretResult('scalar', [1, '0.002']), 'fail')).toMatchObject({ outcome: 'pass', value: 0.002 })
  })

  it.each([
    ['fail', 'fail'],
    ['pass', 'pass'],
    ['ignore', 'ignored']
  ] as const)('an empty result under no-data %s counts as %s', (policy, outcome) => {
    expect(evaluateCondition(errorRate, interpretResult('vector', []), policy)).toMatchObject({ outcome, noData: 'the query returned no data' })
  })

  it('treats NaN (a ratio of two zero rates) as no data, and an unreadable result type as an error', () => {
    expect(interpretResult('vector', [{ metric: {}, value: [1, 'NaN'] }])).toEqual({ kind: 'empty' })
    expect(interpretResult('matrix', [])).toMatchObject({ kind: 'error', message: expect.stringContaining('returned a matrix result') })
    expect(evaluateCondition(errorRate, { kind: 'error', message: 'down' }, 'fail')).toMatchObject({ outcome: 'fail', noData: 'down' })
  })
})

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
