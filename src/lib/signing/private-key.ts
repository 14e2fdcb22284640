/**
 * Private signing keys as cosign writes them: its own encrypted PEM (`cosign generate-key-pair`: scrypt + NaCl
 * secretbox around a PKCS#8 key), or a plain or password-encrypted PKCS#8 / SEC1 PEM. ECDSA P-256 (cosign's
 * default), through node:crypto; the secretbox is opened with tweetnacl. Only signing loads this (and tweetnacl).
 */
import { createPrivateKey, scryptSync, type KeyObject } from 'node:crypto'
import nacl from 'tweetnacl'
import { requireP256, SigningKeyError } from './keys.js'

const COSIGN_PEM = /-----BEGIN ENCRYPTED (SIGSTORE|COSIGN) PRIVATE KEY-----([\s\S]*?)-----END ENCRYPTED \1 PRIVATE KEY-----/

interface CosignEnvelope {
  kdf?: { name?: string; params?: { N?: number; r?: number; p?: number }; salt?: string }
  cipher?: { name?: string; nonce?: string }
  ciphertext?: string
}

/** The private key of a PEM text; `password` opens cosign's encrypted keys and encrypted PKCS#8 (may be ''). */
export function readPrivateKey(pem: string, password = ''): KeyObject {
  const cosign = COSIGN_PEM.exec(pem)
  const key = cosign ? openCosignKey(Buffer.from(cosign[2]!.replace(/\s+/g, ''), 'base64'), password) : openPemKey(pem, password)
  requireP256(key, 'private')
  return key
}

function openPemKey(pem: string, password: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new SigningKeyError('it is no PEM private key (expected cosign.key from cosign generate-key-pair, or a PKCS#8 / EC PEM key)')
  try {
    // An encrypted PEM always gets a passphrase ('' included): without one OpenSSL would ask for it on a terminal.
    return createPrivateKey({ key: pem, format: 'pem', passphrase: password })
  } catch (error) {
    const message = (error as Error).message
    if (/ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(pem) || /passphrase|bad decrypt/i.test(message)) throw new SigningKeyError('the key is encrypted and the password does not open it')
    throw new SigningKeyError(`the PEM key cannot be read (${message})`)
  }
}

/** cosign's format: a JSON envelope; the key is scrypt(password, salt), the plaintext a PKCS#8 DER key. */
function openCosignKey(json: Buffer, password: string): KeyObject {
  let envelope: CosignEnvelope
  try {
    envelope = JSON.parse(json.toString('utf8')) as CosignEnvelope
  } catch {
    throw new SigningKeyError('the cosign key is damaged (its body is no JSON)')
  }
  const { kdf, cipher, ciphertext } = envelope
  const params = kdf?.params
  if (kdf?.name !== 'scrypt' || cipher?.name !== 'nacl/secretbox' || !params?.N || !params.r || !params.p || !kdf.salt || !cipher.nonce || !ciphertext) {
    throw new SigningKeyError(`the cosign key uses ${kdf?.name ?? 'no'} key derivation and ${cipher?.name ?? 'no'} cipher; scrypt and nacl/secretbox are supported`)
  }
  const secret = scryptSync(Buffer.from(password, 'utf8'), Buffer.from(kdf.salt, 'base64'), 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 })
  const opened = nacl.secretbox.open(new Uint8Array(Buffer.from(ciphertext, 'base64')), new Uint8Array(Buffer.from(cipher.nonce, 'base64')), new Uint8Array(secret))
  if (!opened) throw new SigningKeyError('the password does not open the cosign key (signing-key-password, the COSIGN_PASSWORD it was made with)')
  try {
    return createPrivateKey({ key: Buffer.from(opened), format: 'der', type: 'pkcs8' })
  } catch (error) {
    throw new SigningKeyError(`the cosign key holds no PKCS#8 key (${(error as Error).message})`)
  }
}
