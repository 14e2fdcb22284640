/**
 * `verify: sbom`: before any write, the source digest must carry an SBOM attestation (an SPDX or CycloneDX document
 * as the predicate, as build-push `sbom` and `cosign attest --key --type spdxjson|cyclonedx` store it) that verifies
 * with `public-key`, checked as `cosign verify-attestation --key --insecure-ignore-tlog` checks it. Otherwise refused
 * with the reason for each attestation found, nothing written. Reads only.
 */
import * as core from '@actions/core'
import { UserError } from '../lib/action/errors.js'
import { formatReference } from '../lib/oci/reference.js'
import { CYCLONEDX_PREDICATE, SPDX_PREDICATE } from '../lib/signing/statement.js'
import { trustPhrase, type SignerTrust } from '../lib/signing/trust.js'
import { verifyImageAttestations } from '../lib/signing/verify-image.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import type { VerifiedSource } from './verify-source.js'

export class SbomRefusedError extends UserError {
  override name = 'SbomRefusedError'
}

export interface SbomCheck {
  /** The attestations that verified: where, and the format (`spdx` or `cyclonedx`). */
  verified: { where: string; format: 'spdx' | 'cyclonedx' }[]
}

const FORMATS = [
  { format: 'spdx', predicateType: SPDX_PREDICATE },
  { format: 'cyclonedx', predicateType: CYCLONEDX_PREDICATE }
] as const

export async function verifySbom(inputs: PromoteArtifactInputs, clients: Clients, verified: VerifiedSource, trust: SignerTrust | undefined): Promise<SbomCheck | undefined> {
  const policy = inputs.verify
  if (!trust || !policy.checks.includes('sbom')) return undefined
  const { source } = inputs
  const digest = verified.manifest.digest
  const name = formatReference({ registry: source.registry, repository: source.repository, digest })
  const results = await Promise.all(
    FORMATS.map(async ({ format, predicateType }) => ({ format, result: await verifyImageAttestations(clients.source, source.repository, digest, trust, predicateType) }))
  )
  const accepted = results.flatMap(({ format, result }) => result.verdicts.filter((v) => v.verified).map((v) => ({ where: v.where, format })))
  const refused = results.flatMap(({ result }) => result.verdicts.filter((v) => !v.verified))
  if (accepted.length === 0) {
    const reason =
      refused.length === 0
        ? `${digest} has no SBOM attestation (no Sigstore bundle referrer or .att layer with predicate type ${SPDX_PREDICATE} or ${CYCLONEDX_PREDICATE})`
        : `no SBOM attestation of ${digest} verifies ${trustPhrase(trust)}: ${refused.map((v) => `${v.where}: ${v.why ?? 'it does not verify'}`).join('; ')}`
    throw new SbomRefusedError(`Refusing to promote ${name}: ${reason}. Nothing was written.`)
  }
  core.info(`SBOM of ${name} verified ${trustPhrase(trust)}: ${accepted.map((a) => `${a.where} (${a.format})`).join(', ')}`)
  for (const v of refused) core.warning(`${name}: an SBOM attestation that does not verify is attached too (${v.where}: ${v.why ?? 'it does not verify'})`)
  return { verified: accepted }
}
