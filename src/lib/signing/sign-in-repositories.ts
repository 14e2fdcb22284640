/**
 * A digest signed (or attested) in each repository that holds it, as `cosign sign` (`cosign attest`) does it
 * (build-push: where it pushed; promote-artifact: where it promoted), with a key or keyless. With a key, a
 * repository whose copy already carries a signature (an attestation of that predicate type) that verifies with the
 * key is left as it is; keyless, each run signs anew (a new certificate and log entry), as cosign does.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { RegistryClient } from '../oci/client.js'
import { formatReference, isLoopback } from '../oci/reference.js'
import { keylessStatementSigner } from './keyless-signer.js'
import { attachStatement, keyStatementSigner, signImage, type SignedStatement, type StatementSigner } from './sign-image.js'
import type { Signing } from './signing-inputs.js'
import type { Statement } from './statement.js'
import { identityFlags, type CertificateIdentity } from './trust.js'
import { verifyImageAttestations, verifyImageSignatures, type VerificationResult } from './verify-image.js'

/** Signing that signs: with a key, or keyless. */
export type ActiveSigning = Exclude<Signing, { mode: 'none' }>

/** How a signature made by `signing` is checked by cosign: the flags naming the signer. */
export function signerFlags(signing: ActiveSigning, keyless: SignedStatement['keyless']): string[] {
  if (signing.mode === 'key') return ['--key', 'cosign.pub', '--insecure-ignore-tlog']
  const flags = identityFlags({ identity: keyless?.identity.subject ?? '<identity>', issuer: keyless?.identity.issuer ?? '<issuer>' })
  // A private instance (not the public one cosign trusts through TUF) is named by its trust root; one that runs
  // without certificate transparency (as the tests' one does) issues certificates without an SCT.
  const root = signing.services.ca === 'https://fulcio.sigstore.dev' ? [] : ['--trusted-root', 'trusted_root.json']
  return [...flags, ...root, ...(keyless && !keyless.sct ? ['--insecure-ignore-sct'] : [])]
}

function signerOf(signing: ActiveSigning): StatementSigner {
  return signing.mode === 'key' ? keyStatementSigner(signing.key) : keylessStatementSigner(signing.services)
}

/** With a key: what the repository already carries by that key. Keyless: nothing is looked for. */
async function existing(signing: ActiveSigning, check: (key: KeyObject) => Promise<VerificationResult>): Promise<string | undefined> {
  if (signing.mode !== 'key') return undefined
  return (await check(createPublicKey(signing.key))).verdicts.find((v) => v.verified)?.where
}

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
  /** Keyless: whom the certificate names. */
  identity?: CertificateIdentity
}

export interface SignTarget {
  registry: string
  repository: string
  client: RegistryClient
}

/** Signs the manifest `subject` in every repository of `targets` (each holds it by digest already). */
export async function signInRepositories(
  signing: ActiveSigning,
  targets: SignTarget[],
  subject: { digest: string; mediaType: string; size: number },
  insecureRegistries: string[],
  log: (line: string) => void
): Promise<SignatureRecord[]> {
  const records: SignatureRecord[] = []
  const signer = signerOf(signing)
  for (const { registry, repository, client } of targets) {
    const name = formatReference({ registry, repository, digest: subject.digest })
    const insecure = insecureRegistries.includes(registry) || isLoopback(registry)
    const valid = await existing(signing, (key) => verifyImageSignatures(client, repository, subject.digest, { kind: 'key', key }))
    if (valid) {
      log(`${name} already carries a signature by this key (${valid}); not signed again`)
      records.push({ image: name, signature: valid.replace(/^referrer /, ''), outcome: 'already signed', fallback: false, verify: cosignVerifyCommand(name, insecure, signerFlags(signing, undefined)) })
      continue
    }
    const signed = await signImage(client, repository, subject, signer)
    const by = signed.keyless ? ` for ${signed.keyless.identity.subject ?? '?'} (issuer ${signed.keyless.identity.issuer ?? '?'})` : ''
    log(`signed ${name}${by}: Sigstore bundle ${signed.signature}${signed.fallback ? ` (listed in the ${subject.digest.replace(':', '-')} fallback index: the registry has no referrers API)` : ''}`)
    records.push({
      image: name,
      signature: signed.signature,
      outcome: 'signed',
      fallback: signed.fallback,
      verify: cosignVerifyCommand(name, insecure, signerFlags(signing, signed.keyless)),
      ...(signed.keyless && { identity: signed.keyless.identity })
    })
  }
  return records
}

/** The command a user runs to check the signature with cosign (v2.5+ or v3); `signer` names the key or identity. */
export function cosignVerifyCommand(image: string, insecure: boolean, signer: string[] = ['--key', 'cosign.pub', '--insecure-ignore-tlog']): string {
  return ['cosign', 'verify', ...signer, ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ')
}

export interface AttestedRecord {
  /** `registry/repository@digest`, the attested image. */
  image: string
  /** The referrer holding the attestation bundle. */
  attestation: string
  outcome: 'attested' | 'already attested'
  fallback: boolean
  /** The cosign flags naming the signer (for the verify-attestation command). */
  signer: string[]
}

/**
 * `statement` (about the manifest `subject`) signed with `key` and stored as `cosign attest --key` stores it in every
 * repository of `targets`, except where an attestation of its predicate type by the key already verifies.
 * `kind` names it for the log (`a SLSA provenance`), `what` describes the one made (`SLSA v1 provenance (max) of …`).
 */
export async function attestInRepositories(
  signing: ActiveSigning,
  targets: SignTarget[],
  subject: { digest: string; mediaType: string; size: number },
  statement: Statement,
  names: { kind: string; what: string },
  log: (line: string) => void
): Promise<AttestedRecord[]> {
  const records: AttestedRecord[] = []
  const signer = signerOf(signing)
  for (const { registry, repository, client } of targets) {
    const image = formatReference({ registry, repository, digest: subject.digest })
    const valid = await existing(signing, (key) => verifyImageAttestations(client, repository, subject.digest, { kind: 'key', key }, statement.predicateType))
    if (valid) {
      log(`${image} already carries ${names.kind} by this key (${valid}); not attested again`)
      records.push({ image, attestation: valid.replace(/^referrer /, ''), outcome: 'already attested', fallback: false, signer: signerFlags(signing, undefined) })
      continue
    }
    const attached = await attachStatement(client, repository, subject, statement, signer)
    log(`attested ${image}: ${names.what}, Sigstore bundle ${attached.signature}`)
    records.push({ image, attestation: attached.signature, outcome: 'attested', fallback: attached.fallback, signer: signerFlags(signing, attached.keyless) })
  }
  return records
}

/** The command a user runs to check an attestation of `type` (cosign's names: slsaprovenance1, spdxjson, cyclonedx). */
export function cosignVerifyAttestationCommand(image: string, type: string, insecure: boolean, signer: string[] = ['--key', 'cosign.pub', '--insecure-ignore-tlog']): string {
  return ['cosign', 'verify-attestation', ...signer, '--type', type, ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ')
}
