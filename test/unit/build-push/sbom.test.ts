import { expect, test } from '@jest/globals'
import { packageCount, syftCommand } from '../../../src/build-push/sbom.js'

test('syft scans the pushed digest from its registry into a file, never checking for updates; plain http and credentials only when needed', () => {
  expect(syftCommand('ghcr.io/acme/web@sha256:1', 'spdx', '/tmp/x/sbom.json', false, undefined)).toEqual({
    argv: ['syft', 'scan', 'registry:ghcr.io/acme/web@sha256:1', '--output', 'spdx-json=/tmp/x/sbom.json', '--quiet'],
    env: { SYFT_CHECK_FOR_APP_UPDATE: 'false' }
  })
  expect(syftCommand('127.0.0.1:5000/a@sha256:1', 'cyclonedx', '/o.json', true, '/run/auth')).toEqual({
    argv: ['syft', 'scan', 'registry:127.0.0.1:5000/a@sha256:1', '--output', 'cyclonedx-json=/o.json', '--quiet'],
    env: { SYFT_CHECK_FOR_APP_UPDATE: 'false', SYFT_REGISTRY_INSECURE_USE_HTTP: 'true', DOCKER_CONFIG: '/run/auth' }
  })
})

test('the package count reads SPDX packages or CycloneDX components', () => {
  expect(packageCount({ packages: [{}, {}] })).toBe(2)
  expect(packageCount({ components: [{}] })).toBe(1)
  expect(packageCount({})).toBe(0)
  expect(packageCount(null)).toBe(0)
})
