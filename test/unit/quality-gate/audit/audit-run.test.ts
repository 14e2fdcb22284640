import { describe, expect, it } from '@jest/globals'
import { auditFailureReason, auditRunFailed } from '../../../../src/quality-gate/audit/index.js'
import { report } from './fixtures.js'

describe('auditRunFailed: a report is usable whatever the exit code', () => {
  it.each([
    ['npm-audit.json', 1],
    ['npm-audit-clean.json', 0],
    ['pnpm-audit.json', 1],
    ['yarn-classic-audit.ndjson', 28], // yarn classic: a bit mask of the severities found
    ['yarn-berry-audit.ndjson', 1]
  ])('%s with exit code %d is usable', (file, exitCode) => {
    expect(auditRunFailed(exitCode, report(file))).toBe(false)
  })

  it('a clean yarn berry run prints nothing and exits 0', () => {
    expect(auditRunFailed(0, '')).toBe(false)
  })
})

describe('auditRunFailed: no report', () => {
  it.each([
    ['npm-audit-405.json', /405 Method Not Allowed - POST https:\/\/registry.npmjs.org/],
    ['pnpm9-audit-405.json', /ERR_PNPM_AUDIT_BAD_RESPONSE/],
    ['yarn-classic-audit-405.ndjson', /no `auditSummary`/]
  ])('%s (what the tool printed when the registry refused the audit) failed', (file, reason) => {
    expect(auditRunFailed(1, report(file))).toBe(true)
    expect(auditFailureReason(1, report(file))).toMatch(reason)
  })

  it('nothing printed with a non-zero exit (pnpm 12 and yarn berry on a network error) failed', () => {
    expect(auditFailureReason(1, '  \n')).toBe('the command printed nothing and exited with 1')
  })

  it('text that is not JSON failed, with the exit code in the reason', () => {
    expect(auditFailureReason(254, 'npm ERR! code ENOLOCK')).toMatch(/not an audit report.*exit code 254/)
  })
})
