/**
 * A manifest with everything it references (an index's child manifests, recursively), read once from the source
 * and copied to a target repository children first, so a registry never sees a manifest before its content.
 */
import type { Manifest, RegistryClient } from './client.js'
import { RegistryError } from './errors.js'
import { isForeignLayer, parseManifest, type ParsedManifest } from './media-types.js'
import { mapLimit } from './parallel.js'

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

export interface CopyOptions {
  /** Blobs in flight at once. */
  concurrency?: number
}

/**
 * Makes the whole tree exist by digest in `targetRepository`. A manifest the target already has is skipped with
 * everything under it (a registry accepts a manifest only once its content is there).
 */
export async function copyTree(
  tree: ManifestTree,
  source: RegistryClient,
  sourceRepository: string,
  target: RegistryClient,
  targetRepository: string,
  options: CopyOptions = {}
): Promise<void> {
  if (await target.headManifest(targetRepository, tree.manifest.digest)) return
  for (const child of tree.children) await copyTree(child, source, sourceRepository, target, targetRepository, options)
  const blobs = tree.parsed.blobs.filter((blob) => !isForeignLayer(blob))
  await mapLimit(blobs, options.concurrency ?? 6, (blob) => target.ensureBlob(blob, targetRepository, source, sourceRepository))
  await target.putManifest(targetRepository, tree.manifest.digest, tree.manifest)
}

function platformOf(platform: { architecture?: string; os?: string; variant?: string } | undefined): string {
  if (!platform) return ''
  return ` (${[platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')})`
}
