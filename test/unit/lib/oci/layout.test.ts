/** Reading the OCI image layout a builder exported: the one manifest index.json names, its bytes checked. */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sha256Digest } from '../../../../src/lib/oci/digest.js'
import { readLayoutManifest } from '../../../../src/lib/oci/layout.js'
import { OCI_INDEX, OCI_MANIFEST } from '../../../../src/lib/oci/media-types.js'

function layout(manifests: { mediaType: string; bytes: Buffer; digest?: string }[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oci-layout-'))
  mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true })
  const descriptors = manifests.map(({ mediaType, bytes, digest }) => {
    writeFileSync(path.join(dir, 'blobs', 'sha256', sha256Digest(bytes).slice('sha256:'.length)), bytes)
    return { mediaType, digest: digest ?? sha256Digest(bytes), size: bytes.length }
  })
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: descriptors }))
  return dir
}

const image = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 2 }, layers: [] }))
const list = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }))

describe('readLayoutManifest', () => {
  it('the manifest index.json names, bytes as written, with its digest and media type', () => {
    expect(readLayoutManifest(layout([{ mediaType: OCI_MANIFEST, bytes: image }]))).toEqual({ bytes: image, digest: sha256Digest(image), mediaType: OCI_MANIFEST })
    expect(readLayoutManifest(layout([{ mediaType: OCI_INDEX, bytes: list }])).mediaType).toBe(OCI_INDEX)
  })

  it('refuses a layout that names no manifest or several, and bytes that do not hash to their digest', () => {
    expect(() => readLayoutManifest(layout([]))).toThrow('index.json names 0 manifests, not one')
    expect(() => readLayoutManifest(layout([{ mediaType: OCI_MANIFEST, bytes: image }, { mediaType: OCI_INDEX, bytes: list }]))).toThrow('names 2 manifests')
    const dir = layout([{ mediaType: OCI_MANIFEST, bytes: image }])
    writeFileSync(path.join(dir, 'blobs', 'sha256', sha256Digest(image).slice('sha256:'.length)), list)
    expect(() => readLayoutManifest(dir)).toThrow(`the manifest ${sha256Digest(image)} hashes to ${sha256Digest(list)}`)
  })
})
