import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosignSignerFlags, identityFlags, identityProblem, signerPhrase, trustedRootProblem, trustPhrase } from '../../../../src/lib/signing/trust.js'

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

const MEDIA = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1'

test('a trust root must list a CA and a log or timestamp authority to verify keyless signatures', () => {
  expect(trustedRootProblem({ mediaType: MEDIA, certificateAuthorities: [{}], tlogs: [{}] })).toBeUndefined()
  expect(trustedRootProblem({ mediaType: MEDIA, certificateAuthorities: [{}], timestampAuthorities: [{}] })).toBeUndefined()
  expect(trustedRootProblem([])).toMatch(/mediaType is undefined/)
  expect(trustedRootProblem({ mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json' })).toMatch(/not application\/vnd.dev.sigstore.trustedroot\+json/)
  expect(trustedRootProblem({ mediaType: MEDIA, certificateAuthorities: [] })).toMatch(/no certificate authority/)
  expect(trustedRootProblem({ mediaType: MEDIA, certificateAuthorities: [{}] })).toMatch(/neither a transparency log/)
})

test('the cosign flags name the same signer: the key, or the identity with the trust root (and no SCT where it lists no CT log)', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  expect(cosignSignerFlags({ kind: 'key', key: publicKey })).toEqual(['--key', 'cosign.pub', '--insecure-ignore-tlog'])
  const identity = { identity: 'https://kubernetes.io/namespaces/ci/serviceaccounts/builder', issuer: 'https://127.0.0.1:16443' }
  expect(cosignSignerFlags({ kind: 'keyless', identity })).toEqual(['--certificate-identity', identity.identity, '--certificate-oidc-issuer', identity.issuer])
  const dir = mkdtempSync(path.join(tmpdir(), 'trusted-root-'))
  const file = path.join(dir, 'trusted_root.json')
  writeFileSync(file, JSON.stringify({ mediaType: MEDIA, certificateAuthorities: [{}], tlogs: [{}], ctlogs: [] }))
  expect(cosignSignerFlags({ kind: 'keyless', identity, trustedRoot: file }).slice(4)).toEqual(['--trusted-root', file, '--insecure-ignore-sct'])
  writeFileSync(file, JSON.stringify({ mediaType: MEDIA, certificateAuthorities: [{}], tlogs: [{}], ctlogs: [{}] }))
  expect(cosignSignerFlags({ kind: 'keyless', identity, trustedRoot: file }).slice(4)).toEqual(['--trusted-root', file])
  rmSync(dir, { recursive: true })
  expect(signerPhrase({ kind: 'key', key: publicKey })).toBe('with `public-key`')
  expect(signerPhrase({ kind: 'keyless', identity })).toBe(`keyless as \`${identity.identity}\` (issuer \`${identity.issuer}\`)`)
  expect(signerPhrase({ kind: 'keyless', identity: { identityRegExp: /^https:\/\/github\.com\/acme\//, issuerRegExp: /github/ } })).toBe('keyless as an identity matching `^https:\\/\\/github\\.com\\/acme\\/` (issuer matching `github`)')
})
