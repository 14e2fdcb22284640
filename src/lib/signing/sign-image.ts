/**
 * Key-based image signing as cosign v3 does it by default (`cosign sign --key`): the Sigstore JS bundle builder
 * (@sigstore/sign) signs the in-toto statement for the digest with the key (ECDSA P-256, SHA-256, node:crypto), and
 * the bundle goes to the registry as an OCI referrer of the digest (the fallback index where the registry has no
 * referrers API). No transparency log here: verify with `--insecure-ignore-tlog`.
 */
import { sign as signBytes, type KeyObject } from 'node:crypto'
import { bundleToJSON } from '@sigstore/bundle'
import { DSSEBundleBuilder, type Signer } from '@sigstore/sign'
import type { RegistryClient } from '../oci/client.js'
import { pushReferrer } from '../oci/referrer.js'
import { keyHint, publicKeyPem } from './keys.js'
import { BUNDLE_CONTENT_ANNOTATION, BUNDLE_PREDICATE_ANNOTATION, BUNDLE_V03_MEDIA_TYPE, COSIGN_SIGN_PREDICATE, IN_TOTO_PAYLOAD_TYPE, signStatement } from './statement.js'

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
export async function signatureBundle(digest: string, key: KeyObject): Promise<Buffer> {
  const builder = new DSSEBundleBuilder({ signer: keySigner(key), witnesses: [] })
  const bundle = await builder.create({ data: Buffer.from(JSON.stringify(signStatement(digest))), type: IN_TOTO_PAYLOAD_TYPE })
  // The envelope's signatures carry no keyid, as cosign writes them: cosign's DSSE verifier skips a signature whose
  // keyid is not its own key ID (which is not the hint), and the keyid is not signed. The hint stays in the bundle.
  const envelope = bundle.content.dsseEnvelope
  const unnamed = { ...bundle, content: { ...bundle.content, dsseEnvelope: { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: '' })) } } }
  return Buffer.from(JSON.stringify(bundleToJSON(unnamed)))
}

/** Signs the manifest `subject` of `repository` and stores the signature beside it. */
export async function signImage(client: RegistryClient, repository: string, subject: { digest: string; mediaType: string; size: number }, key: KeyObject, created = new Date()): Promise<SignedImage> {
  const bundle = await signatureBundle(subject.digest, key)
  const { descriptor, fallback } = await pushReferrer(client, repository, {
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    subject,
    layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, bytes: bundle }],
    annotations: {
      'org.opencontainers.image.created': created.toISOString().replace(/\.\d+Z$/, 'Z'),
      [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
      [BUNDLE_PREDICATE_ANNOTATION]: COSIGN_SIGN_PREDICATE
    }
  })
  return { digest: subject.digest, signature: descriptor.digest, fallback }
}
