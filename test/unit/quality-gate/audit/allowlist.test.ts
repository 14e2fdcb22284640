import { describe, expect, it } from '@jest/globals'
import { isExpired, parseAllowlist } from '../../../../src/quality-gate/audit/index.js'

describe('parseAllowlist', () => {
  it('reads entries, skipping blank lines and comments, keeping each line number', () => {
    const { entries, errors } = parseAllowlist([
      '# accepted advisories',
      '',
      'GHSA-xvch-5gv4-984h until 2026-12-31 only reachable from the build script',
      '  CVE-2021-23337   UNTIL 2027-01-15   lodash template is never given user input  ',
      'https://github.com/advisories/GHSA-35jh-r3h4-6jhm until 2026-11-30 tracked in #42'
    ])
    expect(errors).toEqual([])
    expect(entries).toEqual([
      { id: 'GHSA-xvch-5gv4-984h', until: '2026-12-31', reason: 'only reachable from the build script', line: 3 },
      { id: 'CVE-2021-23337', until: '2027-01-15', reason: 'lodash template is never given user input', line: 4 },
      { id: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', until: '2026-11-30', reason: 'tracked in #42', line: 5 }
    ])
  })

  it.each([
    ['GHSA-1 until 2026-13-01 no such month', /'2026-13-01' is not a date/],
    ['GHSA-1 until 2026-02-30 no such day', /'2026-02-30' is not a date/],
    ['GHSA-1 until 31-12-2026 wrong order', /'31-12-2026' is not a date/],
    ['GHSA-1 until tomorrow soon', /'tomorrow' is not a date/],
    ['GHSA-1 until 2026-12-31', /'GHSA-1' has no reason/],
    ['GHSA-1 until 2026-12-31    ', /'GHSA-1' has no reason/],
    ['GHSA-1 2026-12-31 forgot the keyword', /is not `<advisory id> until <YYYY-MM-DD> <reason>`/],
    ['GHSA-1', /is not `<advisory id> until/],
    ['GHSA-1 until', /is not `<advisory id> until/],
    ['just some words here', /is not `<advisory id> until/]
  ])('refuses %j', (line, message) => {
    const { entries, errors } = parseAllowlist(['GHSA-ok until 2026-12-31 fine', line])
    expect(entries.map((e) => e.id)).toEqual(['GHSA-ok'])
    expect(errors).toHaveLength(1)
    expect(errors[0]!.line).toBe(2)
    expect(errors[0]!.text).toMatch(message)
  })

  it('reports every bad line at once', () => {
    expect(parseAllowlist(['a', 'b until 2026-01-01', 'c until x y']).errors.map((e) => e.line)).toEqual([1, 2, 3])
  })

  it('accepts 29 February only in a leap year', () => {
    expect(parseAllowlist(['A until 2028-02-29 leap']).errors).toEqual([])
    expect(parseAllowlist(['A until 2027-02-29 not leap']).errors).toHaveLength(1)
  })
})

describe('isExpired', () => {
  const entry = { id: 'X', until: '2026-11-22', reason: 'r', line: 1 }
  it('allows through the until day and expires the day after', () => {
    expect(isExpired(entry, '2026-11-21')).toBe(false)
    expect(isExpired(entry, '2026-11-22')).toBe(false)
    expect(isExpired(entry, '2026-11-23')).toBe(true)
    expect(isExpired(entry, '2027-01-01')).toBe(true)
  })
})
