import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { publicKeyPem } from '../../../../src/lib/signing/keys.js'
import { readPrivateKey } from '../../../../src/lib/signing/private-key.js'

// cosign's own encrypted format (cosign generate-key-pair) is read in test/integration/lib/signing/cosign.test.ts,
// with keys the real cosign makes.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })

test('PKCS#8, SEC1 and password-encrypted PKCS#8 P-256 keys open to the same key', () => {
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString()
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString()
  for (const key of [readPrivateKey(pkcs8), readPrivateKey(sec1), readPrivateKey(encrypted, 'pw')]) expect(publicKeyPem(key)).toBe(publicKeyPem(publicKey))
  expect(() => readPrivateKey(encrypted, 'wrong')).toThrow(/password does not open/)
  expect(() => readPrivateKey(encrypted)).toThrow(/password does not open/)
})

test('keys that are not ECDSA P-256, or not keys, are refused saying what is accepted', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
  expect(() => readPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/private key is rsa; ECDSA P-256 keys are supported/)
  expect(() => readPrivateKey(p384.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/private key is ec secp384r1/)
  expect(() => readPrivateKey('hello')).toThrow(/no PEM private key/)
  expect(() => readPrivateKey('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nbm90IGpzb24=\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----')).toThrow(/damaged/)
})
