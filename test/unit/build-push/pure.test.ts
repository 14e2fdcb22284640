import { describe, expect, it } from '@jest/globals'
import { buildahCacheResult, buildxCacheResult, isBuildahCacheFailure } from '../../../src/build-push/cache-result.js'
import { baseImageRegistries, withLabelInstruction } from '../../../src/build-push/dockerfile.js'
import { buildahBudArgv } from '../../../src/build-push/builders/buildah-argv.js'
import { conflictMessage, digestConflicts, preflightConflicts } from '../../../src/build-push/immutability.js'
import { imageLabels, LABEL } from '../../../src/build-push/labels.js'
import { renderSummary } from '../../../src/build-push/summary.js'
import { authFileContent } from '../../../src/build-push/auth-file.js'
import { contextFor, PR_HEAD_SHA } from './events.js'

describe('labels', () => {
  it('the OCI labels of a run; created is the commit time; the user overrides', () => {
    const labels = imageLabels({ context: contextFor('pull-request'), commit: PR_HEAD_SHA, created: '2026-11-20T13:03:11.000Z', version: 'pr-42', extra: { [LABEL.title]: 'Web app' } })
    expect(labels).toEqual({
      [LABEL.source]: 'https://github.com/acme/web',
      [LABEL.revision]: PR_HEAD_SHA,
      [LABEL.created]: '2026-11-20T13:03:11.000Z',
      [LABEL.version]: 'pr-42',
      [LABEL.title]: 'Web app',
      [LABEL.url]: 'https://github.com/acme/web',
      [LABEL.licenses]: 'MIT'
    })
  })
})

describe('immutability', () => {
  const existing = [{ tag: 'r.io/a:1.2.3', digest: 'sha256:old', revision: 'c0ffee' }]
  it('before the build: a tag of another commit conflicts; the same commit may be rebuilt', () => {
    expect(preflightConflicts(existing, 'beef', undefined)).toHaveLength(1)
    expect(preflightConflicts(existing, 'c0ffee', undefined)).toEqual([])
  })
  it('when reusing, only the reused digest is acceptable', () => {
    expect(preflightConflicts(existing, 'c0ffee', 'sha256:old')).toEqual([])
    expect(preflightConflicts(existing, 'c0ffee', 'sha256:new')).toHaveLength(1)
  })
  it('after the build: the digest must match', () => {
    expect(digestConflicts(existing, 'sha256:old')).toEqual([])
    const message = conflictMessage(digestConflicts(existing, 'sha256:new'))
    expect(message).toContain('r.io/a:1.2.3')
    expect(message).toContain("immutable-tags")
  })
})

describe('cache results from builder logs', () => {
  it('buildah: Using cache vs Pushing cache', () => {
    expect(buildahCacheResult('registry', '--> Using cache 1\n--> Using cache 2\n').status).toBe('hit')
    expect(buildahCacheResult('registry', '--> Using cache 1\n--> Pushing cache r:2\n')).toMatchObject({ status: 'partial', cachedSteps: 1, cacheableSteps: 2 })
    expect(buildahCacheResult('registry', '--> Pushing cache r:2\n').status).toBe('miss')
    expect(buildahCacheResult('none', '').status).toBe('off')
    expect(buildahCacheResult('registry', '', 'down')).toMatchObject({ status: 'unavailable', warning: 'down' })
  })
  it('buildah: tells a cache failure from a build failure', () => {
    expect(isBuildahCacheFailure('Error: failed pushing cache to {{{"127.0.0.1:1" "a-cache"}}}: connection refused')).toBe(true)
    expect(isBuildahCacheFailure('Error: building at STEP "RUN false": exit status 1')).toBe(false)
  })
  it('buildx: CACHED steps', () => {
    const log = '#5 [build 1/2] COPY a /a\n#5 CACHED\n#6 [build 2/2] RUN make\n#6 DONE 1.0s\n'
    expect(buildxCacheResult('registry', log)).toMatchObject({ status: 'partial', cachedSteps: 1, cacheableSteps: 2 })
  })
})

describe('Dockerfile base images', () => {
  it('registries of FROM images, skipping scratch, stages and ARG references', () => {
    const dockerfile = 'ARG BASE=x\nFROM --platform=$BUILDPLATFORM 127.0.0.1:5000/base:1 AS build\nRUN true\nFROM build AS test\nFROM ${BASE}\nFROM scratch\nFROM node:24\nFROM \\\n  ghcr.io/acme/tools:1\n'
    expect(baseImageRegistries(dockerfile)).toEqual(['127.0.0.1:5000', 'docker.io', 'ghcr.io'])
  })
})

describe('auth file', () => {
  it('one auths entry per registry, Docker Hub under its legacy key', () => {
    const content = JSON.parse(authFileContent(['ghcr.io', 'docker.io', 'ghcr.io'], { username: 'u', password: 'p' }))
    expect(content).toEqual({ auths: { 'ghcr.io': { auth: 'dTpw' }, 'https://index.docker.io/v1/': { auth: 'dTpw' } } })
  })
})

describe('summary', () => {
  it('lists tags, digest, size, cache result and build time', () => {
    const markdown = renderSummary({
      images: ['r.io/a'],
      references: [{ reference: 'r.io/a:sha-1234567', outcome: 'pushed' }],
      digest: 'sha256:abc',
      size: 3 * 1024 * 1024,
      version: 'main',
      builder: 'buildah',
      builderWhy: 'no Docker daemon answers',
      reused: false,
      pushed: true,
      cache: { mode: 'registry', status: 'partial', cachedSteps: 2, cacheableSteps: 3 },
      buildSeconds: 12.34,
      labels: {},
      skippedRules: [],
      warnings: ['cache slow']
    })
    for (const text of ['r.io/a:sha-1234567', 'sha256:abc', '3.0 MiB', '12.3 s', 'partial (2/3 steps from the cache)', 'cache slow']) expect(markdown).toContain(text)
  })
})

describe('one LABEL instruction for buildah', () => {
  const labels: [string, string][] = [
    ['org.opencontainers.image.revision', 'abc'],
    ['note', 'say "hi" for $5 \\o/']
  ]
  it('appends every label, quoted so nothing is expanded', () => {
    expect(withLabelInstruction('FROM scratch\nCOPY a /\n\n', labels, undefined)).toBe(
      'FROM scratch\nCOPY a /\nLABEL "org.opencontainers.image.revision"="abc" "note"="say \\"hi\\" for \\$5 \\\\o/"\n'
    )
  })
  it('falls back to --label flags for a --target stage or a custom escape character', () => {
    expect(withLabelInstruction('FROM scratch AS a\nFROM scratch\n', labels, 'a')).toBeUndefined()
    expect(withLabelInstruction('# escape=`\nFROM scratch\n', labels, undefined)).toBeUndefined()
  })
  it('the planner then passes the generated file and no --label flags', () => {
    const argv = buildahBudArgv({ context: '/c', file: '/c/Dockerfile', buildArgs: [], labels: { a: 'b' }, platforms: [], timestamp: 1, cache: { kind: 'none' }, insecure: false }, { root: 'r', runroot: 'rr', driver: 'vfs', isolation: 'chroot' }, 'l', '/w/Dockerfile.labelled')
    expect(argv.slice(7, 11)).toEqual(['bud', '--isolation', 'chroot', '--file'])
    expect(argv[11]).toBe('/w/Dockerfile.labelled')
    expect(argv).not.toContain('--label')
  })
})
