import { expect, test } from '@jest/globals'
import { parseChallenges } from '../../../../src/lib/oci/challenge.js'

test('a Bearer challenge gives realm, service and scope', () => {
  expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual([
    { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } }
  ])
})

test('a scope with several actions and quoted commas stays whole', () => {
  const [challenge] = parseChallenges('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull,push"')
  expect(challenge?.params.scope).toBe('repository:a/b:pull,push')
})

test('Basic challenges and several challenges in one header', () => {
  expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }])
  expect(parseChallenges('Basic realm="r", Bearer realm="https://t/token",service="s"').map((c) => c.scheme)).toEqual(['basic', 'bearer'])
})

test('escaped quotes and unquoted values', () => {
  expect(parseChallenges('Bearer realm="a\\"b",error=insufficient_scope')[0]?.params).toEqual({ realm: 'a"b', error: 'insufficient_scope' })
})

test('no header, no challenge', () => {
  expect(parseChallenges(null)).toEqual([])
  expect(parseChallenges('')).toEqual([])
})
