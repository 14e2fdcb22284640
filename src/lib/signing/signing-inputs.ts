/**
 * The `sign`, `signing-key` and `signing-key-password` inputs (build-push signs what it pushed, promote-artifact
 * what it promoted): the key opened while the inputs are read, so a bad key or password stops the run before any
 * write. Loads node:crypto and the key readers only, not the Sigstore libraries.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Inputs } from '../action/inputs.js'
import { publicKeyPem, SigningKeyError } from './keys.js'
import { readPrivateKey } from './private-key.js'

export type SignMode = 'none' | 'key'

export type Signing = { mode: 'none' } | { mode: 'key'; key: KeyObject; publicKey: string }

/** The three inputs; `unavailable` says why `sign: key` cannot be honoured by this run, when it cannot. */
export function readSigning(inputs: Inputs, unavailable?: string): Signing {
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
  if (unavailable) inputs.fail('sign', 'key', unavailable)
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
