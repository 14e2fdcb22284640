/**
 * promote-artifact's bundle against the real registry through the registry fault proxy, when a registry request
 * stalls (no answer at all): the request is given up after its timeout and retried, and the log names the request
 * and the timeout, instead of fetch waiting out its 300 s header timeout.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { startFaultProxy, type FaultProxy } from '../../local/registry/fault-proxy.js'
import { getManifest, putManifest, uploadBlob } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'

const enabled = haveTools('docker-registry')
let registry: Registry
let proxy: FaultProxy
let digest: string
beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }))
  const layer = Buffer.from('a layer')
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await uploadBlob(registry.host, 'acme/web', config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: await uploadBlob(registry.host, 'acme/web', layer), size: layer.length }]
  }
  digest = await putManifest(registry.host, 'acme/web', 'sha-1234567', manifest, manifest.mediaType)
  proxy = await startFaultProxy(registry.port)
}, 60_000)
afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
})

;(enabled ? it : it.skip)('a stalled manifest request is given up after its timeout, retried, and named with it in the log', async () => {
  let stalled = false
  proxy.rule = ({ path }) => {
    if (stalled || !path.includes('/manifests/sha-1234567')) return undefined
    stalled = true
    return 'stall'
  }
  const run = await runAction('promote-artifact', { inputs: { source: `${proxy.host}/acme/web:sha-1234567`, 'expected-digest': digest, targets: 'stable' } })
  expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
  expect(run.exitCode).toBe(0)
  expect(proxy.requests.filter((r) => r.status === 'stall')).toHaveLength(1)
  expect(run.stdout).toMatch(/retrying: (GET|HEAD) \/v2\/acme\/web\/manifests\/sha-1234567: no answer within 30 s; try 2 in \d+ ms/)
  expect((await getManifest(registry.host, 'acme/web', 'stable'))?.digest).toBe(digest)
}, 150_000)
