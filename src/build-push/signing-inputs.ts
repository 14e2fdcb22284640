/**
 * build-push's `sign` inputs: `sign`, `signing-key` and `signing-key-password`, read with the other inputs (the
 * key opened here, before anything is built). Loads node:crypto and the key readers only, not the Sigstore libraries.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Inputs } from '../lib/action/inputs.js'
import { publicKeyPem, SigningKeyError } from '../lib/signing/keys.js'
import { readPrivateKey } from '../lib/signing/private-key.js'

export type SignMode = 'none' | 'key'

export type Signing = { mode: 'none' } | { mode: 'key'; key: KeyObject; publicKey: string }

/** `sign`, `signing-key` and `signing-key-password`; the key is opened here, so a bad key or password stops the run before the build. */
export function readSigning(inputs: Inputs, push: boolean): Signing {
  const mode = inputs.oneOf<SignMode | 'keyless'>('sign', ['none', 'key', 'keyless'], 'none')
  const pem = inputs.optionalString('signing-key', { secret: true })
  const password = inputs.optionalString('signing-key-password', { secret: true }) ?? ''
  if (mode === 'keyless') {
    inputs.fail('sign', 'keyless', "'none' or 'key': keyless signing (Fulcio and Rekor with the job's OIDC token) is not available in this version; sign with a key")
    return { mode: 'none' }
  }
  if (mode === 'none') {
    if (pem !== undefined) inputs.fail('sign', 'none', "'key', since 'signing-key' is set (or leave signing-key out)")
    return { mode: 'none' }
  }
  if (!push) inputs.fail('sign', 'key', "'none' with push 'false' (only a pushed digest can be signed)")
  if (pem === undefined) {
    inputs.fail('signing-key', '', "a private key (cosign.key from cosign generate-key-pair, as a secret), since 'sign' is 'key'")
    return { mode: 'none' }
  }
  try {
    const key = readPrivateKey(pem, password)
    return { mode: 'key', key, publicKey: publicKeyPem(createPublicKey(key)) }
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error
    inputs.fail(/password/.test(error.message) ? 'signing-key-password' : 'signing-key', '(secret, not shown)', `a key the action can sign with: ${error.message}`)
    return { mode: 'none' }
  }
}
