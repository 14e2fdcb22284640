/** quality-gate judging real audit reports (npm audit JSON, ESLint SARIF, a Trivy-shaped SARIF) with an allowlist. */
import { describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runAction } from '../../local/harness.js'
import { makeWorkspace } from '../../local/workspace.js'

function workspaceWithReports(): string {
  const ws = makeWorkspace()
  mkdirSync(path.join(ws, 'reports'))
  for (const file of ['npm-audit.json', 'yarn-classic-audit.ndjson', 'eslint.sarif', 'trivy.sarif', 'npm-audit-405.json']) {
    cpSync(path.join(ROOT, 'test/fixtures/audit/reports', file), path.join(ws, 'reports', file))
  }
  return ws
}

const HIGH_AND_CRITICAL = ['GHSA-35jh-r3h4-6jhm', 'GHSA-p6mc-m468-83gw', 'GHSA-r5fr-rjxr-66jc', 'GHSA-xvch-5gv4-984h']

describe('quality-gate dependency audit', () => {
  it('fails on high and critical advisories, counting each advisory once across reports', async () => {
    // yarn classic names CVEs as well as GHSAs, so Trivy's CVE-named results merge with its findings.
    const result = await runAction('quality-gate', { workspace: workspaceWithReports(), inputs: { audit: 'none', 'audit-reports': 'reports/yarn-classic-audit.ndjson\nreports/trivy.sarif' } })
    expect(result.exitCode).toBe(1)
    const counts = JSON.parse(result.outputs.vulnerabilities!)
    expect(counts).toEqual({ low: 0, moderate: 4, high: 3, critical: 1 })
    const message = result.annotations.at(-1)!.message
    expect(message).toMatch(/^Quality gate failed: dependency audit \(4 vulnerabilities at high or above: /)
    for (const id of HIGH_AND_CRITICAL) expect(result.summary).toContain(id)
    expect(result.summary).toMatch(/\| critical \| 1 \| ❌ yes \|/)
    expect(result.summary).toMatch(/\| moderate \| 4 \| no \|/)
  })

  it('passes when every blocking advisory is allowed until a future date, and fails on an expired entry', async () => {
    const future = HIGH_AND_CRITICAL.map((id) => `${id} until 2099-12-31 no fixed version yet`).join('\n')
    const passing = await runAction('quality-gate', { workspace: workspaceWithReports(), inputs: { audit: 'none', 'audit-reports': 'reports/npm-audit.json', 'audit-allowlist': future } })
    expect(passing.exitCode).toBe(0)
    expect(passing.stdout).toMatch(/allowed by the allowlist until 2099-12-31: GHSA-xvch-5gv4-984h \(no fixed version yet\)/)

    const expired = future.replace('GHSA-xvch-5gv4-984h until 2099-12-31', 'GHSA-xvch-5gv4-984h until 2020-01-31')
    const failing = await runAction('quality-gate', { workspace: workspaceWithReports(), inputs: { audit: 'none', 'audit-reports': 'reports/npm-audit.json', 'audit-allowlist': expired } })
    expect(failing.exitCode).toBe(1)
    expect(failing.annotations.at(-1)!.message).toMatch(/allowlist GHSA-xvch-5gv4-984h \(the allowlist entry for GHSA-xvch-5gv4-984h expired on 2020-01-31 \(no fixed version yet\)/)
  })

  it('judges SARIF from ESLint at the chosen severity', async () => {
    const lenient = await runAction('quality-gate', { workspace: workspaceWithReports(), inputs: { audit: 'none', 'audit-reports': 'reports/eslint.sarif', 'fail-on-severity': 'critical' } })
    expect(lenient.exitCode).toBe(0)
    const strict = await runAction('quality-gate', { workspace: workspaceWithReports(), inputs: { audit: 'none', 'audit-reports': 'reports/eslint.sarif', 'fail-on-severity': 'low' } })
    expect(strict.exitCode).toBe(1)
    expect(strict.summary).toMatch(/no-eval/)
  })

  it('fails with the reason when a report is not an audit report', async () => {
    const result = await runAction('quality-gate', { workspace: workspaceWithReports(), inputs: { audit: 'none', 'audit-reports': 'reports/npm-audit-405.json' } })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.at(-1)!.message).toMatch(/npm-audit-405\.json/)
    expect(result.annotations.at(-1)!.message).not.toMatch(/This is a bug/)
  })

  it('runs the real npm audit and fails with its reason when the registry refuses the audit', async () => {
    // What this network's registry really answers to the audit POST: 405 Method Not Allowed.
    const registry = createServer((req, res) => {
      res.writeHead(405, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 'MethodNotAllowedError', message: `${req.method} is not allowed` }))
    })
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
    try {
      const ws = makeWorkspace('audit/projects/npm')
      const result = await runAction('quality-gate', {
        workspace: ws,
        env: { npm_config_registry: `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`, npm_config_cache: path.join(ws, '.npm-cache') },
        inputs: { audit: 'auto' }
      })
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toContain('Running npm audit --json')
      expect(result.annotations.at(-1)!.message).toMatch(/^Quality gate failed: dependency audit \(npm audit --json did not produce a report: .*405/)
    } finally {
      registry.close()
    }
  })
})
