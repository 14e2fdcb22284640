/** Content digests (sha256) and the tags derived from them. */
import { createHash } from 'node:crypto'

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** The tag the OCI 1.1 referrers fallback uses for a subject: `sha256:abc` -> `sha256-abc`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-')
}
