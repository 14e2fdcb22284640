/**
 * build-push's `sign` inputs: `sign`, `signing-key` and `signing-key-password`, read with the other inputs (the
 * key opened here, before anything is built), and `provenance`, which is signed with that key. Loads node:crypto and
 * the key readers only, not the Sigstore libraries.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Inputs } from '../lib/action/inputs.js'
import { publicKeyPem, SigningKeyError } from '../lib/signing/keys.js'
import { readPrivateKey } from '../lib/signing/private-key.js'
import { readProvenanceRun, type ProvenanceEnv, type ProvenanceMode, type ProvenanceRun } from './provenance.js'

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

export type Provenance = { mode: 'none' } | { mode: 'min' | 'max'; run: ProvenanceRun }

/**
 * `provenance`: none, or a SLSA v1 provenance signed with the `sign: key` key. Unsigned provenance is refused: anyone
 * who can push to the repository could attach one, so it would prove nothing to promote-artifact's `verify`.
 */
export function readProvenance(inputs: Inputs, signing: Signing, env: ProvenanceEnv): Provenance {
  const mode = inputs.oneOf<ProvenanceMode>('provenance', ['none', 'min', 'max'], 'none')
  if (mode === 'none') return { mode }
  if (inputs.string('sign') !== 'key') {
    inputs.fail('provenance', mode, "'none' unless 'sign' is 'key' (the provenance is signed with signing-key; an unsigned one would prove nothing)")
    return { mode: 'none' }
  }
  const run = readProvenanceRun(env)
  if ('missing' in run) {
    inputs.fail('provenance', mode, `'none' here: the provenance names the workflow run, and ${run.missing.join(', ')} ${run.missing.length === 1 ? 'is' : 'are'} not set (they are on GitHub Actions)`)
    return { mode: 'none' }
  }
  return signing.mode === 'key' ? { mode, run } : { mode: 'none' }
}
