/**
 * The OCI distribution API of one registry: manifests (byte-exact, every media type), blobs (HEAD, cross-repository
 * mount, streamed copy from another registry), and referrers (the API, else the `sha256-<hex>` tag fallback).
 */
import type { Readable } from 'node:stream'
import { DEFAULT_RETRY, withRetry } from '../retry.js'
import { referrersTag, sha256Digest } from './digest.js'
import { RegistryError } from './errors.js'
import { MANIFEST_ACCEPT, OCI_INDEX, parseManifest, type Descriptor } from './media-types.js'
import { createLimiter, type Limiter } from './parallel.js'
import { classifyRegistryFailure } from './retryable.js'
import { pullScope, pushScope, RegistryTransport, type TransportOptions } from './transport.js'

export interface Manifest {
  bytes: Buffer
  mediaType: string
  digest: string
}

export interface ManifestHead {
  digest: string
  mediaType: string
  size: number
}

/** Counts what a client did, so callers can report it (and tests can assert it). */
export interface TransferStats {
  blobsMounted: number
  blobsCopied: number
  blobsSkipped: number
  bytesCopied: number
  manifestsWritten: number
}

/**
 * How blob copies into one repository share the work: `streams` bounds the copies in flight (mounts on one
 * registry; across registries, blob streams); `ahead` bounds the blobs checked and given an upload session while
 * they wait for a stream slot, so few sessions sit idle.
 */
export interface CopySlots {
  readonly streams: Limiter
  readonly ahead: Limiter
}

/**
 * Blobs from this size up are copied socket to socket (socket-pipe.ts), at a fraction of the CPU per byte. Smaller
 * ones share undici's pool with every other stream, where the bytes saved are too few to matter.
 */
const PIPE_MIN_BYTES = 1024 * 1024
const piped = (blob: Descriptor): boolean => blob.size >= PIPE_MIN_BYTES

/** Slots no other copy shares: one blob on its own. */
const ownSlots = (): CopySlots => ({ streams: createLimiter(1), ahead: createLimiter(1) })

export class RegistryClient {
  readonly transport: RegistryTransport
  readonly stats: TransferStats = { blobsMounted: 0, blobsCopied: 0, blobsSkipped: 0, bytesCopied: 0, manifestsWritten: 0 }

  constructor(
    readonly registry: string,
    private readonly options: TransportOptions = {}
  ) {
    this.transport = new RegistryTransport(registry, options)
  }

  /** Obtains authorization for `repository` (push too when `write`), failing early on bad credentials. */
  async checkAccess(repository: string, write: boolean, extraScopes: string[] = []): Promise<void> {
    const scopes = [write ? pushScope(repository) : pullScope(repository), ...extraScopes]
    await this.transport.authenticate(scopes)
    if (!write) return
    const granted = await this.transport.grantedActions(scopes, repository)
    if (granted && !granted.includes('push') && !granted.includes('*')) {
      throw new RegistryError(
        this.registry,
        `the credentials may not push to ${repository} (the token server granted ${granted.length > 0 ? granted.join(', ') : 'no access'})`,
        403
      )
    }
  }

  /** The manifest bytes exactly as stored; undefined when the registry has no such tag or digest. */
  async getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`
    const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], headers: { accept: MANIFEST_ACCEPT }, accept: [200, 404] })
    if (response.status === 404) {
      await response.body?.cancel()
      return undefined
    }
    const bytes = Buffer.from(await response.arrayBuffer())
    const digest = sha256Digest(bytes)
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new RegistryError(this.registry, `the manifest served for ${repository}@${reference} hashes to ${digest}; refusing it`)
    }
    const mediaType = parseManifest(bytes, response.headers.get('content-type') ?? undefined).mediaType
    return { bytes, mediaType, digest }
  }

  /** The digest a tag or digest points at, without the body; undefined when absent. */
  async headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`
    const response = await this.transport.request({ method: 'HEAD', path, scopes: [pullScope(repository)], headers: { accept: MANIFEST_ACCEPT }, accept: [200, 404] })
    if (response.status === 404) return undefined
    const digest = response.headers.get('docker-content-digest')
    if (!digest) {
      // Some registries omit the header on HEAD: the body is the only trustworthy source.
      const manifest = await this.getManifest(repository, reference)
      return manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }
    }
    return { digest, mediaType: response.headers.get('content-type') ?? '', size: Number(response.headers.get('content-length') ?? 0) }
  }

  /** Every tag of a repository (following `Link` pagination); empty when the repository does not exist. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = []
    let path: string | undefined = `/v2/${repository}/tags/list?n=1000`
    while (path) {
      const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], accept: [200, 404] })
      if (response.status === 404) {
        await response.body?.cancel()
        return tags
      }
      const body = (await response.json()) as { tags?: string[] | null }
      tags.push(...(body.tags ?? []))
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1]
      path = next && new URL(next, this.transport.baseUrl).toString()
    }
    return tags
  }

  /**
   * Stores the bytes unchanged under a tag or their digest; returns the digest the registry reports. Bytes are
   * never sent under a digest they do not hash to, so a DIGEST_INVALID answer is the registry's own transient
   * failure and is retried: distribution's filesystem storage rewrites a blob's link file in place whenever the blob
   * is uploaded or mounted again, and a manifest PUT that checks that blob meanwhile reads an empty link and answers
   * DIGEST_INVALID (another job pushing the same base layers is enough).
   */
  async putManifest(repository: string, reference: string, manifest: Pick<Manifest, 'bytes' | 'mediaType'>): Promise<string> {
    const digest = sha256Digest(manifest.bytes)
    if (reference.startsWith('sha256:') && reference !== digest) throw new Error(`refusing to store a manifest that hashes to ${digest} under ${repository}@${reference}`)
    const response = await withRetry(
      () =>
        this.transport.request({
          method: 'PUT',
          path: `/v2/${repository}/manifests/${reference}`,
          scopes: [pushScope(repository)],
          headers: { 'content-type': manifest.mediaType },
          body: () => new Uint8Array(manifest.bytes),
          accept: [200, 201]
        }),
      {
        policy: this.options.retry ?? DEFAULT_RETRY,
        classify: (error) =>
          error instanceof RegistryError && error.status === 400 && error.code === 'DIGEST_INVALID'
            ? { retry: true, reason: `the registry reported a digest mismatch for bytes that hash to ${digest}` }
            : { retry: false },
        onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`PUT /v2/${repository}/manifests/${reference}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
      }
    )
    await response.body?.cancel()
    this.stats.manifestsWritten++
    return response.headers.get('docker-content-digest') ?? digest
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.transport.request({ method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, scopes: [pullScope(repository)], accept: [200, 404] })
    return response.status === 200
  }

  /**
   * Asks the registry to link a blob from another repository (201: no upload). When it will not (202), returns the
   * upload session it opened instead.
   */
  async mountBlob(repository: string, digest: string, fromRepository: string): Promise<{ mounted: true } | { mounted: false; location: string }> {
    const response = await this.transport.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`,
      scopes: [pushScope(repository), pullScope(fromRepository)],
      headers: { 'content-length': '0' },
      accept: [201, 202]
    })
    await response.body?.cancel()
    if (response.status === 201) return { mounted: true }
    return { mounted: false, location: this.location(response) }
  }

  async startUpload(repository: string): Promise<string> {
    const response = await this.transport.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/`,
      scopes: [pushScope(repository)],
      headers: { 'content-length': '0' },
      accept: [202]
    })
    await response.body?.cancel()
    return this.location(response)
  }

  /**
   * A blob as a Node stream (never buffered), with its size. `pipe` reads it through the socket pipe, for a copy
   * that uploads it right away (see PIPE_MIN_BYTES).
   */
  async openBlob(repository: string, digest: string, pipe = false): Promise<{ body: Readable; size: number | undefined }> {
    const { body, headers } = await this.transport.stream({
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      scopes: [pullScope(repository)],
      headers: { 'accept-encoding': 'identity' },
      accept: [200],
      pipe
    })
    const length = headers['content-length']
    return { body, size: length === undefined ? undefined : Number(length) }
  }

  /** Completes an upload session with one streamed PUT; the registry checks the digest. */
  async finishUpload(repository: string, location: string, digest: string, body: Readable, size: number | undefined): Promise<void> {
    const url = new URL(location, this.transport.baseUrl)
    url.searchParams.set('digest', digest)
    const response = await this.transport.stream({
      method: 'PUT',
      path: url.toString(),
      scopes: [pushScope(repository)],
      headers: { 'content-type': 'application/octet-stream', ...(size !== undefined && { 'content-length': String(size) }) },
      body,
      accept: [201, 204]
    })
    response.body.resume()
  }

  /**
   * Makes `descriptor` exist in `repository`: a mount when the source is on this registry; else nothing when the
   * blob is already there, or a stream from `source` straight into an upload (the whole operation is retried).
   * `slots` bounds the work when several blobs are copied at once (see CopySlots); each call is on its own without.
   */
  async ensureBlob(descriptor: Descriptor, repository: string, source: RegistryClient, sourceRepository: string, slots: CopySlots = ownSlots()): Promise<'present' | 'mounted' | 'copied'> {
    const { digest } = descriptor
    const retried = <T>(operation: () => Promise<T>): Promise<T> => this.retriedBlobWrite('copy', repository, digest, operation)

    // On one registry a mount answers 201 whether or not the blob is already linked: a HEAD first would only add a
    // round trip.
    if (source.registry === this.registry) return slots.streams.run(() => retried(() => this.mountOrCopy(descriptor, repository, source, sourceRepository)))

    // Across registries the blob's HEAD and its upload session happen while it waits for a stream slot, so a slot
    // that frees up moves bytes after one round trip (the source GET), not three.
    const leaveAhead = await slots.ahead.acquire()
    let session: Promise<string> | undefined
    let leaveStream: () => void
    try {
      if (await this.hasBlob(repository, digest)) {
        this.stats.blobsSkipped++
        return 'present'
      }
      session = this.startUpload(repository)
      session.catch(() => undefined) // read below, once the stream slot is ours
      leaveStream = await slots.streams.acquire()
    } finally {
      leaveAhead()
    }
    try {
      return await retried(async () => {
        // The first try uses the session opened ahead; a retry opens a fresh one. Either way the source stream opens
        // at the same time, so no round trip is spent on the session alone.
        const opening = session ?? this.startUpload(repository)
        session = undefined
        const [opened, blob] = await Promise.allSettled([opening, source.openBlob(sourceRepository, digest, piped(descriptor))])
        if (opened.status === 'rejected' || blob.status === 'rejected') {
          if (blob.status === 'fulfilled') blob.value.body.destroy()
          throw opened.status === 'rejected' ? opened.reason : (blob as PromiseRejectedResult).reason
        }
        return this.upload(repository, opened.value, descriptor, blob.value)
      })
    } finally {
      leaveStream()
    }
  }

  /** A whole blob write (session, stream, commit), retried as one; a failure on every try names the blob's PUT. */
  private retriedBlobWrite<T>(what: 'copy' | 'upload', repository: string, digest: string, operation: () => Promise<T>): Promise<T> {
    return withRetry(operation, {
      policy: this.options.retry ?? DEFAULT_RETRY,
      classify: classifyRegistryFailure,
      onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`${what} of blob ${digest}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
    }).catch((error: unknown) => {
      throw this.transport.asRegistryError(error, { method: 'PUT', path: `/v2/${repository}/blobs/${digest}` })
    })
  }

  private async mountOrCopy(descriptor: Descriptor, repository: string, source: RegistryClient, sourceRepository: string): Promise<'mounted' | 'copied'> {
    const { digest } = descriptor
    // Credentials that may not read the source repository cannot mount from it: copy through the source client.
    const mount = await this.mountBlob(repository, digest, sourceRepository).catch((error: unknown) => {
      if (error instanceof RegistryError && (error.status === 401 || error.status === 403)) return undefined
      throw error
    })
    if (mount?.mounted) {
      this.stats.blobsMounted++
      return 'mounted'
    }
    const location = mount?.location ?? (await this.startUpload(repository))
    return this.upload(repository, location, descriptor, await source.openBlob(sourceRepository, digest, piped(descriptor)))
  }

  /** Streams an opened source blob into an upload session (the stream is destroyed when the upload fails). */
  private async upload(repository: string, location: string, descriptor: Descriptor, blob: { body: Readable; size: number | undefined }): Promise<'copied'> {
    try {
      await this.finishUpload(repository, location, descriptor.digest, blob.body, blob.size ?? descriptor.size)
    } catch (error) {
      blob.body.destroy()
      throw error
    }
    this.stats.blobsCopied++
    this.stats.bytesCopied += descriptor.size
    return 'copied'
  }

  /**
   * Makes a local blob exist in `repository`: nothing when it is already there, else an upload of `open()`'s stream
   * (a fresh one for every try; the whole upload is retried as `ensureBlob`'s copy is).
   */
  async uploadBlob(repository: string, descriptor: Descriptor, open: () => Readable): Promise<'present' | 'uploaded'> {
    const { digest } = descriptor
    if (await this.hasBlob(repository, digest)) {
      this.stats.blobsSkipped++
      return 'present'
    }
    await this.retriedBlobWrite('upload', repository, digest, async () => {
      const location = await this.startUpload(repository)
      const body = open()
      try {
        await this.finishUpload(repository, location, digest, body, descriptor.size)
      } finally {
        body.destroy()
      }
    })
    this.stats.blobsCopied++
    this.stats.bytesCopied += descriptor.size
    return 'uploaded'
  }

  /**
   * Manifests that name `digest` as their subject. Uses the referrers API; when the registry lacks it, reads the
   * `sha256-<hex>` fallback index. `supported` tells which one answered.
   */
  async referrers(repository: string, digest: string): Promise<{ supported: boolean; descriptors: Descriptor[] }> {
    const response = await this.transport.request({
      method: 'GET',
      path: `/v2/${repository}/referrers/${digest}`,
      scopes: [pullScope(repository)],
      headers: { accept: OCI_INDEX },
      accept: [200, 400, 404, 405]
    })
    if (response.status === 200 && (response.headers.get('content-type') ?? '').includes(OCI_INDEX)) {
      const bytes = Buffer.from(await response.arrayBuffer())
      return { supported: true, descriptors: parseManifest(bytes, OCI_INDEX).manifests }
    }
    await response.body?.cancel()
    const fallback = await this.getManifest(repository, referrersTag(digest))
    return { supported: false, descriptors: fallback ? parseManifest(fallback.bytes, fallback.mediaType).manifests : [] }
  }

  private location(response: Response): string {
    const location = response.headers.get('location')
    if (!location) throw new RegistryError(this.registry, 'the registry opened an upload without a Location header')
    return new URL(location, this.transport.baseUrl).toString()
  }
}
