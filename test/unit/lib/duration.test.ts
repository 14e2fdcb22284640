import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseDuration } from '../../../src/lib/duration.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1h 30m 10s', 5_410_000],
    ['1.5s', 1500],
    ['45', 45_000],
    ['2d', 172_800_000]
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', 'abc', '5 minutes', '1m1m', '-5s', '5x', 'm'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined())
})

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [4200, '4.2s'],
    [42_000, '42s'],
    [3_723_000, '1h 2m 3s'],
    [120_000, '2m']
  ])('writes %d as %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})
