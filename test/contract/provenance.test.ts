/**
 * Issue 19's provenance end to end, through the built bundles as the runner runs them: build-push attests a SLSA v1
 * provenance of what it pushed, signed with a cosign key, and the real cosign verifies it with `cosign
 * verify-attestation --type slsaprovenance1`; promote-artifact's `verify: provenance` promotes it, and cosign's own
 * `cosign attest --key --type slsaprovenance1` attestations, only when the attestation verifies with the key and
 * names the expected repository (and commit); otherwise it is refused with the reason and no tag is written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosign, cosignAttest, cosignVerifyAttestation, generateKeyPair, haveCosign, type CosignKeyPair } from '../../local/cosign.js'
import { runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { Buildah } from '../../local/registry/images.js'
import { listTags } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'
import { workspaceWith } from '../../local/scenarios/build-push.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'

const enabled = haveCosign() && haveTools('docker-registry', 'buildah')
const maybe = enabled ? describe : describe.skip
const event = JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>
const SHA = runEnv('push-main').GITHUB_SHA!

let registry: Registry
let keys: CosignKeyPair
let otherKeys: CosignKeyPair
/** Images made with buildah: one without provenance, two attested by cosign itself (for acme/web and for acme/other). */
const images: Record<string, string> = {}

/** A SLSA v1 predicate as actions/attest-build-provenance writes it, for `cosign attest --predicate`. */
function predicateFile(repository: string, commit: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'prov-predicate-')), 'predicate.json')
  writeFileSync(file, JSON.stringify({
    buildDefinition: {
      buildType: 'https://actions.github.io/buildtypes/workflow/v1',
      externalParameters: { workflow: { ref: 'refs/heads/main', repository: `https://github.com/${repository}`, path: '.github/workflows/release.yml' } },
      internalParameters: {},
      resolvedDependencies: [{ uri: `git+https://github.com/${repository}@refs/heads/main`, digest: { gitCommit: commit } }]
    },
    runDetails: { builder: { id: `https://github.com/${repository}/.github/workflows/release.yml@refs/heads/main` }, metadata: { invocationId: 'https://github.com/x/y/actions/runs/1/attempts/1' } }
  }))
  return file
}

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  ;[keys, otherKeys] = await Promise.all([generateKeyPair('prov-pass'), generateKeyPair('other-pass')])
  const buildah = new Buildah()
  try {
    for (const name of ['bare', 'by-cosign', 'by-cosign-other']) {
      images[name] = await buildah.push(await buildah.build({ files: { '/p.txt': name } }), `${registry.host}/acme/${name}:build-1`)
    }
  } finally {
    buildah.cleanup()
  }
  for (const [name, repository] of [['by-cosign', 'acme/web'], ['by-cosign-other', 'acme/other']] as const) {
    const attested = await cosignAttest(keys, `${registry.host}/acme/${name}@${images[name]}`, predicateFile(repository, SHA))
    if (attested.code !== 0) throw new Error(attested.stderr)
  }
}, 300_000)
afterAll(async () => {
  await registry?.stop()
})

const promote = (source: string, target: string, extra: Record<string, string> = {}) =>
  runAction('promote-artifact', { inputs: { source, targets: target, verify: 'provenance', 'public-key': keys.publicKey, ...extra }, timeoutMs: 120_000 })
const errorOf = (result: { annotations: { level: string; message: string }[] }): string => result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')

function build(repository: string, content: string, extra: Record<string, string> = {}) {
  return runAction('build-push', {
    inputs: { image: `${registry.host}/${repository}`, builder: 'buildah', tags: 'sha', sign: 'key', 'signing-key': keys.privateKey, 'signing-key-password': keys.password, provenance: 'max', ...extra },
    eventName: 'push',
    event,
    workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': `${content}\n` }),
    env: { ...runEnv('push-main'), RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'prov-contract-')) },
    timeoutMs: 180_000
  })
}

maybe('provenance attested at build, verified before promotion', () => {
  let digest = ''

  it('build-push attests a key-signed SLSA v1 provenance of the pushed digest; the summary\'s cosign verify-attestation command verifies it', async () => {
    const result = await build('acme/web', 'attested')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    digest = result.outputs.digest!
    const image = `${registry.host}/acme/web@${digest}`
    const metadata = JSON.parse(result.outputs.metadata!)
    expect(metadata.attestations).toEqual([expect.objectContaining({ image, mode: 'max', outcome: 'attested', fallback: true, source: `https://github.com/acme/web@${SHA}` })])
    const command = `cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type slsaprovenance1 --allow-insecure-registry ${image}`
    expect(result.summary).toContain(command)
    const [, ...args] = command.split(' ').map((word) => (word === 'cosign.pub' ? keys.publicKeyFile : word))
    const judged = await cosign(args)
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('The signatures were verified against the specified public key') })
    const statement = JSON.parse(Buffer.from(JSON.parse(judged.stdout.trim().split('\n')[0]!).payload, 'base64').toString('utf8'))
    expect(statement).toMatchObject({
      predicateType: 'https://slsa.dev/provenance/v1',
      subject: [{ digest: { sha256: digest.slice('sha256:'.length) } }],
      predicate: {
        buildDefinition: { resolvedDependencies: [{ uri: 'git+https://github.com/acme/web@refs/heads/main', digest: { gitCommit: SHA } }] },
        runDetails: { builder: { id: 'https://github.com/acme/web/.github/workflows/ci.yml@refs/heads/main' }, metadata: { invocationId: 'https://github.com/acme/web/actions/runs/4242/attempts/1' } }
      }
    })
    // The signature (cosign verify) and the provenance live side by side; another key verifies neither.
    expect((await cosign(['verify', '--key', keys.publicKeyFile, '--insecure-ignore-tlog', '--allow-insecure-registry', '--allow-http-registry', image])).code).toBe(0)
    expect((await cosignVerifyAttestation(otherKeys.publicKeyFile, image)).code).not.toBe(0)
  }, 240_000)

  it('min: the same source, builder and invocation without internal parameters; cosign verifies it and promote-artifact accepts it', async () => {
    const result = await build('acme/minimal', 'minimal', { provenance: 'min' })
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    const image = `${registry.host}/acme/minimal@${result.outputs.digest!}`
    const judged = await cosignVerifyAttestation(keys.publicKeyFile, image)
    expect(judged.code).toBe(0)
    const statement = JSON.parse(Buffer.from(JSON.parse(judged.stdout.trim().split('\n')[0]!).payload, 'base64').toString('utf8'))
    expect(statement.predicate.buildDefinition.internalParameters).toEqual({})
    expect(statement.predicate.buildDefinition.resolvedDependencies).toEqual([{ uri: 'git+https://github.com/acme/web@refs/heads/main', digest: { gitCommit: SHA } }])
    const promoted = await promote(image, 'v1.0.0', { 'expected-source-commit': SHA })
    expect({ exitCode: promoted.exitCode, error: errorOf(promoted) }).toEqual({ exitCode: 0, error: '' })
  }, 240_000)

  it('a rerun that reuses the image finds its provenance and does not attest again', async () => {
    const result = await build('acme/web', 'attested')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    const metadata = JSON.parse(result.outputs.metadata!)
    expect([metadata.reused, result.outputs.digest]).toEqual([true, digest])
    expect(metadata.attestations).toEqual([expect.objectContaining({ outcome: 'already attested' })])
  }, 240_000)

  it('promote-artifact promotes it once its signature and provenance verify with the public key and name this repository and commit', async () => {
    const result = await promote(`${registry.host}/acme/web@${digest}`, 'v1.0.0', { verify: 'signature, provenance', 'expected-source-commit': SHA })
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    expect(result.summary).toMatch(/Signature verified with `public-key` before any write/)
    expect(result.summary).toContain(`SLSA v1 provenance verified with \`public-key\` before any write (\`verify: provenance\`): built from acme/web at commit ${SHA}`)
    expect(result.summary).toContain(`cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type slsaprovenance1 ${registry.host}/acme/web@${digest}`)
    expect(await listTags(registry.host, 'acme/web')).toContain('v1.0.0')
    // The signature and the provenance side by side in the fallback index: neither is judged as the other.
    expect(result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([])
  }, 180_000)

  it('promoted to another repository, the provenance travels with the digest: cosign verifies it there, and a promotion from there verifies it again', async () => {
    const first = await promote(`${registry.host}/acme/web@${digest}`, `${registry.host}/acme/prod:v1.0.0`)
    expect({ exitCode: first.exitCode, error: errorOf(first) }).toEqual({ exitCode: 0, error: '' })
    expect((await cosignVerifyAttestation(keys.publicKeyFile, `${registry.host}/acme/prod@${digest}`)).code).toBe(0)
    const second = await promote(`${registry.host}/acme/prod@${digest}`, 'stable', { 'expected-source-commit': SHA })
    expect({ exitCode: second.exitCode, error: errorOf(second) }).toEqual({ exitCode: 0, error: '' })
    expect(await listTags(registry.host, 'acme/prod')).toEqual(expect.arrayContaining(['v1.0.0', 'stable']))
  }, 240_000)

  it("cosign's own provenance (cosign attest --key --type slsaprovenance1) is promoted too", async () => {
    const result = await promote(`${registry.host}/acme/by-cosign@${images['by-cosign']}`, 'v1.0.0')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    expect(await listTags(registry.host, 'acme/by-cosign')).toContain('v1.0.0')
  }, 180_000)

  it('a digest without provenance: refused, no tag written; cosign refuses too', async () => {
    const result = await promote(`${registry.host}/acme/bare@${images.bare}`, 'v1.0.0')
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toContain(`${images.bare} has no SLSA provenance attestation (no Sigstore bundle referrer with predicate type https://slsa.dev/provenance/v1)`)
    expect(errorOf(result)).toMatch(/Nothing was written\.$/)
    expect(await listTags(registry.host, 'acme/bare')).not.toContain('v1.0.0')
    expect((await cosignVerifyAttestation(keys.publicKeyFile, `${registry.host}/acme/bare@${images.bare}`)).code).not.toBe(0)
  }, 180_000)

  it('the provenance checked against another public key: refused with the reason, no tag written; cosign refuses too', async () => {
    const result = await promote(`${registry.host}/acme/web@${digest}`, 'v2.0.0', { 'public-key': otherKeys.publicKey })
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(/^Refusing to promote .*: no SLSA provenance of sha256:[0-9a-f]{64} verifies with the public key and names acme\/web: referrer sha256:[0-9a-f]{64}: the signature does not verify with the public key .*Nothing was written\.$/s)
    expect(await listTags(registry.host, 'acme/web')).not.toContain('v2.0.0')
    expect((await cosignVerifyAttestation(otherKeys.publicKeyFile, `${registry.host}/acme/web@${digest}`)).code).not.toBe(0)
  }, 180_000)

  it('a provenance of another repository or another commit: refused naming what it names, no tag written (cosign reads the same source from it)', async () => {
    const otherRepo = await promote(`${registry.host}/acme/by-cosign-other@${images['by-cosign-other']}`, 'v1.0.0')
    expect(otherRepo.exitCode).toBe(1)
    expect(errorOf(otherRepo)).toContain('it is the provenance of a build of https://github.com/acme/other, not of acme/web (expected-source-repository)')
    expect(await listTags(registry.host, 'acme/by-cosign-other')).not.toContain('v1.0.0')
    const judged = await cosignVerifyAttestation(keys.publicKeyFile, `${registry.host}/acme/by-cosign-other@${images['by-cosign-other']}`)
    const statement = JSON.parse(Buffer.from(JSON.parse(judged.stdout.trim().split('\n')[0]!).payload, 'base64').toString('utf8'))
    expect(statement.predicate.buildDefinition.resolvedDependencies[0].uri).toBe('git+https://github.com/acme/other@refs/heads/main')

    const otherCommit = 'f'.repeat(40)
    const wrongCommit = await promote(`${registry.host}/acme/web@${digest}`, 'v3.0.0', { 'expected-source-commit': otherCommit })
    expect(wrongCommit.exitCode).toBe(1)
    expect(errorOf(wrongCommit)).toContain(`it is the provenance of a build of commit ${SHA}, not of ${otherCommit} (expected-source-commit)`)
    const wrongRepo = await promote(`${registry.host}/acme/web@${digest}`, 'v3.0.0', { 'expected-source-repository': 'acme/api' })
    expect(errorOf(wrongRepo)).toContain('not of acme/api (expected-source-repository)')
    expect(await listTags(registry.host, 'acme/web')).not.toContain('v3.0.0')
  }, 240_000)
})
