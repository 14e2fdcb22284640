/** The `verify` and `public-key` inputs: the signature policy promote-artifact enforces before any write. */
import type { KeyObject } from 'node:crypto'
import type { Inputs } from '../lib/action/inputs.js'
import { readPublicKey, SigningKeyError } from '../lib/signing/keys.js'

export type VerifyPolicy = { mode: 'none' } | { mode: 'signature'; publicKey: KeyObject }

export function readVerify(inputs: Inputs): VerifyPolicy {
  const mode = inputs.oneOf<'none' | 'signature'>('verify', ['none', 'signature'], 'none')
  const pem = inputs.optionalString('public-key')
  if (mode === 'none') {
    if (pem !== undefined) inputs.fail('verify', 'none', "'signature', since 'public-key' is set (or leave public-key out)")
    return { mode: 'none' }
  }
  if (pem === undefined) {
    inputs.fail('public-key', '', "the signer's public key (cosign.pub, -----BEGIN PUBLIC KEY-----), since 'verify' is 'signature'")
    return { mode: 'none' }
  }
  try {
    return { mode: 'signature', publicKey: readPublicKey(pem) }
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error
    inputs.fail('public-key', pem.split('\n')[0] ?? '', `cosign.pub or another PEM public key: ${error.message}`)
    return { mode: 'none' }
  }
}
