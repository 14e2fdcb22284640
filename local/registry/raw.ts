/**
 * Plain distribution-API calls for test setup and assertions, written independently of src/lib/oci so the tests
 * do not check the client with itself: upload a blob, put a manifest, attach a referrer (signature-like artifact).
 */
import { createHash } from 'node:crypto'

export interface RawAuth {
  /** Value of the Authorization header (Basic only; token registries are seeded through buildah/skopeo). */
  authorization?: string
}

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

function headers(auth: RawAuth | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...(auth?.authorization && { authorization: auth.authorization }) }
}

export async function uploadBlob(host: string, repository: string, bytes: Uint8Array, auth?: RawAuth): Promise<string> {
  const digest = sha256(bytes)
  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: headers(auth) })
  if (start.status !== 202) throw new Error(`upload start: ${start.status} ${await start.text()}`)
  const location = new URL(start.headers.get('location')!, `http://${host}`)
  location.searchParams.set('digest', digest)
  const put = await fetch(location, { method: 'PUT', body: bytes, headers: headers(auth, { 'content-type': 'application/octet-stream' }) })
  if (put.status !== 201) throw new Error(`upload put: ${put.status} ${await put.text()}`)
  return digest
}

export async function putManifest(host: string, repository: string, reference: string, body: object | Uint8Array, mediaType: string, auth?: RawAuth): Promise<string> {
  const bytes = body instanceof Uint8Array ? body : Buffer.from(JSON.stringify(body))
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: bytes, headers: headers(auth, { 'content-type': mediaType }) })
  if (response.status !== 201) throw new Error(`manifest put: ${response.status} ${await response.text()}`)
  return sha256(bytes)
}

export async function getManifest(host: string, repository: string, reference: string, auth?: RawAuth): Promise<{ bytes: Buffer; digest: string; mediaType: string } | undefined> {
  const accept = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
  ].join(', ')
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: headers(auth, { accept }) })
  if (response.status === 404) return undefined
  if (response.status !== 200) throw new Error(`manifest get: ${response.status} ${await response.text()}`)
  const bytes = Buffer.from(await response.arrayBuffer())
  return { bytes, digest: sha256(bytes), mediaType: response.headers.get('content-type') ?? '' }
}

export async function getBlob(host: string, repository: string, digest: string, auth?: RawAuth): Promise<Buffer> {
  const response = await fetch(`http://${host}/v2/${repository}/blobs/${digest}`, { headers: headers(auth) })
  if (response.status !== 200) throw new Error(`blob get: ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}

export async function listTags(host: string, repository: string, auth?: RawAuth): Promise<string[]> {
  const response = await fetch(`http://${host}/v2/${repository}/tags/list`, { headers: headers(auth) })
  if (response.status === 404) return []
  const body = (await response.json()) as { tags?: string[] | null }
  return (body.tags ?? []).sort()
}

/**
 * Attaches a signature-like artifact to `subject` the way a registry without the referrers API holds it: an OCI
 * manifest with `subject`, listed in the `sha256-<hex>` fallback index; plus a cosign-style `sha256-<hex>.sig` tag.
 */
export async function attachReferrers(host: string, repository: string, subject: { digest: string; mediaType: string; size: number }, auth?: RawAuth): Promise<{ signature: string; cosign: string }> {
  const emptyConfig = Buffer.from('{}')
  const configDigest = await uploadBlob(host, repository, emptyConfig, auth)
  const payload = Buffer.from(JSON.stringify({ signed: subject.digest, by: 'test' }))
  const payloadDigest = await uploadBlob(host, repository, payload, auth)
  const artifactType = 'application/vnd.dev.test.signature'
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: configDigest, size: emptyConfig.length },
    layers: [{ mediaType: 'application/vnd.dev.test.signature.v1+json', digest: payloadDigest, size: payload.length }],
    subject
  }
  const bytes = Buffer.from(JSON.stringify(manifest))
  const signature = await putManifest(host, repository, sha256(bytes), bytes, manifest.mediaType, auth)
  const fallbackTag = subject.digest.replace(':', '-')
  await putManifest(
    host,
    repository,
    fallbackTag,
    { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: manifest.mediaType, digest: signature, size: bytes.length, artifactType }] },
    'application/vnd.oci.image.index.v1+json',
    auth
  )
  const sigLayer = Buffer.from('cosign-signature-payload')
  const sigLayerDigest = await uploadBlob(host, repository, sigLayer, auth)
  const cosign = await putManifest(
    host,
    repository,
    `${fallbackTag}.sig`,
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: emptyConfig.length },
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', digest: sigLayerDigest, size: sigLayer.length }]
    },
    'application/vnd.oci.image.manifest.v1+json',
    auth
  )
  return { signature, cosign }
}
