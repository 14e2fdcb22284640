/**
 * Registry credentials across a redirect, against two real registries on 127.0.0.1: A (htpasswd, behind a fault
 * proxy that redirects) and B (behind its own Bearer token server). A's credentials go to A only; a challenge from B,
 * reached through A's redirect, is refused, and B's token server hears nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startFaultProxy, type FaultProxy } from '../../../../local/registry/fault-proxy.js'
import { haveTools } from '../../../../local/process.js'
import { startRegistry, type Registry } from '../../../../local/registry/registry.js'
import { RegistryError } from '../../../../src/lib/oci/errors.js'
import { pullScope, RegistryTransport } from '../../../../src/lib/oci/transport.js'

const enabled = haveTools('docker-registry', 'htpasswd', 'openssl')
const suite = enabled ? describe : describe.skip
const ALICE = { username: 'alice', password: 'registry-A-Secret-4711' }
let a: Registry
let b: Registry
let proxyA: FaultProxy

beforeAll(async () => {
  if (!enabled) return
  // B would even accept alice's password: the point is that it never gets the chance.
  ;[a, b] = await Promise.all([startRegistry({ kind: 'htpasswd', users: { alice: ALICE.password } }), startRegistry({ kind: 'token', users: { alice: ALICE.password } })])
  proxyA = await startFaultProxy(a.port)
  proxyA.rule = ({ method, path }) => (method === 'GET' && path.startsWith('/v2/team/app/') ? { status: 307, headers: { location: `http://${b.host}${path}` } } : undefined)
}, 60_000)
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), proxyA?.stop()])
})

const transport = (): RegistryTransport => new RegistryTransport(proxyA.host, { credentials: ALICE, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } })

suite('a redirect to another registry that asks for credentials', () => {
  test("a manifest request redirected to B: B's challenge is refused and B's token server receives nothing", async () => {
    const client = transport()
    await client.authenticate([pullScope('team/app')])
    b.tokenServer!.requests.length = 0
    const failure = await client
      .request({ method: 'GET', path: '/v2/team/app/manifests/v1', scopes: [pullScope('team/app')], accept: [200] })
      .catch((error: unknown) => error)
    expect(b.tokenServer!.requests).toEqual([])
    expect(failure).toBeInstanceOf(RegistryError)
    expect((failure as Error).message).toBe(
      `${proxyA.host}: GET /v2/team/app/manifests/v1 was redirected to http://${b.host}, which asks for authentication; ` +
        `the credentials for ${proxyA.host} go only to it and to the token server it names, so this is refused`
    )
    expect((failure as Error).message).not.toContain(ALICE.password)
  })

  test("a blob stream redirected to B: no Authorization goes to B and B's challenge is refused the same way", async () => {
    const client = transport()
    await client.authenticate([pullScope('team/app')])
    b.tokenServer!.requests.length = 0
    const digest = `sha256:${'a'.repeat(64)}`
    const failure = await client.stream({ method: 'GET', path: `/v2/team/app/blobs/${digest}`, scopes: [pullScope('team/app')], accept: [200] }).catch((error: unknown) => error)
    expect((failure as Error).message).toBe(
      `${proxyA.host}: GET /v2/team/app/blobs/${digest} was redirected to http://${b.host}, which asks for authentication; ` +
        `the credentials for ${proxyA.host} go only to it and to the token server it names, so this is refused`
    )
    expect(b.tokenServer!.requests).toEqual([])
  })

  test('without the redirect, A answers with the same credentials (the refusal is about where, not what)', async () => {
    const client = transport()
    const answer = await client.request({ method: 'GET', path: '/v2/', scopes: [], accept: [200] })
    expect(answer.status).toBe(200)
  })
})
