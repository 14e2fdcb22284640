import { expect, test } from '@jest/globals'
import { resolveTargets } from '../../../src/promote-artifact/targets.js'

const source = { registry: '127.0.0.1:5000', repository: 'team/app', tag: 'build-1' }

test('a bare tag means the source repository; full references keep their registry and repository', () => {
  const { targets, problems } = resolveTargets(source, ['v1.2.3', 'ghcr.io/acme/app:prod', 'acme/app:latest'])
  expect(problems).toEqual([])
  expect(targets.map((t) => t.name)).toEqual(['127.0.0.1:5000/team/app:v1.2.3', 'ghcr.io/acme/app:prod', 'docker.io/acme/app:latest'])
})

test('duplicates collapse to one target', () => {
  expect(resolveTargets(source, ['v1', 'v1', '127.0.0.1:5000/team/app:v1']).targets).toHaveLength(1)
})

test('every bad line is reported', () => {
  const { problems } = resolveTargets(source, ['-bad', 'ghcr.io/acme/app', `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, 'ghcr.io/ACME/app:v1', 'ok'])
  expect(problems.map((p) => p.line)).toEqual(['-bad', 'ghcr.io/acme/app', `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, 'ghcr.io/ACME/app:v1'])
  expect(problems[1]!.why).toContain('with a tag')
})
