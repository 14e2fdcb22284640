/**
 * build-push's `provenance: min|max`: the SLSA v1 provenance of the pushed digest, signed with the `sign: key` key
 * as `cosign attest --key --type slsaprovenance1` stores it (a Sigstore bundle referrer, predicate type
 * https://slsa.dev/provenance/v1), in every image repository. A repository whose copy of the digest already carries
 * a provenance that verifies with the key (a reused build of the same commit) is left as it is.
 */
import * as core from '@actions/core'
import type { Manifest } from '../lib/oci/client.js'
import { isLoopback, type ImageReference } from '../lib/oci/reference.js'
import { attestInRepositories, cosignVerifyAttestationCommand } from '../lib/signing/sign-in-repositories.js'
import { SLSA_PROVENANCE_V1 } from '../lib/signing/statement.js'
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
  if (provenance.mode === 'none' || signing.mode === 'none') return []
  const mode = provenance.mode
  const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }
  const statement = provenanceStatement(manifest.digest, mode, provenance.run, build, startedOn, new Date())
  const source = `${provenance.run.serverUrl}/${provenance.run.repository}@${provenance.run.sha}`
  const targets = images.map((image) => ({ registry: image.registry, repository: image.repository, client: clientFor(image.registry) }))
  const attested = await attestInRepositories(signing, targets, subject, statement, { kind: 'a SLSA provenance', what: `SLSA v1 provenance (${mode}) of ${source}` }, (line) => core.info(line))
  return attested.map((record, i) => {
    const { registry } = images[i]!
    const verify = cosignVerifyAttestationCommand(record.image, 'slsaprovenance1', insecureRegistries.includes(registry) || isLoopback(registry), record.signer)
    const { signer: _, ...kept } = record
    return { ...kept, predicateType: SLSA_PROVENANCE_V1, mode, source, verify }
  })
}
