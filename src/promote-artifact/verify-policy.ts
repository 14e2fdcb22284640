/**
 * The `verify`, `public-key`, `certificate-identity[-regexp]`, `certificate-oidc-issuer[-regexp]`, `trusted-root`,
 * `expected-source-repository` and `expected-source-commit` inputs: what promote-artifact checks cryptographically
 * before any write (a signature, a provenance attestation, an SBOM attestation), and whom it trusts to have signed
 * them: a key, or a keyless identity (cosign's flags of the same names).
 */
import { readFileSync } from 'node:fs'
import type { Inputs } from '../lib/action/inputs.js'
import { readPublicKey, SigningKeyError } from '../lib/signing/keys.js'
import { trustedRootProblem, type IdentityPolicy, type SignerPolicy } from '../lib/signing/trust.js'

export type VerifyCheck = 'signature' | 'provenance' | 'sbom'
export const VERIFY_CHECKS: readonly VerifyCheck[] = ['signature', 'provenance', 'sbom']

/** What a provenance must say: built from this repository (owner/repo or its URL), and this commit when given. */
export interface ProvenancePolicy {
  repository: string
  commit?: string
}


/** `checks` empty: nothing is verified. Otherwise `signer` is set, and `provenance` when checks include it. */
export interface VerifyPolicy {
  checks: VerifyCheck[]
  signer?: SignerPolicy
  provenance?: ProvenancePolicy
}

const KEYLESS_INPUTS = ['certificate-identity', 'certificate-identity-regexp', 'certificate-oidc-issuer', 'certificate-oidc-issuer-regexp', 'trusted-root'] as const

const REPOSITORY = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+|https?:\/\/[^\s/@]+(\/[A-Za-z0-9_.-]+){2,})$/
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/

export function readVerify(inputs: Inputs, env: { GITHUB_REPOSITORY?: string | undefined }): VerifyPolicy {
  const values = inputs.list('verify')
  const checks: VerifyCheck[] = []
  for (const value of values) {
    if (value === 'none' && values.length === 1) continue
    if (!(VERIFY_CHECKS as string[]).includes(value)) inputs.fail('verify', value, "'none', or any of 'signature', 'provenance' and 'sbom' (a comma list: 'signature, provenance, sbom')")
    else if (!checks.includes(value as VerifyCheck)) checks.push(value as VerifyCheck)
  }
  const pem = inputs.optionalString('public-key')
  const repositoryInput = inputs.optionalString('expected-source-repository')
  const commit = inputs.optionalString('expected-source-commit')
  if (!checks.includes('provenance')) {
    if (repositoryInput !== undefined) inputs.fail('expected-source-repository', repositoryInput, "nothing unless 'verify' includes 'provenance' (it is what the provenance must name)")
    if (commit !== undefined) inputs.fail('expected-source-commit', commit, "nothing unless 'verify' includes 'provenance' (it is what the provenance must name)")
  }
  if (repositoryInput !== undefined && !REPOSITORY.test(repositoryInput)) inputs.fail('expected-source-repository', repositoryInput, "a repository as 'owner/repo' (e.g. acme/web) or its URL (https://github.com/acme/web)")
  if (commit !== undefined && !COMMIT.test(commit)) inputs.fail('expected-source-commit', commit, 'a full commit SHA: 40 (or 64) lower-case hex digits, e.g. ${{ github.sha }}')
  const keyless = Object.fromEntries(KEYLESS_INPUTS.map((name) => [name, inputs.optionalString(name)])) as Record<(typeof KEYLESS_INPUTS)[number], string | undefined>
  const keylessGiven = KEYLESS_INPUTS.filter((name) => keyless[name] !== undefined)
  if (checks.length === 0) {
    if (pem !== undefined) inputs.fail('verify', values.join(', ') || 'none', "any of 'signature', 'provenance' and 'sbom', since 'public-key' is set (or leave public-key out)")
    for (const name of keylessGiven) inputs.fail(name, keyless[name]!, `nothing unless 'verify' names a check ('signature', 'provenance' or 'sbom'): it says whom the signatures must be by`)
    return { checks: [] }
  }
  const repository = repositoryInput ?? env.GITHUB_REPOSITORY
  if (checks.includes('provenance') && !repository) inputs.fail('expected-source-repository', '', "the repository the provenance must name ('owner/repo'), since 'verify' includes 'provenance' and GITHUB_REPOSITORY is not set")
  const signer = pem !== undefined ? readKey(inputs, pem, keylessGiven.map((name) => [name, keyless[name]!])) : readKeyless(inputs, keyless, checks)
  if (!signer) return { checks: [] }
  const provenance = checks.includes('provenance') && repository ? { provenance: { repository, ...(commit !== undefined && { commit }) } } : {}
  return { checks, signer, ...provenance }
}

function readKey(inputs: Inputs, pem: string, keylessGiven: [string, string][]): SignerPolicy | undefined {
  for (const [name, value] of keylessGiven) inputs.fail(name, value, "nothing when 'public-key' is set: trust either a key or a keyless identity")
  try {
    return { kind: 'key', key: readPublicKey(pem) }
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error
    inputs.fail('public-key', pem.split('\n')[0] ?? '', `cosign.pub or another PEM public key: ${error.message}`)
    return undefined
  }
}

/** A regular expression input, compiled (JavaScript syntax; cosign's are Go's RE2, the same for common patterns). */
function regExp(inputs: Inputs, name: string, value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined
  try {
    return new RegExp(value)
  } catch (error) {
    inputs.fail(name, value, `a regular expression: ${(error as Error).message}`)
    return undefined
  }
}

function readKeyless(inputs: Inputs, given: Record<(typeof KEYLESS_INPUTS)[number], string | undefined>, checks: VerifyCheck[]): SignerPolicy | undefined {
  const identity = given['certificate-identity']
  const issuer = given['certificate-oidc-issuer']
  const who = "the signer: 'public-key' (cosign.pub), or keyless 'certificate-identity' (or 'certificate-identity-regexp') with 'certificate-oidc-issuer' (or 'certificate-oidc-issuer-regexp')"
  if (identity === undefined && given['certificate-identity-regexp'] === undefined && issuer === undefined && given['certificate-oidc-issuer-regexp'] === undefined) {
    inputs.fail('public-key', '', `${who}, since 'verify' is '${checks.join(', ')}'`)
    return undefined
  }
  if (identity !== undefined && given['certificate-identity-regexp'] !== undefined) inputs.fail('certificate-identity-regexp', given['certificate-identity-regexp'], "nothing when 'certificate-identity' is set (one of the two)")
  if (issuer !== undefined && given['certificate-oidc-issuer-regexp'] !== undefined) inputs.fail('certificate-oidc-issuer-regexp', given['certificate-oidc-issuer-regexp'], "nothing when 'certificate-oidc-issuer' is set (one of the two)")
  if (identity === undefined && given['certificate-identity-regexp'] === undefined) inputs.fail('certificate-identity', '', "the identity the signing certificate must name (e.g. https://github.com/acme/infra/.github/workflows/release.yml@refs/heads/main), or 'certificate-identity-regexp'")
  if (issuer === undefined && given['certificate-oidc-issuer-regexp'] === undefined) inputs.fail('certificate-oidc-issuer', '', "the OIDC issuer of the signer's token (https://token.actions.githubusercontent.com on GitHub), or 'certificate-oidc-issuer-regexp'")
  const trustedRoot = given['trusted-root']
  if (trustedRoot !== undefined) {
    let problem: string | undefined
    try {
      problem = trustedRootProblem(JSON.parse(readFileSync(trustedRoot, 'utf8')))
    } catch (error) {
      problem = `it cannot be read as JSON (${(error as Error).message})`
    }
    if (problem) inputs.fail('trusted-root', trustedRoot, `a trusted_root.json (cosign trusted-root create writes one): ${problem}`)
  }
  const policy: IdentityPolicy = {
    ...(identity !== undefined && { identity }),
    ...(issuer !== undefined && { issuer })
  }
  const identityRegExp = regExp(inputs, 'certificate-identity-regexp', given['certificate-identity-regexp'])
  const issuerRegExp = regExp(inputs, 'certificate-oidc-issuer-regexp', given['certificate-oidc-issuer-regexp'])
  if (identityRegExp) policy.identityRegExp = identityRegExp
  if (issuerRegExp) policy.issuerRegExp = issuerRegExp
  return { kind: 'keyless', identity: policy, ...(trustedRoot !== undefined && { trustedRoot }) }
}
