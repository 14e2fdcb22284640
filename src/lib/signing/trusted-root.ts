/**
 * The trust root keyless verification checks against: a trusted_root.json file (`cosign trusted-root create` writes
 * one for a private Sigstore; cosign reads it with --trusted-root), or by default the public instance's, fetched and
 * verified through its TUF repository by @sigstore/tuf (loaded only then), as cosign and `gh attestation verify` do.
 */
import { readFileSync } from 'node:fs'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toTrustMaterial } from '@sigstore/verify'
import { UserError } from '../action/errors.js'
import { identityFlags, type IdentityPolicy, type SignerPolicy, type SignerTrust } from './trust.js'

export const PUBLIC_TRUST_ROOT = "the public Sigstore instance's trust root (from its TUF repository)"

export class TrustRootError extends UserError {
  override name = 'TrustRootError'
}

function trustOf(json: unknown, root: string, identity: IdentityPolicy): SignerTrust {
  const parsed = TrustedRoot.fromJSON(json)
  return { kind: 'keyless', material: toTrustMaterial(parsed), requireSct: parsed.ctlogs.length > 0, identity, root }
}

/** The cosign flags that name the same signer (for the commands the summary shows). */
export function cosignSignerFlags(policy: SignerPolicy): string[] {
  if (policy.kind === 'key') return ['--key', 'cosign.pub', '--insecure-ignore-tlog']
  if (policy.trustedRoot === undefined) return identityFlags(policy.identity)
  let ctlogs: number
  try {
    ctlogs = ((JSON.parse(readFileSync(policy.trustedRoot, 'utf8')) as { ctlogs?: unknown[] }).ctlogs ?? []).length
  } catch {
    // Checked with the inputs; the flags stay what they would be with a CT log.
    ctlogs = 1
  }
  return [...identityFlags(policy.identity), '--trusted-root', policy.trustedRoot, ...(ctlogs === 0 ? ['--insecure-ignore-sct'] : [])]
}

/** How the summary names the signer: with `public-key`, or keyless as an identity. */
export function signerPhrase(policy: SignerPolicy): string {
  if (policy.kind === 'key') return 'with `public-key`'
  const { identity, identityRegExp, issuer, issuerRegExp } = policy.identity
  return `keyless as ${identity !== undefined ? `\`${identity}\`` : `an identity matching \`${identityRegExp?.source ?? ''}\``} (issuer ${issuer !== undefined ? `\`${issuer}\`` : `matching \`${issuerRegExp?.source ?? ''}\``})`
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
