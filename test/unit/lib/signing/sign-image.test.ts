import { expect, test } from '@jest/globals'
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { keySigner, signatureBundle } from '../../../../src/lib/signing/sign-image.js'
import { keyHint } from '../../../../src/lib/signing/keys.js'

const A = `sha256:${'a'.repeat(64)}`
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })

test('the signer gives DER ECDSA signatures that node:crypto verifies, with the key hint', async () => {
  const { signature, key } = await keySigner(privateKey).sign(Buffer.from('data'))
  expect(verify('sha256', Buffer.from('data'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true)
  expect(key).toMatchObject({ $case: 'publicKey', hint: keyHint(createPublicKey(privateKey)) })
})

test('the bundle is a v0.3 Sigstore bundle with a DSSE envelope of the in-toto statement, key hint, no log entry', async () => {
  const bundle = JSON.parse((await signatureBundle(A, privateKey)).toString())
  expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json')
  expect(bundle.verificationMaterial.publicKey.hint).toBe(keyHint(publicKey))
  expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([])
  expect(bundle.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json')
  // cosign's DSSE verifier skips a signature named by another key ID than its own: cosign writes none.
  expect(bundle.dsseEnvelope.signatures.map((s: { keyid?: string }) => s.keyid ?? '')).toEqual([''])
  expect(JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()).subject).toEqual([{ digest: { sha256: 'a'.repeat(64) } }])
})
