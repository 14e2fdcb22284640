import { expect, test } from '@jest/globals'
import { describeServices, PUBLIC_SIGNING_CONFIG, signingServices } from '../../../../src/lib/signing/signing-config.js'

const MEDIA = 'application/vnd.dev.sigstore.signingconfig.v0.2+json'
const ca = (url: string, start?: string, end?: string) => ({ url, majorApiVersion: 1, ...(start && { validFor: { start, ...(end && { end }) } }) })

test('the public instance is Fulcio and Rekor v1, as @sigstore/sign defaults', () => {
  expect(signingServices(PUBLIC_SIGNING_CONFIG)).toEqual({ ca: 'https://fulcio.sigstore.dev', tlog: { url: 'https://rekor.sigstore.dev', version: 1 } })
  expect(describeServices({ ca: 'https://f', tlog: { url: 'https://r', version: 2 }, tsa: 'https://t' })).toBe('Fulcio https://f, Rekor v2 https://r, timestamp authority https://t')
})

test('the newest service still valid of each kind is the one named, as @sigstore/sign picks it', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  const config = {
    mediaType: MEDIA,
    caUrls: [ca('https://old', '2024-01-01T00:00:00Z'), ca('https://new', '2026-01-01T00:00:00Z'), ca('https://retired', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')],
    rekorTlogUrls: [{ url: 'https://v1', majorApiVersion: 1, validFor: { start: '2021-01-01T00:00:00Z' } }, { url: 'https://v2', majorApiVersion: 2, validFor: { start: '2025-01-01T00:00:00Z' } }, { url: 'https://v3', majorApiVersion: 3, validFor: { start: '2026-01-01T00:00:00Z' } }],
    rekorTlogConfig: { selector: 'ANY' }
  }
  expect(signingServices(config, now)).toEqual({ ca: 'https://new', tlog: { url: 'https://v2', version: 2 } })
})

test('a config that cannot sign is refused with the reason', () => {
  expect(signingServices('x')).toBe('it is no JSON object')
  expect(signingServices({ mediaType: 'x' })).toMatch(/its mediaType is "x"/)
  expect(signingServices({ mediaType: MEDIA, caUrls: [] })).toMatch(/names no Fulcio/)
  expect(signingServices({ mediaType: MEDIA, caUrls: [ca('https://f')] })).toMatch(/neither a Rekor log nor a timestamp authority/)
  expect(signingServices({ mediaType: MEDIA, caUrls: [ca('https://f')], rekorTlogUrls: [{ url: 'https://r', majorApiVersion: 1 }], rekorTlogConfig: { selector: 'EXACT', count: 2 } })).toMatch(/selector is "EXACT"; ANY is supported/)
  expect(signingServices({ mediaType: MEDIA, caUrls: [ca('https://f')], rekorTlogConfig: { selector: 'ANY' } })).toMatch(/names no Rekor/)
  expect(signingServices({ mediaType: MEDIA, caUrls: [ca('https://f')], tsaUrls: [{ url: 'https://t', majorApiVersion: 1 }], tsaConfig: { selector: 'ANY' } })).toEqual({ ca: 'https://f', tsa: 'https://t' })
})
