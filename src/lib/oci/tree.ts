/**
 * A manifest with everything it references (an index's child manifests, recursively), read once from the source
 * and copied to a target repository children first, so a registry never sees a manifest before its content; blobs
 * stream in parallel within a bound.
 */
import type { CopySlots, Manifest, RegistryClient } from './client.js'
import { RegistryError } from './errors.js'
import { isForeignLayer, parseManifest, platformText, type Descriptor, type ParsedManifest } from './media-types.js'
import { createLimiter, mapLimit } from './parallel.js'
import { preloadStreams } from './stream-http.js'

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

/**
 * Blob copies in flight at once by default: each is one stream from the source into an upload, never buffered; as
 * many more wait for a slot with their HEAD answered and their upload session open.
 */
export const DEFAULT_BLOB_CONCURRENCY = 6
/** Cross-repository mounts in flight at once by default (on one registry: no bytes move, only round trips). */
export const DEFAULT_MOUNT_CONCURRENCY = 16

/**
 * What one promotion writes into one target repository, shared by every tree copied there (the image, each
 * referrer, each cosign tag): one set of slots for blobs in flight (CopySlots), and each blob and manifest written
 * once even when several trees hold it (signatures and SBOMs share the empty config). Writing the same blob twice at once is not
 * only wasted: distribution's filesystem storage rewrites the blob's link in place, and a manifest checked meanwhile
 * is refused with DIGEST_INVALID.
 */
export interface CopyScope {
  readonly slots: CopySlots
  readonly blobs: Map<string, Promise<unknown>>
  readonly manifests: Map<string, Promise<void>>
}

export function createCopyScope(sameRegistry: boolean, concurrency?: number): CopyScope {
  const limit = concurrency ?? (sameRegistry ? DEFAULT_MOUNT_CONCURRENCY : DEFAULT_BLOB_CONCURRENCY)
  return { slots: { streams: createLimiter(limit), ahead: createLimiter(limit) }, blobs: new Map(), manifests: new Map() }
}

export interface CopyOptions {
  /** Blobs in flight at once (default: 6 streams across registries, 16 mounts on one registry); ignored with `scope`. */
  concurrency?: number
  /** Shared with the other trees copied into the same repository (see CopyScope); a scope of its own by default. */
  scope?: CopyScope
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
  const scope = options.scope ?? createCopyScope(source.registry === target.registry, options.concurrency)
  if (source.registry !== target.registry) preloadStreams()
  const once = <T>(map: Map<string, Promise<T>>, key: string, write: () => Promise<T>): Promise<T> => {
    let pending = map.get(key)
    if (!pending) {
      pending = write()
      map.set(key, pending)
    }
    return pending
  }
  const ensure = (blob: Descriptor): Promise<unknown> =>
    once(scope.blobs, blob.digest, () => target.ensureBlob(blob, targetRepository, source, sourceRepository, scope.slots))
  const copy = async (node: ManifestTree, top: boolean): Promise<void> => {
    const content = async (): Promise<boolean> => {
      if (await target.headManifest(targetRepository, node.manifest.digest)) return false
      await Promise.all([...node.children.map((child) => copy(child, false)), ...node.parsed.blobs.filter((blob) => !isForeignLayer(blob)).map(ensure)])
      return true
    }
    // A top manifest written by the caller under a tag is not shared: another tree holding it still writes it.
    if (top && options.skipTopManifest) return void (await content())
    await once(scope.manifests, node.manifest.digest, async () => {
      if (await content()) await target.putManifest(targetRepository, node.manifest.digest, node.manifest)
    })
  }
  await copy(tree, true)
}

function platformOf(platform: { architecture?: string; os?: string; variant?: string } | undefined): string {
  if (!platform) return ''
  return ` (${platformText(platform)})`
}
