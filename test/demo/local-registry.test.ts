import { describe, expect, it } from '@jest/globals'
import { pullReference, registryFromHosting, registryFromOption } from '../../demo/cluster/local-registry.js'

describe('the registry a real cluster pulls the demo images from', () => {
  it('reads what a local cluster announces in kube-public/local-registry-hosting (KEP-1755)', () => {
    // As kind's local-registry script writes it.
    const kind = { 'localRegistryHosting.v1': 'host: "localhost:5001"\nhelp: "https://kind.sigs.k8s.io/docs/user/local-registry/"\n' }
    expect(registryFromHosting(kind)).toEqual({ push: 'localhost:5001', pull: 'localhost:5001', source: 'ConfigMap kube-public/local-registry-hosting' })
    const split = { 'localRegistryHosting.v1': 'host: "localhost:5000"\nhostFromContainerRuntime: "registry.local:5000"\nhostFromClusterNetwork: "registry:5000"\n' }
    expect(registryFromHosting(split)).toMatchObject({ push: 'localhost:5000', pull: 'registry.local:5000' })
  })

  it('ignores a ConfigMap that names no usable host', () => {
    expect(registryFromHosting(undefined)).toBeUndefined()
    expect(registryFromHosting({ other: 'x' })).toBeUndefined()
    expect(registryFromHosting({ 'localRegistryHosting.v1': 'help: "see docs"\n' })).toBeUndefined()
    expect(registryFromHosting({ 'localRegistryHosting.v1': 'host: "http://localhost:5001/"\n' })).toBeUndefined()
  })

  it('takes --registry as push[,pull] and refuses anything else with the accepted form', () => {
    expect(registryFromOption('localhost:5001')).toEqual({ push: 'localhost:5001', pull: 'localhost:5001', source: '--registry' })
    expect(registryFromOption('localhost:5001, kind-registry:5000')).toMatchObject({ push: 'localhost:5001', pull: 'kind-registry:5000' })
    for (const bad of ['', 'http://localhost:5001', 'a,b,c', 'localhost:5001/path']) {
      expect(() => registryFromOption(bad)).toThrow(`--registry=${bad} is not host[:port] or push-host[:port],pull-host[:port] (e.g. localhost:5001)`)
    }
  })

  it('renames pushed references to the name the cluster pulls by, and leaves others alone', () => {
    const registry = { push: 'localhost:5000', pull: 'registry.local:5000', source: 'test' }
    expect(pullReference('localhost:5000/acme/web@sha256:abc', registry)).toBe('registry.local:5000/acme/web@sha256:abc')
    expect(pullReference('localhost:50001/acme/web@sha256:abc', registry)).toBe('localhost:50001/acme/web@sha256:abc')
  })
})
