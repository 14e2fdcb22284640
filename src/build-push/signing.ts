/** build-push's `sign: key | keyless`: the pushed digest (an index's own digest) signed in every image repository. */
import * as core from '@actions/core'
import type { Manifest } from '../lib/oci/client.js'
import type { ImageReference } from '../lib/oci/reference.js'
import { signInRepositories, type SignatureRecord } from '../lib/signing/sign-in-repositories.js'
import type { Signing } from '../lib/signing/signing-inputs.js'
import type { ClientFor } from './registry.js'

export type { SignatureRecord }

/** Signs `manifest` in every image repository it was pushed to. */
export async function signPushed(signing: Signing, images: ImageReference[], manifest: Manifest, clientFor: ClientFor, insecureRegistries: string[]): Promise<SignatureRecord[]> {
  if (signing.mode === 'none') return []
  const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }
  const targets = images.map((image) => ({ registry: image.registry, repository: image.repository, client: clientFor(image.registry) }))
  return signInRepositories(signing, targets, subject, insecureRegistries, (line) => core.info(line))
}
