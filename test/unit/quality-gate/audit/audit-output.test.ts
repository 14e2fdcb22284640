import { describe, expect, it } from '@jest/globals'
import { parseAuditOutput, readAuditOutput, type Finding } from '../../../../src/quality-gate/audit/index.js'
import { report, reportJson, reportLines } from './fixtures.js'

const bySeverity = (findings: Finding[]) => {
  const counts: Record<string, number> = { info: 0, low: 0, moderate: 0, high: 0, critical: 0 }
  for (const finding of findings) counts[finding.severity]! += 1
  return counts
}
const npmIds = (findings: Finding[]) => findings.map((f) => [f.id, ...f.aliases].find((n) => /^\d+$/.test(n))).sort()

// The same ten npm advisory records (six on lodash 4.17.15, two ranges of two GHSAs on minimist 1.2.0 and 0.0.8),
// as every tool reported them for the same project.
const ADVISORY_IDS = ['1096465', '1096466', '1097677', '1097678', '1106913', '1106920', '1108258', '1112455', '1115806', '1115810']

describe('npm >= 7 (npm 11 output)', () => {
  const findings = parseAuditOutput(report('npm-audit.json'), 'npm audit')

  it('reads one finding per advisory record, keyed by GHSA with the npm id and URL as aliases', () => {
    expect(npmIds(findings)).toEqual(ADVISORY_IDS)
    expect(findings).toContainEqual({
      id: 'GHSA-35jh-r3h4-6jhm',
      aliases: ['1106913', 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm'],
      severity: 'high',
      title: 'Command Injection in lodash',
      package: 'lodash',
      url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm',
      source: 'npm audit'
    })
  })

  it("agrees with npm's own per-package summary; a package vulnerable only through a dependency adds no finding", () => {
    const npm = reportJson('npm-audit.json')
    const rank = ['info', 'low', 'moderate', 'high', 'critical']
    const worst = (name: string) =>
      findings.filter((f) => f.package === name).reduce((max, f) => Math.max(max, rank.indexOf(f.severity)), -1)
    const withAdvisories = Object.values<any>(npm.vulnerabilities).filter((v) => v.via.some((via: unknown) => typeof via === 'object'))
    const throughDependency = Object.values<any>(npm.vulnerabilities).filter((v) => v.via.every((via: unknown) => typeof via === 'string'))
    for (const vulnerable of withAdvisories) expect(rank[worst(vulnerable.name)]).toBe(vulnerable.severity)
    expect(throughDependency.map((v) => v.name)).toEqual(['mkdirp'])
    expect(findings.some((f) => f.package === 'mkdirp')).toBe(false)
    expect(withAdvisories.length + throughDependency.length).toBe(npm.metadata.vulnerabilities.total)
  })

  it('reads a clean report as no findings', () => {
    expect(reportJson('npm-audit-clean.json').metadata.vulnerabilities.total).toBe(0)
    expect(parseAuditOutput(report('npm-audit-clean.json'), 'npm audit')).toEqual([])
  })
})

describe.each([
  ['npm 6', 'npm6-audit.json', 'npm audit'],
  ['pnpm 9', 'pnpm9-audit.json', 'pnpm audit'],
  ['pnpm 12', 'pnpm-audit.json', 'pnpm audit']
])('%s (advisories keyed by id)', (_tool, file, source) => {
  const findings = parseAuditOutput(report(file), source)

  it("counts by severity what the tool's metadata counts", () => {
    const { info, low, moderate, high, critical } = reportJson(file).metadata.vulnerabilities
    expect(bySeverity(findings)).toEqual({ info, low, moderate, high, critical })
    expect(npmIds(findings)).toEqual(ADVISORY_IDS)
  })

  it('keeps the installed version and the CVEs the advisory names', () => {
    const xvchOld = findings.find((f) => f.aliases.includes('1097677'))
    expect(xvchOld).toMatchObject({ id: 'GHSA-xvch-5gv4-984h', package: 'minimist', version: '0.0.8', severity: 'critical', source })
  })
})

it('yarn classic (like npm 6 and pnpm 9) carries the CVEs the registry sends as aliases', () => {
  const yarn = parseAuditOutput(report('yarn-classic-audit.ndjson'), 'yarn audit')
  expect(yarn.find((f) => f.id === 'GHSA-35jh-r3h4-6jhm')?.aliases).toContain('CVE-2021-23337')
})

describe('yarn classic (NDJSON)', () => {
  const findings = parseAuditOutput(report('yarn-classic-audit.ndjson'), 'yarn audit')

  it("counts by severity what yarn's auditSummary line counts", () => {
    const summary = reportLines('yarn-classic-audit.ndjson').find((line) => line.type === 'auditSummary')!
    expect(bySeverity(findings)).toEqual(summary.data.vulnerabilities)
    expect(npmIds(findings)).toEqual(ADVISORY_IDS)
  })
})

describe('yarn berry (`yarn npm audit --json`)', () => {
  const findings = parseAuditOutput(report('yarn-berry-audit.ndjson'), 'yarn audit')

  it('reads one finding per line, with the tree versions', () => {
    expect(findings).toHaveLength(reportLines('yarn-berry-audit.ndjson').length)
    expect(npmIds(findings)).toEqual(ADVISORY_IDS)
    expect(findings.find((f) => f.aliases.includes('1097677'))).toMatchObject({ package: 'minimist', version: '0.0.8' })
  })

  it('reads the empty output of a clean run as no findings', () => {
    expect(readAuditOutput('', 'yarn audit')).toEqual({ format: 'empty', findings: [] })
  })
})

describe('outputs that are not a report', () => {
  it.each([
    ['npm-audit-405.json', /405 Method Not Allowed/],
    ['pnpm9-audit-405.json', /ERR_PNPM_AUDIT_BAD_RESPONSE/],
    ['yarn-classic-audit-405.ndjson', /no `auditSummary`/]
  ])('%s is refused with what the tool said', (file, said) => {
    expect(() => parseAuditOutput(report(file), 'npm audit')).toThrow(said)
  })

  it.each(['npm ERR! code ENOLOCK', '{"foo": 1}', '[1, 2]'])('%j is refused', (text) => {
    expect(() => parseAuditOutput(text, 'npm audit')).toThrow(/Could not read the npm audit output/)
  })
})
