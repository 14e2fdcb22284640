import { describe, expect, it } from '@jest/globals'
import type { V1PodTemplateSpec } from '@kubernetes/client-node'
import { kustomizeHash, referencedConfigs, sameContent, versionConfigs } from '../../../src/canary-deploy/config-copies.js'
import type { ManifestConfig } from '../../../src/canary-deploy/manifest.js'

const configMap = (name: string, data: Record<string, string>): ManifestConfig => ({ kind: 'ConfigMap', name, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'web' } }, data } })
const secret = (name: string, data: Record<string, string>): ManifestConfig => ({ kind: 'Secret', name, object: { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name }, data } })

describe('kustomizeHash', () => {
  // The names `kubectl kustomize` (kustomize v5, kubectl 1.34) gives these generated objects; the integration test
  // test/integration/canary-deploy/template.test.ts checks the same against the pinned kubectl on every run.
  it('gives the suffix kustomize gives a generated ConfigMap or Secret of the same content', () => {
    expect(kustomizeHash('ConfigMap', { data: { A: 'x' } })).toBe('9267k7dk58')
    expect(kustomizeHash('ConfigMap', {})).toBe('6ct58987ht')
    expect(kustomizeHash('ConfigMap', { data: { B: 'x', VERSION: 'two<&>' } })).toBe('f8ttbhft88')
    expect(kustomizeHash('Secret', { type: 'Opaque', data: { TOKEN: 'czNjcmV0' } })).toBe('gb588h2cck')
  })

  it("matches kustomize's own hasher tests (binaryData, stringData, a Secret type)", () => {
    expect(kustomizeHash('ConfigMap', { data: { one: '' }, binaryData: { two: '' } })).toBe('698h7c7t9m')
    expect(kustomizeHash('Secret', { type: 'my-type' })).toBe('5gmgkf8578')
    expect(kustomizeHash('Secret', { type: 'my-type', data: { one: '' }, stringData: { two: 2 } })).toBe('c4h4264gdb')
  })

  it('does not depend on the name or the order of the keys, and changes with any value', () => {
    expect(kustomizeHash('ConfigMap', { metadata: { name: 'a' }, data: { x: '1', y: '2' } })).toBe(kustomizeHash('ConfigMap', { metadata: { name: 'b' }, data: { y: '2', x: '1' } }))
    expect(kustomizeHash('ConfigMap', { data: { x: '1' } })).not.toBe(kustomizeHash('ConfigMap', { data: { x: '2' } }))
  })
})

const template = (): V1PodTemplateSpec => ({
  metadata: { labels: { app: 'web' } },
  spec: {
    imagePullSecrets: [{ name: 'pull' }],
    initContainers: [{ name: 'init', image: 'i', envFrom: [{ secretRef: { name: 'creds' } }] }],
    containers: [
      {
        name: 'app',
        image: 'a',
        envFrom: [{ configMapRef: { name: 'web-config' } }],
        env: [
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'TOKEN' } } },
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'shared', key: 'level' } } }
        ]
      }
    ],
    volumes: [
      { name: 'conf', configMap: { name: 'web-config' } },
      { name: 'tls', secret: { secretName: 'creds' } },
      { name: 'all', projected: { sources: [{ configMap: { name: 'web-config' } }, { secret: { name: 'creds' } }] } }
    ]
  }
})

describe('referencedConfigs', () => {
  it('finds every reference a pod spec can make: volumes, projected sources, env, envFrom, init containers, image pull secrets', () => {
    expect(referencedConfigs(template().spec!).sort()).toEqual(['ConfigMap/shared', 'ConfigMap/web-config', 'Secret/creds', 'Secret/pull'])
  })
})

describe('versionConfigs', () => {
  it("rewrites every reference to the manifest's ConfigMaps and Secrets to their copies, and leaves others alone", () => {
    const configs = [configMap('web-config', { VERSION: 'two' }), secret('creds', { TOKEN: 'czNjcmV0' }), configMap('unused', { a: 'b' })]
    const { template: versioned, copies } = versionConfigs(template(), configs)
    const webCopy = `web-config-${kustomizeHash('ConfigMap', configs[0]!.object)}`
    expect(copies.map((c) => [c.kind, c.name, c.copy])).toEqual([
      ['ConfigMap', 'web-config', webCopy],
      ['Secret', 'creds', 'creds-gb588h2cck']
    ])
    expect(referencedConfigs(versioned.spec!).sort()).toEqual(['ConfigMap/shared', `ConfigMap/${webCopy}`, 'Secret/creds-gb588h2cck', 'Secret/pull'])
    expect(versioned.spec!.volumes![1]!.secret!.secretName).toBe('creds-gb588h2cck')
    expect(copies[0]!.body).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: webCopy, labels: { app: 'web' } }, data: { VERSION: 'two' } })
  })

  it('leaves the template it was given unchanged', () => {
    const original = template()
    versionConfigs(original, [configMap('web-config', { VERSION: 'two' })])
    expect(original).toEqual(template())
  })

  it('uses a name kustomize already versioned (ending in its content hash) as it is', () => {
    const generated = configMap('web-config-9267k7dk58', { A: 'x' })
    const t = template()
    t.spec!.containers[0]!.envFrom = [{ configMapRef: { name: 'web-config-9267k7dk58' } }]
    expect(versionConfigs(t, [generated]).copies.map((c) => c.copy)).toEqual(['web-config-9267k7dk58'])
  })
})

describe('sameContent', () => {
  it('compares a Secret as the API server keeps it (stringData merged into data, type Opaque by default)', () => {
    expect(sameContent('Secret', { type: 'Opaque', data: { TOKEN: 'czNjcmV0' } }, { stringData: { TOKEN: 's3cret' } })).toBe(true)
    expect(sameContent('Secret', { type: 'Opaque', data: { TOKEN: 'czNjcmV0' } }, { stringData: { TOKEN: 'other' } })).toBe(false)
    expect(sameContent('ConfigMap', { data: { a: '1' } }, { data: { a: '1' }, metadata: { name: 'x' } })).toBe(true)
    expect(sameContent('ConfigMap', {}, { data: { a: '1' } })).toBe(false)
  })
})
