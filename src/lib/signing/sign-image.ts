/**
 * Image signing and attestation as cosign v3 does them by default (`cosign sign`, `cosign attest`): the Sigstore JS
 * bundle builder (@sigstore/sign) signs an in-toto statement about the digest as a DSSE envelope, with a key (ECDSA
 * P-256, SHA-256, node:crypto; no transparency log: verify with `--insecure-ignore-tlog`) or keyless (a Fulcio
 * certificate for the job's OIDC identity, logged in Rekor, timestamped where the signing config names a timestamp
 * authority: keyless-signer.ts), and the bundle goes to the registry as an OCI referrer of the digest, annotated with
 * the statement's predicate type (the fallback index where the registry has no referrers API).
 */
import { sign as signBytes, type KeyObject } from 'node:crypto'
import { bundleToJSON, type Bundle } from '@sigstore/bundle'
import { DSSEBundleBuilder, type Signer } from '@sigstore/sign'
import type { RegistryClient } from '../oci/client.js'
import { pushReferrer } from '../oci/referrer.js'
import { keyHint, publicKeyPem } from './keys.js'
import { BUNDLE_CONTENT_ANNOTATION, BUNDLE_PREDICATE_ANNOTATION, BUNDLE_V03_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, signStatement, type Statement } from './statement.js'
import type { CertificateIdentity } from './trust.js'

/** A statement signed into a Sigstore bundle (JSON bytes); keyless ones say whom the certificate names. */
export interface SignedStatement {
  bundle: Buffer
  /** Keyless: whom the certificate names, and whether it carries a certificate transparency timestamp (SCT). */
  keyless?: { identity: CertificateIdentity; sct: boolean }
}

/** Signs an in-toto statement into a Sigstore bundle: with a key (keyStatementSigner) or keyless. */
export type StatementSigner = (statement: Statement) => Promise<SignedStatement>

export interface SignedImage {
  /** The signed digest. */
  digest: string
  /** The referrer manifest holding the bundle. */
  signature: string
  /** True when the registry has no referrers API and the `sha256-<hex>` fallback index lists it. */
  fallback: boolean
  /** Keyless: whom the certificate names, and whether it carries an SCT. */
  keyless?: SignedStatement['keyless']
}

/** A @sigstore/sign signer over a private key: DER ECDSA signatures, the key named by its hint. */
export function keySigner(key: KeyObject): Signer {
  const publicKey = publicKeyPem(key)
  const hint = keyHint(key)
  return { sign: async (data) => ({ signature: signBytes('sha256', data, { key, dsaEncoding: 'der' }), key: { $case: 'publicKey', publicKey, hint } }) }
}

/** The Sigstore bundle (JSON bytes) of a cosign signature of `digest`. */
export async function signatureBundle(digest: string, key: KeyObject): Promise<Buffer> {
  return (await keyStatementSigner(key)(signStatement(digest))).bundle
}

/** The Sigstore bundle (JSON bytes) of `statement` signed with `key` as a DSSE envelope. */
export async function statementBundle(statement: Statement, key: KeyObject): Promise<Buffer> {
  return (await keyStatementSigner(key)(statement)).bundle
}

/** Signs statements with `key`. */
export function keyStatementSigner(key: KeyObject): StatementSigner {
  const builder = new DSSEBundleBuilder({ signer: keySigner(key), witnesses: [] })
  return async (statement) => ({ bundle: (await buildBundle(builder, statement)).bytes })
}

/** The bundle `builder` makes of `statement`, and its JSON bytes as cosign writes it. */
export async function buildBundle(builder: DSSEBundleBuilder, statement: Statement): Promise<{ bundle: Bundle; bytes: Buffer }> {
  const bundle: Bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE })
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('the bundle builder made no DSSE envelope')
  // The envelope's signatures carry no keyid, as cosign writes them: cosign's DSSE verifier skips a signature whose
  // keyid is not its own key ID (which is not the hint), and the keyid is not signed. The hint stays in the bundle.
  const envelope = bundle.content.dsseEnvelope
  const unnamed = { ...bundle, content: { ...bundle.content, dsseEnvelope: { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: '' })) } } }
  return { bundle, bytes: Buffer.from(JSON.stringify(bundleToJSON(unnamed))) }
}

type Subject = { digest: string; mediaType: string; size: number }

/** Signs the manifest `subject` of `repository` and stores the signature beside it. */
export function signImage(client: RegistryClient, repository: string, subject: Subject, signer: StatementSigner, created = new Date()): Promise<SignedImage> {
  return attachStatement(client, repository, subject, signStatement(subject.digest), signer, created)
}

/** Signs `statement` (about the manifest `subject`) and stores the bundle as a referrer of `subject`, as `cosign attest` does. */
export async function attachStatement(client: RegistryClient, repository: string, subject: Subject, statement: Statement, signer: StatementSigner, created = new Date()): Promise<SignedImage> {
  const { bundle, keyless } = await signer(statement)
  const { descriptor, fallback } = await pushReferrer(client, repository, {
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    subject,
    layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, bytes: bundle }],
    annotations: {
      'org.opencontainers.image.created': created.toISOString().replace(/\.\d+Z$/, 'Z'),
      [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
      [BUNDLE_PREDICATE_ANNOTATION]: statement.predicateType
    }
  })
  return { digest: subject.digest, signature: descriptor.digest, fallback, ...(keyless && { keyless }) }
}
