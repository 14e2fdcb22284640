import { expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { credentialsFromDockerConfig, maskingSecrets, readDockerConfig } from '../../../../src/lib/oci/credentials.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

test('finds auths by bare host or URL, with a password that contains colons', () => {
  const config = { auths: { 'https://ghcr.io': { auth: b64('octo:tok:en') }, 'registry.example.com:5000': { auth: b64('u:p') } } }
  expect(credentialsFromDockerConfig(config, 'ghcr.io')).toEqual({ username: 'octo', password: 'tok:en' })
  expect(credentialsFromDockerConfig(config, 'registry.example.com:5000')).toEqual({ username: 'u', password: 'p' })
  expect(credentialsFromDockerConfig(config, 'registry.example.com')).toBeUndefined()
})

test("Docker Hub's legacy key matches docker.io", () => {
  expect(credentialsFromDockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: b64('me:pw') } } }, 'docker.io')).toEqual({ username: 'me', password: 'pw' })
})

test('username and password fields are used as well', () => {
  expect(credentialsFromDockerConfig({ auths: { 'quay.io': { username: 'robot', password: 'secret' } } }, 'quay.io')).toEqual({ username: 'robot', password: 'secret' })
})

test('reads $DOCKER_CONFIG/config.json; a missing or broken file means no credentials', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dc-'))
  expect(readDockerConfig({ DOCKER_CONFIG: dir })).toBeUndefined()
  writeFileSync(path.join(dir, 'config.json'), '{not json')
  expect(readDockerConfig({ DOCKER_CONFIG: dir })).toBeUndefined()
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: b64('a:b') } } }))
  expect(credentialsFromDockerConfig(readDockerConfig({ DOCKER_CONFIG: dir })!, 'ghcr.io')).toEqual({ username: 'a', password: 'b' })
})

test('maskingSecrets masks the password and the base64 of user:password the Authorization header carries, when they become known', async () => {
  const masked: string[] = []
  const basic = Buffer.from('alice:pa55-Word').toString('base64')
  maskingSecrets({ username: 'alice', password: 'pa55-Word' }, (secret) => masked.push(secret))
  expect(masked).toEqual(['pa55-Word', basic])
  masked.length = 0
  const later = maskingSecrets(async () => ({ username: 'alice', password: 'pa55-Word' }), (secret) => masked.push(secret)) as () => Promise<unknown>
  expect(masked).toEqual([])
  await later()
  expect(masked).toEqual(['pa55-Word', basic])
})
