/**
 * build-push's `provenance: min|max`: the SLSA v1 provenance of the pushed digest, signed with the `sign: key` key
 * as `cosign attest --key --type slsaprovenance1` stores it (a Sigstore bundle referrer, predicate type
 * https://slsa.dev/provenance/v1), in every image repository. A repository whose copy of the digest already carries
 * a provenance that verifies with the key (a reused build of the same commit) is left as it is.
 */
import { createPublicKey } from 'node:crypto'
import * as core from '@actions/core'
import type { Manifest } from '../lib/oci/client.js'
import { formatReference, isLoopback, type ImageReference } from '../lib/oci/reference.js'
import { attachStatement } from '../lib/signing/sign-image.js'
import { SLSA_PROVENANCE_V1 } from '../lib/signing/statement.js'
import { verifyImageAttestations } from '../lib/signing/verify-image.js'
import { provenanceStatement, type BuildFacts } from './provenance.js'
import type { ClientFor } from './registry.js'
import type { Provenance, Signing } from './signing-inputs.js'

export interface AttestationRecord {
  /** `registry/repository@digest`, the attested image. */
  image: string
  predicateType: string
  mode: 'min' | 'max'
  /** The referrer holding the attestation bundle. */
  attestation: string
  outcome: 'attested' | 'already attested'
  fallback: boolean
  /** The source repository and commit the provenance names. */
  source: string
  /** The cosign command that checks it. */
  verify: string
}

/** Attests the provenance of `manifest` in every image repository it was pushed to. */
export async function attestPushed(provenance: Provenance, signing: Signing, images: ImageReference[], manifest: Manifest, build: BuildFacts, startedOn: Date, clientFor: ClientFor, insecureRegistries: string[]): Promise<AttestationRecord[]> {
  if (provenance.mode === 'none' || signing.mode !== 'key') return []
  const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }
  const statement = provenanceStatement(manifest.digest, provenance.mode, provenance.run, build, startedOn, new Date())
  const source = `${provenance.run.serverUrl}/${provenance.run.repository}@${provenance.run.sha}`
  const records: AttestationRecord[] = []
  for (const image of images) {
    const client = clientFor(image.registry)
    const name = formatReference({ registry: image.registry, repository: image.repository, digest: manifest.digest })
    const verify = cosignVerifyAttestationCommand(name, insecureRegistries.includes(image.registry) || isLoopback(image.registry))
    const base = { image: name, predicateType: SLSA_PROVENANCE_V1, mode: provenance.mode, source, verify }
    const existing = await verifyImageAttestations(client, image.repository, manifest.digest, createPublicKey(signing.key), SLSA_PROVENANCE_V1)
    const valid = existing.verdicts.find((v) => v.verified)
    if (valid) {
      core.info(`${name} already carries a SLSA provenance by this key (${valid.where}); not attested again`)
      records.push({ ...base, attestation: valid.where.replace(/^referrer /, ''), outcome: 'already attested', fallback: false })
      continue
    }
    const attached = await attachStatement(client, image.repository, subject, statement, signing.key)
    core.info(`attested ${name}: SLSA v1 provenance (${provenance.mode}) of ${source}, Sigstore bundle ${attached.signature}`)
    records.push({ ...base, attestation: attached.signature, outcome: 'attested', fallback: attached.fallback })
  }
  return records
}

/** The command a user runs to check the provenance with cosign (v2.5+ or v3), no transparency log being used. */
export function cosignVerifyAttestationCommand(image: string, insecure: boolean): string {
  return ['cosign', 'verify-attestation', '--key', 'cosign.pub', '--type', 'slsaprovenance1', '--insecure-ignore-tlog', ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ')
}
