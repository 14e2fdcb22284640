/**
 * `verify: sbom`: before any write, the source digest must carry an SBOM attestation (an SPDX or CycloneDX document
 * as the predicate, as build-push `sbom` and `cosign attest --key --type spdxjson|cyclonedx` store it) that verifies
 * with `public-key`, checked as `cosign verify-attestation --key --insecure-ignore-tlog` checks it. Otherwise refused
 * with the reason for each attestation found, nothing written. A multi-platform index passes with an SBOM of its own
 * or one on every platform manifest. Reads only.
 */
import * as core from '../lib/action/runner.js'
import { UserError } from '../lib/action/errors.js'
import { parseManifest, platformManifests } from '../lib/oci/media-types.js'
import { formatReference } from '../lib/oci/reference.js'
import { CYCLONEDX_PREDICATE, SPDX_PREDICATE } from '../lib/signing/statement.js'
import { trustPhrase, type SignerTrust } from '../lib/signing/trust.js'
import { verifyImageAttestations, type SignatureVerdict } from '../lib/signing/verify-image.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import type { VerifiedSource } from './verify-source.js'

export class SbomRefusedError extends UserError {
  override name = 'SbomRefusedError'
}

export interface SbomCheck {
  /** The attestations that verified: where, the format (`spdx` or `cyclonedx`), and for an index's platform manifest its platform. */
  verified: { where: string; format: 'spdx' | 'cyclonedx'; platform?: string; digest?: string }[]
}

const FORMATS = [
  { format: 'spdx', predicateType: SPDX_PREDICATE },
  { format: 'cyclonedx', predicateType: CYCLONEDX_PREDICATE }
] as const

/** The platform manifests of an index (not its attestation manifests), each named os/architecture[/variant]. */
function platformChildren(manifest: VerifiedSource['manifest']): { digest: string; platform: string }[] {
  return platformManifests(parseManifest(manifest.bytes, manifest.mediaType)).map((m) => ({ digest: m.digest, platform: m.platformText }))
}

/** The SBOM attestations of one digest that verify, and those that do not. */
async function sbomsOf(clients: Clients, repository: string, digest: string, trust: SignerTrust): Promise<{ accepted: { where: string; format: 'spdx' | 'cyclonedx' }[]; refused: SignatureVerdict[] }> {
  const results = await Promise.all(FORMATS.map(async ({ format, predicateType }) => ({ format, result: await verifyImageAttestations(clients.source, repository, digest, trust, predicateType) })))
  return {
    accepted: results.flatMap(({ format, result }) => result.verdicts.filter((v) => v.verified).map((v) => ({ where: v.where, format }))),
    refused: results.flatMap(({ result }) => result.verdicts.filter((v) => !v.verified))
  }
}

const reasonFor = (digest: string, refused: SignatureVerdict[], by: string): string =>
  refused.length === 0
    ? `${digest} has no SBOM attestation (no Sigstore bundle referrer or .att layer with predicate type ${SPDX_PREDICATE} or ${CYCLONEDX_PREDICATE})`
    : `no SBOM attestation of ${digest} verifies ${by}: ${refused.map((v) => `${v.where}: ${v.why ?? 'it does not verify'}`).join('; ')}`

/**
 * An SBOM attested on the digest itself, or, for a multi-platform index, one on every platform manifest (as build-push
 * and buildx attach them: an SBOM describes one platform's filesystem).
 */
export async function verifySbom(inputs: PromoteArtifactInputs, clients: Clients, verified: VerifiedSource, trust: SignerTrust | undefined): Promise<SbomCheck | undefined> {
  const policy = inputs.verify
  if (!trust || !policy.checks.includes('sbom')) return undefined
  const { source } = inputs
  const digest = verified.manifest.digest
  const name = formatReference({ registry: source.registry, repository: source.repository, digest })
  const by = trustPhrase(trust)
  const own = await sbomsOf(clients, source.repository, digest, trust)
  let accepted: SbomCheck['verified'] = own.accepted
  let refused = own.refused
  const children = own.accepted.length === 0 ? platformChildren(verified.manifest) : []
  if (children.length > 0) {
    const each = await Promise.all(children.map(async (child) => ({ ...child, ...(await sbomsOf(clients, source.repository, child.digest, trust)) })))
    const missing = each.filter((c) => c.accepted.length === 0)
    if (missing.length > 0) {
      const why = missing.map((c) => `platform ${c.platform}: ${reasonFor(c.digest, c.refused, by)}`).join('; ')
      throw new SbomRefusedError(`Refusing to promote ${name}: neither the index nor every platform carries an SBOM attestation that verifies (${why}). Nothing was written.`)
    }
    accepted = each.flatMap((c) => c.accepted.map((a) => ({ ...a, platform: c.platform, digest: c.digest })))
    refused = each.flatMap((c) => c.refused)
  }
  if (accepted.length === 0) throw new SbomRefusedError(`Refusing to promote ${name}: ${reasonFor(digest, refused, by)}. Nothing was written.`)
  core.info(`SBOM of ${name} verified ${by}: ${accepted.map((a) => `${a.where} (${a.format}${a.platform ? `, ${a.platform}` : ''})`).join(', ')}`)
  for (const v of refused) core.warning(`${name}: an SBOM attestation that does not verify is attached too (${v.where}: ${v.why ?? 'it does not verify'})`)
  return { verified: accepted }
}
