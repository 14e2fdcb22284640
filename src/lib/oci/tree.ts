/**
 * A manifest with everything it references (an index's child manifests, recursively), read once from the source
 * and copied to a target repository children first, so a registry never sees a manifest before its content; blobs
 * stream in parallel within a bound.
 */
import type { Manifest, RegistryClient } from './client.js'
import { RegistryError } from './errors.js'
import { isForeignLayer, parseManifest, type Descriptor, type ParsedManifest } from './media-types.js'
import { createLimiter, mapLimit, type Limiter } from './parallel.js'

export interface ManifestTree {
  manifest: Manifest
  parsed: ParsedManifest
  children: ManifestTree[]
}

export async function loadTree(client: RegistryClient, repository: string, manifest: Manifest): Promise<ManifestTree> {
  const parsed = parseManifest(manifest.bytes, manifest.mediaType)
  const children = await mapLimit(parsed.manifests, 4, async (child) => {
    const loaded = await client.getManifest(repository, child.digest)
    if (!loaded) {
      throw new RegistryError(client.registry, `${repository}@${manifest.digest} lists ${child.digest}${platformOf(child.platform)}, which the registry does not have`)
    }
    return loadTree(client, repository, loaded)
  })
  return { manifest, parsed, children }
}

/** Blob copies in flight at once by default: each is one stream from the source into an upload, never buffered. */
export const DEFAULT_BLOB_CONCURRENCY = 6
/** Cross-repository mounts in flight at once by default (on one registry: no bytes move, only round trips). */
export const DEFAULT_MOUNT_CONCURRENCY = 16

export interface CopyOptions {
  /** Blobs in flight at once (default: 6 streams across registries, 16 mounts on one registry). */
  concurrency?: number
  /** A bound shared with other copies (a tree and its referrers), so their blobs together stay within it. */
  limiter?: Limiter
  /** Skip the PUT of the top manifest by digest: the caller writes it under a tag right after. */
  skipTopManifest?: boolean
}

/**
 * Makes the whole tree exist by digest in `targetRepository`: every platform of an index at once, every blob of the
 * tree within one bound, a blob several platforms share copied once, each manifest once its content is there. A
 * manifest the target already has is skipped with everything under it.
 */
export async function copyTree(
  tree: ManifestTree,
  source: RegistryClient,
  sourceRepository: string,
  target: RegistryClient,
  targetRepository: string,
  options: CopyOptions = {}
): Promise<void> {
  const sameRegistry = source.registry === target.registry
  const limiter = options.limiter ?? createLimiter(options.concurrency ?? (sameRegistry ? DEFAULT_MOUNT_CONCURRENCY : DEFAULT_BLOB_CONCURRENCY))
  const blobs = new Map<string, Promise<unknown>>()
  const ensure = (blob: Descriptor): Promise<unknown> => {
    let pending = blobs.get(blob.digest)
    if (!pending) {
      pending = limiter.run(() => target.ensureBlob(blob, targetRepository, source, sourceRepository))
      blobs.set(blob.digest, pending)
    }
    return pending
  }
  const copy = async (node: ManifestTree, top: boolean): Promise<void> => {
    if (await target.headManifest(targetRepository, node.manifest.digest)) return
    await Promise.all([...node.children.map((child) => copy(child, false)), ...node.parsed.blobs.filter((blob) => !isForeignLayer(blob)).map(ensure)])
    if (!(top && options.skipTopManifest)) await target.putManifest(targetRepository, node.manifest.digest, node.manifest)
  }
  await copy(tree, true)
}

function platformOf(platform: { architecture?: string; os?: string; variant?: string } | undefined): string {
  if (!platform) return ''
  return ` (${[platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')})`
}
