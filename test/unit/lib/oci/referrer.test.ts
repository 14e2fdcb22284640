import { expect, test } from '@jest/globals'
import { referrerManifest } from '../../../../src/lib/oci/referrer.js'
import { sha256Digest } from '../../../../src/lib/oci/digest.js'

test('a referrer is an OCI manifest with an empty config, its layers, the subject and the artifact type', () => {
  const layer = Buffer.from('{"bundle":1}')
  const subject = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 321 }
  const manifest = JSON.parse(referrerManifest({ artifactType: 'application/x-sig', subject, layers: [{ mediaType: 'application/x-sig', bytes: layer }], annotations: { k: 'v' } }).toString())
  expect(manifest).toEqual({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: 'application/x-sig',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest(Buffer.from('{}')), size: 2 },
    layers: [{ mediaType: 'application/x-sig', digest: sha256Digest(layer), size: layer.length }],
    subject,
    annotations: { k: 'v' }
  })
})
