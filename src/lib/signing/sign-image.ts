/**
 * Key-based image signing and attestation as cosign v3 does them by default (`cosign sign --key`, `cosign attest
 * --key`): the Sigstore JS bundle builder (@sigstore/sign) signs an in-toto statement about the digest with the key
 * (ECDSA P-256, SHA-256, node:crypto) as a DSSE envelope, and the bundle goes to the registry as an OCI referrer of
 * the digest, annotated with the statement's predicate type (the fallback index where the registry has no referrers
 * API). No transparency log here: verify with `--insecure-ignore-tlog`.
 */
import { sign as signBytes, type KeyObject } from 'node:crypto'
import { bundleToJSON } from '@sigstore/bundle'
import { DSSEBundleBuilder, type Signer } from '@sigstore/sign'
import type { RegistryClient } from '../oci/client.js'
import { pushReferrer } from '../oci/referrer.js'
import { keyHint, publicKeyPem } from './keys.js'
import { BUNDLE_CONTENT_ANNOTATION, BUNDLE_PREDICATE_ANNOTATION, BUNDLE_V03_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, signStatement, type Statement } from './statement.js'

export interface SignedImage {
  /** The signed digest. */
  digest: string
  /** The referrer manifest holding the bundle. */
  signature: string
  /** True when the registry has no referrers API and the `sha256-<hex>` fallback index lists it. */
  fallback: boolean
}

/** A @sigstore/sign signer over a private key: DER ECDSA signatures, the key named by its hint. */
export function keySigner(key: KeyObject): Signer {
  const publicKey = publicKeyPem(key)
  const hint = keyHint(key)
  return { sign: async (data) => ({ signature: signBytes('sha256', data, { key, dsaEncoding: 'der' }), key: { $case: 'publicKey', publicKey, hint } }) }
}

/** The Sigstore bundle (JSON bytes) of a cosign signature of `digest`. */
export function signatureBundle(digest: string, key: KeyObject): Promise<Buffer> {
  return statementBundle(signStatement(digest), key)
}

/** The Sigstore bundle (JSON bytes) of `statement` signed with `key` as a DSSE envelope. */
export async function statementBundle(statement: Statement, key: KeyObject): Promise<Buffer> {
  const builder = new DSSEBundleBuilder({ signer: keySigner(key), witnesses: [] })
  const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE })
  // The envelope's signatures carry no keyid, as cosign writes them: cosign's DSSE verifier skips a signature whose
  // keyid is not its own key ID (which is not the hint), and the keyid is not signed. The hint stays in the bundle.
  const envelope = bundle.content.dsseEnvelope
  const unnamed = { ...bundle, content: { ...bundle.content, dsseEnvelope: { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: '' })) } } }
  return Buffer.from(JSON.stringify(bundleToJSON(unnamed)))
}

type Subject = { digest: string; mediaType: string; size: number }

/** Signs the manifest `subject` of `repository` and stores the signature beside it. */
export function signImage(client: RegistryClient, repository: string, subject: Subject, key: KeyObject, created = new Date()): Promise<SignedImage> {
  return attachStatement(client, repository, subject, signStatement(subject.digest), key, created)
}

/** Signs `statement` (about the manifest `subject`) and stores the bundle as a referrer of `subject`, as `cosign attest --key` does. */
export async function attachStatement(client: RegistryClient, repository: string, subject: Subject, statement: Statement, key: KeyObject, created = new Date()): Promise<SignedImage> {
  const bundle = await statementBundle(statement, key)
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
  return { digest: subject.digest, signature: descriptor.digest, fallback }
}
