import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import {
  emptyStreaks,
  httpProbe,
  judgeProbe,
  jsonValueEquals,
  parseExpectedStatus,
  parseJsonPath,
  recordOutcome,
  selectJsonPath,
  statusMatches,
  type ProbeExpectations
} from '../../../../src/lib/probes/index.js'
import { startHttpServer, type LocalServer } from '../../../../local/http-server.js'

describe('expected-status', () => {
  it('reads codes and ranges', () => {
    const parsed = parseExpectedStatus('200-299, 304')
    expect(parsed).toEqual({ ok: true, ranges: [{ from: 200, to: 299 }, { from: 304, to: 304 }] })
    if (!parsed.ok) return
    expect([200, 204, 299, 304].every((s) => statusMatches(parsed.ranges, s))).toBe(true)
    expect([199, 300, 301, 500].some((s) => statusMatches(parsed.ranges, s))).toBe(false)
  })

  it.each([
    ['', 'no status code given'],
    ['2xx', "'2xx' is not a status code"],
    ['600', "'600' is not a status code"],
    ['299-200', 'ends before it starts']
  ])('refuses %j', (text, problem) => {
    const parsed = parseExpectedStatus(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toContain(problem)
  })
})

describe('json-path', () => {
  const doc = { status: 'UP', checks: [{ name: 'db', state: 'ok', up: true }], 'a.b': 3 }
  it.each([
    ['$.status', 'UP'],
    ['status', 'UP'],
    ['$.checks[0].state', 'ok'],
    ['$.checks[0].up', true],
    ["$['a.b']", 3],
    ['$.missing.deeper', undefined],
    ['$.checks[5].state', undefined]
  ])('%s selects %j', (path, value) => {
    const parsed = parseJsonPath(path)
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(selectJsonPath(doc, parsed.segments)).toEqual(value)
  })

  it('refuses filters and wildcards, naming where it stopped', () => {
    const parsed = parseJsonPath('$.checks[?(@.up)]')
    expect(parsed).toEqual({ ok: false, problem: expect.stringContaining("at '[?(@.up)]'") })
  })

  it('compares strings as text and other values as JSON', () => {
    expect(jsonValueEquals('UP', 'UP')).toBe(true)
    expect(jsonValueEquals(true, 'true')).toBe(true)
    expect(jsonValueEquals(3, '3')).toBe(true)
    expect(jsonValueEquals('3', '"3"')).toBe(false)
    expect(jsonValueEquals(undefined, 'undefined')).toBe(false)
  })
})

describe('judgeProbe', () => {
  const expect200: ProbeExpectations = { statuses: [{ from: 200, to: 299 }] }
  const at = 0
  it('passes a matching response', () => {
    expect(judgeProbe({ url: 'u', at, status: 204, latencyMs: 3 }, expect200)).toEqual({ ok: true, reasons: [] })
  })

  it('gives every reason a response fails for', () => {
    const verdict = judgeProbe(
      { url: 'u', at, status: 500, latencyMs: 900, body: '{"status":"DOWN"}' },
      { ...expect200, maxLatencyMs: 500, bodyMatch: /UP/, jsonPath: { text: '$.status', segments: ['status'], expected: 'UP' } }
    )
    expect(verdict.reasons).toEqual(['status 500 (expected 200-299)', 'latency 900 ms (at most 500 ms)', 'body does not match /UP/: \'{"status":"DOWN"}\'', '$.status is "DOWN" (expected "UP")'])
  })

  it('fails a body that is not JSON when a json-path is expected', () => {
    const verdict = judgeProbe({ url: 'u', at, status: 200, latencyMs: 1, body: '<html>' }, { ...expect200, jsonPath: { text: '$.status', segments: ['status'], expected: 'UP' } })
    expect(verdict.reasons).toEqual(["body is not JSON, so $.status cannot be read: '<html>'"])
  })

  it('fails a request without a response with its error', () => {
    expect(judgeProbe({ url: 'u', at, latencyMs: 1, error: 'request failed: ECONNREFUSED' }, expect200)).toEqual({ ok: false, reasons: ['request failed: ECONNREFUSED'] })
  })
})

describe('consecutive failures', () => {
  it('trips only after threshold failures in a row; a pass resets, an ignored outcome does neither', () => {
    let state = emptyStreaks()
    for (const outcome of ['fail', 'fail', 'pass', 'fail', 'ignored', 'fail'] as const) state = recordOutcome(state, 'a', outcome, 3)
    expect(state.tripped).toBeUndefined()
    expect(state.streaks.a).toBe(2)
    state = recordOutcome(state, 'a', 'fail', 3)
    expect(state.tripped).toEqual({ key: 'a', at: 7 })
  })

  it('counts each check separately and keeps the first that tripped', () => {
    let state = emptyStreaks()
    for (let i = 0; i < 3; i++) {
      state = recordOutcome(state, 'a', 'fail', 2)
      state = recordOutcome(state, 'b', i === 0 ? 'pass' : 'fail', 2)
    }
    expect(state.tripped).toEqual({ key: 'a', at: 3 })
  })
})

describe('httpProbe against a real server', () => {
  let server: LocalServer
  let base: string
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('late'), 300)
      else if (req.url === '/big') res.end('x'.repeat(200_000))
      else if (req.url === '/redirect') res.writeHead(302, { location: '/elsewhere' }).end()
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ auth: req.headers.authorization ?? null }))
    })
    base = server.url
  })
  afterAll(() => server.close())

  it('sends the headers and reads status, body and latency', async () => {
    const observation = await httpProbe(`${base}/`, { headers: { Authorization: 'Bearer s3cret' }, timeoutMs: 1000 })
    expect(observation).toMatchObject({ status: 200, body: '{"auth":"Bearer s3cret"}' })
    expect(observation.latencyMs).toBeGreaterThan(0)
  })

  it('times out a slow answer', async () => {
    expect(await httpProbe(`${base}/slow`, { timeoutMs: 50 })).toMatchObject({ error: 'no response within 50 ms' })
  })

  it('does not follow redirects, so a 3xx is judged as such', async () => {
    expect(await httpProbe(`${base}/redirect`, { timeoutMs: 1000 })).toMatchObject({ status: 302 })
  })

  it('reads at most maxBodyBytes', async () => {
    const observation = await httpProbe(`${base}/big`, { timeoutMs: 1000, maxBodyBytes: 1000 })
    expect(observation.body).toHaveLength(1000)
  })

  it('reports a refused connection', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    expect(await httpProbe(`http://127.0.0.1:${port}/`, { timeoutMs: 1000 })).toMatchObject({ error: 'request failed: ECONNREFUSED' })
  })
})
