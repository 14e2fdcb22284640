import { describe, expect, it } from '@jest/globals'
import {
  judgeAudit,
  mergeDuplicates,
  parseAllowlist,
  parseAuditOutput,
  parseSarif,
  type AllowEntry,
  type Finding,
  type Severity
} from '../../../../src/quality-gate/audit/index.js'
import { report } from './fixtures.js'

const TODAY = '2026-11-22'
const allow = (...lines: string[]): AllowEntry[] => {
  const { entries, errors } = parseAllowlist(lines)
  expect(errors).toEqual([])
  return entries
}
const judge = (findings: Finding[], failOn: Severity = 'high', allowlist: AllowEntry[] = []) =>
  judgeAudit(findings, { failOn, allowlist, today: TODAY })
const finding = (id: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({
  id,
  aliases: [],
  severity,
  title: id,
  source: 'npm audit',
  package: 'pkg',
  ...extra
})

const npm = parseAuditOutput(report('npm-audit.json'), 'npm audit')
const yarn = parseAuditOutput(report('yarn-classic-audit.ndjson'), 'yarn audit')
const trivy = parseSarif(report('trivy.sarif'))
const eslint = parseSarif(report('eslint.sarif'))

describe('counts and threshold on the real npm report', () => {
  it('counts each advisory once per package (10 records, 8 advisories), all of them, whatever the threshold', () => {
    const verdict = judge(npm, 'critical')
    expect(verdict.counts).toEqual({ low: 0, moderate: 4, high: 3, critical: 1 })
    expect(verdict.blocking.map((f) => f.id)).toEqual(['GHSA-xvch-5gv4-984h'])
    expect(verdict.passed).toBe(false)
  })

  it.each([
    ['critical', 1],
    ['high', 4],
    ['moderate', 8],
    ['low', 8]
  ] as const)('fail-on %s blocks %d findings, most severe first', (failOn, blocking) => {
    const verdict = judge(npm, failOn)
    expect(verdict.blocking).toHaveLength(blocking)
    expect(verdict.blocking[0]!.severity).toBe('critical')
  })

  it('merges the two npm records of one GHSA on minimist (two installed copies) into one finding', () => {
    const xvch = judge(npm).blocking.find((f) => f.id === 'GHSA-xvch-5gv4-984h')!
    expect(xvch.aliases).toEqual(expect.arrayContaining(['1097677', '1097678']))
  })

  it('passes a clean report', () => {
    expect(judge(parseAuditOutput(report('npm-audit-clean.json'), 'npm audit'))).toEqual({
      counts: { low: 0, moderate: 0, high: 0, critical: 0 },
      blocking: [],
      allowed: [],
      expired: [],
      unusedEntries: [],
      passed: true
    })
  })
})

describe('threshold edges', () => {
  it('a finding exactly at the threshold blocks; one step below does not; info never blocks', () => {
    const findings = [finding('A', 'moderate'), finding('B', 'low'), finding('C', 'info')]
    expect(judge(findings, 'moderate').blocking.map((f) => f.id)).toEqual(['A'])
    expect(judge(findings, 'high').passed).toBe(true)
    expect(judge(findings, 'low').blocking.map((f) => f.id)).toEqual(['A', 'B'])
    expect(judge(findings, 'low').counts).toEqual({ low: 1, moderate: 1, high: 0, critical: 0 })
  })
})

describe('allowlist', () => {
  it.each([
    ['its GHSA id, in any case', 'ghsa-XVCH-5gv4-984h'],
    ['an npm advisory id of either record', '1097677'],
    ['the advisory URL', 'https://github.com/advisories/GHSA-xvch-5gv4-984h']
  ])('an entry matches by %s', (_how, id) => {
    const verdict = judge(npm, 'critical', allow(`${id} until 2026-12-31 not reachable`))
    expect(verdict.allowed.map((a) => a.finding.id)).toEqual(['GHSA-xvch-5gv4-984h'])
    expect(verdict.blocking).toEqual([])
    expect(verdict.passed).toBe(true)
    expect(verdict.counts.critical).toBe(1) // still shown
  })

  it('an entry matches by CVE where the report carries CVEs (yarn classic)', () => {
    const verdict = judge(yarn, 'critical', allow('cve-2021-44906 until 2026-12-31 build-time only'))
    expect(verdict.passed).toBe(true)
  })

  it('an entry matches a SARIF rule id', () => {
    const verdict = judge(eslint, 'high', allow('no-eval until 2026-12-31 sandboxed', 'no-new-func until 2026-12-31 sandboxed'))
    expect(verdict.allowed.map((a) => a.finding.id).sort()).toEqual(['no-eval', 'no-new-func'])
    expect(verdict.passed).toBe(true)
  })

  it('allows through its until day', () => {
    const verdict = judge(npm, 'critical', allow(`GHSA-xvch-5gv4-984h until ${TODAY} last day`))
    expect(verdict.passed).toBe(true)
    expect(verdict.expired).toEqual([])
  })

  it('an expired entry allows nothing and fails the gate itself', () => {
    const [entry] = allow('GHSA-xvch-5gv4-984h until 2026-11-21 was waiting for a fix')
    const verdict = judge(npm, 'critical', [entry!])
    expect(verdict.expired).toEqual([entry])
    expect(verdict.allowed).toEqual([])
    expect(verdict.blocking.map((f) => f.id)).toEqual(['GHSA-xvch-5gv4-984h'])
    expect(verdict.passed).toBe(false)
  })

  it('an expired entry fails the gate even when nothing else would', () => {
    const verdict = judge([], 'critical', allow('GHSA-gone until 2025-01-01 old'))
    expect(verdict.blocking).toEqual([])
    expect(verdict.expired.map((e) => e.id)).toEqual(['GHSA-gone'])
    expect(verdict.passed).toBe(false)
  })

  it('lists live entries that matched nothing as unused, without failing', () => {
    const verdict = judge(npm, 'critical', allow('GHSA-xvch-5gv4-984h until 2026-12-31 a', 'GHSA-none until 2026-12-31 b'))
    expect(verdict.unusedEntries.map((e) => e.id)).toEqual(['GHSA-none'])
    expect(verdict.passed).toBe(true)
  })

  it('an entry for a finding below the threshold is used, not unused', () => {
    const verdict = judge(npm, 'critical', allow('GHSA-29mw-wpgm-hmr9 until 2026-12-31 ReDoS on trusted input'))
    expect(verdict.allowed.map((a) => a.finding.id)).toEqual(['GHSA-29mw-wpgm-hmr9'])
    expect(verdict.unusedEntries).toEqual([])
  })
})

describe('the same advisory from several sources', () => {
  it('npm and yarn reports of the same project count each advisory once, with both sources', () => {
    const verdict = judge([...npm, ...yarn], 'low')
    expect(verdict.counts).toEqual({ low: 0, moderate: 4, high: 3, critical: 1 })
    expect(verdict.blocking.every((f) => f.source === 'npm audit, yarn audit')).toBe(true)
  })

  it('Trivy (CVE ids) merges with an audit that carries CVE aliases, and the GHSA becomes the id', () => {
    const merged = mergeDuplicates([...trivy, ...yarn])
    expect(merged).toHaveLength(8)
    const template = merged.find((f) => f.aliases.includes('CVE-2021-23337'))!
    expect(template).toMatchObject({ id: 'GHSA-35jh-r3h4-6jhm', source: 'sarif:Trivy, yarn audit', file: 'package-lock.json', line: 16 })
    const minimist = merged.find((f) => f.id === 'GHSA-xvch-5gv4-984h')!
    expect(minimist.version).toBe('1.2.0, 0.0.8')
  })

  it('keeps the highest severity when the sources disagree', () => {
    const merged = mergeDuplicates([
      finding('GHSA-1', 'moderate', { aliases: ['CVE-1'] }),
      finding('CVE-1', 'critical', { source: 'sarif:Trivy' })
    ])
    expect(merged).toEqual([expect.objectContaining({ id: 'GHSA-1', severity: 'critical', aliases: ['CVE-1'] })])
  })

  it('keeps one advisory on two different packages apart', () => {
    expect(mergeDuplicates([finding('GHSA-1', 'high'), finding('GHSA-1', 'high', { package: 'other' })])).toHaveLength(2)
  })

  it('keeps one rule at two places apart, and merges the same place reported twice', () => {
    const at = (line: number) => finding('no-eval', 'high', { package: undefined, file: 'a.js', line, source: 'sarif:ESLint' })
    expect(mergeDuplicates([at(1), at(2)])).toHaveLength(2)
    expect(mergeDuplicates([at(1), at(1)])).toHaveLength(1)
  })
})
