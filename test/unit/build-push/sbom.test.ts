import { expect, test } from '@jest/globals'
import { packageCount, sbomSubjects, syftCommand } from '../../../src/build-push/sbom.js'

test('syft scans the pushed digest from its registry into a file, never checking for updates; plain http and credentials only when needed', () => {
  expect(syftCommand('ghcr.io/acme/web@sha256:1', 'spdx', '/tmp/x/sbom.json', false, undefined)).toEqual({
    argv: ['syft', 'scan', 'registry:ghcr.io/acme/web@sha256:1', '--output', 'spdx-json=/tmp/x/sbom.json', '--quiet'],
    env: { SYFT_CHECK_FOR_APP_UPDATE: 'false' }
  })
  expect(syftCommand('127.0.0.1:5000/a@sha256:1', 'cyclonedx', '/o.json', true, '/run/auth')).toEqual({
    argv: ['syft', 'scan', 'registry:127.0.0.1:5000/a@sha256:1', '--output', 'cyclonedx-json=/o.json', '--quiet'],
    env: { SYFT_CHECK_FOR_APP_UPDATE: 'false', SYFT_REGISTRY_INSECURE_USE_HTTP: 'true', DOCKER_CONFIG: '/run/auth' }
  })
})

test('the package count reads SPDX packages or CycloneDX components', () => {
  expect(packageCount({ packages: [{}, {}] })).toBe(2)
  expect(packageCount({ components: [{}] })).toBe(1)
  expect(packageCount({})).toBe(0)
  expect(packageCount(null)).toBe(0)
})

test('a single-platform image gets one SBOM; an index gets one per platform manifest (not its attestation manifests), each scanned for its platform', () => {
  const manifest = { digest: 'sha256:' + 'a'.repeat(64), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'x', digest: 'sha256:' + '0'.repeat(64), size: 1 }, layers: [] })) }
  expect(sbomSubjects(manifest)).toEqual([{ digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }])
  const child = (hex: string, platform: Record<string, string>) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${hex.repeat(64)}`, size: 500, platform })
  const index = {
    digest: 'sha256:' + 'f'.repeat(64),
    mediaType: 'application/vnd.oci.image.index.v1+json',
    bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [child('1', { os: 'linux', architecture: 'amd64' }), child('2', { os: 'linux', architecture: 'arm', variant: 'v7' }), child('3', { os: 'unknown', architecture: 'unknown' })] }))
  }
  expect(sbomSubjects(index).map((s) => [s.digest.slice(7, 8), s.platform])).toEqual([['1', 'linux/amd64'], ['2', 'linux/arm/v7']])
  expect(syftCommand('r.io/a@sha256:2', 'spdx', '/tmp/o.json', false, undefined, 'linux/arm/v7').argv).toEqual(['syft', 'scan', 'registry:r.io/a@sha256:2', '--platform', 'linux/arm/v7', '--output', 'spdx-json=/tmp/o.json', '--quiet'])
})
