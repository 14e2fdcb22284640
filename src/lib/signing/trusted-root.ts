/**
 * The trust root keyless verification checks against: a trusted_root.json file (`cosign trusted-root create` writes
 * one for a private Sigstore; cosign reads it with --trusted-root), or by default the public instance's, fetched and
 * verified through its TUF repository by @sigstore/tuf (loaded only then), as cosign and `gh attestation verify` do.
 */
import { readFileSync } from 'node:fs'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toTrustMaterial } from '@sigstore/verify'
import { UserError } from '../action/errors.js'
import type { IdentityPolicy, SignerPolicy, SignerTrust } from './trust.js'

export const PUBLIC_TRUST_ROOT = "the public Sigstore instance's trust root (from its TUF repository)"

export class TrustRootError extends UserError {
  override name = 'TrustRootError'
}

function trustOf(json: unknown, root: string, identity: IdentityPolicy): SignerTrust {
  const parsed = TrustedRoot.fromJSON(json)
  return { kind: 'keyless', material: toTrustMaterial(parsed), requireSct: parsed.ctlogs.length > 0, identity, root }
}

/** The trust a policy names: its key, or its identity under its trust root (loaded here). */
export function signerTrust(policy: SignerPolicy): Promise<SignerTrust> {
  return policy.kind === 'key' ? Promise.resolve({ kind: 'key', key: policy.key }) : loadKeylessTrust(policy.identity, policy.trustedRoot)
}

/** Keyless trust: the root in `file`, or the public instance's. */
export async function loadKeylessTrust(identity: IdentityPolicy, file?: string): Promise<SignerTrust> {
  if (file !== undefined) return trustOf(JSON.parse(readFileSync(file, 'utf8')), `the trust root ${file}`, identity)
  const { getTrustedRoot } = await import('@sigstore/tuf')
  try {
    return trustOf(await getTrustedRoot(), PUBLIC_TRUST_ROOT, identity)
  } catch (error) {
    throw new TrustRootError(`The public Sigstore trust root could not be fetched from https://tuf-repo-cdn.sigstore.dev (${(error as Error).message}). Give 'trusted-root' (a trusted_root.json) to verify offline or against a private Sigstore.`)
  }
}
