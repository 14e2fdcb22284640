import { expect, test } from '@jest/globals'
import { generateKeyPairSync, sign } from 'node:crypto'
import { signatureBundle, statementBundle } from '../../../../src/lib/signing/sign-image.js'
import { SLSA_PROVENANCE_V1, statementFor } from '../../../../src/lib/signing/statement.js'
import { bundleProblem, checkBundle, checkEnvelope, preAuthEncoding, refusalReason, simpleSigningProblem } from '../../../../src/lib/signing/verify-image.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`
const mine = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })

test('a bundle made with the key verifies for its digest only, and with that key only', async () => {
  const bundle = await signatureBundle(A, mine.privateKey)
  expect(bundleProblem(bundle, A, { kind: 'key', key: mine.publicKey })).toBeUndefined()
  expect(bundleProblem(bundle, B, { kind: 'key', key: mine.publicKey })).toBe(`it signs ${A}, not ${B}`)
  expect(bundleProblem(bundle, A, { kind: 'key', key: other.publicKey })).toMatch(/does not verify with the public key/)
})

test('a bundle whose signed statement was altered to name another digest does not verify', async () => {
  const json = JSON.parse((await signatureBundle(A, mine.privateKey)).toString())
  const statement = JSON.parse(Buffer.from(json.dsseEnvelope.payload, 'base64').toString())
  statement.subject[0].digest.sha256 = 'b'.repeat(64)
  json.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
  expect(bundleProblem(Buffer.from(JSON.stringify(json)), B, { kind: 'key', key: mine.publicKey })).toMatch(/does not verify with the public key/)
  expect(bundleProblem(Buffer.from('{"mediaType":"x"}'), A, { kind: 'key', key: mine.publicKey })).toMatch(/no Sigstore bundle/)
})

test("cosign's classic simple-signing payload: signature over the bytes, digest named in critical.image", () => {
  const payload = Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'r/x' }, image: { 'docker-manifest-digest': A }, type: 'cosign container image signature' }, optional: null }))
  const signature = sign('sha256', payload, mine.privateKey).toString('base64')
  expect(simpleSigningProblem(payload, signature, A, mine.publicKey)).toBeUndefined()
  expect(simpleSigningProblem(payload, signature, B, mine.publicKey)).toBe(`it signs ${A}, not ${B}`)
  expect(simpleSigningProblem(payload, signature, A, other.publicKey)).toMatch(/does not verify/)
  expect(simpleSigningProblem(Buffer.concat([payload, Buffer.from(' ')]), signature, A, mine.publicKey)).toMatch(/does not verify/)
  expect(simpleSigningProblem(payload, undefined, A, mine.publicKey)).toMatch(/no dev.cosignproject.cosign\/signature annotation/)
})

test('the refusal names every signature found and why it failed, or that there is none', () => {
  expect(refusalReason({ digest: A, verdicts: [], verified: false })).toBe(`${A} has no cosign signature (no Sigstore bundle referrer, no sha256-${'a'.repeat(64)}.sig tag)`)
  expect(refusalReason({ digest: A, verdicts: [{ where: 'referrer sha256:1', format: 'sigstore-bundle', verified: false, why: 'bad' }], verified: false })).toBe(`no signature of ${A} verifies with the public key: referrer sha256:1: bad`)
})

test('an attestation bundle verifies for its predicate type, digest and key only, and returns the signed statement', async () => {
  const statement = statementFor(A, SLSA_PROVENANCE_V1, { buildDefinition: { resolvedDependencies: [] } })
  const bundle = await statementBundle(statement, mine.privateKey)
  expect(checkBundle(bundle, A, { kind: 'key', key: mine.publicKey }, SLSA_PROVENANCE_V1)).toEqual({ statement })
  expect(checkBundle(bundle, B, { kind: 'key', key: mine.publicKey }, SLSA_PROVENANCE_V1)).toBe(`it signs ${A}, not ${B}`)
  expect(checkBundle(bundle, A, { kind: 'key', key: other.publicKey }, SLSA_PROVENANCE_V1)).toMatch(/does not verify with the public key/)
  // A provenance is no signature, and a signature no provenance.
  expect(bundleProblem(bundle, A, { kind: 'key', key: mine.publicKey })).toMatch(/signs a https:\/\/slsa.dev\/provenance\/v1 statement, not https:\/\/sigstore.dev\/cosign\/sign\/v1/)
  expect(checkBundle(await signatureBundle(A, mine.privateKey), A, { kind: 'key', key: mine.publicKey }, SLSA_PROVENANCE_V1)).toMatch(/not https:\/\/slsa.dev\/provenance\/v1/)
})

test("cosign v2's .att layer: a DSSE envelope whose signature is over the pre-authentication encoding", () => {
  expect(preAuthEncoding('t', Buffer.from('ab')).toString()).toBe('DSSEv1 1 t 2 ab')
  const statement = statementFor(A, SLSA_PROVENANCE_V1, {})
  const payload = Buffer.from(JSON.stringify(statement))
  const envelope = (key = mine.privateKey, body = payload) =>
    Buffer.from(JSON.stringify({ payloadType: 'application/vnd.in-toto+json', payload: body.toString('base64'), signatures: [{ keyid: '', sig: sign('sha256', preAuthEncoding('application/vnd.in-toto+json', payload), { key, dsaEncoding: 'der' }).toString('base64') }] }))
  expect(checkEnvelope(envelope(), A, mine.publicKey, SLSA_PROVENANCE_V1)).toEqual({ statement })
  expect(checkEnvelope(envelope(), B, mine.publicKey, SLSA_PROVENANCE_V1)).toBe(`it signs ${A}, not ${B}`)
  expect(checkEnvelope(envelope(other.privateKey), A, mine.publicKey, SLSA_PROVENANCE_V1)).toMatch(/does not verify with the public key/)
  expect(checkEnvelope(envelope(mine.privateKey, Buffer.from(JSON.stringify(statementFor(B, SLSA_PROVENANCE_V1, {})))), B, mine.publicKey, SLSA_PROVENANCE_V1)).toMatch(/does not verify/)
  expect(checkEnvelope(Buffer.from('nope'), A, mine.publicKey, SLSA_PROVENANCE_V1)).toBe('it is no JSON DSSE envelope')
})
