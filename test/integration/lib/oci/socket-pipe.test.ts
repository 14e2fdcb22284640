/**
 * The socket pipe (a large blob's GET piped into its PUT through reused buffers) against real registries on
 * 127.0.0.1: A and B over plain http, each behind the fault proxy, and S over https (a storage back end a blob GET is
 * redirected to). Cuts, refusals, stalls and error answers come from the proxy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import tls from 'node:tls'
import { haveTools } from '../../../../local/process.js'
import { startFaultProxy, type FaultProxy } from '../../../../local/registry/fault-proxy.js'
import { getBlob, uploadBlob } from '../../../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../../../local/registry/registry.js'
import { RegistryClient } from '../../../../src/lib/oci/client.js'
import { classifyRegistryFailure } from '../../../../src/lib/oci/retryable.js'
import { SocketBody, socketGet, socketPut } from '../../../../src/lib/oci/socket-pipe.js'
import { readText } from '../../../../src/lib/oci/stream-http.js'

const enabled = haveTools('docker-registry', 'openssl')
const suite = enabled ? describe : describe.skip
const MB = 1024 * 1024
const bytes = randomBytes(3 * MB + 12345)
const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
const descriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: bytes.length }
let a: Registry
let b: Registry
let s: Registry
let proxyA: FaultProxy
let proxyB: FaultProxy
let n = 0

beforeAll(async () => {
  if (!enabled) return
  ;[a, b, s] = await Promise.all([startRegistry(), startRegistry(), startRegistry({ kind: 'none' }, { tls: true })])
  ;[proxyA, proxyB] = await Promise.all([startFaultProxy(a.port), startFaultProxy(b.port)])
  // Trusted as a system CA would be (NODE_EXTRA_CA_CERTS at a runner's start).
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), s.certificate!])
  await uploadBlob(a.host, 'src/app', bytes)
  await pushOverTls(s.port, 'storage/app', bytes)
}, 60_000)
afterAll(async () => {
  await Promise.all([proxyA?.stop(), proxyB?.stop()])
  await Promise.all([a?.stop(), b?.stop(), s?.stop()])
})
beforeEach(() => {
  proxyA?.reset()
  proxyB?.reset()
})

async function pushOverTls(port: number, repository: string, data: Buffer): Promise<void> {
  const start = await fetch(`https://127.0.0.1:${port}/v2/${repository}/blobs/uploads/`, { method: 'POST' })
  const location = new URL(start.headers.get('location')!, `https://127.0.0.1:${port}`)
  location.searchParams.set('digest', digest)
  const put = await fetch(location, { method: 'PUT', body: data, headers: { 'content-type': 'application/octet-stream' } })
  expect(put.status).toBe(201)
}

/** An upload session on B, through its proxy, with the digest the PUT commits. */
async function session(repository: string): Promise<URL> {
  const start = await fetch(`http://${proxyB.host}/v2/${repository}/blobs/uploads/`, { method: 'POST' })
  const location = new URL(start.headers.get('location')!, `http://${proxyB.host}`)
  location.searchParams.set('digest', digest)
  return location
}

const sourceUrl = (): URL => new URL(`http://${proxyA.host}/v2/src/app/blobs/${digest}`)
const hashOf = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

suite('the socket pipe between two real registries', () => {
  test('a 3 MB blob goes from A into B in one GET and one PUT, and B holds it byte for byte', async () => {
    const repository = `mirror/pipe-${++n}`
    const source = await socketGet(sourceUrl(), {}, 10_000)
    expect(source.status).toBe(200)
    expect(source.body).toBeInstanceOf(SocketBody)
    const answer = await socketPut(await session(repository), { 'content-type': 'application/octet-stream' }, source.body as SocketBody, 10_000)
    expect(answer.status).toBe(201)
    expect(answer.headers['docker-content-digest']).toBe(digest)
    expect(hashOf(await getBlob(b.host, repository, digest))).toBe(digest)
    expect(proxyA.requests.map((r) => [r.method, r.status])).toEqual([['GET', 200]])
    expect(proxyB.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([201])
  })

  test('read as a plain stream, the body is the whole blob', async () => {
    const { body } = await socketGet(sourceUrl(), {}, 10_000)
    const chunks: Buffer[] = []
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      // A slow reader: the socket stops reading while the stream is full, and nothing is lost.
      if (chunks.length % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(hashOf(Buffer.concat(chunks))).toBe(digest)
  })

  test("an error answer reads as text: a missing blob's 404 names BLOB_UNKNOWN", async () => {
    const missing = `sha256:${'0'.repeat(64)}`
    const answer = await socketGet(new URL(`http://${proxyA.host}/v2/src/app/blobs/${missing}`), {}, 10_000)
    expect(answer.status).toBe(404)
    expect(await readText(answer.body)).toContain('BLOB_UNKNOWN')
  })

  test('a source cut off mid-body fails the PUT with an error the retry policy retries, and B keeps nothing', async () => {
    const repository = `mirror/cut-${++n}`
    proxyA.rule = ({ method }) => (method === 'GET' ? { cutAfterBytes: MB } : undefined)
    const source = await socketGet(sourceUrl(), {}, 10_000)
    const failure = await socketPut(await session(repository), {}, source.body as SocketBody, 10_000).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(classifyRegistryFailure(failure)).toMatchObject({ retry: true })
    expect((await fetch(`http://${b.host}/v2/${repository}/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404)
  })

  test('a target that refuses the upload while it streams: its answer comes back with its reason', async () => {
    proxyB.rule = ({ method }) => (method === 'PUT' ? { status: 403 } : undefined)
    const source = await socketGet(sourceUrl(), {}, 10_000)
    const answer = await socketPut(await session(`mirror/refused-${++n}`), {}, source.body as SocketBody, 10_000)
    expect(answer.status).toBe(403)
    expect(await readText(answer.body)).toContain('DENIED')
  })

  test('a source that never answers is given up after the idle timeout, as a retryable stall', async () => {
    proxyA.rule = ({ method }) => (method === 'GET' ? 'stall' : undefined)
    const failure = await socketGet(sourceUrl(), {}, 300).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'ETIMEDOUT' })
    expect(classifyRegistryFailure(failure)).toMatchObject({ retry: true })
  })
})

/** One copy A -> B through both proxies, the upload session opened on B directly (so only the PUT goes through proxy B). */
async function copyOnce(repository: string): Promise<number> {
  const start = await fetch(`http://${b.host}/v2/${repository}/blobs/uploads/`, { method: 'POST' })
  const location = new URL(start.headers.get('location')!, `http://${b.host}`)
  location.host = proxyB.host
  location.searchParams.set('digest', digest)
  const source = await socketGet(sourceUrl(), {}, 10_000)
  return (await socketPut(location, {}, source.body as SocketBody, 10_000)).status
}

suite('connections of the socket pipe', () => {
  test('consecutive copies reuse kept-alive connections: three blobs, at most one new connection to each registry', async () => {
    for (let i = 0; i < 3; i++) expect(await copyOnce(`mirror/kept-${++n}`)).toBe(201)
    expect(proxyA.requests.map((r) => r.status)).toEqual([200, 200, 200])
    expect(proxyA.connections).toBeLessThanOrEqual(1)
    expect(proxyB.connections).toBeLessThanOrEqual(1)
  })

  test('a kept-alive connection the server closed while it was idle is replaced, and the GET goes through', async () => {
    expect(await copyOnce(`mirror/stale-${++n}`)).toBe(201)
    const before = proxyA.connections
    // Closed on the server's side; this end has not read the close yet when the next GET takes the connection.
    proxyA.dropConnections()
    const source = await socketGet(sourceUrl(), {}, 10_000)
    expect(source.status).toBe(200)
    expect(hashOf(Buffer.concat(await source.body.toArray()))).toBe(digest)
    expect(proxyA.connections).toBe(before + 1)
    expect(proxyA.requests.map((r) => r.status)).toEqual([200, 200])
  })
})

suite('a large blob copied by RegistryClient goes through the pipe', () => {
  test('a GET redirected to https storage is followed, piped into B, and B holds the blob', async () => {
    proxyA.rule = ({ method, path }) => (method === 'GET' && path.includes('/blobs/') ? { status: 307, headers: { location: `https://127.0.0.1:${s.port}/v2/storage/app/blobs/${digest}` } } : undefined)
    const target = new RegistryClient(proxyB.host)
    const repository = `mirror/redirected-${++n}`
    expect(await target.ensureBlob(descriptor, repository, new RegistryClient(proxyA.host), 'src/app')).toBe('copied')
    expect(proxyA.requests.filter((r) => r.method === 'GET').map((r) => r.status)).toEqual([307])
    expect(hashOf(await getBlob(b.host, repository, digest))).toBe(digest)
  })

  test('a cut source is retried as a whole copy, and the second try lands', async () => {
    let cuts = 0
    proxyA.rule = ({ method }) => (method === 'GET' && cuts++ === 0 ? { cutAfterBytes: 2 * MB } : undefined)
    const retries: string[] = []
    const target = new RegistryClient(proxyB.host, { onRetry: (message) => retries.push(message), retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } })
    const repository = `mirror/retried-${++n}`
    expect(await target.ensureBlob(descriptor, repository, new RegistryClient(proxyA.host), 'src/app')).toBe('copied')
    expect(retries).toEqual([expect.stringMatching(new RegExp(`^copy of blob ${digest}: connection failed \\(ECONNRESET\\)`))])
    expect(hashOf(await getBlob(b.host, repository, digest))).toBe(digest)
  })
})
