/**
 * Multi-runner builds, the final step: `merge-digests` names the images each matrix job pushed by digest
 * (`push-by-digest`), one platform each, in the first image repository; they are joined into one OCI image index,
 * pushed under the run's first tag and then tagged, signed and reported like a built image. Nothing is built.
 */
import { UserError } from '../lib/action/errors.js'
import type { Manifest, RegistryClient } from '../lib/oci/client.js'
import { OCI_INDEX, parseManifest, platformText } from '../lib/oci/media-types.js'
import { sha256Digest } from '../lib/oci/digest.js'
import { formatReference } from '../lib/oci/reference.js'
import type { Image } from './build.js'
import { conflictMessage, digestConflicts, type ExistingTag } from './immutability.js'
import type { BuildPushInputs } from './inputs.js'
import type { BuildPlan } from './plan.js'
import { choosePushTag } from './preflight.js'
import { readStoredImage, type ClientFor } from './registry.js'
import type { BuildReport } from './summary.js'

export interface Platform {
  os: string
  architecture: string
  variant?: string
}

export interface MergeEntry {
  digest: string
  mediaType: string
  size: number
  platform: Platform
}

/** The OCI index of the entries, in the order given; two entries for one platform are refused. Pure. */
export function mergedIndex(entries: MergeEntry[]): Pick<Manifest, 'bytes' | 'mediaType' | 'digest'> {
  const seen = new Map<string, string>()
  for (const entry of entries) {
    const name = platformText(entry.platform)
    const other = seen.get(name)
    if (other) throw new UserError(`Input 'merge-digests': ${other} and ${entry.digest} are both ${name}; expected one image per platform`)
    seen.set(name, entry.digest)
  }
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: entries.map((e) => ({ mediaType: e.mediaType, digest: e.digest, size: e.size, platform: { architecture: e.platform.architecture, os: e.platform.os, ...(e.platform.variant && { variant: e.platform.variant }) } }))
  }
  const bytes = Buffer.from(JSON.stringify(index))
  return { bytes, mediaType: OCI_INDEX, digest: sha256Digest(bytes) }
}

/** Each digest's image and its platform (from its config); an index given is taken apart into its real images. */
export async function readMergeEntries(client: RegistryClient, repository: string, digests: string[]): Promise<MergeEntry[]> {
  const entries: MergeEntry[] = []
  for (const digest of digests) {
    const manifest = await client.getManifest(repository, digest)
    if (!manifest) throw new UserError(`Input 'merge-digests': ${client.registry}/${repository}@${digest} does not exist (was it pushed by digest to the first image repository?)`)
    const parsed = parseManifest(manifest.bytes, manifest.mediaType)
    if (parsed.isIndex) {
      for (const child of parsed.manifests) {
        if (!child.platform || child.platform.os === 'unknown') continue
        entries.push({ digest: child.digest, mediaType: child.mediaType, size: child.size, platform: { os: child.platform.os ?? 'linux', architecture: child.platform.architecture ?? 'unknown', ...(child.platform.variant && { variant: child.platform.variant }) } })
      }
      continue
    }
    const config = parsed.blobs[0]
    if (!config) throw new UserError(`Input 'merge-digests': ${digest} is not an image manifest`)
    const blob = await client.openBlob(repository, config.digest)
    const image = (await new Response(blob.body).json()) as { os?: string; architecture?: string; variant?: string }
    entries.push({ digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length, platform: { os: image.os ?? 'linux', architecture: image.architecture ?? 'unknown', ...(image.variant && { variant: image.variant }) } })
  }
  return entries
}

/** Pushes the merged index under one tag and reads it back: the image the other tags will point at. */
export async function mergeImage(inputs: BuildPushInputs, plan: BuildPlan, existingProtected: ExistingTag[], clientFor: ClientFor, report: BuildReport): Promise<Image> {
  const primary = inputs.images[0]!
  const client = clientFor(primary.registry)
  const entries = await readMergeEntries(client, primary.repository, inputs.mergeDigests)
  const index = mergedIndex(entries)
  const pushTag = choosePushTag(plan.tags.tags, existingProtected)
  const destination = formatReference({ ...primary, tag: pushTag.name })
  report.failedReference = destination
  await client.putManifest(primary.repository, pushTag.name, index)
  delete report.failedReference
  const stored = await readStoredImage(client, primary.repository, pushTag.name)
  if (!stored) throw new UserError(`${destination} is missing from the registry right after the push`)
  report.references.push({ reference: destination, outcome: 'pushed' })
  report.mergedPlatforms = entries.map((e) => platformText(e.platform))
  const late = digestConflicts(existingProtected, stored.manifest.digest)
  if (late.length > 0) throw new UserError(conflictMessage(late))
  return { manifest: stored.manifest, size: stored.size }
}
