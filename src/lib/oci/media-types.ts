/** Manifest media types and the few manifest fields a copy needs (the bytes themselves are never re-serialised). */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'

export const MANIFEST_TYPES = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST] as const
export const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ')

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  urls?: string[]
  artifactType?: string
  annotations?: Record<string, string>
  platform?: { architecture?: string; os?: string; variant?: string }
}

export interface ParsedManifest {
  mediaType: string
  isIndex: boolean
  /** Child manifests of an index. */
  manifests: Descriptor[]
  /** Config and layers of an image manifest. */
  blobs: Descriptor[]
  subject?: Descriptor
  artifactType?: string
}

export function isIndexType(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST
}

/** Layers marked non-distributable (Windows base layers) live elsewhere and are never copied. */
export function isForeignLayer(descriptor: Descriptor): boolean {
  return /nondistributable|foreign/.test(descriptor.mediaType) && (descriptor.urls?.length ?? 0) > 0
}

/** Reads the structure of manifest bytes; `contentType` (the registry's header) wins over the `mediaType` field. */
export function parseManifest(bytes: Uint8Array, contentType?: string): ParsedManifest {
  const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
    mediaType?: string
    manifests?: Descriptor[]
    config?: Descriptor
    layers?: Descriptor[]
    subject?: Descriptor
    artifactType?: string
  }
  const headerType = contentType?.split(';')[0]?.trim()
  const mediaType =
    headerType && (MANIFEST_TYPES as readonly string[]).includes(headerType)
      ? headerType
      : (json.mediaType ?? (json.manifests ? OCI_INDEX : OCI_MANIFEST))
  const isIndex = isIndexType(mediaType) || (json.manifests !== undefined && json.layers === undefined)
  return {
    mediaType,
    isIndex,
    manifests: json.manifests ?? [],
    blobs: [...(json.config ? [json.config] : []), ...(json.layers ?? [])],
    ...(json.subject && { subject: json.subject }),
    ...(json.artifactType && { artifactType: json.artifactType })
  }
}

type Platform = NonNullable<Descriptor['platform']>

/** A platform as `os/architecture[/variant]`. */
export const platformText = (p: Platform): string => [p.os, p.architecture, p.variant].filter(Boolean).join('/')

/**
 * The platform manifests of an index, each with its platform as text: not the attestation manifests buildx adds
 * (platform `unknown/unknown`), nor entries without a platform. A single manifest has none.
 */
export function platformManifests(parsed: ParsedManifest): (Descriptor & { platformText: string })[] {
  return parsed.manifests
    .filter((m) => m.platform?.os && m.platform.os !== 'unknown' && m.platform.architecture && m.platform.architecture !== 'unknown')
    .map((m) => ({ ...m, platformText: platformText(m.platform!) }))
}
