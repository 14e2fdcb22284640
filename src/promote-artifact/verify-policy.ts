/**
 * The `verify`, `public-key`, `expected-source-repository` and `expected-source-commit` inputs: what promote-artifact
 * checks cryptographically before any write (a signature, a provenance attestation, an SBOM attestation, by the key).
 */
import type { KeyObject } from 'node:crypto'
import type { Inputs } from '../lib/action/inputs.js'
import { readPublicKey, SigningKeyError } from '../lib/signing/keys.js'

export type VerifyCheck = 'signature' | 'provenance' | 'sbom'
export const VERIFY_CHECKS: readonly VerifyCheck[] = ['signature', 'provenance', 'sbom']

/** What a provenance must say: built from this repository (owner/repo or its URL), and this commit when given. */
export interface ProvenancePolicy {
  repository: string
  commit?: string
}

/** `checks` empty: nothing is verified. Otherwise `publicKey` is set, and `provenance` when checks include it. */
export interface VerifyPolicy {
  checks: VerifyCheck[]
  publicKey?: KeyObject
  provenance?: ProvenancePolicy
}

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
  if (checks.length === 0) {
    if (pem !== undefined) inputs.fail('verify', values.join(', ') || 'none', "any of 'signature', 'provenance' and 'sbom', since 'public-key' is set (or leave public-key out)")
    return { checks: [] }
  }
  const repository = repositoryInput ?? env.GITHUB_REPOSITORY
  if (checks.includes('provenance') && !repository) inputs.fail('expected-source-repository', '', "the repository the provenance must name ('owner/repo'), since 'verify' includes 'provenance' and GITHUB_REPOSITORY is not set")
  if (pem === undefined) {
    inputs.fail('public-key', '', `the signer's public key (cosign.pub, -----BEGIN PUBLIC KEY-----), since 'verify' is '${checks.join(', ')}'`)
    return { checks: [] }
  }
  let publicKey: KeyObject
  try {
    publicKey = readPublicKey(pem)
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error
    inputs.fail('public-key', pem.split('\n')[0] ?? '', `cosign.pub or another PEM public key: ${error.message}`)
    return { checks: [] }
  }
  const provenance = checks.includes('provenance') && repository ? { provenance: { repository, ...(commit !== undefined && { commit }) } } : {}
  return { checks, publicKey, ...provenance }
}
