/** promote-artifact run as the runner runs it (dist bundle, INPUT_* variables, output and summary files). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { ROOT, runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { startFaultProxy, type FaultProxy } from '../../local/registry/fault-proxy.js'
import { getManifest, putManifest, uploadBlob } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'

const action = YAML.parse(readFileSync(path.join(ROOT, 'actions/promote-artifact/action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string; post?: string }
}

describe('action.yml', () => {
  it('declares the contract inputs and outputs and runs the bundle on node24', () => {
    expect(Object.keys(action.inputs)).toEqual([
      'source',
      'expected-digest',
      'targets',
      'allow-overwrite',
      'copy-referrers',
      'require-referrers',
      'verify',
      'public-key',
      'certificate-identity',
      'certificate-identity-regexp',
      'certificate-oidc-issuer',
      'certificate-oidc-issuer-regexp',
      'trusted-root',
      'expected-source-repository',
      'expected-source-commit',
      'sign',
      'signing-key',
      'signing-key-password',
      'signing-config',
      'username',
      'password',
      'target-username',
      'target-password',
      'insecure-registries',
      'dry-run'
    ])
    expect(Object.keys(action.outputs)).toEqual(['digest', 'promoted', 'unchanged', 'signatures'])
    expect(action.inputs.sign?.default).toBe('none')
    expect(action.inputs['copy-referrers']?.default).toBe('true')
    expect(action.inputs.verify?.default).toBe('none')
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/promote-artifact/index.js' })
  })

  it('every input it declares is read by the action', () => {
    const source = ['src/promote-artifact/inputs.ts', 'src/lib/oci/insecure-registries.ts', 'src/promote-artifact/verify-policy.ts', 'src/lib/signing/signing-inputs.ts'].map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n')
    for (const name of Object.keys(action.inputs)) expect(source).toContain(`'${name}'`)
  })
})

const enabled = haveTools('docker-registry')
let registry: Registry
let digest: string
beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  // A minimal OCI image, written with plain API calls.
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }))
  const layer = Buffer.from('not really a tarball, but a blob')
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await uploadBlob(registry.host, 'acme/web', config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: await uploadBlob(registry.host, 'acme/web', layer), size: layer.length }]
  }
  digest = await putManifest(registry.host, 'acme/web', 'sha-1234567', manifest, manifest.mediaType)
})
afterAll(async () => {
  await registry?.stop()
})

;(enabled ? describe : describe.skip)('running the bundle', () => {
  it('promotes, sets digest, promoted and unchanged as JSON, and writes the job summary', async () => {
    const inputs = { source: `${registry.host}/acme/web:sha-1234567`, 'expected-digest': digest, targets: 'v1.0.0\nstable' }
    const first = await runAction('promote-artifact', { inputs })
    expect(first.exitCode).toBe(0)
    expect(first.outputs).toEqual({
      digest,
      promoted: JSON.stringify([`${registry.host}/acme/web:v1.0.0`, `${registry.host}/acme/web:stable`]),
      unchanged: '[]',
      // Nothing signed without sign: key.
      signatures: '[]'
    })
    expect(first.summary).toContain('Promoted')
    expect(first.post).toBeUndefined()

    const again = await runAction('promote-artifact', { inputs })
    expect(again.exitCode).toBe(0)
    expect(JSON.parse(again.outputs.unchanged!)).toHaveLength(2)
    expect(again.outputs.promoted).toBe('[]')
  })

  it('fails with one message naming every missing input, and sets no output', async () => {
    const run = await runAction('promote-artifact', { inputs: {} })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({})
    const errors = run.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain("Input 'source'")
    expect(errors[0]!.message).toContain("Input 'targets'")
  })
})

;(enabled ? describe : describe.skip)('through a registry fault proxy', () => {
  let proxy: FaultProxy
  beforeAll(async () => {
    proxy = await startFaultProxy(registry.port)
  })
  afterAll(async () => {
    await proxy?.stop()
  })

  it('refuses an allow-overwrite pattern that matches no tag and insecure-registries that are not hosts, before any request', async () => {
    proxy.reset()
    const run = await runAction('promote-artifact', {
      inputs: { source: `${proxy.host}/acme/web:sha-1234567`, 'expected-digest': digest, targets: 'stable', 'allow-overwrite': '[a-', 'insecure-registries': '::::' }
    })
    expect(run.exitCode).toBe(1)
    expect(proxy.requests).toEqual([])
    expect(run.outputs).toEqual({})
    const errors = run.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain("Input 'allow-overwrite': got '[a-'")
    expect(errors[0]!.message).toContain("Input 'insecure-registries': got '::::'")
  })

  it('leaves the targets before it at the verified digest and names them in the error line, the outputs and the summary', async () => {
    // Every PUT of the second target's tag is refused with a 503 (no wait between the retries): it keeps failing.
    proxy.rule = ({ method, path }) => (method === 'PUT' && path.endsWith('/manifests/rc-2') ? { status: 503, headers: { 'retry-after': '0' } } : undefined)
    const inputs = { source: `${proxy.host}/acme/web:sha-1234567`, 'expected-digest': digest, targets: 'rc-1\nrc-2\nrc-3' }
    const run = await runAction('promote-artifact', { inputs })

    expect(run.exitCode).toBe(1)
    expect(proxy.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/manifests/rc-2')).length).toBeGreaterThan(1)
    // What the registry holds: the first target at the verified digest, the others not written.
    expect((await getManifest(registry.host, 'acme/web', 'rc-1'))?.digest).toBe(digest)
    expect(await getManifest(registry.host, 'acme/web', 'rc-2')).toBeUndefined()
    expect(await getManifest(registry.host, 'acme/web', 'rc-3')).toBeUndefined()

    const errors = run.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    const error = errors[0]!.message
    expect(error).toContain(`Written before the failure, at ${digest}: ${proxy.host}/acme/web:rc-1.`)
    expect(error).toContain(`Not promoted: ${proxy.host}/acme/web:rc-2, ${proxy.host}/acme/web:rc-3.`)
    expect(error).toContain('503')
    expect(run.outputs.promoted).toBe(JSON.stringify([`${proxy.host}/acme/web:rc-1`]))
    expect(run.summary).toMatch(/rc-1\b.*created/)
    expect(run.summary).toMatch(/rc-2\b.*not written/)
  })
})
