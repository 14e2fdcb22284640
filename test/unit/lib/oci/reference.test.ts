import { describe, expect, test } from '@jest/globals'
import { apiHost, formatReference, isLoopback, isRegistryHost, parseReference } from '../../../../src/lib/oci/reference.js'

const DIGEST = `sha256:${'a'.repeat(64)}`

describe('parseReference', () => {
  test.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['acme/web:v1', { registry: 'docker.io', repository: 'acme/web', tag: 'v1' }],
    ['index.docker.io/acme/web', { registry: 'docker.io', repository: 'acme/web' }],
    ['ghcr.io/acme/web:sha-1234', { registry: 'ghcr.io', repository: 'acme/web', tag: 'sha-1234' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['127.0.0.1:5000/team/app:build-1', { registry: '127.0.0.1:5000', repository: 'team/app', tag: 'build-1' }],
    [`registry.example.com:8443/a/b/c@${DIGEST}`, { registry: 'registry.example.com:8443', repository: 'a/b/c', digest: DIGEST }],
    [`ghcr.io/acme/web:v1@${DIGEST}`, { registry: 'ghcr.io', repository: 'acme/web', tag: 'v1', digest: DIGEST }],
    ['GHCR.IO/acme/web', { registry: 'ghcr.io', repository: 'acme/web' }]
  ])('%s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected)
  })

  test.each([
    ['', /empty/],
    ['ghcr.io/Acme/web', /not a repository name/],
    ['ghcr.io/acme/web:bad tag', /white space/],
    ['ghcr.io/acme/web:-v1', /not a valid tag/],
    ['ghcr.io/acme/web@sha256:abc', /not a sha256 digest/],
    ['ghcr.io/acme/web@nodigest', /not a digest/],
    ['ghcr.io/', /repository is missing/],
    ['ghcr.io/acme//web', /not a repository name/],
    [DIGEST, /a digest with no repository; write <registry>\/<repository>@<digest>/]
  ])('rejects %p', (text, why) => {
    expect(() => parseReference(text)).toThrow(why)
  })

  test('formats fully qualified references', () => {
    expect(formatReference(parseReference('nginx:1'))).toBe('docker.io/library/nginx:1')
  })
})

test('Docker Hub API requests go to registry-1.docker.io', () => {
  expect(apiHost('docker.io')).toBe('registry-1.docker.io')
  expect(apiHost('ghcr.io')).toBe('ghcr.io')
})

test('only loopback hosts count as loopback', () => {
  expect(['localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000'].map(isLoopback)).toEqual([true, true, true, true])
  expect(['ghcr.io', '10.0.0.1:5000', '127.0.0.1.nip.io', 'localhost.example.com'].map(isLoopback)).toEqual([false, false, false, false])
})

test('a registry host is host[:port] as references name it', () => {
  for (const host of ['ghcr.io', 'registry.internal:5000', '10.0.0.7:5000', 'localhost', '[::1]:5000', 'my-registry']) expect(isRegistryHost(host)).toBe(true)
  for (const host of ['::::', '', 'ghcr.io/acme', 'host:port', 'host:0', 'host:70000', '-bad.example', 'a b', 'https://ghcr.io']) expect(isRegistryHost(host)).toBe(false)
})
