/** The transport against a small scripted registry on 127.0.0.1: challenges, token caching, retries. */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { RegistryError } from '../../../../src/lib/oci/errors.js'
import { classifyRegistryFailure } from '../../../../src/lib/oci/retryable.js'
import { RegistryTransport } from '../../../../src/lib/oci/transport.js'
import { startHttpServer, type LocalServer } from '../../../../local/http-server.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
let server: LocalServer
let host: string
let handler: Handler
const seen: { path: string; authorization?: string }[] = []
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5000 }

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    seen.push({ path: req.url ?? '', ...(req.headers.authorization && { authorization: req.headers.authorization }) })
    handler(req, res)
  })
  host = server.host
})
afterAll(() => server.close())
beforeEach(() => {
  seen.length = 0
})

const get = (transport: RegistryTransport, path = '/v2/', scopes = ['repository:a/b:pull']) =>
  transport.request({ method: 'GET', path, scopes, accept: [200] }).then((r) => r.text())

describe('retries', () => {
  test('a 429 waits as long as Retry-After says, then succeeds', async () => {
    let calls = 0
    handler = (_req, res) => (++calls === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.end('ok'))
    const messages: string[] = []
    const started = Date.now()
    expect(await get(new RegistryTransport(host, { retry: fast, onRetry: (m) => messages.push(m) }))).toBe('ok')
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(messages).toEqual([expect.stringMatching(/^GET \/v2\/: 127\.0\.0\.1:\d+: HTTP 429; try 2 in 1000 ms$/)])
  })

  test('5xx and dropped connections are retried; a lasting failure names the registry', async () => {
    let calls = 0
    handler = (req, res) => {
      calls++
      if (calls === 1) return void req.socket.destroy()
      if (calls === 2) return void res.writeHead(503).end()
      res.end('ok')
    }
    expect(await get(new RegistryTransport(host, { retry: fast }))).toBe('ok')
    handler = (_req, res) => res.writeHead(502).end('{"errors":[{"code":"UNAVAILABLE","message":"down"}]}')
    await expect(get(new RegistryTransport(host, { retry: fast }))).rejects.toThrow(new RegExp(`^${host}: GET /v2/ kept failing: HTTP 502 \\(UNAVAILABLE: down\\)$`))
  })

  test('a refusal is not retried', async () => {
    handler = (_req, res) => res.writeHead(403).end()
    await expect(get(new RegistryTransport(host, { retry: fast }))).rejects.toBeInstanceOf(RegistryError)
    expect(seen).toHaveLength(1)
  })
})

describe('authentication', () => {
  test('Basic: answers the challenge; wrong credentials fail naming the registry but never the password', async () => {
    const good = `Basic ${Buffer.from('alice:right-pass').toString('base64')}`
    handler = (req, res) =>
      req.headers.authorization === good ? res.end('ok') : res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' }).end()
    expect(await get(new RegistryTransport(host, { credentials: { username: 'alice', password: 'right-pass' } }))).toBe('ok')
    const failure = await get(new RegistryTransport(host, { credentials: { username: 'alice', password: 'wrong-pass' } })).catch((e: Error) => e)
    expect(failure).toBeInstanceOf(RegistryError)
    expect((failure as Error).message).toMatch(new RegExp(`^${host}: GET /v2/: authentication failed \\(HTTP 401\\)`))
    expect((failure as Error).message).not.toContain('wrong-pass')
  })

  test('Bearer: exchanges credentials at the realm for a token per scope set, and reuses it', async () => {
    const tokenRequests: string[] = []
    handler = (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname === '/token') {
        tokenRequests.push(`${url.searchParams.get('service')} ${url.searchParams.getAll('scope').join(' ')} ${req.headers.authorization ?? ''}`)
        return void res.end(JSON.stringify({ token: `tok-${tokenRequests.length}`, expires_in: 300 }))
      }
      if (req.headers.authorization?.startsWith('Bearer tok-')) return void res.end('ok')
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="svc"` }).end()
    }
    const transport = new RegistryTransport(host, { credentials: { username: 'u', password: 'p' } })
    await Promise.all([get(transport, '/v2/a/b/tags/list'), get(transport, '/v2/a/b/tags/list'), get(transport, '/v2/a/b/tags/list')])
    await get(transport, '/v2/c/d/tags/list', ['repository:c/d:pull,push'])
    await get(transport, '/v2/a/b/tags/list')
    const basic = `Basic ${Buffer.from('u:p').toString('base64')}`
    expect(tokenRequests).toEqual([`svc repository:a/b:pull ${basic}`, `svc repository:c/d:pull,push ${basic}`])
    expect(transport.tokenRequests).toBe(2)
  })

  test('credentials are never sent to a plain-http token realm off this machine', async () => {
    handler = (_req, res) => res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://auth.example.invalid/token",service="svc"' }).end()
    await expect(get(new RegistryTransport(host, { credentials: { username: 'u', password: 'p' } }))).rejects.toThrow(/refusing to send credentials to the plain-http token realm http:\/\/auth\.example\.invalid/)
  })
})

test('a blob stream that stops moving is dropped as a retryable timeout, not waited on forever', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-length': '1000' })
    res.write('x'.repeat(10)) // then nothing more
  }
  const transport = new RegistryTransport(host, { idleTimeoutMs: 200 })
  const { body } = await transport.stream({ method: 'GET', path: '/v2/a/b/blobs/sha256:x', scopes: [], accept: [200] })
  const failure = await (async () => {
    for await (const _chunk of body) {
      // drain
    }
  })().catch((error: unknown) => error)
  expect(classifyRegistryFailure(failure).retry).toBe(true)
})

test('https unless the registry is loopback or listed as insecure; Docker Hub goes to registry-1', () => {
  expect(new RegistryTransport('ghcr.io').baseUrl).toBe('https://ghcr.io')
  expect(new RegistryTransport('registry.lan:5000', { insecure: true }).baseUrl).toBe('http://registry.lan:5000')
  expect(new RegistryTransport('localhost:5000').baseUrl).toBe('http://localhost:5000')
  expect(new RegistryTransport('docker.io').baseUrl).toBe('https://registry-1.docker.io')
})

describe('registries that cannot be reached', () => {
  test('a host name that does not resolve is a registry error that says so, not a bare "fetch failed"', async () => {
    const failure = get(new RegistryTransport('registry.invalid', { retry: fast }))
    await expect(failure).rejects.toThrow(RegistryError)
    // .invalid never resolves (RFC 6761); a machine without DNS answers EAI_AGAIN, retried, then named the same way.
    await expect(failure).rejects.toThrow(/registry\.invalid.*(does not resolve \(ENOTFOUND\): check the registry in the image reference|connection error EAI_AGAIN .*check the registry address)/)
  })

  test('nothing listening: the address and what to check', async () => {
    await expect(get(new RegistryTransport('127.0.0.1:2', { retry: fast }))).rejects.toThrow(/connection error ECONNREFUSED \(http:\/\/127\.0\.0\.1:2\); check the registry address and that this runner can reach it/)
  })
})
