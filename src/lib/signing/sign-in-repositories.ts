/**
 * A digest signed (or attested) with a key in each repository that holds it, as `cosign sign --key` (`cosign attest
 * --key`) does it (build-push: where it pushed; promote-artifact: where it promoted). A repository whose copy already
 * carries a signature (an attestation of that predicate type) that verifies with the key is left as it is.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { RegistryClient } from '../oci/client.js'
import { formatReference, isLoopback } from '../oci/reference.js'
import { attachStatement, signImage } from './sign-image.js'
import type { Statement } from './statement.js'
import { verifyImageAttestations, verifyImageSignatures } from './verify-image.js'

export interface SignatureRecord {
  /** `registry/repository@digest`, the signed image. */
  image: string
  /** The referrer holding the signature bundle. */
  signature: string
  outcome: 'signed' | 'already signed'
  /** The registry has no referrers API: the `sha256-<hex>` fallback index lists the signature. */
  fallback: boolean
  /** The cosign command that checks it. */
  verify: string
}

export interface SignTarget {
  registry: string
  repository: string
  client: RegistryClient
}

/** Signs the manifest `subject` in every repository of `targets` (each holds it by digest already). */
export async function signInRepositories(
  key: KeyObject,
  targets: SignTarget[],
  subject: { digest: string; mediaType: string; size: number },
  insecureRegistries: string[],
  log: (line: string) => void
): Promise<SignatureRecord[]> {
  const records: SignatureRecord[] = []
  for (const { registry, repository, client } of targets) {
    const name = formatReference({ registry, repository, digest: subject.digest })
    const verify = cosignVerifyCommand(name, insecureRegistries.includes(registry) || isLoopback(registry))
    const existing = await verifyImageSignatures(client, repository, subject.digest, createPublicKey(key))
    const valid = existing.verdicts.find((v) => v.verified)
    if (valid) {
      log(`${name} already carries a signature by this key (${valid.where}); not signed again`)
      records.push({ image: name, signature: valid.where.replace(/^referrer /, ''), outcome: 'already signed', fallback: false, verify })
      continue
    }
    const signed = await signImage(client, repository, subject, key)
    log(`signed ${name}: Sigstore bundle ${signed.signature}${signed.fallback ? ` (listed in the ${subject.digest.replace(':', '-')} fallback index: the registry has no referrers API)` : ''}`)
    records.push({ image: name, signature: signed.signature, outcome: 'signed', fallback: signed.fallback, verify })
  }
  return records
}

/** The command a user runs to check the signature with cosign (v2.5+ or v3), no transparency log being used. */
export function cosignVerifyCommand(image: string, insecure: boolean): string {
  return ['cosign', 'verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ')
}

export interface AttestedRecord {
  /** `registry/repository@digest`, the attested image. */
  image: string
  /** The referrer holding the attestation bundle. */
  attestation: string
  outcome: 'attested' | 'already attested'
  fallback: boolean
}

/**
 * `statement` (about the manifest `subject`) signed with `key` and stored as `cosign attest --key` stores it in every
 * repository of `targets`, except where an attestation of its predicate type by the key already verifies.
 * `kind` names it for the log (`a SLSA provenance`), `what` describes the one made (`SLSA v1 provenance (max) of …`).
 */
export async function attestInRepositories(
  key: KeyObject,
  targets: SignTarget[],
  subject: { digest: string; mediaType: string; size: number },
  statement: Statement,
  names: { kind: string; what: string },
  log: (line: string) => void
): Promise<AttestedRecord[]> {
  const records: AttestedRecord[] = []
  for (const { registry, repository, client } of targets) {
    const image = formatReference({ registry, repository, digest: subject.digest })
    const existing = await verifyImageAttestations(client, repository, subject.digest, createPublicKey(key), statement.predicateType)
    const valid = existing.verdicts.find((v) => v.verified)
    if (valid) {
      log(`${image} already carries ${names.kind} by this key (${valid.where}); not attested again`)
      records.push({ image, attestation: valid.where.replace(/^referrer /, ''), outcome: 'already attested', fallback: false })
      continue
    }
    const attached = await attachStatement(client, repository, subject, statement, key)
    log(`attested ${image}: ${names.what}, Sigstore bundle ${attached.signature}`)
    records.push({ image, attestation: attached.signature, outcome: 'attested', fallback: attached.fallback })
  }
  return records
}

/** The command a user runs to check an attestation of `type` (cosign's names: slsaprovenance1, spdxjson, cyclonedx). */
export function cosignVerifyAttestationCommand(image: string, type: string, insecure: boolean): string {
  return ['cosign', 'verify-attestation', '--key', 'cosign.pub', '--type', type, '--insecure-ignore-tlog', ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ')
}
