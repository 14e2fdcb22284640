/**
 * Referrers discovery against a scripted registry on 127.0.0.1: the API when it exists, else the fallback tag; and
 * a manifest is never sent under a digest its bytes do not hash to.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { RegistryClient } from '../../../../src/lib/oci/client.js'
import { OCI_INDEX } from '../../../../src/lib/oci/media-types.js'
import { startHttpServer, type LocalServer } from '../../../../local/http-server.js'

const SUBJECT = `sha256:${'5'.repeat(64)}`
const SIG = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 10, artifactType: 'application/vnd.dev.sig' }
let server: LocalServer
let host: string
let apiSupported = true
let requests = 0
const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [SIG] }))

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    requests++
    if (req.url === `/v2/app/referrers/${SUBJECT}` && apiSupported) return void res.writeHead(200, { 'content-type': OCI_INDEX }).end(index)
    if (req.url === `/v2/app/manifests/${SUBJECT.replace(':', '-')}` && !apiSupported) return void res.writeHead(200, { 'content-type': OCI_INDEX }).end(index)
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NOT_FOUND"}]}')
  })
  host = server.host
})
afterAll(() => server.close())

test('uses the referrers API when the registry has it', async () => {
  apiSupported = true
  expect(await new RegistryClient(host).referrers('app', SUBJECT)).toEqual({ supported: true, descriptors: [SIG] })
})

test('falls back to the sha256-<hex> tag when the API answers 404', async () => {
  apiSupported = false
  expect(await new RegistryClient(host).referrers('app', SUBJECT)).toEqual({ supported: false, descriptors: [SIG] })
})

test('no API and no fallback tag: no referrers', async () => {
  apiSupported = false
  expect(await new RegistryClient(host).referrers('app', `sha256:${'6'.repeat(64)}`)).toEqual({ supported: false, descriptors: [] })
})

test('never stores bytes under a digest they do not hash to: refused before any request', async () => {
  const before = requests
  const bytes = Buffer.from('{"schemaVersion":2}')
  await expect(new RegistryClient(host).putManifest('app', SUBJECT, { bytes, mediaType: OCI_INDEX })).rejects.toThrow(
    `refusing to store a manifest that hashes to sha256:${createHash('sha256').update(bytes).digest('hex')} under app@${SUBJECT}`
  )
  expect(requests).toBe(before)
})
