/**
 * `verify`'s cryptographic checks, loaded only when `verify` names one (they bring the Sigstore libraries): the
 * signer's trust (a key, or a keyless identity under a trust root), then the signature, provenance and SBOM checks.
 */
import { signerTrust } from '../lib/signing/trusted-root.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import { verifyProvenance, type ProvenanceCheck } from './verify-provenance.js'
import { verifySbom, type SbomCheck } from './verify-sbom.js'
import { verifySignature, type SignatureCheck } from './verify-signature.js'
import type { VerifiedSource } from './verify-source.js'

export interface SignedChecks {
  signature?: SignatureCheck
  provenance?: ProvenanceCheck
  sbom?: SbomCheck
}

export async function verifySigned(inputs: PromoteArtifactInputs, clients: Clients, source: VerifiedSource): Promise<SignedChecks> {
  if (!inputs.verify.signer) return {}
  const trust = await signerTrust(inputs.verify.signer)
  const signature = await verifySignature(inputs, clients, source, trust)
  const provenance = await verifyProvenance(inputs, clients, source, trust)
  const sbom = await verifySbom(inputs, clients, source, trust)
  return { ...(signature && { signature }), ...(provenance && { provenance }), ...(sbom && { sbom }) }
}
