import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { keyHint, publicKeyPem, readPublicKey } from '../../../../src/lib/signing/keys.js'

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })

test('public keys that are not ECDSA P-256, or not public keys, are refused saying what is accepted', () => {
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
  expect(() => readPublicKey(p384.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/public key is ec secp384r1; ECDSA P-256 keys are supported/)
  expect(() => readPublicKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/no PEM public key/)
})

test('the public key reads back, and its hint is the SHA-256 of its DER form, the same from either half', () => {
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  expect(publicKeyPem(readPublicKey(pem))).toBe(pem)
  expect(keyHint(privateKey)).toBe(keyHint(publicKey))
  expect(Buffer.from(keyHint(publicKey), 'base64')).toHaveLength(32)
})
