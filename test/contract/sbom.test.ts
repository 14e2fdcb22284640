/**
 * Issue 19's SBOM attestations through the built bundles as the runner runs them: build-push's `sbom` makes an SBOM
 * of what it pushed with syft and attests it with the signing key, which the real cosign verifies; promote-artifact's `verify: sbom`
 * promotes a digest whose SBOM attestation (SPDX or CycloneDX, signed with the key, as `cosign attest --key --type
 * spdxjson|cyclonedx` stores it) verifies with the public key, and refuses one without, or attested by another key,
 * before any write; the real cosign reaches the same verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosignAttest, cosignVerifyAttestation, generateKeyPair, haveCosign, type CosignKeyPair } from '../../local/cosign.js'
import { runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { workspaceWith } from '../../local/scenarios/build-push.js'
import { haveSyft, SYFT_DIR } from '../../local/syft.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'
import { Buildah } from '../../local/registry/images.js'
import { listTags } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'

const enabled = haveCosign() && haveSyft() && haveTools('docker-registry', 'buildah')
const maybe = enabled ? describe : describe.skip

let registry: Registry
let keys: CosignKeyPair
let otherKeys: CosignKeyPair
const images: Record<string, string> = {}

/** The smallest documents of each format cosign attests as they are. */
function documentFile(format: 'spdxjson' | 'cyclonedx'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sbom-predicate-')), 'sbom.json')
  const document =
    format === 'spdxjson'
      ? { spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'acme/web', documentNamespace: 'https://example.com/spdx/acme-web', creationInfo: { created: '2026-12-03T00:00:00Z', creators: ['Tool: test'] }, packages: [] }
      : { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [] }
  writeFileSync(file, JSON.stringify(document))
  return file
}

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  ;[keys, otherKeys] = await Promise.all([generateKeyPair('sbom-pass'), generateKeyPair('other-pass')])
  const buildah = new Buildah()
  try {
    for (const name of ['bare', 'spdx', 'cyclonedx', 'other-key']) images[name] = await buildah.push(await buildah.build({ files: { '/s.txt': name } }), `${registry.host}/acme/${name}:build-1`)
  } finally {
    buildah.cleanup()
  }
  for (const [name, pair, format] of [['spdx', keys, 'spdxjson'], ['cyclonedx', keys, 'cyclonedx'], ['other-key', otherKeys, 'spdxjson']] as const) {
    const attested = await cosignAttest(pair, `${registry.host}/acme/${name}@${images[name]}`, documentFile(format), format)
    if (attested.code !== 0) throw new Error(attested.stderr)
  }
}, 300_000)
afterAll(async () => {
  await registry?.stop()
})

const promote = (name: string) =>
  runAction('promote-artifact', { inputs: { source: `${registry.host}/acme/${name}@${images[name]}`, targets: 'v1.0.0', verify: 'sbom', 'public-key': keys.publicKey }, timeoutMs: 120_000 })
const errorOf = (result: { annotations: { level: string; message: string }[] }): string => result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')

maybe('verify: sbom', () => {
  it.each([
    ['spdx', 'spdxjson', 'SPDX'],
    ['cyclonedx', 'cyclonedx', 'CycloneDX']
  ] as const)('promotes a digest whose %s attestation verifies with the key, and cosign agrees', async (name, type, shown) => {
    const judged = await cosignVerifyAttestation(keys.publicKeyFile, `${registry.host}/acme/${name}@${images[name]}`, type)
    expect(judged.code).toBe(0)
    const result = await promote(name)
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    expect(result.summary).toMatch(new RegExp(`SBOM attestation verified with \`public-key\` before any write \\(\`verify: sbom\`\\): .*\\(${shown}\\)`))
    expect(result.summary).toContain(`cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type ${type} ${registry.host}/acme/${name}@${images[name]}`)
    expect(await listTags(registry.host, `acme/${name}`)).toContain('v1.0.0')
  }, 180_000)

  it('refuses a digest without an SBOM attestation, and one attested by another key, before any write; cosign refuses both', async () => {
    for (const name of ['bare', 'other-key']) {
      const result = await promote(name)
      expect(result.exitCode).toBe(1)
      expect(errorOf(result)).toMatch(name === 'bare' ? /has no SBOM attestation .*Nothing was written\.$/s : /no SBOM attestation of sha256:[0-9a-f]{64} verifies with the public key: .*Nothing was written\.$/s)
      expect(await listTags(registry.host, `acme/${name}`)).not.toContain('v1.0.0')
      expect((await cosignVerifyAttestation(keys.publicKeyFile, `${registry.host}/acme/${name}@${images[name]}`, 'spdxjson')).code).not.toBe(0)
    }
  }, 240_000)

  it('build-push attests an SBOM of what it pushed (syft, SPDX), cosign verifies it and reads the package it lists, and promote-artifact promotes on it; a rerun does not attest again', async () => {
    const lock = { name: 'web', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'web', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }, 'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEKlnXd3Vxs3Lf6u6vjx1ZF1Kmv0BW8cWpQA9ECI2M9iWmWw==' } } }
    const build = () =>
      runAction('build-push', {
        inputs: { image: `${registry.host}/acme/sbom-web`, builder: 'buildah', tags: 'sha', sign: 'key', 'signing-key': keys.privateKey, 'signing-key-password': keys.password, sbom: 'spdx' },
        eventName: 'push',
        event: JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>,
        workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY app /app\n', 'app/package.json': JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }), 'app/package-lock.json': JSON.stringify(lock), 'app/node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', version: '1.3.0', license: 'WTFPL' }) }),
        env: { ...runEnv('push-main'), RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'sbom-contract-')), PATH: `${SYFT_DIR}:${process.env.PATH}` },
        timeoutMs: 240_000
      })
    const result = await build()
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    const digest = result.outputs.digest!
    const image = `${registry.host}/acme/sbom-web@${digest}`
    const sboms = JSON.parse(result.outputs.metadata!).sboms
    expect(sboms).toEqual([expect.objectContaining({ image, format: 'spdx', outcome: 'attested', packages: expect.any(Number) })])
    expect(sboms[0].packages).toBeGreaterThanOrEqual(1)
    const command = `cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type spdxjson --allow-insecure-registry ${image}`
    expect(result.summary).toContain(command)
    const judged = await cosignVerifyAttestation(keys.publicKeyFile, image, 'spdxjson')
    expect(judged.code).toBe(0)
    const statement = JSON.parse(Buffer.from((JSON.parse(judged.stdout.trim().split('\n')[0]!) as { payload: string }).payload, 'base64').toString('utf8'))
    expect(statement.predicateType).toBe('https://spdx.dev/Document')
    expect(statement.predicate.packages.map((p: { name: string; versionInfo?: string }) => `${p.name}@${p.versionInfo}`)).toContain('left-pad@1.3.0')

    const promoted = await runAction('promote-artifact', { inputs: { source: image, targets: 'v1.0.0', verify: 'signature, sbom', 'public-key': keys.publicKey }, timeoutMs: 120_000 })
    expect({ exitCode: promoted.exitCode, error: errorOf(promoted) }).toEqual({ exitCode: 0, error: '' })
    expect(await listTags(registry.host, 'acme/sbom-web')).toContain('v1.0.0')

    const again = await build()
    expect({ exitCode: again.exitCode, error: errorOf(again) }).toEqual({ exitCode: 0, error: '' })
    expect(JSON.parse(again.outputs.metadata!).sboms).toEqual([expect.objectContaining({ outcome: 'already attested' })])
  }, 360_000)

  it('a multi-platform build gets one SBOM per platform, attested on its platform manifest; cosign verifies each; promote-artifact promotes the index on them and refuses one whose platforms have none', async () => {
    const build = (image: string, content: string, sbom: string) =>
      runAction('build-push', {
        inputs: { image: `${registry.host}/acme/${image}`, builder: 'buildah', tags: 'sha', platforms: 'linux/amd64,linux/arm64', sign: 'key', 'signing-key': keys.privateKey, 'signing-key-password': keys.password, sbom },
        eventName: 'push',
        event: JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>,
        workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY app /app\n', 'app/package.json': JSON.stringify({ name: content, version: '1.0.0' }) }),
        env: { ...runEnv('push-main'), RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'sbom-contract-')), PATH: `${SYFT_DIR}:${process.env.PATH}` },
        timeoutMs: 240_000
      })
    const result = await build('sbom-multi', 'multi', 'cyclonedx')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    const index = result.outputs.digest!
    const sboms = JSON.parse(result.outputs.metadata!).sboms as { image: string; platform: string; outcome: string }[]
    expect(sboms.map((s) => s.platform).sort()).toEqual(['linux/amd64', 'linux/arm64'])
    expect(result.summary).toContain('One SBOM per platform')
    for (const s of sboms) {
      expect(s.image).not.toContain(index)
      const judged = await cosignVerifyAttestation(keys.publicKeyFile, s.image, 'cyclonedx')
      expect({ platform: s.platform, code: judged.code }).toEqual({ platform: s.platform, code: 0 })
    }
    const verify = (repository: string, digest: string) =>
      runAction('promote-artifact', { inputs: { source: `${registry.host}/acme/${repository}@${digest}`, targets: 'v1.0.0', verify: 'sbom', 'public-key': keys.publicKey }, timeoutMs: 120_000 })
    const promoted = await verify('sbom-multi', index)
    expect({ exitCode: promoted.exitCode, error: errorOf(promoted) }).toEqual({ exitCode: 0, error: '' })
    expect(promoted.summary).toMatch(/SBOM attestation verified with `public-key` before any write \(`verify: sbom`\): referrer sha256:[0-9a-f]{64} \(CycloneDX, linux\/(amd64|arm64)\); referrer/)
    expect(promoted.summary).toContain('(CycloneDX, linux/amd64)')
    expect(promoted.summary).toContain('(CycloneDX, linux/arm64)')
    expect(await listTags(registry.host, 'acme/sbom-multi')).toContain('v1.0.0')

    const bare = await build('sbom-multi-bare', 'bare', 'none')
    expect({ exitCode: bare.exitCode, error: errorOf(bare) }).toEqual({ exitCode: 0, error: '' })
    const refused = await verify('sbom-multi-bare', bare.outputs.digest!)
    expect(refused.exitCode).toBe(1)
    // Each platform is named with its digest and reason, in the index's order.
    expect(errorOf(refused)).toMatch(/neither the index nor every platform carries an SBOM attestation that verifies \(platform linux\/(amd64|arm64): sha256:[0-9a-f]{64} has no SBOM attestation .*; platform linux\/(amd64|arm64): sha256:[0-9a-f]{64} has no SBOM attestation .*\)\. Nothing was written\.$/s)
    expect(errorOf(refused)).toContain('platform linux/amd64: ')
    expect(errorOf(refused)).toContain('platform linux/arm64: ')
    expect(await listTags(registry.host, 'acme/sbom-multi-bare')).not.toContain('v1.0.0')
  }, 480_000)
})
