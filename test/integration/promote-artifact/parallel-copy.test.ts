import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { runAction } from '../../../local/harness.js'
import { startFaultProxy, type FaultProxy } from '../../../local/registry/fault-proxy.js'
import { getBlob, getManifest } from '../../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../../local/registry/registry.js'
import { Seeder, type Descriptor } from '../../../local/registry/seed.js'
import { canRun, skopeoInspect } from './fixture.js'

const enabled = canRun()
const suite = enabled ? describe : describe.skip
const MB = 1024 * 1024
let a: Registry
let b: Registry
let proxyA: FaultProxy
let proxyB: FaultProxy
let image: Descriptor
let index: Descriptor
let n = 0

beforeAll(async () => {
  if (!enabled) return
  ;[a, b] = await Promise.all([startRegistry(), startRegistry()])
  ;[proxyA, proxyB] = await Promise.all([startFaultProxy(a.port), startFaultProxy(b.port)])
  const seeder = new Seeder({ host: a.host })
  image = await seeder.image('team/layers', 'build', 12, 2 * MB)
  index = await seeder.index('team/platforms', 'build', ['amd64', 'arm64', 'ppc64le', 's390x'], 3, 256 * 1024)
}, 120_000)
afterAll(async () => {
  await Promise.all([proxyA?.stop(), proxyB?.stop()])
  await Promise.all([a?.stop(), b?.stop()])
})
beforeEach(() => {
  proxyA?.reset()
  proxyB?.reset()
  // A registry that is not on loopback: every request waits, so blob streams that can overlap do.
  if (proxyA) proxyA.latencyMs = proxyB.latencyMs = 20
})

/** Every blob the manifest (and an index's children) names, read back from registry B, hashes to its digest. */
async function assertIntact(repository: string, digest: string): Promise<number> {
  const manifest = await getManifest(b.host, repository, digest)
  expect(manifest?.digest).toBe(digest)
  const parsed = JSON.parse(manifest!.bytes.toString()) as { manifests?: { digest: string }[]; config?: { digest: string }; layers?: { digest: string }[] }
  let blobs = 0
  for (const child of parsed.manifests ?? []) blobs += await assertIntact(repository, child.digest)
  for (const blob of [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])]) {
    const bytes = await getBlob(b.host, repository, blob.digest)
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(blob.digest)
    blobs++
  }
  return blobs
}

suite('promote-artifact streams blobs across registries in parallel, within a bound', () => {
  test('a 12-layer image arrives intact, its layers streamed several at once but never more than 6', async () => {
    const target = `${proxyB.host}/mirror/layers:v${++n}`
    const run = await runAction('promote-artifact', { inputs: { source: `${proxyA.host}/team/layers:build`, 'expected-digest': image.digest, targets: target } })
    expect(run.exitCode).toBe(0)
    expect((await skopeoInspect(`${b.host}/mirror/layers:v${n}`))?.digest).toBe(image.digest)
    expect(await assertIntact('mirror/layers', image.digest)).toBe(13)
    // Each layer went straight from a GET on A into a PUT on B: 13 of each, no temporary copy, no chunked PATCH.
    expect(proxyA.blobRequests().filter((r) => r.method === 'GET')).toHaveLength(13)
    expect(proxyB.blobRequests().filter((r) => r.method === 'PUT')).toHaveLength(13)
    expect(proxyB.blobRequests().filter((r) => r.method === 'PATCH')).toEqual([])
    expect(proxyB.maxBlobStreams).toBeGreaterThan(1)
    expect(proxyB.maxBlobStreams).toBeLessThanOrEqual(6)
    expect(proxyA.maxBlobStreams).toBeLessThanOrEqual(6)
  })

  test('while 6 layers stream, the next 6 are looked up and given upload sessions, so a freed slot moves bytes at once', async () => {
    const target = `${proxyB.host}/mirror/ahead:v${++n}`
    const run = await runAction('promote-artifact', { inputs: { source: `${proxyA.host}/team/layers:build`, 'expected-digest': image.digest, targets: target } })
    expect(run.exitCode).toBe(0)
    expect(await assertIntact('mirror/ahead', image.digest)).toBe(13)
    // Registry B's log, in arrival order: the seventh blob PUT waited for a stream slot, and by then the blobs waiting for one had
    // their HEAD answered and their upload session open (without the look-ahead: 7 sessions, 7 HEADs; the 13th
    // blob may be looked up too, once the seventh takes its slot).
    const requests = proxyB.requests.filter((r) => r.path.includes('/blobs/')).sort((x, y) => x.arrival - y.arrival)
    const seventhPut = requests.map((r, i) => (r.method === 'PUT' ? i : -1)).filter((i) => i >= 0)[6]!
    const before = requests.slice(0, seventhPut)
    expect(before.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(12)
    expect(before.filter((r) => r.method === 'HEAD').length).toBeGreaterThanOrEqual(12)
    expect(proxyB.maxBlobStreams).toBeLessThanOrEqual(6)
    expect(proxyA.maxBlobStreams).toBeLessThanOrEqual(6)
  })

  test('a four-platform index: every platform is copied at once (not one after another), all within the one bound', async () => {
    const target = `${proxyB.host}/mirror/platforms:v${++n}`
    const run = await runAction('promote-artifact', { inputs: { source: `${proxyA.host}/team/platforms:build`, 'expected-digest': index.digest, targets: target } })
    expect(run.exitCode).toBe(0)
    expect((await skopeoInspect(`${b.host}/mirror/platforms:v${n}`))?.digest).toBe(index.digest)
    expect(await assertIntact('mirror/platforms', index.digest)).toBe(16)
    const children = (JSON.parse((await getManifest(a.host, 'team/platforms', index.digest))!.bytes.toString()) as { manifests: { digest: string }[] }).manifests.map((m) => m.digest)
    // Registry B's log: all four platform manifests were looked up before the first of them was written, so no
    // platform waited for another's layers.
    const requests = proxyB.requests.map((r) => `${r.method} ${r.path}`)
    const lookups = children.map((d) => requests.indexOf(`HEAD /v2/mirror/platforms/manifests/${d}`))
    const firstWrite = Math.min(...children.map((d) => requests.indexOf(`PUT /v2/mirror/platforms/manifests/${d}`)))
    expect(lookups.every((i) => i >= 0 && i < firstWrite)).toBe(true)
    expect(proxyB.maxBlobStreams).toBeLessThanOrEqual(6)
    expect(proxyA.maxBlobStreams).toBeLessThanOrEqual(6)
  })
})
