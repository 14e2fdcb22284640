import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../../src/build-push/summary.js'

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
