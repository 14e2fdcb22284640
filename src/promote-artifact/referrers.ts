/**
 * Signatures, SBOMs and attestations attached to the digest: OCI referrers (the API, or the `sha256-<hex>` fallback
 * index) and cosign's tag scheme (`sha256-<hex>.sig`, `.att`, `.sbom`). They are read from the source and written
 * to each other repository after the image itself.
 */
import type { RegistryClient } from '../lib/oci/client.js'
import { referrersTag } from '../lib/oci/digest.js'
import { OCI_INDEX, type Descriptor } from '../lib/oci/media-types.js'
import { mapLimit } from '../lib/oci/parallel.js'
import { copyTree, createCopyScope, loadTree, type CopyScope, type ManifestTree } from '../lib/oci/tree.js'
import type { Attached } from './required-referrers.js'

const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const

export interface SourceReferrers {
  /** Manifests whose subject is the digest. */
  referrers: { descriptor: Descriptor; tree: ManifestTree }[]
  /** cosign tags that exist for the digest. */
  cosignTags: { tag: string; tree: ManifestTree }[]
}

/** What is attached, as require-referrers judges it: artifact types with annotations, and cosign tag suffixes. */
export function attachedOf(found: SourceReferrers): Attached {
  return {
    referrers: found.referrers.map(({ descriptor, tree }) => ({
      artifactType: descriptor.artifactType ?? tree.parsed.artifactType ?? tree.parsed.blobs[0]?.mediaType ?? '',
      // The referrers list copies the manifest's annotations into its descriptors; a fallback index may not.
      annotations: { ...manifestAnnotations(tree), ...descriptor.annotations }
    })),
    cosignSuffixes: found.cosignTags.map(({ tag }) => tag.slice(tag.lastIndexOf('.') + 1))
  }
}

function manifestAnnotations(tree: ManifestTree): Record<string, string> {
  try {
    return (JSON.parse(Buffer.from(tree.manifest.bytes).toString('utf8')) as { annotations?: Record<string, string> }).annotations ?? {}
  } catch {
    return {}
  }
}

export function referrerCount(found: SourceReferrers): number {
  return found.referrers.length + found.cosignTags.length
}

export async function discoverReferrers(client: RegistryClient, repository: string, digest: string): Promise<SourceReferrers> {
  const [{ descriptors }, cosign] = await Promise.all([
    client.referrers(repository, digest),
    Promise.all(COSIGN_SUFFIXES.map(async (suffix) => ({ tag: `${referrersTag(digest)}.${suffix}`, manifest: await client.getManifest(repository, `${referrersTag(digest)}.${suffix}`) })))
  ])
  const loaded = await mapLimit(descriptors, 4, async (descriptor) => {
    const manifest = await client.getManifest(repository, descriptor.digest)
    // The fallback index may name a referrer that was since deleted; there is nothing to carry then.
    return manifest && { descriptor, tree: await loadTree(client, repository, manifest) }
  })
  const referrers = loaded.filter((r) => r !== undefined)
  const cosignTags = await Promise.all(cosign.filter((c) => c.manifest !== undefined).map(async ({ tag, manifest }) => ({ tag, tree: await loadTree(client, repository, manifest!) })))
  return { referrers, cosignTags }
}

/**
 * Copies the referrers to another repository; returns warnings for cosign tags it would not overwrite. Every
 * referrer and cosign tag at once, within `scope` (the one the image was copied in): their blobs within one bound,
 * a blob they share (the empty config) written once.
 */
export async function copyReferrers(
  found: SourceReferrers,
  digest: string,
  source: RegistryClient,
  sourceRepository: string,
  target: RegistryClient,
  targetRepository: string,
  scope: CopyScope = createCopyScope(source.registry === target.registry)
): Promise<string[]> {
  const warnings: string[] = []
  const referrers = (async () => {
    await Promise.all(found.referrers.map(({ tree }) => copyTree(tree, source, sourceRepository, target, targetRepository, { scope })))
    if (found.referrers.length > 0) {
      const existing = await target.referrers(targetRepository, digest)
      if (!existing.supported) await mergeFallbackIndex(target, targetRepository, digest, existing.descriptors, found.referrers.map((r) => r.descriptor))
    }
  })()
  const cosignTags = Promise.all(
    found.cosignTags.map(async ({ tag, tree }) => {
      const current = await target.headManifest(targetRepository, tag)
      if (current?.digest === tree.manifest.digest) return
      if (current) {
        warnings.push(`${target.registry}/${targetRepository}:${tag} already holds other signatures (${current.digest}); left as it is`)
        return
      }
      await copyTree(tree, source, sourceRepository, target, targetRepository, { scope })
      await target.putManifest(targetRepository, tag, tree.manifest)
    })
  )
  await Promise.all([referrers, cosignTags])
  return warnings.sort()
}

async function mergeFallbackIndex(target: RegistryClient, repository: string, digest: string, existing: Descriptor[], added: Descriptor[]): Promise<void> {
  const known = new Set(existing.map((d) => d.digest))
  const missing = added.filter((d) => !known.has(d.digest))
  if (missing.length === 0) return
  const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...existing, ...missing] }
  const bytes = Buffer.from(JSON.stringify(index))
  await target.putManifest(repository, referrersTag(digest), { bytes, mediaType: OCI_INDEX })
}
