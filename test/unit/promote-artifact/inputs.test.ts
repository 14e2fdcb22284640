import { expect, test } from '@jest/globals'
import { readInputs } from '../../../src/promote-artifact/inputs.js'

const D = `sha256:${'d'.repeat(64)}`
const read = (values: Record<string, string>) => readInputs((name) => values[name] ?? '', {})

test('a complete set of inputs', () => {
  const config = read({
    source: 'ghcr.io/acme/web:sha-1',
    'expected-digest': D,
    targets: 'v1\n# comment\nregistry.example.com/acme/web:v1',
    'allow-overwrite': 'stable, prod-*',
    username: 'u',
    password: 'p',
    'insecure-registries': 'http://registry.lan:5000/',
    'dry-run': 'true'
  })
  expect(config).toMatchObject({
    source: { registry: 'ghcr.io', repository: 'acme/web', tag: 'sha-1' },
    expectedDigest: D,
    allowOverwrite: ['stable', 'prod-*'],
    copyReferrers: true,
    requireReferrers: [],
    credentials: { username: 'u', password: 'p' },
    insecureRegistries: ['registry.lan:5000'],
    dryRun: true
  })
  expect(config.targets.map((t) => t.name)).toEqual(['ghcr.io/acme/web:v1', 'registry.example.com/acme/web:v1'])
})

test('every problem is reported together, without echoing a password', () => {
  let message = ''
  try {
    read({ source: 'ghcr.io/acme/web@sha256:123', 'expected-digest': 'abc', password: 'hunter2-secret', 'copy-referrers': 'yes' })
  } catch (error) {
    message = (error as Error).message
  }
  expect(message).toMatch(/^5 inputs are invalid/)
  for (const input of ['source', 'expected-digest', 'targets', 'username', 'copy-referrers']) expect(message).toContain(`Input '${input}'`)
  expect(message).not.toContain('hunter2-secret')
})

test('a source digest and a different expected-digest contradict each other', () => {
  expect(() => read({ source: `ghcr.io/acme/web@${D}`, 'expected-digest': `sha256:${'e'.repeat(64)}`, targets: 'v1' })).toThrow(/the digest named in 'source'/)
})

test('an allow-overwrite pattern that can match no tag is refused, naming the input and the pattern', () => {
  const base = { source: 'ghcr.io/acme/web:sha-1', targets: 'v1' }
  for (const pattern of ['[a-', 'prod-{eu', 'v1)', 'ghcr.io/acme/web:stable', 'release tag']) {
    expect(() => read({ ...base, 'allow-overwrite': pattern })).toThrow(`Input 'allow-overwrite': got '${pattern}'`)
  }
  expect(() => read({ ...base, 'allow-overwrite': '[a-' })).toThrow("'[' is never closed")
  expect(read({ ...base, 'allow-overwrite': 'stable, prod-*, v[0-9]*, !(v*)' }).allowOverwrite).toHaveLength(4)
})

test('insecure-registries that are not host[:port] are refused, naming the input', () => {
  const base = { source: 'ghcr.io/acme/web:sha-1', targets: 'v1' }
  expect(() => read({ ...base, 'insecure-registries': '::::' })).toThrow("Input 'insecure-registries': got '::::'; expected registry hosts")
  expect(() => read({ ...base, 'insecure-registries': 'registry.lan:5000/acme' })).toThrow("Input 'insecure-registries'")
  expect(read({ ...base, 'insecure-registries': 'https://[::1]:5000, 10.0.0.7:5000' }).insecureRegistries).toEqual(['[::1]:5000', '10.0.0.7:5000'])
})
