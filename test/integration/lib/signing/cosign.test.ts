/**
 * Signatures judged by the real cosign (the pinned build) on Debian's docker-registry (distribution 2.8: no
 * referrers API, so the fallback index is used): ours verify with `cosign verify --key --insecure-ignore-tlog`,
 * cosign's (bundle referrer and classic .sig tag) verify with us, and tampered, foreign-key or missing ones fail both.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createPublicKey } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { haveCosign, cosignAttest, cosignSign, cosignVerify, cosignVerifyAttestation, generateKeyPair, type CosignKeyPair } from '../../../../local/cosign.js'
import { haveTools } from '../../../../local/process.js'
import { Buildah } from '../../../../local/registry/images.js'
import { listTags } from '../../../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../../../local/registry/registry.js'
import { RegistryClient } from '../../../../src/lib/oci/client.js'
import { pushReferrer } from '../../../../src/lib/oci/referrer.js'
import { readPublicKey } from '../../../../src/lib/signing/keys.js'
import { readPrivateKey } from '../../../../src/lib/signing/private-key.js'
import { keyStatementSigner, signatureBundle, signImage } from '../../../../src/lib/signing/sign-image.js'
import { BUNDLE_V03_MEDIA_TYPE, COSIGN_SIGN_PREDICATE, SLSA_PROVENANCE_V1 } from '../../../../src/lib/signing/statement.js'
import { verifyImageAttestations, verifyImageSignatures } from '../../../../src/lib/signing/verify-image.js'

const enabled = haveCosign() && haveTools('docker-registry', 'buildah')
const maybe = enabled ? describe : describe.skip

let registry: Registry
let client: RegistryClient
let keys: CosignKeyPair
let otherKeys: CosignKeyPair
/** Five unsigned images (one an index), each for one case. */
const images: Record<string, string> = {}

async function subject(repository: string): Promise<{ digest: string; mediaType: string; size: number }> {
  const head = await client.headManifest(repository, images[repository]!)
  return { digest: head!.digest, mediaType: head!.mediaType, size: head!.size }
}

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  client = new RegistryClient(registry.host)
  ;[keys, otherKeys] = await Promise.all([generateKeyPair('pass-one'), generateKeyPair('pass-two')])
  const buildah = new Buildah()
  try {
    for (const repository of ['ours', 'theirs', 'theirs-classic', 'foreign', 'tampered', 'copied', 'unsigned', 'attested', 'attested-classic']) {
      const image = await buildah.build({ files: { '/case.txt': repository } })
      images[repository] = await buildah.push(image, `${registry.host}/sig/${repository}:1`)
    }
    images.index = await buildah.pushMultiArch(['amd64', 'arm64'], `${registry.host}/sig/index:1`, { '/i.txt': 'index' })
  } finally {
    buildah.cleanup()
  }
  for (const [name, digest] of Object.entries(images)) images[`sig/${name}`] = digest
}, 300_000)
afterAll(async () => {
  await registry?.stop()
})

const ref = (name: string): string => `${registry.host}/sig/${name}@${images[name]}`
const ourVerdict = (name: string, pub = keys.publicKey) => verifyImageSignatures(client, `sig/${name}`, images[name]!, { kind: 'key', key: readPublicKey(pub) })

maybe('cosign judges our signatures, we judge cosign\'s', () => {
  it('our signature of an image, made with cosign generate-key-pair\'s encrypted key, verifies with cosign; with the other key it does not', async () => {
    const key = readPrivateKey(keys.privateKey, keys.password)
    const signed = await signImage(client, 'sig/ours', await subject('sig/ours'), keyStatementSigner(key))
    expect(signed.fallback).toBe(true)
    expect(await listTags(registry.host, 'sig/ours')).toContain(images.ours!.replace(':', '-'))
    const judged = await cosignVerify(keys.publicKeyFile, ref('ours'))
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('The signatures were verified against the specified public key') })
    expect(JSON.parse(judged.stdout)[0].critical.type).toBe(COSIGN_SIGN_PREDICATE)
    expect((await cosignVerify(otherKeys.publicKeyFile, ref('ours'))).code).not.toBe(0)
    expect((await ourVerdict('ours')).verified).toBe(true)
    expect((await ourVerdict('ours', otherKeys.publicKey)).verified).toBe(false)
  })

  it("cosign generate-key-pair's key opens with its password only", () => {
    expect(() => readPrivateKey(keys.privateKey, 'not-the-password')).toThrow(/password does not open the cosign key/)
    expect(keys.privateKey).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----/)
  })

  it('an index is signed under its own digest and cosign verifies it there', async () => {
    await signImage(client, 'sig/index', await subject('sig/index'), keyStatementSigner(readPrivateKey(keys.privateKey, keys.password)))
    expect((await cosignVerify(keys.publicKeyFile, ref('index'))).code).toBe(0)
    expect((await ourVerdict('index')).verified).toBe(true)
  })

  it('cosign sign --key (its v3 default, a bundle referrer) verifies with us; with the other key it does not', async () => {
    const signed = await cosignSign(keys, ref('theirs'))
    expect({ code: signed.code, stderr: signed.stderr }).toMatchObject({ code: 0 })
    expect((await cosignVerify(keys.publicKeyFile, ref('theirs'))).code).toBe(0)
    const verdict = await ourVerdict('theirs')
    expect(verdict).toMatchObject({ verified: true, verdicts: [{ format: 'sigstore-bundle', verified: true }] })
    expect((await ourVerdict('theirs', otherKeys.publicKey)).verified).toBe(false)
  })

  it("cosign's classic .sig tag (--new-bundle-format=false, as cosign v2 writes) verifies with us; with the other key it does not", async () => {
    const signed = await cosignSign(keys, ref('theirs-classic'), true)
    expect({ code: signed.code, stderr: signed.stderr }).toMatchObject({ code: 0 })
    expect(await listTags(registry.host, 'sig/theirs-classic')).toContain(`${images['theirs-classic']!.replace(':', '-')}.sig`)
    expect((await cosignVerify(keys.publicKeyFile, ref('theirs-classic'))).code).toBe(0)
    expect(await ourVerdict('theirs-classic')).toMatchObject({ verified: true, verdicts: [{ format: 'cosign-tag', verified: true }] })
    const foreign = await ourVerdict('theirs-classic', otherKeys.publicKey)
    expect(foreign).toMatchObject({ verified: false, verdicts: [{ format: 'cosign-tag', why: expect.stringContaining('does not verify with the public key') }] })
  })

  it('signed by another key: both refuse', async () => {
    await signImage(client, 'sig/foreign', await subject('sig/foreign'), keyStatementSigner(readPrivateKey(otherKeys.privateKey, otherKeys.password)))
    expect((await cosignVerify(keys.publicKeyFile, ref('foreign'))).code).not.toBe(0)
    expect(await ourVerdict('foreign')).toMatchObject({ verified: false, verdicts: [{ why: expect.stringContaining('does not verify with the public key') }] })
  })

  it('a signed statement altered to name this digest, and a valid signature of another digest attached here: both refuse', async () => {
    const key = readPrivateKey(keys.privateKey, keys.password)
    const bundle = JSON.parse((await signatureBundle(images.ours!, key)).toString())
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString())
    statement.subject[0].digest.sha256 = images.tampered!.slice('sha256:'.length)
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
    const attach = async (repository: string, bytes: Buffer) =>
      pushReferrer(client, repository, {
        artifactType: BUNDLE_V03_MEDIA_TYPE,
        subject: await subject(repository),
        layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, bytes }],
        annotations: { 'dev.sigstore.bundle.content': 'dsse-envelope', 'dev.sigstore.bundle.predicateType': COSIGN_SIGN_PREDICATE }
      })
    await attach('sig/tampered', Buffer.from(JSON.stringify(bundle)))
    await attach('sig/copied', await signatureBundle(images.ours!, key))
    for (const name of ['tampered', 'copied']) expect([name, (await cosignVerify(keys.publicKeyFile, ref(name))).code]).not.toEqual([name, 0])
    expect(await ourVerdict('tampered')).toMatchObject({ verified: false, verdicts: [{ why: expect.stringContaining('does not verify with the public key') }] })
    expect(await ourVerdict('copied')).toMatchObject({ verified: false, verdicts: [{ why: `it signs ${images.ours}, not ${images.copied}` }] })
  })

  it('unsigned: both refuse', async () => {
    expect((await cosignVerify(keys.publicKeyFile, ref('unsigned'))).code).not.toBe(0)
    expect(await ourVerdict('unsigned')).toEqual({ digest: images.unsigned, verdicts: [], verified: false })
    expect(createPublicKey(keys.publicKey).asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
  })

  it("cosign attest --key --type slsaprovenance1, as a bundle referrer (v3) and as the classic .att tag (v2), verifies with us and returns the statement; with the other key it does not", async () => {
    const predicate = path.join(keys.dir, 'predicate.json')
    writeFileSync(predicate, JSON.stringify({ buildDefinition: { buildType: 'https://example.com/t', externalParameters: {}, resolvedDependencies: [{ uri: 'git+https://github.com/acme/web@refs/heads/main', digest: { gitCommit: 'c'.repeat(40) } }] }, runDetails: { builder: { id: 'https://example.com/b' } } }))
    for (const [name, legacy] of [['attested', false], ['attested-classic', true]] as const) {
      const attested = await cosignAttest(keys, ref(name), predicate, 'slsaprovenance1', legacy)
      expect({ code: attested.code, stderr: attested.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
      expect((await cosignVerifyAttestation(keys.publicKeyFile, ref(name))).code).toBe(0)
      const ours = await verifyImageAttestations(client, `sig/${name}`, images[name]!, { kind: 'key', key: readPublicKey(keys.publicKey) }, SLSA_PROVENANCE_V1)
      expect(ours.verdicts).toEqual([expect.objectContaining({ format: legacy ? 'cosign-att-tag' : 'sigstore-bundle', verified: true, statement: expect.objectContaining({ predicateType: SLSA_PROVENANCE_V1 }) })])
      const theirs = await verifyImageAttestations(client, `sig/${name}`, images[name]!, { kind: 'key', key: readPublicKey(otherKeys.publicKey) }, SLSA_PROVENANCE_V1)
      expect(theirs.verified).toBe(false)
      expect(theirs.verdicts[0]?.why).toMatch(/does not verify with the public key/)
      // An attestation is no signature.
      expect((await verifyImageSignatures(client, `sig/${name}`, images[name]!, { kind: 'key', key: readPublicKey(keys.publicKey) })).verdicts).toEqual([])
    }
  }, 120_000)
})
