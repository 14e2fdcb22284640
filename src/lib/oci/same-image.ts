/**
 * Whether two image references name the same image, by what they mean rather than how they are written: the same
 * repository and the same digest, where a tag stands for the digest it resolves to. `web:1.2.3` and
 * `web@sha256:…` are the same image when the tag resolves to that digest. Pure: digests the references do not carry
 * are given by the caller (a pod's imageID, a registry lookup).
 */
import type { ImageReference } from './reference.js'

export type SameImage = { same: true; by: 'digest' | 'tag' } | { same: false; why: string } | { same: 'unknown'; needs: ImageReference[] }

/** The repository a reference names, registry included: `docker.io/library/nginx`. */
export function repositoryOf(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}`
}

/** The reference written back in its normalised form: `registry/repository[:tag][@digest]`. */
export function formatReference(reference: ImageReference): string {
  return `${repositoryOf(reference)}${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`
}

/**
 * Compares `a` and `b`. `digestOf` gives the digest a reference stands for when it is known from elsewhere
 * (undefined when not); a reference's own digest wins over its tag, as the container runtime pulls by digest then.
 * When a digest is still missing, the answer names the references to resolve.
 */
export function sameImage(a: ImageReference, b: ImageReference, digestOf: (reference: ImageReference) => string | undefined = () => undefined): SameImage {
  if (repositoryOf(a) !== repositoryOf(b)) return { same: false, why: `${repositoryOf(a)} is another repository than ${repositoryOf(b)}` }
  const da = a.digest ?? digestOf(a)
  const db = b.digest ?? digestOf(b)
  if (da !== undefined && db !== undefined) return da === db ? { same: true, by: 'digest' } : { same: false, why: `${formatReference(a)} is ${da}, ${formatReference(b)} is ${db}` }
  // Same tag and no digest on either side: the same name, which the runtime resolves the same way.
  if (a.digest === undefined && b.digest === undefined && (a.tag ?? 'latest') === (b.tag ?? 'latest')) return { same: true, by: 'tag' }
  return { same: 'unknown', needs: [...(da === undefined ? [a] : []), ...(db === undefined ? [b] : [])] }
}
