import { describe, expect, it } from '@jest/globals'
import { buildxBuildArgv } from '../../../../src/build-push/builders/buildx-argv.js'
import { fitToDriver, parseBuildxInspect, usesContainerdStore } from '../../../../src/build-push/builders/buildx-driver.js'
import { buildxCacheResult } from '../../../../src/build-push/cache-result.js'
import type { BuildSpec } from '../../../../src/build-push/build-spec.js'

// `docker buildx inspect` on GitHub's ubuntu-24.04 runner (default builder) and after docker/setup-buildx-action.
const DEFAULT_BUILDER = 'Name:          default\nDriver:        docker\nLast Activity: 2026-11-20 09:12:31 +0000 UTC\n\nNodes:\nName:             default\nEndpoint:         default\nStatus:           running\nBuildKit version: v0.20.2\n'
const CONTAINER_BUILDER = 'Name:          builder-4f0c\nDriver:        docker-container\nLast Activity: 2026-11-20 09:14:02 +0000 UTC\n\nNodes:\nName:      builder-4f0c0\nEndpoint:  unix:///var/run/docker.sock\nStatus:    running\n'

const registryCache = { kind: 'registry' as const, repository: 'ghcr.io/acme/web-cache' }
const dockerDriver = { name: 'default', driver: 'docker', containerdStore: false }

describe('the buildx builder in use', () => {
  it('reads the name and driver of the selected builder', () => {
    expect(parseBuildxInspect(DEFAULT_BUILDER)).toEqual({ name: 'default', driver: 'docker' })
    expect(parseBuildxInspect(CONTAINER_BUILDER)).toEqual({ name: 'builder-4f0c', driver: 'docker-container' })
    expect(parseBuildxInspect('ERROR: no builder "x" found')).toBeUndefined()
  })

  it("tells the containerd image store from the classic one by the daemon's driver status", () => {
    expect(usesContainerdStore('[["driver-type","io.containerd.snapshotter.v1"]]')).toBe(true)
    expect(usesContainerdStore('[["Backing Filesystem","extfs"],["Supports d_type","true"]]')).toBe(false)
  })
})

describe('fitting the build to the driver', () => {
  it('keeps the plan on drivers that export caches and build several platforms', () => {
    for (const builder of [undefined, { name: 'b', driver: 'docker-container', containerdStore: false }, { ...dockerDriver, containerdStore: true }]) {
      expect(fitToDriver(builder, registryCache, ['linux/amd64', 'linux/arm64'])).toEqual({ cache: registryCache })
    }
  })

  it('reads but does not write a cache on the docker driver, and says how to write it', () => {
    const plan = fitToDriver(dockerDriver, registryCache, [])
    expect(plan.cache).toEqual({ ...registryCache, readOnly: true })
    expect(plan.warning).toContain("buildx builder 'default' uses the docker driver, which cannot export a build cache: the registry cache is read but not written.")
    expect(plan.warning).toContain('docker/setup-buildx-action')
    expect(fitToDriver(dockerDriver, { kind: 'gha', scope: 'main' }, []).cache).toEqual({ kind: 'gha', scope: 'main', readOnly: true })
    expect(fitToDriver(dockerDriver, { kind: 'none' }, [])).toEqual({ cache: { kind: 'none' } })
  })

  it('refuses several platforms on the docker driver, naming the input', () => {
    expect(fitToDriver(dockerDriver, registryCache, ['linux/amd64', 'linux/arm64']).refusal).toEqual({
      input: 'platforms',
      value: 'linux/amd64,linux/arm64',
      accepted: expect.stringContaining("one platform on buildx builder 'default' (docker driver)")
    })
    expect(fitToDriver(dockerDriver, registryCache, ['linux/arm64']).refusal).toBeUndefined()
  })

  it('a read-only cache is imported, never exported, and its hits still count', () => {
    const spec = { context: '/ws', file: '/ws/Dockerfile', buildArgs: [], secrets: [], ssh: [], labels: {}, platforms: [], timestamp: 0, insecure: false } as unknown as BuildSpec
    const argv = buildxBuildArgv({ ...spec, cache: { ...registryCache, readOnly: true } }, undefined, '/t/m.json')
    expect(argv).toContain('--cache-from')
    expect(argv).not.toContain('--cache-to')
    const gha = buildxBuildArgv({ ...spec, cache: { kind: 'gha', scope: 'feature', fallbackScopes: ['main'], readOnly: true } }, undefined, '/t/m.json')
    expect(gha.filter((a) => a.startsWith('type=gha'))).toEqual(['type=gha,scope=feature', 'type=gha,scope=main'])
    const log = '#5 [build 1/2] COPY a /a\n#5 CACHED\n#6 [build 2/2] RUN make\n#6 CACHED\n'
    expect(buildxCacheResult('registry', log, 'not written', true)).toMatchObject({ status: 'hit', cachedSteps: 2, warning: 'not written' })
    expect(buildxCacheResult('registry', log, 'registry down')).toMatchObject({ status: 'unavailable' })
  })
})
