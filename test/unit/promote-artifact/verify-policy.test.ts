import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { Inputs } from '../../../src/lib/action/inputs.js'
import { readVerify } from '../../../src/promote-artifact/verify-policy.js'

const PUB = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
const SHA = 'a'.repeat(40)
const ENV = { GITHUB_REPOSITORY: 'acme/web' }

const read = (values: Record<string, string>, env: { GITHUB_REPOSITORY?: string } = ENV) => readVerify(new Inputs((name) => values[name] ?? ''), env)

function problems(values: Record<string, string>, env: { GITHUB_REPOSITORY?: string } = ENV): string[] {
  const inputs = new Inputs((name) => values[name] ?? '')
  readVerify(inputs, env)
  try {
    inputs.done()
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => `${e.input}: ${e.message}`)
    throw error
  }
  return []
}

test('verify: signature takes a P-256 public key; none is the default', () => {
  expect(read({}).checks).toEqual([])
  expect(read({ verify: 'none' }).checks).toEqual([])
  const policy = read({ verify: 'signature', 'public-key': PUB })
  expect([policy.checks, policy.signer?.kind === 'key' && policy.signer.key.asymmetricKeyType, policy.provenance]).toEqual([['signature'], 'ec', undefined])
})

test('verify: provenance (alone or with signature) expects the run\'s repository unless expected-source-repository names another; a commit when given', () => {
  expect(read({ verify: 'signature, provenance', 'public-key': PUB })).toMatchObject({ checks: ['signature', 'provenance'], provenance: { repository: 'acme/web' } })
  expect(read({ verify: 'provenance', 'public-key': PUB, 'expected-source-repository': 'https://github.com/acme/api', 'expected-source-commit': SHA }).provenance).toEqual({ repository: 'https://github.com/acme/api', commit: SHA })
})

test('signature without a key, a key without signature, a bad key or an unknown mode are refused naming the input', () => {
  expect(problems({ verify: 'signature' })).toEqual([expect.stringMatching(/^public-key: .*since 'verify' is 'signature'/)])
  expect(problems({ 'public-key': PUB })).toEqual([expect.stringMatching(/^verify: .*any of 'signature', 'provenance' and 'sbom', since 'public-key' is set/)])
  expect(problems({ verify: 'signature', 'public-key': 'abc' })).toEqual([expect.stringMatching(/^public-key: .*no PEM public key/)])
  expect(problems({ verify: 'yes' })).toEqual([expect.stringMatching(/^verify: .*yes.*any of 'signature', 'provenance' and 'sbom'/)])
  expect(problems({ verify: 'none, provenance', 'public-key': PUB })).toEqual([expect.stringMatching(/^verify: .*none/)])
})

test('expected-source-* without verify: provenance, a malformed repository or commit, or no repository at all are refused naming the input and value', () => {
  expect(problems({ verify: 'signature', 'public-key': PUB, 'expected-source-commit': SHA })).toEqual([expect.stringMatching(/^expected-source-commit: .*unless 'verify' includes 'provenance'/)])
  expect(problems({ 'expected-source-repository': 'acme/web' })).toEqual([expect.stringMatching(/^expected-source-repository: .*unless 'verify' includes 'provenance'/)])
  expect(problems({ verify: 'provenance', 'public-key': PUB, 'expected-source-repository': 'acme web' })).toEqual([expect.stringMatching(/^expected-source-repository: .*acme web.*'owner\/repo'/)])
  expect(problems({ verify: 'provenance', 'public-key': PUB, 'expected-source-commit': 'main' })).toEqual([expect.stringMatching(/^expected-source-commit: .*main.*40 .*hex/)])
  expect(problems({ verify: 'provenance', 'public-key': PUB }, {})).toEqual([expect.stringMatching(/^expected-source-repository: .*GITHUB_REPOSITORY is not set/)])
})

test('verify: sbom takes the public key like signature, and needs no source repository', () => {
  expect(read({ verify: 'sbom', 'public-key': PUB }, {})).toMatchObject({ checks: ['sbom'], signer: { kind: 'key' } })
  expect(read({ verify: 'signature, sbom', 'public-key': PUB }).checks).toEqual(['signature', 'sbom'])
  expect(problems({ verify: 'sbom' })).toEqual([expect.stringMatching(/^public-key: .*keyless 'certificate-identity'.*since 'verify' is 'sbom'/)])
})

const WORKFLOW = 'https://github.com/acme/web/.github/workflows/release.yml@refs/heads/main'
const GITHUB = 'https://token.actions.githubusercontent.com'

test('a keyless signer is an identity (exact or a regexp) and an issuer, under the public trust root unless trusted-root names a file', () => {
  expect(read({ verify: 'signature', 'certificate-identity': WORKFLOW, 'certificate-oidc-issuer': GITHUB }).signer).toEqual({ kind: 'keyless', identity: { identity: WORKFLOW, issuer: GITHUB } })
  const regexp = read({ verify: 'signature, provenance', 'certificate-identity-regexp': '^https://github\\.com/acme/', 'certificate-oidc-issuer': GITHUB })
  expect(regexp.signer?.kind === 'keyless' && regexp.signer.identity.identityRegExp?.test(WORKFLOW)).toBe(true)
  const dir = mkdtempSync(path.join(tmpdir(), 'verify-policy-'))
  const root = path.join(dir, 'trusted_root.json')
  writeFileSync(root, JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', certificateAuthorities: [{}], tlogs: [{}] }))
  expect(read({ verify: 'sbom', 'certificate-identity': WORKFLOW, 'certificate-oidc-issuer': GITHUB, 'trusted-root': root }).signer).toMatchObject({ kind: 'keyless', trustedRoot: root })
  writeFileSync(root, '{}')
  expect(problems({ verify: 'sbom', 'certificate-identity': WORKFLOW, 'certificate-oidc-issuer': GITHUB, 'trusted-root': root })).toEqual([expect.stringMatching(/^trusted-root: .*mediaType is undefined/)])
  rmSync(dir, { recursive: true })
})

test('half a keyless policy, both forms of one part, a bad regexp, or a key and an identity together are refused naming the input', () => {
  expect(problems({ verify: 'signature', 'certificate-identity': WORKFLOW })).toEqual([expect.stringMatching(/^certificate-oidc-issuer: .*token.actions.githubusercontent.com/)])
  expect(problems({ verify: 'signature', 'certificate-oidc-issuer': GITHUB })).toEqual([expect.stringMatching(/^certificate-identity: .*workflows/)])
  expect(problems({ verify: 'signature', 'certificate-identity': WORKFLOW, 'certificate-identity-regexp': 'acme', 'certificate-oidc-issuer': GITHUB })).toEqual([expect.stringMatching(/^certificate-identity-regexp: .*one of the two/)])
  expect(problems({ verify: 'signature', 'certificate-identity-regexp': '(', 'certificate-oidc-issuer': GITHUB })).toEqual([expect.stringMatching(/^certificate-identity-regexp: .*a regular expression/)])
  expect(problems({ verify: 'signature', 'public-key': PUB, 'certificate-identity': WORKFLOW })).toEqual([expect.stringMatching(/^certificate-identity: .*either a key or a keyless identity/)])
  expect(problems({ 'certificate-identity': WORKFLOW })).toEqual([expect.stringMatching(/^certificate-identity: .*nothing unless 'verify' names a check/)])
})
