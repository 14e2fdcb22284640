import { describe, expect, it } from '@jest/globals'
import { failureReasons, judgeAudit, parseAllowlist, parseAuditOutput, parseSarif } from '../../../../src/quality-gate/audit/index.js'
import { report } from './fixtures.js'

describe('failureReasons', () => {
  it('names the expired entries first, then each blocking finding with where it is', () => {
    const findings = [...parseAuditOutput(report('yarn-classic-audit.ndjson'), 'yarn audit'), ...parseSarif(report('eslint.sarif'), { baseDir: '/' })]
    const { entries } = parseAllowlist(['GHSA-35jh-r3h4-6jhm until 2026-11-01 upstream fix pending'])
    const verdict = judgeAudit(findings, { failOn: 'critical', allowlist: entries, today: '2026-11-22' })
    expect(failureReasons(verdict, 'critical')).toEqual([
      "Allowlist entry 'GHSA-35jh-r3h4-6jhm' (line 1) expired after 2026-11-01 (\"upstream fix pending\"): fix the finding, or renew the entry with a new date and reason, or remove it.",
      "1 finding at or above 'critical' not on the allowlist:",
      '  critical GHSA-xvch-5gv4-984h in minimist 0.0.8, 1.2.0: Prototype Pollution in minimist (yarn audit)'
    ])
    const high = judgeAudit(findings, { failOn: 'high', allowlist: [], today: '2026-11-22' })
    expect(failureReasons(high, 'high')).toContainEqual(
      expect.stringMatching(/^ {2}high no-eval at .*projects\/eslint\/src\/template\.js:6: Disallow the use of `eval\(\)` \(sarif:ESLint\)$/)
    )
  })

  it('is empty when the gate passes', () => {
    expect(failureReasons(judgeAudit([], { failOn: 'low', allowlist: [], today: '2026-11-22' }), 'low')).toEqual([])
  })
})
