/**
 * Pushes an OCI image layout (the directory a builder exports to) to a registry through the client: every blob
 * (skipped when present), then the manifests children first, the top one under a tag. Each request is retried as
 * the client retries (bounded, with backoff, honouring Retry-After), so one transient failure does not fail a push.
 */
import { createReadStream, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Manifest, RegistryClient } from './client.js'
import { sha256Digest } from './digest.js'
import { RegistryError } from './errors.js'
import { isForeignLayer, parseManifest, type Descriptor } from './media-types.js'
import { mapLimit } from './parallel.js'

function blobPath(layout: string, digest: string): string {
  const [algorithm, hex] = digest.split(':')
  if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-f0-9]+$/.test(hex)) throw new Error(`${layout}: '${digest}' is not a digest`)
  return path.join(layout, 'blobs', algorithm, hex)
}

/** The manifest the layout's index.json names (it must name exactly one), its bytes checked against its digest. */
export function readLayoutManifest(layout: string): Manifest {
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests?: Descriptor[] }
  const [top, ...more] = index.manifests ?? []
  if (!top || more.length > 0) throw new Error(`${layout}: index.json names ${index.manifests?.length ?? 0} manifests, not one`)
  return readManifest(layout, top)
}

function readManifest(layout: string, descriptor: Descriptor): Manifest {
  const bytes = readFileSync(blobPath(layout, descriptor.digest))
  const digest = sha256Digest(bytes)
  if (digest !== descriptor.digest) throw new Error(`${layout}: the manifest ${descriptor.digest} hashes to ${digest}`)
  return { bytes, digest, mediaType: parseManifest(bytes, descriptor.mediaType).mediaType }
}

/** Pushes the layout's image (an index with all its images) to `repository:tag`; returns the manifest stored. */
export async function pushLayout(client: RegistryClient, layout: string, repository: string, tag: string): Promise<Manifest> {
  const manifest = readLayoutManifest(layout)
  await pushManifest(client, layout, repository, manifest, tag)
  return manifest
}

async function pushManifest(client: RegistryClient, layout: string, repository: string, manifest: Manifest, reference: string): Promise<void> {
  const parsed = parseManifest(manifest.bytes, manifest.mediaType)
  for (const child of parsed.manifests) await pushManifest(client, layout, repository, readManifest(layout, child), child.digest)
  const blobs = parsed.blobs.filter((blob) => !isForeignLayer(blob))
  await mapLimit(blobs, 6, (blob) => client.uploadBlob(repository, blob, () => createReadStream(blobPath(layout, blob.digest))))
  const stored = await client.putManifest(repository, reference, manifest)
  if (stored !== manifest.digest) throw new RegistryError(client.registry, `${repository}:${reference} was stored as ${stored}, not as the pushed ${manifest.digest}`)
}
