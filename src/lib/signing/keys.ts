/**
 * Public keys as cosign writes them (cosign.pub, PKIX PEM), the ECDSA P-256 check every key passes, and a key's
 * PEM form and Sigstore hint, through node:crypto. Private keys are read by private-key.ts.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto'

/** A key the action cannot use, with the reason (never the key itself). */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError'
}

/** The public key of a PEM text (`cosign.pub`, a PKIX `PUBLIC KEY`). */
export function readPublicKey(pem: string): KeyObject {
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) throw new SigningKeyError('it is no PEM public key (expected cosign.pub: -----BEGIN PUBLIC KEY-----)')
  let key: KeyObject
  try {
    key = createPublicKey({ key: pem, format: 'pem' })
  } catch (error) {
    throw new SigningKeyError(`the PEM public key cannot be read (${(error as Error).message})`)
  }
  requireP256(key, 'public')
  return key
}

export function requireP256(key: KeyObject, kind: string): void {
  const curve = key.asymmetricKeyDetails?.namedCurve
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new SigningKeyError(`the ${kind} key is ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}; ECDSA P-256 keys are supported (cosign generate-key-pair makes them)`)
  }
}

/** The public key as PKIX PEM. */
export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  return publicKey.export({ type: 'spki', format: 'pem' }).toString()
}

/** The key's hint in a Sigstore bundle: the base64 SHA-256 of its PKIX DER encoding. */
export function keyHint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64')
}
