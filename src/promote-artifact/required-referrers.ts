/**
 * `require-referrers`: what must be attached to the digest before it may be promoted (a signature, an SBOM,
 * provenance, any attestation, or an exact artifact type). Presence only, not cryptographic validity: `verify:
 * signature` (verify-signature.ts) checks a signature with the key. Pure.
 */

export const REFERRER_KINDS = ['signature', 'sbom', 'provenance', 'attestation'] as const
export type ReferrerKind = (typeof REFERRER_KINDS)[number]

/** What is attached: OCI referrers (artifact type, annotations) and cosign tag suffixes (`sig`, `att`, `sbom`). */
export interface Attached {
  referrers: { artifactType: string; annotations: Record<string, string> }[]
  cosignSuffixes: string[]
}

const SIGNATURE_TYPES = ['application/vnd.dev.cosign.artifact.sig.v1+json', 'application/vnd.cncf.notary.signature']
const SBOM_TYPES = ['application/spdx+json', 'text/spdx', 'application/vnd.cyclonedx+json', 'application/vnd.cyclonedx+xml', 'application/vnd.syft+json']
const BUNDLE = /^application\/vnd\.dev\.sigstore\.bundle(\.v[\d.]+)?\+json$/
const IN_TOTO = /^application\/vnd\.in-toto(\.[\w.-]+)?\+json$/
const PREDICATE_KEYS = ['dev.sigstore.bundle.predicateType', 'in-toto.io/predicate-type', 'predicateType']

function predicateOf(referrer: Attached['referrers'][number]): string {
  return PREDICATE_KEYS.map((key) => referrer.annotations[key]).find((value) => value !== undefined) ?? ''
}

/** The kinds one referrer counts as. A sigstore bundle without a predicate type is a signature (cosign sign). */
export function kindsOf(referrer: Attached['referrers'][number]): ReferrerKind[] {
  const type = referrer.artifactType
  const predicate = predicateOf(referrer)
  const kinds = new Set<ReferrerKind>()
  if (SIGNATURE_TYPES.includes(type) || (BUNDLE.test(type) && predicate === '')) kinds.add('signature')
  if (SBOM_TYPES.includes(type)) kinds.add('sbom')
  if (IN_TOTO.test(type) || (BUNDLE.test(type) && predicate !== '')) {
    kinds.add('attestation')
    if (/slsa\.dev\/provenance/.test(predicate)) kinds.add('provenance')
    if (/spdx|cyclonedx/i.test(predicate)) kinds.add('sbom')
  }
  return [...kinds]
}

const COSIGN_KINDS: Record<string, ReferrerKind[]> = { sig: ['signature'], att: ['attestation'], sbom: ['sbom'] }

/** Requirements the attached artifacts do not meet (empty: all met). */
export function missingReferrers(required: string[], attached: Attached): string[] {
  const kinds = new Set<string>([...attached.referrers.flatMap(kindsOf), ...attached.cosignSuffixes.flatMap((suffix) => COSIGN_KINDS[suffix] ?? [])])
  const types = new Set(attached.referrers.map((r) => r.artifactType))
  return required.filter((requirement) => !(kinds.has(requirement) || types.has(requirement)))
}

/** One line per attached artifact, for messages and the summary. */
export function describeAttached(attached: Attached): string[] {
  return [
    ...attached.referrers.map((r) => `${r.artifactType || 'referrer'}${predicateOf(r) ? ` (${predicateOf(r)})` : ''}`),
    ...attached.cosignSuffixes.map((suffix) => `cosign .${suffix} tag`)
  ]
}

/** Accepted entries: the kinds, or an artifact media type. */
export function isRequirement(value: string): boolean {
  return (REFERRER_KINDS as readonly string[]).includes(value) || /^[a-z]+\/[\w.+-]+$/i.test(value)
}
