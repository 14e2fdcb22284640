/**
 * `verify: signature`: before any write, the source digest must carry a cosign signature that verifies with
 * `public-key` (a Sigstore bundle referrer or a `.sig` tag, checked as `cosign verify --key --insecure-ignore-tlog`
 * checks it). Unsigned, tampered or signed by another key: refused with the reason, nothing written. Reads only.
 */
import * as core from '@actions/core'
import { UserError } from '../lib/action/errors.js'
import { formatReference } from '../lib/oci/reference.js'
import { refusalReason, verifyImageSignatures, type SignatureVerdict } from '../lib/signing/verify-image.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import type { VerifiedSource } from './verify-source.js'

export class SignatureRefusedError extends UserError {
  override name = 'SignatureRefusedError'
}

export interface SignatureCheck {
  /** The signatures that verified. */
  verified: SignatureVerdict[]
  /** Signatures found that did not (another key, altered), each with its reason. */
  rejected: SignatureVerdict[]
}

export async function verifySignature(inputs: PromoteArtifactInputs, clients: Clients, verified: VerifiedSource): Promise<SignatureCheck | undefined> {
  const policy = inputs.verify
  if (!policy.checks.includes('signature') || !policy.publicKey) return undefined
  const { source } = inputs
  const digest = verified.manifest.digest
  const result = await verifyImageSignatures(clients.source, source.repository, digest, policy.publicKey)
  const name = formatReference({ registry: source.registry, repository: source.repository, digest })
  if (!result.verified) throw new SignatureRefusedError(`Refusing to promote ${name}: ${refusalReason(result)}. Nothing was written.`)
  const plain = result.verdicts.map(({ statement: _, ...v }) => v)
  const check = { verified: plain.filter((v) => v.verified), rejected: plain.filter((v) => !v.verified) }
  core.info(`signature of ${name} verified with public-key: ${check.verified.map((v) => `${v.where} (${v.format})`).join(', ')}`)
  for (const v of check.rejected) core.warning(`${name}: a signature that does not verify with public-key is attached too (${v.where}: ${v.why})`)
  return check
}
