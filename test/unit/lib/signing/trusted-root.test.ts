import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosignSignerFlags, signerPhrase } from '../../../../src/lib/signing/trusted-root.js'
import { trustedRootProblem } from '../../../../src/lib/signing/trust.js'

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
