/**
 * Everything build-push asks a registry, through the shared OCI client: is this commit already built, would a
 * protected tag move, what digest did the push leave, and the extra tags (manifest PUTs, never a second push).
 */
import { RegistryClient, type Manifest } from '../lib/oci/client.js'
import { maskSecret } from '../lib/action/secrets.js'
import { logText } from '../lib/action/log-text.js'
import { dockerConfigCredentials, maskCredentials, maskingSecrets, readDockerConfig } from '../lib/oci/credentials.js'
import type { ImageReference } from '../lib/oci/reference.js'
import { copyTree, loadTree } from '../lib/oci/tree.js'
import type { RetryPolicy } from '../lib/retry.js'
import type { BuildPushInputs } from './inputs.js'
import { LABEL } from './labels.js'

export type ClientFor = (registry: string) => RegistryClient

export function createClients(config: Pick<BuildPushInputs, 'credentials' | 'insecureRegistries'>, retry?: RetryPolicy): ClientFor {
  const dockerConfig = readDockerConfig()
  // Masked before any request or build: the password and the base64 the Basic header (and the auth file) carry.
  if (config.credentials) maskCredentials(config.credentials, maskSecret)
  const cache = new Map<string, RegistryClient>()
  return (registry) => {
    let client = cache.get(registry)
    if (!client) {
      const credentials = config.credentials ?? maskingSecrets(dockerConfigCredentials(dockerConfig, registry), maskSecret)
      client = new RegistryClient(registry, {
        ...(credentials && { credentials }),
        insecure: config.insecureRegistries.includes(registry),
        ...(retry && { retry }),
        onRetry: (message) => logText(`retrying: ${message}`)
      })
      cache.set(registry, client)
    }
    return client
  }
}

export interface StoredImage {
  manifest: Manifest
  /** The `org.opencontainers.image.revision` label of the image (the first real platform of an index). */
  revision: string | undefined
  /** Every label the image carries (the first real platform of an index), as its first build set them. */
  labels: Record<string, string>
  /** Manifests, configs and layers, in bytes. */
  size: number
  /** `os/arch[/variant]` of each real image (attestations left out). */
  platforms: string[]
}

/** The image a tag points at, with its revision label and size; undefined when the tag does not exist. */
export async function readStoredImage(client: RegistryClient, repository: string, reference: string): Promise<StoredImage | undefined> {
  const manifest = await client.getManifest(repository, reference)
  if (!manifest) return undefined
  const tree = await loadTree(client, repository, manifest)
  let size = 0
  const visit = (node: typeof tree): void => {
    size += node.manifest.bytes.length + node.parsed.blobs.reduce((sum, blob) => sum + blob.size, 0)
    node.children.forEach(visit)
  }
  visit(tree)
  // An index may hold attestation manifests (platform unknown/unknown): the labels live on a real image.
  const real = tree.parsed.isIndex ? tree.parsed.manifests.filter((m) => m.platform?.os !== 'unknown') : []
  const image = tree.parsed.isIndex ? tree.children.find((_child, i) => tree.parsed.manifests[i]?.platform?.os !== 'unknown') : tree
  const configDescriptor = image?.parsed.blobs[0]
  let revision: string | undefined
  let labels: Record<string, string> = {}
  let platforms = real.map((m) => platformName(m.platform ?? {}))
  if (configDescriptor && image && !image.parsed.isIndex) {
    const blob = await client.openBlob(repository, configDescriptor.digest)
    const config = (await new Response(blob.body).json()) as { os?: string; architecture?: string; variant?: string; config?: { Labels?: Record<string, string> } }
    labels = config.config?.Labels ?? {}
    revision = labels[LABEL.revision]
    if (!tree.parsed.isIndex) platforms = [platformName(config)]
  }
  return { manifest, revision, labels, size, platforms }
}

export type TagOutcome = 'created' | 'moved' | 'unchanged'

/** Points `tag` at the manifest (the bytes as stored, so the digest is identical). */
export async function tagManifest(client: RegistryClient, repository: string, tag: string, manifest: Manifest): Promise<TagOutcome> {
  const existing = await client.headManifest(repository, tag)
  if (existing?.digest === manifest.digest) return 'unchanged'
  await client.putManifest(repository, tag, manifest)
  return existing ? 'moved' : 'created'
}

/** Makes the image (and, for an index, every platform) exist in another repository: mounts or streamed copies. */
export async function copyImage(source: RegistryClient, from: ImageReference, manifest: Manifest, target: RegistryClient, to: ImageReference): Promise<void> {
  const tree = await loadTree(source, from.repository, manifest)
  await copyTree(tree, source, from.repository, target, to.repository)
}

function platformName(platform: { os?: string; architecture?: string; variant?: string }): string {
  return [platform.os ?? 'linux', platform.architecture ?? 'unknown', platform.variant].filter(Boolean).join('/')
}
