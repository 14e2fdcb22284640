import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mergedIndex } from '../../../src/build-push/merge.js'

const d = (c: string) => `sha256:${c.repeat(64)}`
const M = 'application/vnd.oci.image.manifest.v1+json'

describe('merging per-platform digests', () => {
  it('one OCI index with an entry per platform, in the order given, hashed as stored', () => {
    const index = mergedIndex([
      { digest: d('a'), mediaType: M, size: 500, platform: { os: 'linux', architecture: 'amd64' } },
      { digest: d('b'), mediaType: M, size: 501, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }
    ])
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(JSON.parse(index.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: M, digest: d('a'), size: 500, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: M, digest: d('b'), size: 501, platform: { architecture: 'arm', os: 'linux', variant: 'v7' } }
      ]
    })
    expect(index.digest).toBe(`sha256:${createHash('sha256').update(index.bytes).digest('hex')}`)
  })

  it('refuses two images of one platform, naming both digests', () => {
    expect(() => mergedIndex([
      { digest: d('a'), mediaType: M, size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      { digest: d('c'), mediaType: M, size: 1, platform: { os: 'linux', architecture: 'amd64' } }
    ])).toThrow(`Input 'merge-digests': ${d('a')} and ${d('c')} are both linux/amd64; expected one image per platform`)
  })
})
