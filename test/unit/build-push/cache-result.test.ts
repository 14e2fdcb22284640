import { describe, expect, it } from '@jest/globals'
import { buildahCacheResult, buildxCacheResult, isBuildahCacheFailure } from '../../../src/build-push/cache-result.js'

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
