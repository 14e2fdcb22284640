/**
 * Writes an OCI 1.1 artifact that refers to a subject manifest (a signature, an attestation) as cosign and oras do:
 * an empty config, its layers, `subject` and `artifactType`, stored under its digest. A registry without the
 * referrers API gets the `sha256-<hex>` fallback index updated instead, so readers find it either way.
 */
import type { RegistryClient } from './client.js'
import { referrersTag, sha256Digest } from './digest.js'
import { OCI_INDEX, OCI_MANIFEST, type Descriptor } from './media-types.js'
import { Readable } from 'node:stream'

export const EMPTY_CONFIG = 'application/vnd.oci.empty.v1+json'
const EMPTY_BYTES = Buffer.from('{}')

export interface ReferrerArtifact {
  artifactType: string
  subject: { mediaType: string; digest: string; size: number }
  layers: { mediaType: string; bytes: Buffer; annotations?: Record<string, string> }[]
  annotations: Record<string, string>
}

/** The artifact's manifest bytes (deterministic for the same input). */
export function referrerManifest(artifact: ReferrerArtifact): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: artifact.artifactType,
    config: { mediaType: EMPTY_CONFIG, digest: sha256Digest(EMPTY_BYTES), size: EMPTY_BYTES.length },
    layers: artifact.layers.map((layer) => ({ mediaType: layer.mediaType, digest: sha256Digest(layer.bytes), size: layer.bytes.length, ...(layer.annotations && { annotations: layer.annotations }) })),
    subject: { mediaType: artifact.subject.mediaType, digest: artifact.subject.digest, size: artifact.subject.size },
    annotations: artifact.annotations
  }
  return Buffer.from(JSON.stringify(manifest))
}

/** Uploads the blobs and the manifest; returns the artifact's descriptor and whether the fallback index was written. */
export async function pushReferrer(client: RegistryClient, repository: string, artifact: ReferrerArtifact): Promise<{ descriptor: Descriptor; fallback: boolean }> {
  const blobs = [EMPTY_BYTES, ...artifact.layers.map((layer) => layer.bytes)]
  for (const [i, bytes] of blobs.entries()) {
    const mediaType = i === 0 ? EMPTY_CONFIG : artifact.layers[i - 1]!.mediaType
    await client.uploadBlob(repository, { mediaType, digest: sha256Digest(bytes), size: bytes.length }, () => Readable.from([bytes]))
  }
  const bytes = referrerManifest(artifact)
  const digest = sha256Digest(bytes)
  await client.putManifest(repository, digest, { bytes, mediaType: OCI_MANIFEST })
  const descriptor: Descriptor = { mediaType: OCI_MANIFEST, digest, size: bytes.length, artifactType: artifact.artifactType, annotations: artifact.annotations }
  const listed = await client.referrers(repository, artifact.subject.digest)
  if (listed.supported || listed.descriptors.some((d) => d.digest === digest)) return { descriptor, fallback: false }
  // No referrers API: the subject's fallback index lists it (read, extended and written back, as cosign and oras do).
  const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...listed.descriptors, descriptor] }
  await client.putManifest(repository, referrersTag(artifact.subject.digest), { bytes: Buffer.from(JSON.stringify(index)), mediaType: OCI_INDEX })
  return { descriptor, fallback: true }
}
