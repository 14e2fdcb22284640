import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../../src/lib/action/errors.js'
import { readAuditReport } from '../../../../src/quality-gate/audit/index.js'
import { reportPath } from './fixtures.js'

describe('readAuditReport tells the format by content', () => {
  it.each([
    ['npm-audit.json', 10, 'npm audit'],
    ['npm6-audit.json', 10, 'npm audit'],
    ['pnpm-audit.json', 10, 'pnpm audit'],
    ['yarn-classic-audit.ndjson', 10, 'yarn audit'],
    ['yarn-berry-audit.ndjson', 10, 'yarn audit'],
    ['eslint.sarif', 3, 'sarif:ESLint'],
    ['trivy.sarif', 8, 'sarif:Trivy']
  ])('%s: %d findings from %s', async (file, count, source) => {
    const findings = await readAuditReport(reportPath(file))
    expect(findings).toHaveLength(count)
    expect(new Set(findings.map((f) => f.source))).toEqual(new Set([source]))
  })
})

describe('readAuditReport refuses other files, naming them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-report-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }

  it.each([
    ['other.json', '{"coverage": 93}', /is neither SARIF nor the JSON output of npm, pnpm or yarn audit/],
    ['empty.json', '', /the file is empty/],
    ['notes.txt', 'all good', /not an audit report/],
    ['error.json', '{"error":{"code":"ENOLOCK","summary":"no lockfile"}}', /ENOLOCK: no lockfile/]
  ])('%s', async (name, text, why) => {
    const path = file(name, text)
    const error = await readAuditReport(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toContain(`'${path}'`)
    expect((error as Error).message).toMatch(why)
  })

  it('a missing file', async () => {
    await expect(readAuditReport(join(dir, 'missing.sarif'))).rejects.toThrow(/Cannot read the audit report '.*missing\.sarif': ENOENT/)
  })
})
