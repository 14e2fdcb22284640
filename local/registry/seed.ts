/**
 * Pushes synthetic images of a given size straight through the distribution API (independently of src/lib/oci):
 * layers are uncompressed tar archives of one random file each, so an image of hundreds of MB is written in seconds
 * without buildah's storage; a multi-platform index; and referrers (signatures, an SBOM) attached the way a registry
 * without the referrers API holds them (the `sha256-<hex>` fallback index). Open and token registries.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { TokenServer } from './token-server.js'

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  artifactType?: string
  platform?: { architecture: string; os: string }
}

/** Where to push: the registry's host and, for a token registry, the token server and a user allowed to push. */
export interface SeedTarget {
  host: string
  token?: { server: TokenServer; user: string; password: string }
}

export class Seeder {
  private readonly tokens = new Map<string, string>()

  constructor(private readonly target: SeedTarget) {}

  private async headers(repository: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const token = this.target.token
    if (!token) return extra
    let value = this.tokens.get(repository)
    if (!value) {
      const url = new URL(token.server.realm)
      url.searchParams.set('service', token.server.service)
      url.searchParams.set('scope', `repository:${repository}:pull,push`)
      const response = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${token.user}:${token.password}`).toString('base64')}` } })
      if (!response.ok) throw new Error(`token for ${repository}: ${response.status}`)
      value = ((await response.json()) as { token: string }).token
      this.tokens.set(repository, value)
    }
    return { ...extra, authorization: `Bearer ${value}` }
  }

  async blob(repository: string, bytes: Uint8Array): Promise<string> {
    const digest = sha256(bytes)
    const base = `http://${this.target.host}`
    const head = await fetch(`${base}/v2/${repository}/blobs/${digest}`, { method: 'HEAD', headers: await this.headers(repository) })
    if (head.status === 200) return digest
    const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: await this.headers(repository) })
    if (start.status !== 202) throw new Error(`upload start: ${start.status} ${await start.text()}`)
    const location = new URL(start.headers.get('location')!, base)
    location.searchParams.set('digest', digest)
    const put = await fetch(location, { method: 'PUT', body: bytes, headers: await this.headers(repository, { 'content-type': 'application/octet-stream' }) })
    if (put.status !== 201) throw new Error(`upload put: ${put.status} ${await put.text()}`)
    return digest
  }

  async manifest(repository: string, reference: string, body: object, mediaType: string): Promise<Descriptor> {
    const bytes = Buffer.from(JSON.stringify(body))
    const response = await fetch(`http://${this.target.host}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: bytes, headers: await this.headers(repository, { 'content-type': mediaType }) })
    if (response.status !== 201) throw new Error(`manifest put: ${response.status} ${await response.text()}`)
    return { mediaType, digest: sha256(bytes), size: bytes.length }
  }

  /** A single-platform OCI image of `layers` layers of `layerBytes` random bytes each (plus tar framing), tagged. */
  async image(repository: string, tag: string, layers: number, layerBytes: number, architecture = 'amd64'): Promise<Descriptor> {
    const layerDescriptors: Descriptor[] = []
    for (let i = 0; i < layers; i++) {
      // One layer in memory at a time: the seeder's memory is not what a benchmark measures.
      const tar = tarOfOneFile(`layer${i}.bin`, randomBytes(layerBytes))
      layerDescriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: await this.blob(repository, tar), size: tar.length })
    }
    const config = Buffer.from(
      JSON.stringify({ architecture, os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layerDescriptors.map((l) => l.digest) }, history: layerDescriptors.map(() => ({ created_by: 'seed' })) })
    )
    const configDescriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await this.blob(repository, config), size: config.length }
    const descriptor = await this.manifest(repository, tag, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers: layerDescriptors }, OCI_MANIFEST)
    return { ...descriptor, platform: { architecture, os: 'linux' } }
  }

  /** An index of one image per architecture (each `layers` × `layerBytes`), tagged. */
  async index(repository: string, tag: string, architectures: string[], layers: number, layerBytes: number): Promise<Descriptor> {
    const manifests: Descriptor[] = []
    for (const arch of architectures) manifests.push(await this.image(repository, `${tag}-${arch}`, layers, layerBytes, arch))
    return this.manifest(repository, tag, { schemaVersion: 2, mediaType: OCI_INDEX, manifests }, OCI_INDEX)
  }

  /**
   * Attaches artifacts to `subject` (manifests whose subject is it, by digest) and lists them in the `sha256-<hex>`
   * fallback index, as oras attach and cosign do on a registry without the referrers API.
   */
  async attach(repository: string, subject: Descriptor, artifacts: { artifactType: string; mediaType: string; bytes: Uint8Array }[]): Promise<Descriptor[]> {
    const empty = Buffer.from('{}')
    const emptyDigest = await this.blob(repository, empty)
    const attached: Descriptor[] = []
    for (const artifact of artifacts) {
      const layer = { mediaType: artifact.mediaType, digest: await this.blob(repository, artifact.bytes), size: artifact.bytes.length }
      const body = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: artifact.artifactType,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: empty.length },
        layers: [layer],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size }
      }
      const bytes = Buffer.from(JSON.stringify(body))
      const descriptor = await this.manifest(repository, sha256(bytes), body, OCI_MANIFEST)
      attached.push({ ...descriptor, artifactType: artifact.artifactType })
    }
    await this.manifest(repository, subject.digest.replace(':', '-'), { schemaVersion: 2, mediaType: OCI_INDEX, manifests: attached }, OCI_INDEX)
    return attached
  }
}

/** A tar archive holding one regular file (ustar header, the data padded to 512 bytes, two zero blocks). */
export function tarOfOneFile(name: string, data: Uint8Array): Buffer {
  const header = Buffer.alloc(512)
  header.write(name, 0, 100, 'utf8')
  header.write('0000644\0', 100)
  header.write('0000000\0', 108)
  header.write('0000000\0', 116)
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
  header.write('00000000000\0', 136)
  header.write('        ', 148)
  header.write('0', 156)
  header.write('ustar\0', 257)
  header.write('00', 263)
  let sum = 0
  for (const byte of header) sum += byte
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  const padding = (512 - (data.length % 512)) % 512
  return Buffer.concat([header, data, Buffer.alloc(padding + 1024)])
}
