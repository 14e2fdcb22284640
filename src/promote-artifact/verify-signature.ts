/**
 * `verify: signature`: before any write, the source digest must carry a cosign signature that verifies with
 * `public-key` (a Sigstore bundle referrer or a `.sig` tag, checked as `cosign verify --key --insecure-ignore-tlog`
 * checks it), or keyless, by the certificate identity under the trust root (a Sigstore bundle referrer, checked as
 * `cosign verify --certificate-identity … --certificate-oidc-issuer …` checks it). Unsigned, tampered, or signed by
 * another key or identity: refused with the reason, nothing written. Reads only.
 */
import * as core from '../lib/action/runner.js'
import { UserError } from '../lib/action/errors.js'
import { formatReference } from '../lib/oci/reference.js'
import { trustPhrase, type SignerTrust } from '../lib/signing/trust.js'
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

export async function verifySignature(inputs: PromoteArtifactInputs, clients: Clients, verified: VerifiedSource, trust: SignerTrust | undefined): Promise<SignatureCheck | undefined> {
  const policy = inputs.verify
  if (!policy.checks.includes('signature') || !trust) return undefined
  const { source } = inputs
  const digest = verified.manifest.digest
  const result = await verifyImageSignatures(clients.source, source.repository, digest, trust)
  const name = formatReference({ registry: source.registry, repository: source.repository, digest })
  if (!result.verified) throw new SignatureRefusedError(`Refusing to promote ${name}: ${refusalReason(result, trustPhrase(trust))}. Nothing was written.`)
  const plain = result.verdicts.map(({ statement: _, ...v }) => v)
  const check = { verified: plain.filter((v) => v.verified), rejected: plain.filter((v) => !v.verified) }
  core.info(`signature of ${name} verified ${trustPhrase(trust)}: ${check.verified.map((v) => `${v.where} (${v.format})`).join(', ')}`)
  for (const v of check.rejected) core.warning(`${name}: a signature that does not verify ${trustPhrase(trust)} is attached too (${v.where}: ${v.why})`)
  return check
}
