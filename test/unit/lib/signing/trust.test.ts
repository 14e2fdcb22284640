import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { identityFlags, identityProblem, trustPhrase } from '../../../../src/lib/signing/trust.js'

const WORKFLOW = 'https://github.com/acme/web/.github/workflows/release.yml@refs/heads/main'
const GITHUB = 'https://token.actions.githubusercontent.com'

test('an exact identity and issuer must both match; the reason names what the certificate says', () => {
  const policy = { identity: WORKFLOW, issuer: GITHUB }
  expect(identityProblem({ subject: WORKFLOW, issuer: GITHUB }, policy)).toBeUndefined()
  expect(identityProblem({ subject: WORKFLOW.replace('acme', 'mallory'), issuer: GITHUB }, policy)).toBe(`it is signed by ${WORKFLOW.replace('acme', 'mallory')}, not ${WORKFLOW}`)
  expect(identityProblem({ subject: WORKFLOW, issuer: 'https://accounts.google.com' }, policy)).toBe(`its signer's token was issued by https://accounts.google.com, not ${GITHUB}`)
  expect(identityProblem({}, policy)).toBe(`it is signed by (none), not ${WORKFLOW}`)
})

test('regular expressions match anywhere unless anchored, as cosign\'s do', () => {
  expect(identityProblem({ subject: WORKFLOW, issuer: GITHUB }, { identityRegExp: /acme\/web/, issuer: GITHUB })).toBeUndefined()
  expect(identityProblem({ subject: `https://evil.example/?${WORKFLOW}`, issuer: GITHUB }, { identityRegExp: /acme\/web/, issuer: GITHUB })).toBeUndefined()
  expect(identityProblem({ subject: `https://evil.example/?${WORKFLOW}`, issuer: GITHUB }, { identityRegExp: /^https:\/\/github\.com\/acme\//, issuer: GITHUB })).toMatch(/which does not match \^https/)
  expect(identityProblem({ subject: WORKFLOW, issuer: GITHUB }, { identity: WORKFLOW, issuerRegExp: /^https:\/\/gitlab/ })).toMatch(/issued by https:\/\/token.actions.githubusercontent.com, which does not match/)
})

test('the policy in cosign\'s flags, and how messages name the trust', () => {
  expect(identityFlags({ identity: WORKFLOW, issuer: GITHUB })).toEqual(['--certificate-identity', WORKFLOW, '--certificate-oidc-issuer', GITHUB])
  expect(identityFlags({ identityRegExp: /^x$/, issuerRegExp: /y/ })).toEqual(['--certificate-identity-regexp', '^x$', '--certificate-oidc-issuer-regexp', 'y'])
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  expect(trustPhrase({ kind: 'key', key: publicKey })).toBe('with the public key')
  const material = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [], publicKey: () => { throw new Error('none') } }
  expect(trustPhrase({ kind: 'keyless', material, requireSct: true, identity: { identityRegExp: /acme/, issuer: GITHUB }, root: 'r' })).toBe(`keyless as an identity matching acme (issuer ${GITHUB})`)
})
