/**
 * Issue 19's end to end, through the built bundles as the runner runs them: build-push signs what it pushed with a
 * cosign key, the real cosign verifies it, and promote-artifact promotes a digest only after its signature verifies
 * with the public key; an unsigned or other-key digest is refused before any write (no tag on the registry), and
 * cosign refuses it too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosign, cosignSign, cosignVerify, generateKeyPair, haveCosign, type CosignKeyPair } from '../../local/cosign.js'
import { runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { Buildah } from '../../local/registry/images.js'
import { getManifest, listTags } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'
import { workspaceWith } from '../../local/scenarios/build-push.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'

const enabled = haveCosign() && haveTools('docker-registry', 'buildah')
const maybe = enabled ? describe : describe.skip
const event = JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>

let registry: Registry
let keys: CosignKeyPair
let otherKeys: CosignKeyPair
let prodKeys: CosignKeyPair
let unsigned: string
let cosignSigned: string

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  ;[keys, otherKeys, prodKeys] = await Promise.all([generateKeyPair('contract-pass'), generateKeyPair('other-pass'), generateKeyPair('prod-pass')])
  const buildah = new Buildah()
  try {
    unsigned = await buildah.push(await buildah.build({ files: { '/u.txt': 'unsigned' } }), `${registry.host}/acme/unsigned:build-1`)
    cosignSigned = await buildah.push(await buildah.build({ files: { '/c.txt': 'cosign' } }), `${registry.host}/acme/by-cosign:build-1`)
  } finally {
    buildah.cleanup()
  }
  const signed = await cosignSign(keys, `${registry.host}/acme/by-cosign@${cosignSigned}`)
  if (signed.code !== 0) throw new Error(signed.stderr)
}, 300_000)
afterAll(async () => {
  await registry?.stop()
})

const promote = (source: string, target: string, publicKey: string) =>
  runAction('promote-artifact', { inputs: { source, targets: target, verify: 'signature', 'public-key': publicKey }, timeoutMs: 120_000 })
const errorOf = (result: { annotations: { level: string; message: string }[] }): string => result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')

maybe('sign at build, verify before promotion', () => {
  let digest = ''

  it('build-push signs the pushed digest with a cosign key; cosign verifies it; the key never reaches the log', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'sign-contract-'))
    const result = await runAction('build-push', {
      inputs: { image: `${registry.host}/acme/web`, builder: 'buildah', tags: 'sha', sign: 'key', 'signing-key': keys.privateKey, 'signing-key-password': keys.password },
      eventName: 'push',
      event,
      workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'signed\n' }),
      env: { ...runEnv('push-main'), RUNNER_TEMP: temp },
      timeoutMs: 180_000
    })
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    digest = result.outputs.digest!
    const metadata = JSON.parse(result.outputs.metadata!)
    expect(metadata.signatures).toEqual([expect.objectContaining({ image: `${registry.host}/acme/web@${digest}`, outcome: 'signed', fallback: true })])
    const command = `cosign verify --key cosign.pub --insecure-ignore-tlog --allow-insecure-registry ${registry.host}/acme/web@${digest}`
    expect(result.summary).toContain(command)
    // The summary's command itself, as a user runs it (cosign.pub being the key pair's public half).
    const [, ...args] = command.split(' ').map((word) => (word === 'cosign.pub' ? keys.publicKeyFile : word))
    const judged = await cosign(args)
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('The signatures were verified against the specified public key') })
    const bodyLine = keys.privateKey.split('\n')[2]!
    const log = (result.stdout + result.stderr).replace(/^::add-mask::.*$/gm, '')
    expect(log).not.toContain(bodyLine)
    expect(result.masks).toContain(bodyLine)
  }, 240_000)

  it('a rerun that reuses the image finds its signature and does not sign again', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'sign-contract-'))
    const result = await runAction('build-push', {
      inputs: { image: `${registry.host}/acme/web`, builder: 'buildah', tags: 'sha', sign: 'key', 'signing-key': keys.privateKey, 'signing-key-password': keys.password },
      eventName: 'push',
      event,
      workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'signed\n' }),
      env: { ...runEnv('push-main'), RUNNER_TEMP: temp },
      timeoutMs: 180_000
    })
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    const metadata = JSON.parse(result.outputs.metadata!)
    expect([metadata.reused, result.outputs.digest]).toEqual([true, digest])
    expect(metadata.signatures).toEqual([expect.objectContaining({ outcome: 'already signed' })])
    const index = await getManifest(registry.host, 'acme/web', digest.replace(':', '-'))
    expect(JSON.parse(index!.bytes.toString()).manifests).toHaveLength(1)
  }, 240_000)

  it('promote-artifact promotes it once the signature verifies with the public key', async () => {
    const result = await promote(`${registry.host}/acme/web@${digest}`, 'v1.0.0', keys.publicKey)
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    expect(result.summary).toMatch(/Signature verified with `public-key` before any write/)
    expect(await listTags(registry.host, 'acme/web')).toContain('v1.0.0')
  }, 180_000)

  it("a digest signed by cosign itself (cosign sign --key) is promoted too", async () => {
    const result = await promote(`${registry.host}/acme/by-cosign@${cosignSigned}`, 'v1.0.0', keys.publicKey)
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    expect(await listTags(registry.host, 'acme/by-cosign')).toContain('v1.0.0')
  }, 180_000)

  it('the signature checked against another public key: refused with the reason, no tag written; cosign refuses too', async () => {
    const result = await promote(`${registry.host}/acme/web@${digest}`, 'v2.0.0', otherKeys.publicKey)
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/^Refusing to promote .*: no signature of sha256:[0-9a-f]{64} verifies with the public key: referrer sha256:[0-9a-f]{64}: the signature does not verify with the public key .*Nothing was written\.$/s)
    expect(await listTags(registry.host, 'acme/web')).not.toContain('v2.0.0')
    expect((await cosignVerify(otherKeys.publicKeyFile, `${registry.host}/acme/web@${digest}`)).code).not.toBe(0)
  }, 180_000)

  it('an unsigned digest: refused, no tag written; cosign refuses too', async () => {
    const result = await promote(`${registry.host}/acme/unsigned@${unsigned}`, 'v1.0.0', keys.publicKey)
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toContain(`${unsigned} has no cosign signature (no Sigstore bundle referrer, no ${unsigned.replace(':', '-')}.sig tag)`)
    expect(await listTags(registry.host, 'acme/unsigned')).not.toContain('v1.0.0')
    expect((await cosignVerify(keys.publicKeyFile, `${registry.host}/acme/unsigned@${unsigned}`)).code).not.toBe(0)
  }, 180_000)

  it('promote-artifact signs what it promoted with the production key before moving the tag: cosign verifies both keys at the target; a rerun does not sign again', async () => {
    // A second registry stands for production: the build key's signature travels with the digest, the production
    // key's is made there.
    const production = await startRegistry()
    try {
      const target = `${production.host}/prod/web:v1.0.0`
      const inputs = { source: `${registry.host}/acme/web@${digest}`, targets: target, verify: 'signature', 'public-key': keys.publicKey, sign: 'key', 'signing-key': prodKeys.privateKey, 'signing-key-password': prodKeys.password }
      const result = await runAction('promote-artifact', { inputs, timeoutMs: 120_000 })
      expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
      const image = `${production.host}/prod/web@${digest}`
      expect(JSON.parse(result.outputs.signatures!)).toEqual([expect.objectContaining({ image, outcome: 'signed' })])
      const command = `cosign verify --key cosign.pub --insecure-ignore-tlog --allow-insecure-registry ${image}`
      expect(result.summary).toContain(command)
      expect(result.summary).toMatch(/Signed with `signing-key` in every target repository before any tag moved/)
      for (const pair of [prodKeys, keys]) {
        const judged = await cosignVerify(pair.publicKeyFile, image)
        expect({ key: pair.password, code: judged.code, stderr: judged.stderr }).toEqual({ key: pair.password, code: 0, stderr: expect.stringContaining('The signatures were verified against the specified public key') })
      }
      expect(await listTags(production.host, 'prod/web')).toContain('v1.0.0')
      expect((await cosignVerify(otherKeys.publicKeyFile, image)).code).not.toBe(0)
      const bodyLine = prodKeys.privateKey.split('\n')[2]!
      expect((result.stdout + result.stderr).replace(/^::add-mask::.*$/gm, '')).not.toContain(bodyLine)

      const again = await runAction('promote-artifact', { inputs, timeoutMs: 120_000 })
      expect({ exitCode: again.exitCode, error: errorOf(again) }).toEqual({ exitCode: 0, error: '' })
      expect(JSON.parse(again.outputs.signatures!)).toEqual([expect.objectContaining({ image, outcome: 'already signed' })])
    } finally {
      await production.stop()
    }
  }, 240_000)
})
