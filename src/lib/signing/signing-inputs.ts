/**
 * The `sign`, `signing-key`, `signing-key-password` and `signing-config` inputs (build-push signs what it pushed,
 * promote-artifact what it promoted): the key opened, or the signing config read and the job's OIDC token found,
 * while the inputs are read, so a bad key, password or config stops the run before any write. Loads node:crypto and
 * the key readers only, not the Sigstore libraries.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Inputs } from '../action/inputs.js'
import { publicKeyPem, SigningKeyError } from './keys.js'
import { readPrivateKey } from './private-key.js'
import { PUBLIC_SIGNING_CONFIG, signingServices, type SigningServices } from './signing-config.js'

export type SignMode = 'none' | 'key' | 'keyless'

export type Signing =
  | { mode: 'none' }
  | { mode: 'key'; key: KeyObject; publicKey: string }
  | { mode: 'keyless'; signingConfig: unknown; services: SigningServices }

/** Where keyless signing finds the job's OIDC token (what @sigstore/sign's CI identity provider reads). */
export type TokenEnv = Partial<Record<'ACTIONS_ID_TOKEN_REQUEST_URL' | 'ACTIONS_ID_TOKEN_REQUEST_TOKEN' | 'SIGSTORE_ID_TOKEN', string>>

/** The four inputs; `unavailable` says why signing cannot be honoured by this run, when it cannot. */
export function readSigning(inputs: Inputs, unavailable?: string, env: TokenEnv = process.env): Signing {
  const mode = inputs.oneOf<SignMode>('sign', ['none', 'key', 'keyless'], 'none')
  const pem = inputs.optionalString('signing-key', { secret: true })
  const password = inputs.optionalString('signing-key-password', { secret: true }) ?? ''
  const configFile = inputs.optionalString('signing-config')
  if (mode !== 'keyless' && configFile !== undefined) inputs.fail('signing-config', configFile, "nothing unless 'sign' is 'keyless' (it names the Sigstore services keyless signing uses)")
  if (mode === 'none') {
    if (pem !== undefined) inputs.fail('sign', 'none', "'key', since 'signing-key' is set (or leave signing-key out)")
    return { mode: 'none' }
  }
  if (unavailable) inputs.fail('sign', mode, unavailable)
  if (mode === 'keyless') return readKeyless(inputs, pem, configFile, env)
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

function readKeyless(inputs: Inputs, pem: string | undefined, configFile: string | undefined, env: TokenEnv): Signing {
  if (pem !== undefined) inputs.fail('signing-key', '(secret, not shown)', "nothing when 'sign' is 'keyless' (a key is for 'sign: key')")
  const hasToken = Boolean(env.SIGSTORE_ID_TOKEN) || Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
  if (!hasToken) {
    inputs.fail('sign', 'keyless', "'key' or 'none' here: keyless signing needs the job's OIDC token, and this job has none. Give the job `permissions: id-token: write` (on GitHub), or set SIGSTORE_ID_TOKEN elsewhere")
  }
  let signingConfig: unknown = PUBLIC_SIGNING_CONFIG
  if (configFile !== undefined) {
    try {
      signingConfig = JSON.parse(readFileSync(configFile, 'utf8'))
    } catch (error) {
      inputs.fail('signing-config', configFile, `a readable signing_config.json (cosign signing-config create writes one): ${(error as Error).message}`)
      return { mode: 'none' }
    }
  }
  const services = signingServices(signingConfig)
  if (typeof services === 'string') {
    inputs.fail('signing-config', configFile ?? '', `a signing config keyless signing can use (this one: ${services})`)
    return { mode: 'none' }
  }
  return { mode: 'keyless', signingConfig, services }
}
