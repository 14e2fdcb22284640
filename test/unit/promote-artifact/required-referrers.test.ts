import { describe, expect, it } from '@jest/globals'
import { describeAttached, isRequirement, kindsOf, missingReferrers } from '../../../src/promote-artifact/required-referrers.js'

// Referrers as the tools that attach them write them.
const COSIGN_SIGN_BUNDLE = { artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json', annotations: { 'dev.sigstore.bundle.content': 'message-signature' } }
const GITHUB_PROVENANCE = { artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json', annotations: { 'dev.sigstore.bundle.content': 'dsse-envelope', 'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1' } }
const GITHUB_SBOM = { artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json', annotations: { 'dev.sigstore.bundle.predicateType': 'https://spdx.dev/Document/v2.3' } }
const NOTATION = { artifactType: 'application/vnd.cncf.notary.signature', annotations: {} }
const ORAS_SBOM = { artifactType: 'application/spdx+json', annotations: {} }

describe('what an attached artifact counts as', () => {
  it('signatures: cosign bundles without a predicate, notation signatures', () => {
    expect(kindsOf(COSIGN_SIGN_BUNDLE)).toEqual(['signature'])
    expect(kindsOf(NOTATION)).toEqual(['signature'])
  })

  it('attestations by their predicate: SLSA provenance, SPDX or CycloneDX SBOMs', () => {
    expect(kindsOf(GITHUB_PROVENANCE)).toEqual(['attestation', 'provenance'])
    expect(kindsOf(GITHUB_SBOM)).toEqual(['attestation', 'sbom'])
    expect(kindsOf(ORAS_SBOM)).toEqual(['sbom'])
    expect(kindsOf({ artifactType: 'application/vnd.in-toto+json', annotations: { 'in-toto.io/predicate-type': 'https://cyclonedx.org/bom' } })).toEqual(['attestation', 'sbom'])
    expect(kindsOf({ artifactType: 'application/vnd.example.thing', annotations: {} })).toEqual([])
  })
})

describe('require-referrers', () => {
  it('is met by referrers, cosign tags, or an exact artifact type', () => {
    expect(missingReferrers(['signature', 'provenance'], { referrers: [COSIGN_SIGN_BUNDLE, GITHUB_PROVENANCE], cosignSuffixes: [] })).toEqual([])
    expect(missingReferrers(['signature', 'attestation', 'sbom'], { referrers: [], cosignSuffixes: ['sig', 'att', 'sbom'] })).toEqual([])
    expect(missingReferrers(['application/vnd.cncf.notary.signature'], { referrers: [NOTATION], cosignSuffixes: [] })).toEqual([])
  })

  it('names every requirement left unmet, and what is attached', () => {
    const attached = { referrers: [GITHUB_SBOM], cosignSuffixes: ['sig'] }
    expect(missingReferrers(['signature', 'provenance', 'sbom', 'application/vnd.cncf.notary.signature'], attached)).toEqual(['provenance', 'application/vnd.cncf.notary.signature'])
    expect(describeAttached(attached)).toEqual(['application/vnd.dev.sigstore.bundle.v0.3+json (https://spdx.dev/Document/v2.3)', 'cosign .sig tag'])
  })

  it('accepts the kinds and media types only', () => {
    for (const ok of ['signature', 'sbom', 'provenance', 'attestation', 'application/vnd.in-toto+json']) expect(isRequirement(ok)).toBe(true)
    for (const bad of ['signed', 'slsa', 'application']) expect(isRequirement(bad)).toBe(false)
  })
})
