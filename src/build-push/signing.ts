/**
 * build-push's `sign: key`: the pushed digest (an index's own digest) signed in every image repository, as `cosign
 * sign --key` does it. A repository whose copy of the digest already carries a signature that verifies with the key
 * is left as it is.
 */
import { createPublicKey } from 'node:crypto'
import * as core from '@actions/core'
import type { Manifest } from '../lib/oci/client.js'
import { formatReference, isLoopback, type ImageReference } from '../lib/oci/reference.js'
import { signImage } from '../lib/signing/sign-image.js'
import { verifyImageSignatures } from '../lib/signing/verify-image.js'
import type { ClientFor } from './registry.js'
import type { Signing } from './signing-inputs.js'

export interface SignatureRecord {
  /** `registry/repository@digest`, the signed image. */
  image: string
  /** The referrer holding the signature bundle. */
  signature: string
  outcome: 'signed' | 'already signed'
  /** The registry has no referrers API: the `sha256-<hex>` fallback index lists the signature. */
  fallback: boolean
  /** The cosign command that checks it. */
  verify: string
}

/** Signs `manifest` in every image repository it was pushed to. */
export async function signPushed(signing: Signing, images: ImageReference[], manifest: Manifest, clientFor: ClientFor, insecureRegistries: string[]): Promise<SignatureRecord[]> {
  if (signing.mode !== 'key') return []
  const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }
  const records: SignatureRecord[] = []
  for (const image of images) {
    const client = clientFor(image.registry)
    const name = formatReference({ registry: image.registry, repository: image.repository, digest: manifest.digest })
    const verify = cosignVerifyCommand(name, insecureRegistries.includes(image.registry) || isLoopback(image.registry))
    const existing = await verifyImageSignatures(client, image.repository, manifest.digest, createPublicKey(signing.key))
    const valid = existing.verdicts.find((v) => v.verified)
    if (valid) {
      core.info(`${name} already carries a signature by this key (${valid.where}); not signed again`)
      records.push({ image: name, signature: valid.where.replace(/^referrer /, ''), outcome: 'already signed', fallback: false, verify })
      continue
    }
    const signed = await signImage(client, image.repository, subject, signing.key)
    core.info(`signed ${name}: Sigstore bundle ${signed.signature}${signed.fallback ? ` (listed in the ${manifest.digest.replace(':', '-')} fallback index: the registry has no referrers API)` : ''}`)
    records.push({ image: name, signature: signed.signature, outcome: 'signed', fallback: signed.fallback, verify })
  }
  return records
}

/** The command a user runs to check the signature with cosign (v2.5+ or v3), no transparency log being used. */
export function cosignVerifyCommand(image: string, insecure: boolean): string {
  return ['cosign', 'verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ')
}
