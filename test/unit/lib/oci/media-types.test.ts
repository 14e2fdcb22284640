import { expect, test } from '@jest/globals'
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, isForeignLayer, parseManifest, platformManifests, platformText } from '../../../../src/lib/oci/media-types.js'
import { referrersTag, sha256Digest } from '../../../../src/lib/oci/digest.js'

const d = (n: number) => `sha256:${String(n).repeat(64)}`
const bytes = (value: object) => Buffer.from(JSON.stringify(value))

test('an image manifest lists config then layers as blobs', () => {
  const parsed = parseManifest(bytes({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: { digest: d(1), size: 1, mediaType: 'c' }, layers: [{ digest: d(2), size: 2, mediaType: 'l' }] }))
  expect(parsed.isIndex).toBe(false)
  expect(parsed.blobs.map((b) => b.digest)).toEqual([d(1), d(2)])
})

test('indexes of both kinds list their children; the header type wins over a missing mediaType field', () => {
  expect(parseManifest(bytes({ schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [{ digest: d(3) }] })).isIndex).toBe(true)
  const oci = parseManifest(bytes({ schemaVersion: 2, manifests: [{ digest: d(4) }] }), `${OCI_INDEX}; charset=utf-8`)
  expect(oci).toMatchObject({ mediaType: OCI_INDEX, isIndex: true })
  expect(parseManifest(bytes({ schemaVersion: 2, layers: [] })).mediaType).toBe(OCI_MANIFEST)
})

test('subject and artifactType of a referrer are read', () => {
  const parsed = parseManifest(bytes({ schemaVersion: 2, artifactType: 'x/sig', config: { digest: d(1) }, layers: [], subject: { digest: d(5), size: 9 } }))
  expect(parsed.subject?.digest).toBe(d(5))
  expect(parsed.artifactType).toBe('x/sig')
})

test('foreign (non-distributable) layers with URLs are recognised', () => {
  expect(isForeignLayer({ mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: d(1), size: 1, urls: ['https://x'] })).toBe(true)
  expect(isForeignLayer({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d(1), size: 1 })).toBe(false)
})

test('digests are of the exact bytes; the fallback tag replaces the colon', () => {
  expect(sha256Digest(Buffer.from(''))).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  expect(sha256Digest(Buffer.from('{"a":1}'))).not.toBe(sha256Digest(Buffer.from('{"a": 1}')))
  expect(referrersTag(d(7))).toBe(`sha256-${'7'.repeat(64)}`)
})

test('the platform manifests of an index leave out attestation manifests (unknown/unknown) and entries without a platform', () => {
  const child = (hex: string, platform?: Record<string, string>) => ({ mediaType: OCI_MANIFEST, digest: `sha256:${hex.repeat(64)}`, size: 1, ...(platform && { platform }) })
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [child('1', { os: 'linux', architecture: 'arm', variant: 'v7' }), child('2', { os: 'unknown', architecture: 'unknown' }), child('3'), child('4', { os: 'linux', architecture: 'amd64' })] }))
  expect(platformManifests(parseManifest(index, OCI_INDEX)).map((m) => [m.digest.slice(7, 8), m.platformText])).toEqual([['1', 'linux/arm/v7'], ['4', 'linux/amd64']])
  expect(platformManifests(parseManifest(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: child('0'), layers: [] })), OCI_MANIFEST))).toEqual([])
})

test('a platform reads os/architecture, with the variant when there is one', () => {
  expect(platformText({ os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe('linux/arm64/v8')
  expect(platformText({ os: 'linux', architecture: 'amd64' })).toBe('linux/amd64')
})
