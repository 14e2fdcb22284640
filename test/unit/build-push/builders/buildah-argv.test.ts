import { describe, expect, it } from '@jest/globals'
import type { BuildSpec } from '../../../../src/build-push/build-spec.js'
import { buildahBudArgv, buildahExportArgv, type BuildahStorage } from '../../../../src/build-push/builders/buildah-argv.js'

const storage: BuildahStorage = { root: '/t/s', runroot: '/t/r', driver: 'vfs', isolation: 'chroot' }
const spec: BuildSpec = {
  context: '/ws/app',
  file: '/ws/app/Dockerfile',
  target: 'runtime',
  buildArgs: [
    { name: 'NODE_VERSION', value: '24' },
    { name: 'GREETING', value: 'hello world; rm -rf / $(id)' }
  ],
  secrets: [],
  ssh: [],
  labels: { 'org.opencontainers.image.revision': 'abc', 'b.extra': 'x y' },
  platforms: ['linux/amd64'],
  timestamp: 1763643791,
  cache: { kind: 'registry', repository: 'ghcr.io/acme/web-cache' },
  insecure: false,
  authFile: '/t/auth/config.json'
}

describe('buildah argv', () => {
  it('secrets from files, ssh by id and path, before the context', () => {
    const argv = buildahBudArgv({ ...spec, secrets: [{ id: 'npm', src: '/t/secrets/secret-0' }], ssh: [{ id: 'default', paths: ['/tmp/agent.sock'] }] }, storage, 'l')
    const at = argv.indexOf('--secret')
    expect(argv.slice(at, at + 4)).toEqual(['--secret', 'id=npm,src=/t/secrets/secret-0', '--ssh', 'default=/tmp/agent.sock'])
    expect(argv.at(-1)).toBe('/ws/app')
  })

  it('bud: every input as its own argument (no shell), labels in key order, registry cache, commit timestamp', () => {
    expect(buildahBudArgv(spec, storage, 'localhost/build-push:build')).toEqual([
      'buildah', '--root', '/t/s', '--runroot', '/t/r', '--storage-driver', 'vfs',
      'bud', '--isolation', 'chroot', '--file', '/ws/app/Dockerfile', '--target', 'runtime',
      '--build-arg', 'NODE_VERSION=24', '--build-arg', 'GREETING=hello world; rm -rf / $(id)',
      '--label', 'b.extra=x y', '--label', 'org.opencontainers.image.revision=abc',
      '--timestamp', '1763643791', '--layers',
      '--cache-from', 'ghcr.io/acme/web-cache', '--cache-to', 'ghcr.io/acme/web-cache',
      '--authfile', '/t/auth/config.json',
      '--platform', 'linux/amd64', '--tag', 'localhost/build-push:build', '/ws/app'
    ])
  })

  it('bud: several platforms build a manifest list, without the layer cache (it ignores the platform); plain http when asked', () => {
    const argv = buildahBudArgv({ ...spec, target: undefined, buildArgs: [], labels: {}, platforms: ['linux/amd64', 'linux/arm64'], cache: { kind: 'registry', repository: 'r/c' }, insecure: true, authFile: undefined } as BuildSpec, storage, 'localhost/list')
    expect(argv.slice(7)).toEqual(['bud', '--isolation', 'chroot', '--file', '/ws/app/Dockerfile', '--timestamp', '1763643791', '--tls-verify=false', '--platform', 'linux/amd64,linux/arm64', '--manifest', 'localhost/list', '/ws/app'])
  })

  it('export for the push: one image, or a manifest list with every platform, to an OCI layout', () => {
    expect(buildahExportArgv(storage, 'localhost/x', '/t/layout', false).slice(7)).toEqual(['push', 'localhost/x', 'oci:/t/layout'])
    expect(buildahExportArgv(storage, 'localhost/x', '/t/layout', true).slice(7)).toEqual(['manifest', 'push', '--all', 'localhost/x', 'oci:/t/layout'])
  })
})
