import { describe, expect, it } from '@jest/globals'
import { notPushed, renderSummary } from '../../../src/build-push/summary.js'

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

describe('summary of a run that failed mid-way', () => {
  it('lists every planned reference: those pushed with their result, the others as not pushed, the failed one marked', () => {
    const report = {
      images: ['r.io/a'],
      planned: ['r.io/a:sha-1234567', 'r.io/a:main', 'r.io/a:edge'],
      references: [{ reference: 'r.io/a:sha-1234567', outcome: 'pushed' }],
      failedReference: 'r.io/a:main',
      failure: 'r.io: PUT /v2/a/manifests/main kept failing: HTTP 503',
      version: 'sha-1234567',
      builder: 'buildah',
      builderWhy: 'asked for',
      reused: false,
      pushed: false,
      cache: { mode: 'none' as const, status: 'off' as const, cachedSteps: 0, cacheableSteps: 0 },
      labels: {},
      skippedRules: [],
      warnings: []
    }
    expect(notPushed(report)).toEqual(['r.io/a:main', 'r.io/a:edge'])
    expect(renderSummary(report)).toContain(
      ['| Reference | Result |', '| --- | --- |', '| `r.io/a:sha-1234567` | pushed |', '| `r.io/a:main` | ❌ not pushed (its push failed) |', '| `r.io/a:edge` | ❌ not pushed |'].join('\n')
    )
  })
})

describe('summary of a signed image', () => {
  it('names each signature and gives the cosign command that verifies it', () => {
    const markdown = renderSummary({
      images: ['r.io/a'],
      references: [],
      digest: 'sha256:abc',
      version: 'main',
      builder: 'buildah',
      builderWhy: 'no Docker daemon answers',
      reused: false,
      pushed: true,
      cache: { mode: 'none', status: 'off', cachedSteps: 0, cacheableSteps: 0 },
      labels: {},
      skippedRules: [],
      warnings: [],
      signatures: [{ image: 'r.io/a@sha256:abc', signature: 'sha256:def', outcome: 'signed', fallback: true, verify: 'cosign verify --key cosign.pub --insecure-ignore-tlog r.io/a@sha256:abc' }]
    })
    expect(markdown).toContain('### Signature')
    expect(markdown).toContain('| `r.io/a@sha256:abc` | `sha256:def` (fallback index: the registry has no referrers API) | signed |')
    expect(markdown).toContain('```\ncosign verify --key cosign.pub --insecure-ignore-tlog r.io/a@sha256:abc\n```')
  })
})

describe('summary of a run with provenance', () => {
  it('names each attestation, its mode and source, and the cosign verify-attestation command', () => {
    const markdown = renderSummary({
      images: ['r.io/a'],
      references: [],
      digest: 'sha256:abc',
      version: 'main',
      builder: 'buildah',
      builderWhy: 'no Docker daemon answers',
      reused: false,
      pushed: true,
      cache: { mode: 'none', status: 'off', cachedSteps: 0, cacheableSteps: 0 },
      labels: {},
      skippedRules: [],
      warnings: [],
      attestations: [{ image: 'r.io/a@sha256:abc', mode: 'max', attestation: 'sha256:fed', outcome: 'attested', fallback: false, source: 'https://github.com/acme/web@c0ffee', verify: 'cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type slsaprovenance1 r.io/a@sha256:abc' }]
    })
    expect(markdown).toContain('### Provenance')
    expect(markdown).toContain('| `r.io/a@sha256:abc` | `sha256:fed` (`max`) | `https://github.com/acme/web@c0ffee` | attested |')
    expect(markdown).toContain('```\ncosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type slsaprovenance1 r.io/a@sha256:abc\n```')
  })
})
