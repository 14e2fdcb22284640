/**
 * Whom a verifier trusts: a public key (`cosign verify --key`), or keyless signers, that is a Sigstore trust root
 * (the CAs, transparency logs and timestamp authorities of a trusted_root.json, the public instance's by default)
 * plus the identity the certificate must name, as cosign's `--certificate-identity[-regexp]` and
 * `--certificate-oidc-issuer[-regexp]` say it. The identity check and the trust-root file check are plain functions
 * (light, for the inputs); trusted-root.ts loads a trust root.
 */
import type { KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { TrustMaterial } from '@sigstore/verify'

export const TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v[\d.]+)?\+json/

/** Why a parsed trusted_root.json cannot serve keyless verification, if it cannot (checked with the inputs). */
export function trustedRootProblem(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return 'it is no JSON object'
  const root = json as Record<string, unknown>
  if (typeof root.mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(root.mediaType)) return `its mediaType is ${JSON.stringify(root.mediaType)}, not application/vnd.dev.sigstore.trustedroot+json`
  if (!Array.isArray(root.certificateAuthorities) || root.certificateAuthorities.length === 0) return 'it lists no certificate authority (certificateAuthorities)'
  const logs = Array.isArray(root.tlogs) ? root.tlogs.length : 0
  const tsas = Array.isArray(root.timestampAuthorities) ? root.timestampAuthorities.length : 0
  if (logs + tsas === 0) return 'it lists neither a transparency log (tlogs) nor a timestamp authority, so no signing time could be verified'
  return undefined
}

/** Exactly one of each pair is set. Regular expressions match anywhere unless anchored, as cosign's do. */
export interface IdentityPolicy {
  identity?: string
  identityRegExp?: RegExp
  issuer?: string
  issuerRegExp?: RegExp
}

/** Whom signatures must be by, as the inputs say it: a public key, or a keyless identity under a trust root file (the public instance's when none). */
export type SignerPolicy = { kind: 'key'; key: KeyObject } | { kind: 'keyless'; identity: IdentityPolicy; trustedRoot?: string }

export type SignerTrust =
  | { kind: 'key'; key: KeyObject }
  | {
      kind: 'keyless'
      material: TrustMaterial
      /** The trust root lists certificate transparency logs: a certificate must carry an SCT from one. */
      requireSct: boolean
      identity: IdentityPolicy
      /** Where the trust root came from, for messages. */
      root: string
    }

/** The identity a Fulcio certificate names: its subject alternative name and the OIDC issuer extension. */
export interface CertificateIdentity {
  subject?: string
  issuer?: string
}

/** Why a certificate's identity does not meet the policy, if it does not. */
export function identityProblem(found: CertificateIdentity, policy: IdentityPolicy): string | undefined {
  const subject = found.subject ?? '(none)'
  const issuer = found.issuer ?? '(none)'
  if (policy.identity !== undefined && found.subject !== policy.identity) return `it is signed by ${subject}, not ${policy.identity}`
  if (policy.identityRegExp && !(found.subject !== undefined && policy.identityRegExp.test(found.subject))) return `it is signed by ${subject}, which does not match ${policy.identityRegExp.source}`
  if (policy.issuer !== undefined && found.issuer !== policy.issuer) return `its signer's token was issued by ${issuer}, not ${policy.issuer}`
  if (policy.issuerRegExp && !(found.issuer !== undefined && policy.issuerRegExp.test(found.issuer))) return `its signer's token was issued by ${issuer}, which does not match ${policy.issuerRegExp.source}`
  return undefined
}

/** How a message names the trust: `with the public key`, or `keyless as <identity> (issuer <issuer>)`. */
export function trustPhrase(trust: SignerTrust): string {
  return trust.kind === 'key' ? 'with the public key' : keylessPhrase(trust.identity, (text) => text)
}

/** `keyless as <identity> (issuer <issuer>)`, each name (or pattern) passed through `code`. */
function keylessPhrase({ identity, identityRegExp, issuer, issuerRegExp }: IdentityPolicy, code: (text: string) => string): string {
  const who = identity !== undefined ? code(identity) : `an identity matching ${code(identityRegExp?.source ?? '')}`
  const by = issuer !== undefined ? code(issuer) : `matching ${code(issuerRegExp?.source ?? '')}`
  return `keyless as ${who} (issuer ${by})`
}

/** The policy in cosign's flags, for messages and for the command a user runs. */
export function identityFlags(policy: IdentityPolicy): string[] {
  return [
    ...(policy.identity !== undefined ? ['--certificate-identity', policy.identity] : []),
    ...(policy.identityRegExp ? ['--certificate-identity-regexp', policy.identityRegExp.source] : []),
    ...(policy.issuer !== undefined ? ['--certificate-oidc-issuer', policy.issuer] : []),
    ...(policy.issuerRegExp ? ['--certificate-oidc-issuer-regexp', policy.issuerRegExp.source] : [])
  ]
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
  return policy.kind === 'key' ? 'with `public-key`' : keylessPhrase(policy.identity, (text) => `\`${text}\``)
}
