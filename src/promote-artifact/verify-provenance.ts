/**
 * `verify: provenance`: before any write, the source digest must carry a SLSA v1 provenance attestation that
 * verifies with `public-key` (a Sigstore bundle referrer, as build-push `provenance` and `cosign attest --key --type
 * slsaprovenance1` store it; checked as `cosign verify-attestation --key --insecure-ignore-tlog` checks it), whose
 * subject is the digest and whose source is the expected repository (and commit). Otherwise refused with the reason
 * for each attestation found, nothing written. Reads only.
 */
import * as core from '../lib/action/runner.js'
import { UserError } from '../lib/action/errors.js'
import { formatReference } from '../lib/oci/reference.js'
import { SLSA_PROVENANCE_V1 } from '../lib/signing/statement.js'
import { trustPhrase, type SignerTrust } from '../lib/signing/trust.js'
import { verifyImageAttestations } from '../lib/signing/verify-image.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import { provenanceProblem, provenanceSource } from './provenance-policy.js'
import type { VerifiedSource } from './verify-source.js'

export class ProvenanceRefusedError extends UserError {
  override name = 'ProvenanceRefusedError'
}

export interface ProvenanceCheck {
  /** The attestations that verified and name the expected source. */
  verified: { where: string; repository: string; commit?: string }[]
  /** What was expected. */
  expected: { repository: string; commit?: string }
}

export async function verifyProvenance(inputs: PromoteArtifactInputs, clients: Clients, verified: VerifiedSource, trust: SignerTrust | undefined): Promise<ProvenanceCheck | undefined> {
  const policy = inputs.verify
  if (!trust || !policy.provenance) return undefined
  const { source } = inputs
  const digest = verified.manifest.digest
  const name = formatReference({ registry: source.registry, repository: source.repository, digest })
  const result = await verifyImageAttestations(clients.source, source.repository, digest, trust, SLSA_PROVENANCE_V1)
  const judged = result.verdicts.map((v) => {
    if (!v.verified) return { where: v.where, why: v.why ?? 'it does not verify' }
    const named = provenanceSource(v.statement?.predicate)
    const why = provenanceProblem(named, policy.provenance!)
    return why === undefined ? { where: v.where, repository: named.repository!, ...(named.commit !== undefined && { commit: named.commit }) } : { where: v.where, why }
  })
  const accepted = judged.filter((j): j is { where: string; repository: string; commit?: string } => !('why' in j))
  if (accepted.length === 0) {
    const reason =
      judged.length === 0
        ? `${digest} has no SLSA provenance attestation (no Sigstore bundle referrer with predicate type ${SLSA_PROVENANCE_V1})`
        : `no SLSA provenance of ${digest} verifies ${trustPhrase(trust)} and names ${policy.provenance.repository}${policy.provenance.commit ? ` at ${policy.provenance.commit}` : ''}: ${judged.map((j) => `${j.where}: ${'why' in j ? j.why : 'accepted'}`).join('; ')}`
    throw new ProvenanceRefusedError(`Refusing to promote ${name}: ${reason}. Nothing was written.`)
  }
  core.info(`provenance of ${name} verified ${trustPhrase(trust)}: ${accepted.map((a) => `${a.where} (${a.repository}${a.commit ? `@${a.commit}` : ''})`).join(', ')}`)
  for (const j of judged) if ('why' in j) core.warning(`${name}: a provenance attestation that is not accepted is attached too (${j.where}: ${j.why})`)
  return { verified: accepted, expected: policy.provenance }
}
