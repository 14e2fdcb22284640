/**
 * Logs a DSSE-signed statement in a Rekor v2 log as cosign v3 does: a `hashedrekord` entry of the SHA-256 of the
 * envelope's pre-authentication encoding (the bytes the signature signs), with the signing certificate. Rekor v2.3
 * accepts no other entry for it, and cosign verifies no other; @sigstore/sign (5.1) would ask for a `dsse` entry.
 */
import { createHash } from 'node:crypto'
import { PublicKeyDetails, TransparencyLogEntry } from '@sigstore/protobuf-specs'
import { CreateEntryRequest } from '@sigstore/protobuf-specs/rekor/v2'
import type { SignatureBundle, VerificationMaterial, Witness } from '@sigstore/sign'
import { preAuthEncoding } from './verify-image.js'

const pemToDER = (pem: string): Buffer => Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64')

export class RekorV2Witness implements Witness {
  constructor(
    private readonly baseURL: string,
    private readonly timeoutMs = 20_000
  ) {}

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    if (content.$case !== 'dsseEnvelope') throw new Error('only DSSE envelopes are logged in Rekor v2 here')
    const envelope = content.dsseEnvelope
    const signature = envelope.signatures[0]
    if (!signature) throw new Error('the DSSE envelope has no signature to log')
    const digest = createHash('sha256').update(preAuthEncoding(envelope.payloadType, envelope.payload)).digest()
    const request = CreateEntryRequest.toJSON({
      spec: {
        $case: 'hashedRekordRequestV002',
        hashedRekordRequestV002: {
          digest,
          signature: {
            content: signature.sig,
            verifier: { keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, verifier: { $case: 'x509Certificate', x509Certificate: { rawBytes: pemToDER(publicKey) } } }
          }
        }
      }
    })
    const url = `${this.baseURL.replace(/\/+$/, '')}/api/v2/log/entries`
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(this.timeoutMs)
    })
    if (!response.ok) throw new Error(`Rekor ${url} did not log the signature: ${response.status} ${(await response.text()).slice(0, 300)}`)
    // The bundle library types the entry apart from the protobuf one it is; @sigstore/sign hands it over the same way.
    return { tlogEntries: [TransparencyLogEntry.fromJSON(await response.json()) as unknown as NonNullable<VerificationMaterial["tlogEntries"]>[number]] }
  }
}
