import { describe, expect, it } from '@jest/globals'
import type { BuildSpec } from '../../../../src/build-push/build-spec.js'
import { buildxBuildArgv, buildxEnv } from '../../../../src/build-push/builders/buildx-argv.js'

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

describe('buildx argv', () => {
  it('registry cache: mode=max and ignore-error=true so a cache export never fails the build; pushes one reference', () => {
    expect(buildxBuildArgv(spec, 'ghcr.io/acme/web:sha-1234567', '/t/meta.json')).toEqual([
      'docker', 'buildx', 'build', '--provenance=false', '--file', '/ws/app/Dockerfile', '--target', 'runtime',
      '--build-arg', 'NODE_VERSION=24', '--build-arg', 'GREETING=hello world; rm -rf / $(id)',
      '--label', 'b.extra=x y', '--label', 'org.opencontainers.image.revision=abc',
      '--platform', 'linux/amd64',
      '--cache-from', 'type=registry,ref=ghcr.io/acme/web-cache:buildx',
      '--cache-to', 'type=registry,ref=ghcr.io/acme/web-cache:buildx,mode=max,ignore-error=true',
      '--metadata-file', '/t/meta.json', '--tag', 'ghcr.io/acme/web:sha-1234567', '--push', '/ws/app'
    ])
  })

  it('gha cache: this branch scope, then the default branch scope; writes only its own', () => {
    const argv = buildxBuildArgv({ ...spec, target: undefined, buildArgs: [], labels: {}, platforms: [], cache: { kind: 'gha', scope: 'feature-x', fallbackScopes: ['main'] } } as BuildSpec, undefined, '/t/m')
    expect(argv).toEqual([
      'docker', 'buildx', 'build', '--provenance=false', '--file', '/ws/app/Dockerfile',
      '--cache-from', 'type=gha,scope=feature-x', '--cache-from', 'type=gha,scope=main',
      '--cache-to', 'type=gha,scope=feature-x,mode=max,ignore-error=true',
      '--metadata-file', '/t/m', '/ws/app'
    ])
  })

  it('no cache, several platforms', () => {
    const argv = buildxBuildArgv({ ...spec, cache: { kind: 'none' }, platforms: ['linux/amd64', 'linux/arm64'] }, 'r:t', '/m')
    expect(argv).not.toContain('--cache-from')
    expect(argv[argv.indexOf('--platform') + 1]).toBe('linux/amd64,linux/arm64')
  })

  it('secrets by id and where buildx reads them (its environment, a file), ssh by id and path: never a value', () => {
    const argv = buildxBuildArgv({ ...spec, secrets: [{ id: 'npm', env: 'BUILD_PUSH_SECRET_0' }, { id: 'netrc', src: '/ws/.netrc' }], ssh: [{ id: 'default', paths: [] }, { id: 'deploy', paths: ['/k/a', '/k/b'] }] }, undefined, '/m')
    const at = argv.indexOf('--secret')
    expect(argv.slice(at, at + 8)).toEqual(['--secret', 'id=npm,env=BUILD_PUSH_SECRET_0', '--secret', 'id=netrc,src=/ws/.netrc', '--ssh', 'default', '--ssh', 'deploy=/k/a,/k/b'])
  })

  it('push-by-digest: an image output to the repository, by digest, no tag', () => {
    const argv = buildxBuildArgv({ ...spec, cache: { kind: 'none' } }, 'ghcr.io/acme/web', '/m', true)
    expect(argv.slice(-3)).toEqual(['--output', 'type=image,name=ghcr.io/acme/web,push-by-digest=true,name-canonical=true,push=true', '/ws/app'])
    expect(argv).not.toContain('--tag')
  })

  it('environment: SOURCE_DATE_EPOCH from the commit time, DOCKER_CONFIG for credentials', () => {
    expect(buildxEnv(spec, '/t/auth')).toEqual({ SOURCE_DATE_EPOCH: '1763643791', DOCKER_CONFIG: '/t/auth' })
    expect(buildxEnv(spec, undefined)).toEqual({ SOURCE_DATE_EPOCH: '1763643791' })
  })
})
