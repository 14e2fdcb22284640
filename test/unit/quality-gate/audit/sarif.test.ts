import { dirname } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parseSarif } from '../../../../src/quality-gate/audit/index.js'
import { report, reportJson } from './fixtures.js'

/** A SARIF log with one run of `tool`, its rules and results given inline. */
const sarif = (rules: object[], results: object[], tool = 'Scanner') =>
  JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: tool, rules } }, results }] })

describe('ESLint SARIF (real, @microsoft/eslint-formatter-sarif)', () => {
  const findings = parseSarif(report('eslint.sarif'))

  it('reads every result with its rule, file and line; levels map error->high, warning->moderate', () => {
    const results = reportJson('eslint.sarif').runs[0].results as { level: string }[]
    expect(findings).toHaveLength(results.length)
    expect(findings.map((f) => [f.id, f.severity, f.line])).toEqual([
      ['no-unused-vars', 'moderate', 3],
      ['no-new-func', 'high', 4],
      ['no-eval', 'high', 6]
    ])
    expect(findings[2]).toMatchObject({
      title: 'Disallow the use of `eval()`',
      url: 'https://eslint.org/docs/latest/rules/no-eval',
      source: 'sarif:ESLint'
    })
    expect(findings[2]!.file).toMatch(/projects\/eslint\/src\/template\.js$/)
  })

  it('reports file:// paths relative to a base directory', () => {
    const absolute = findings[0]!.file!
    const base = dirname(dirname(absolute))
    expect(parseSarif(report('eslint.sarif'), { baseDir: base })[0]!.file).toBe('src/template.js')
    expect(parseSarif(report('eslint.sarif'), { baseDir: '/elsewhere' })[0]!.file).toBe(absolute)
  })
})

describe('Trivy SARIF (hand-written after Trivy 0.58 output)', () => {
  const findings = parseSarif(report('trivy.sarif'))

  it('takes severity from security-severity, package and version from the message, location from the lockfile', () => {
    expect(findings).toHaveLength(8)
    expect(findings.find((f) => f.id === 'CVE-2021-44906' && f.version === '0.0.8')).toEqual({
      id: 'CVE-2021-44906',
      aliases: ['https://avd.aquasec.com/nvd/cve-2021-44906'],
      severity: 'critical',
      title: 'minimist: prototype pollution',
      package: 'minimist',
      version: '0.0.8',
      url: 'https://avd.aquasec.com/nvd/cve-2021-44906',
      source: 'sarif:Trivy',
      file: 'package-lock.json',
      line: 37
    })
    const severities = Object.fromEntries(findings.map((f) => [f.id, f.severity]))
    expect(severities).toEqual({
      'CVE-2021-23337': 'high', // 7.2
      'CVE-2020-8203': 'high', // 7.4
      'CVE-2020-28500': 'moderate', // 5.3
      'GHSA-r5fr-rjxr-66jc': 'high', // 8.1
      'CVE-2021-44906': 'critical', // 9.8
      'CVE-2020-7598': 'moderate' // 5.6
    })
  })
})

describe('severity', () => {
  it.each([
    ['10.0', 'critical'],
    ['9.0', 'critical'],
    ['8.9', 'high'],
    ['7.0', 'high'],
    ['6.9', 'moderate'],
    ['4.0', 'moderate'],
    ['3.9', 'low'],
    ['0.1', 'low'],
    ['0.0', 'info'],
    [9.8, 'critical']
  ])('security-severity %j is %s', (score, severity) => {
    const [finding] = parseSarif(sarif([{ id: 'R', properties: { 'security-severity': score } }], [{ ruleId: 'R', level: 'note' }]))
    expect(finding!.severity).toBe(severity)
  })

  it("a result's own security-severity wins over its rule's", () => {
    const log = sarif(
      [{ id: 'R', properties: { 'security-severity': '9.5' } }],
      [{ ruleId: 'R', properties: { 'security-severity': '3.1' } }]
    )
    expect(parseSarif(log)[0]!.severity).toBe('low')
  })

  it.each([
    ['error', 'high'],
    ['warning', 'moderate'],
    ['note', 'low'],
    ['none', 'info']
  ])('without a score, level %s is %s', (level, severity) => {
    expect(parseSarif(sarif([{ id: 'R' }], [{ ruleId: 'R', level }]))[0]!.severity).toBe(severity)
  })

  it("falls back to the rule's default level, then to SARIF's default `warning`", () => {
    const log = sarif([{ id: 'A', defaultConfiguration: { level: 'error' } }, { id: 'B' }], [{ ruleId: 'A' }, { ruleId: 'B' }])
    expect(parseSarif(log).map((f) => f.severity)).toEqual(['high', 'moderate'])
  })
})

describe('results that are not open failures', () => {
  it('skips passes, not-applicable results and accepted suppressions; keeps rejected suppressions', () => {
    const log = sarif(
      [{ id: 'R' }],
      [
        { ruleId: 'R', kind: 'pass', message: { text: 'pass' } },
        { ruleId: 'R', kind: 'notApplicable', message: { text: 'n/a' } },
        { ruleId: 'R', suppressions: [{ kind: 'inSource' }], message: { text: 'suppressed' } },
        { ruleId: 'R', suppressions: [{ kind: 'external', status: 'rejected' }], message: { text: 'rejected' } },
        { ruleId: 'R', message: { text: 'plain' } }
      ]
    )
    expect(parseSarif(log).map((f) => f.title)).toEqual(['rejected', 'plain'])
  })
})

describe('rule lookup and runs', () => {
  it('finds the rule by index or id, names each run by its tool, and uses the message when a rule has no description', () => {
    const log = JSON.stringify({
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 'One', rules: [{ id: 'X', shortDescription: { text: 'Rule X' } }] } }, results: [{ ruleIndex: 0 }] },
        { tool: { driver: { name: 'Two' } }, results: [{ ruleId: 'Y', message: { text: 'first line\nsecond' } }] }
      ]
    })
    expect(parseSarif(log).map((f) => [f.source, f.id, f.title])).toEqual([
      ['sarif:One', 'X', 'Rule X'],
      ['sarif:Two', 'Y', 'first line']
    ])
  })

  it('refuses a file that is not SARIF', () => {
    expect(() => parseSarif('{"runs": 1}')).toThrow(/no `runs` array/)
    expect(() => parseSarif('not json')).toThrow(/Not a SARIF file/)
  })
})
