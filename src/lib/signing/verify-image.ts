/**
 * Verifies an image digest's cosign signatures against a public key, as `cosign verify --key <pub>
 * --insecure-ignore-tlog` does, or keyless against a trust root and a certificate identity, as `cosign verify
 * --certificate-identity … --certificate-oidc-issuer … [--trusted-root …]` does: Sigstore bundles stored as OCI
 * referrers (cosign v3's default; checked with @sigstore/verify, and the signed in-toto statement must name the digest
 * with cosign's sign predicate), and, with a key, the classic `sha256-<hex>.sig` tag (cosign v2: a simple-signing
 * payload naming the digest, ECDSA over its bytes, checked with node:crypto). Attestations (`cosign verify-attestation --key --type <type>`) are the same bundles with
 * another predicate type, or cosign v2's `sha256-<hex>.att` tag (DSSE envelope layers, checked with node:crypto over
 * the DSSE pre-authentication encoding): verifyImageAttestations returns each verified statement for the caller's
 * policy. Reads only; every signature that does not verify is reported with the reason.
 */
import { verify as verifyBytes, type KeyObject } from 'node:crypto'
import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify'
import type { RegistryClient } from '../oci/client.js'
import { referrersTag, sha256Digest } from '../oci/digest.js'
import { parseManifest, type Descriptor } from '../oci/media-types.js'
import { COSIGN_SIGN_PREDICATE, statementProblem, type Statement } from './statement.js'
import { identityProblem, type SignerTrust } from './trust.js'

/** cosign's classic signature layers. */
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json'
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature'
/** cosign v2's attestation layers (`sha256-<hex>.att`). */
export const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json'
const BUNDLE_LAYER = /^application\/vnd\.dev\.sigstore\.bundle(\.v[\d.]+)?\+json/
/** A signature blob larger than this is no signature. */
const MAX_BLOB = 4 * 1024 * 1024

export interface SignatureVerdict {
  /** Where the signature is: the referrer digest, or `<tag> layer <n>`. */
  where: string
  format: 'sigstore-bundle' | 'cosign-tag' | 'cosign-att-tag'
  verified: boolean
  /** Why it does not verify. */
  why?: string
  /** The signed statement, when it verified (bundles only). */
  statement?: Statement
}

export interface VerificationResult {
  digest: string
  verdicts: SignatureVerdict[]
  /** True when at least one signature verifies with the key. */
  verified: boolean
}

/** Trust material holding only the given key (no CA, transparency log or timestamp authority). */
function keyTrust(key: KeyObject): TrustMaterial {
  return { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [], publicKey: () => ({ publicKey: key, validFor: () => true }) }
}

/** Verifies one Sigstore bundle (JSON bytes) as a cosign signature of `digest`; the reason when it does not. */
export function bundleProblem(json: Buffer, digest: string, trust: SignerTrust, predicateType = COSIGN_SIGN_PREDICATE): string | undefined {
  const checked = checkBundle(json, digest, trust, predicateType)
  return typeof checked === 'string' ? checked : undefined
}

/** The statement a bundle signs, verified by `trust` to be a `predicateType` statement about `digest`; else the reason. */
export function checkBundle(json: Buffer, digest: string, trust: SignerTrust, predicateType: string): string | { statement: Statement } {
  let bundle: Bundle
  try {
    bundle = bundleFromJSON(JSON.parse(json.toString('utf8')))
  } catch (error) {
    return `it is no Sigstore bundle (${(error as Error).message})`
  }
  if (bundle.content.$case !== 'dsseEnvelope') return 'the bundle holds a message signature, not a signed in-toto statement'
  const why = trust.kind === 'key' ? keyProblem(bundle, trust.key) : keylessProblem(bundle, trust)
  if (why) return why
  const payload = bundle.content.dsseEnvelope.payload
  return statementProblem(payload, digest, predicateType) ?? { statement: JSON.parse(payload.toString('utf8')) as Statement }
}

function keyProblem(bundle: Bundle, key: KeyObject): string | undefined {
  if (bundle.verificationMaterial.content.$case !== 'publicKey') return 'it is signed keyless (a certificate), not with a key'
  // The key is the trust: transparency-log entries and timestamps are not checked (cosign's --insecure-ignore-tlog).
  const keyOnly: Bundle = { ...bundle, verificationMaterial: { ...bundle.verificationMaterial, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } } }
  try {
    new Verifier(keyTrust(key), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(keyOnly))
  } catch (error) {
    const message = (error as Error).message
    return /signature/i.test(message) ? 'the signature does not verify with the public key (another key signed it, or the payload was altered)' : message
  }
  return undefined
}

/**
 * A keyless bundle must verify against the trust root as cosign verifies it: the certificate chains to one of its
 * CAs at a time a transparency-log entry or timestamp proves (one at least), the log entry verifies with its log key,
 * the certificate carries an SCT when the root lists CT logs, the signature verifies with the certificate's key;
 * and the certificate names the identity the policy asks for.
 */
function keylessProblem(bundle: Bundle, trust: Extract<SignerTrust, { kind: 'keyless' }>): string | undefined {
  if (bundle.verificationMaterial.content.$case === 'publicKey') return 'it is signed with a key, not keyless (a certificate)'
  let identity
  try {
    identity = new Verifier(trust.material, { tlogThreshold: 1, ctlogThreshold: trust.requireSct ? 1 : 0, timestampThreshold: 1 }).verify(toSignedEntity(bundle)).identity
  } catch (error) {
    const message = (error as Error).message
    const why = /mismatch|signature/i.test(message) ? `the signature does not match what it signs (the statement was altered, or another key signed it): ${message}` : message
    return `it does not verify against ${trust.root}: ${why}`
  }
  return identityProblem({ subject: identity?.subjectAlternativeName, issuer: identity?.extensions?.issuer }, trust.identity)
}

/** Verifies one classic cosign layer: the payload must name the digest and the signature verify over its bytes. */
export function simpleSigningProblem(payload: Buffer, signatureBase64: string | undefined, digest: string, key: KeyObject): string | undefined {
  if (!signatureBase64) return `the layer has no ${COSIGN_SIGNATURE_ANNOTATION} annotation`
  if (!verifyBytes('sha256', payload, { key, dsaEncoding: 'der' }, Buffer.from(signatureBase64, 'base64'))) {
    return 'the signature does not verify with the public key (another key signed it, or the payload was altered)'
  }
  let named: unknown
  try {
    named = (JSON.parse(payload.toString('utf8')) as { critical?: { image?: { 'docker-manifest-digest'?: string } } }).critical?.image?.['docker-manifest-digest']
  } catch {
    return 'the signed payload is no JSON simple-signing document'
  }
  return named === digest ? undefined : `it signs ${String(named)}, not ${digest}`
}

/** The DSSE pre-authentication encoding, the bytes a DSSE signature signs. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload])
}

/** Verifies one DSSE envelope (JSON bytes, cosign v2's `.att` layer) as a `predicateType` attestation of `digest`; the statement, or the reason. */
export function checkEnvelope(json: Buffer, digest: string, key: KeyObject, predicateType: string): string | { statement: Statement } {
  let envelope: { payloadType?: unknown; payload?: unknown; signatures?: { sig?: unknown }[] }
  try {
    envelope = JSON.parse(json.toString('utf8')) as typeof envelope
  } catch {
    return 'it is no JSON DSSE envelope'
  }
  if (envelope.payloadType !== 'application/vnd.in-toto+json' || typeof envelope.payload !== 'string') return `it is no DSSE envelope of an in-toto statement (payloadType ${String(envelope.payloadType)})`
  const payload = Buffer.from(envelope.payload, 'base64')
  const signed = preAuthEncoding(envelope.payloadType, payload)
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : []
  if (!signatures.some((s) => typeof s?.sig === 'string' && verifyBytes('sha256', signed, { key, dsaEncoding: 'der' }, Buffer.from(s.sig, 'base64')))) {
    return 'the signature does not verify with the public key (another key signed it, or the payload was altered)'
  }
  return statementProblem(payload, digest, predicateType) ?? { statement: JSON.parse(payload.toString('utf8')) as Statement }
}

async function readBlob(client: RegistryClient, repository: string, descriptor: Descriptor): Promise<Buffer> {
  if (descriptor.size > MAX_BLOB) throw new Error(`its ${descriptor.size}-byte layer is too large for a signature`)
  const { body } = await client.openBlob(repository, descriptor.digest)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BLOB) {
      body.destroy()
      throw new Error('its layer is too large for a signature')
    }
    chunks.push(chunk)
  }
  const bytes = Buffer.concat(chunks)
  if (sha256Digest(bytes) !== descriptor.digest) throw new Error(`its layer ${descriptor.digest} was served with other content`)
  return bytes
}

/** False when a referrer manifest's annotations name another predicate type (a signature is no provenance, and the reverse). */
function holdsPredicate(bytes: Uint8Array, predicateType: string): boolean {
  try {
    const named = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { annotations?: Record<string, unknown> }).annotations?.['dev.sigstore.bundle.predicateType']
    return named === undefined || named === predicateType
  } catch {
    return true
  }
}

async function bundleVerdicts(client: RegistryClient, repository: string, digest: string, trust: SignerTrust, predicateType = COSIGN_SIGN_PREDICATE): Promise<SignatureVerdict[]> {
  const { descriptors } = await client.referrers(repository, digest)
  const verdicts: SignatureVerdict[] = []
  for (const descriptor of descriptors) {
    const predicate = descriptor.annotations?.['dev.sigstore.bundle.predicateType']
    if (!BUNDLE_LAYER.test(descriptor.artifactType ?? '') || (predicate !== undefined && predicate !== predicateType)) continue
    const where = `referrer ${descriptor.digest}`
    try {
      const manifest = await client.getManifest(repository, descriptor.digest)
      if (!manifest) throw new Error('it is listed but does not exist')
      // A fallback index (no referrers API) lists referrers without their annotations: the manifest's own say what it holds.
      if (predicate === undefined && !holdsPredicate(manifest.bytes, predicateType)) continue
      const parsed = parseManifest(manifest.bytes, manifest.mediaType)
      if (parsed.subject?.digest !== digest) throw new Error(`its subject is ${parsed.subject?.digest ?? 'missing'}, not ${digest}`)
      const layers = parsed.blobs.slice(1)
      if (layers.length !== 1 || !BUNDLE_LAYER.test(layers[0]!.mediaType)) throw new Error('it does not hold exactly one Sigstore bundle layer')
      const checked = checkBundle(await readBlob(client, repository, layers[0]!), digest, trust, predicateType)
      verdicts.push(typeof checked === 'string' ? { where, format: 'sigstore-bundle', verified: false, why: checked } : { where, format: 'sigstore-bundle', verified: true, statement: checked.statement })
    } catch (error) {
      verdicts.push({ where, format: 'sigstore-bundle', verified: false, why: (error as Error).message })
    }
  }
  return verdicts
}

/** Why cosign v2's tag formats are not checked keyless. */
const TAG_KEYLESS = "cosign v2's tag signatures are checked with a key only; keyless signatures are checked as Sigstore bundles (cosign v3, or cosign v2 with --new-bundle-format)"

async function tagVerdicts(client: RegistryClient, repository: string, digest: string, trust: SignerTrust): Promise<SignatureVerdict[]> {
  const tag = `${referrersTag(digest)}.sig`
  const manifest = await client.getManifest(repository, tag)
  if (!manifest) return []
  if (trust.kind !== 'key') return [{ where: tag, format: 'cosign-tag', verified: false, why: TAG_KEYLESS }]
  const { key } = trust
  const layers = parseManifest(manifest.bytes, manifest.mediaType).blobs.slice(1)
  const verdicts: SignatureVerdict[] = []
  for (const [i, layer] of layers.entries()) {
    const where = `${tag} layer ${i + 1}`
    if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) continue
    try {
      const why = simpleSigningProblem(await readBlob(client, repository, layer), layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION], digest, key)
      verdicts.push({ where, format: 'cosign-tag', verified: why === undefined, ...(why !== undefined && { why }) })
    } catch (error) {
      verdicts.push({ where, format: 'cosign-tag', verified: false, why: (error as Error).message })
    }
  }
  return verdicts
}

/** Every cosign signature of `digest` in `repository`, each verified by `trust`. */
export async function verifyImageSignatures(client: RegistryClient, repository: string, digest: string, trust: SignerTrust): Promise<VerificationResult> {
  const [bundles, tags] = await Promise.all([bundleVerdicts(client, repository, digest, trust), tagVerdicts(client, repository, digest, trust)])
  const verdicts = [...bundles, ...tags]
  return { digest, verdicts, verified: verdicts.some((v) => v.verified) }
}

async function attTagVerdicts(client: RegistryClient, repository: string, digest: string, trust: SignerTrust, predicateType: string): Promise<SignatureVerdict[]> {
  const tag = `${referrersTag(digest)}.att`
  const manifest = await client.getManifest(repository, tag)
  if (!manifest) return []
  if (trust.kind !== 'key') return [{ where: tag, format: 'cosign-att-tag', verified: false, why: TAG_KEYLESS }]
  const { key } = trust
  const layers = parseManifest(manifest.bytes, manifest.mediaType).blobs.slice(1)
  const verdicts: SignatureVerdict[] = []
  for (const [i, layer] of layers.entries()) {
    const predicate = layer.annotations?.predicateType
    if (layer.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE || (predicate !== undefined && predicate !== predicateType)) continue
    const where = `${tag} layer ${i + 1}`
    try {
      const checked = checkEnvelope(await readBlob(client, repository, layer), digest, key, predicateType)
      verdicts.push(typeof checked === 'string' ? { where, format: 'cosign-att-tag', verified: false, why: checked } : { where, format: 'cosign-att-tag', verified: true, statement: checked.statement })
    } catch (error) {
      verdicts.push({ where, format: 'cosign-att-tag', verified: false, why: (error as Error).message })
    }
  }
  return verdicts
}

/**
 * Every signed `predicateType` attestation of `digest`: Sigstore bundle referrers (cosign v3's `cosign attest`,
 * build-push's provenance and SBOM) and, with a key, the layers of cosign v2's `sha256-<hex>.att` tag, each verified
 * by `trust`; a verified one carries its statement.
 */
export async function verifyImageAttestations(client: RegistryClient, repository: string, digest: string, trust: SignerTrust, predicateType: string): Promise<VerificationResult> {
  const [bundles, tags] = await Promise.all([bundleVerdicts(client, repository, digest, trust, predicateType), attTagVerdicts(client, repository, digest, trust, predicateType)])
  const verdicts = [...bundles, ...tags]
  return { digest, verdicts, verified: verdicts.some((v) => v.verified) }
}

/** Why a digest is refused, naming each signature found and why it failed (none found: unsigned); `by` is trustPhrase's. */
export function refusalReason(result: VerificationResult, by = 'with the public key'): string {
  if (result.verdicts.length === 0) return `${result.digest} has no cosign signature (no Sigstore bundle referrer, no ${referrersTag(result.digest)}.sig tag)`
  return `no signature of ${result.digest} verifies ${by}: ${result.verdicts.map((v) => `${v.where}: ${v.why ?? 'verified'}`).join('; ')}`
}
