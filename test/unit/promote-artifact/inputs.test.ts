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
