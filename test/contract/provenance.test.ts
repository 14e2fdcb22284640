/**
 * Issue 19's provenance end to end, through the built bundles as the runner runs them: build-push attests a SLSA v1
 * provenance of what it pushed, signed with a cosign key, and the real cosign verifies it with `cosign
 * verify-attestation --type slsaprovenance1`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosign, cosignVerifyAttestation, generateKeyPair, haveCosign, type CosignKeyPair } from '../../local/cosign.js'
import { runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
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

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  ;[keys, otherKeys] = await Promise.all([generateKeyPair('prov-pass'), generateKeyPair('other-pass')])
}, 300_000)
afterAll(async () => {
  await registry?.stop()
})

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

maybe('provenance attested at build', () => {
  let digest = ''

  it('build-push attests a key-signed SLSA v1 provenance of the pushed digest; the summary\'s cosign verify-attestation command verifies it', async () => {
    const result = await build('acme/web', 'attested')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    digest = result.outputs.digest!
    const image = `${registry.host}/acme/web@${digest}`
    const metadata = JSON.parse(result.outputs.metadata!)
    expect(metadata.attestations).toEqual([expect.objectContaining({ image, mode: 'max', outcome: 'attested', fallback: true, source: `https://github.com/acme/web@${SHA}` })])
    const command = `cosign verify-attestation --key cosign.pub --type slsaprovenance1 --insecure-ignore-tlog --allow-insecure-registry ${image}`
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

  it('a rerun that reuses the image finds its provenance and does not attest again', async () => {
    const result = await build('acme/web', 'attested')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    const metadata = JSON.parse(result.outputs.metadata!)
    expect([metadata.reused, result.outputs.digest]).toEqual([true, digest])
    expect(metadata.attestations).toEqual([expect.objectContaining({ outcome: 'already attested' })])
  }, 240_000)
})
