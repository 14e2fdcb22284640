/** Measures the dependency audit: the package manager's audit or the given reports, judged against the allowlist. */
import * as core from '@actions/core'
import path from 'node:path'
import { runCommand } from '../lib/exec/command.js'
import { stepEnvironment } from '../lib/exec/environment.js'
import { matchFiles } from '../lib/files/match.js'
import { auditCommand, auditFailureReason, detectPackageManager, detectYarnBerry, judgeAudit, parseAllowlist, parseAuditOutput, readAuditReport, type Finding } from './audit/index.js'
import type { AuditMeasurement } from './gates.js'
import type { QualityGateInputs } from './inputs.js'

/** Runs the package manager's audit (or reads the given reports) and judges the findings against the allowlist. */
export async function measureAudit(inputs: QualityGateInputs, today: string = new Date().toISOString().slice(0, 10)): Promise<AuditMeasurement | undefined> {
  if (inputs.audit === 'none' && inputs['audit-reports'].length === 0) return undefined
  const cwd = inputs['working-directory']
  const findings: Finding[] = []
  const base = { ran: true, failOn: inputs['fail-on-severity'], counts: { low: 0, moderate: 0, high: 0, critical: 0 }, blocking: [], expired: [] }

  if (inputs.audit !== 'none') {
    const manager = inputs.audit === 'auto' ? detectPackageManager(cwd) : inputs.audit
    if (!manager) {
      core.info(`audit: auto found no package-lock.json, yarn.lock or pnpm-lock.yaml in ${cwd}; no package audit`)
      if (inputs['audit-reports'].length === 0) return undefined
    } else {
      const yarnBerry = manager === 'yarn' && detectYarnBerry(cwd)
      const argv = auditCommand(manager, yarnBerry)
      core.info(`Running ${argv.join(' ')}`)
      const run = await runCommand(argv, { cwd, baseEnv: stepEnvironment(), echo: false, timeoutMs: 5 * 60_000 })
      const failure = run.startError ? `could not start ${argv[0]}: ${run.startError}` : auditFailureReason(run.exitCode, run.stdout)
      if (failure) {
        return { ...base, error: `${argv.join(' ')} did not produce a report: ${failure}${run.stderr.trim() ? ` (${run.stderr.trim().split('\n').slice(-2).join(' ')})` : ''}` }
      }
      findings.push(...parseAuditOutput(run.stdout, `${manager} audit`))
    }
  }

  if (inputs['audit-reports'].length > 0) {
    const files = await matchFiles(inputs['audit-reports'], cwd, { input: 'audit-reports', roots: inputs.roots })
    if (files.length === 0) return { ...base, error: `no audit report matched ${inputs['audit-reports'].map((p) => `'${p}'`).join(', ')}` }
    for (const file of files) {
      const read = await readAuditReport(file)
      core.info(`Read ${path.relative(cwd, file)}: ${read.length} findings`)
      findings.push(...read)
    }
  }

  const { entries } = parseAllowlist(inputs['audit-allowlist'])
  const verdict = judgeAudit(findings, { failOn: inputs['fail-on-severity'], allowlist: entries, today })
  for (const { finding, entry } of verdict.allowed) core.info(`allowed by the allowlist until ${entry.until}: ${finding.id} (${entry.reason})`)
  for (const entry of verdict.unusedEntries) core.notice(`audit-allowlist entry ${entry.id} matched no finding: it can be removed`)
  return {
    ran: true,
    failOn: inputs['fail-on-severity'],
    counts: verdict.counts,
    blocking: verdict.blocking.map((f) => ({ id: f.id, severity: f.severity, title: f.title, ...(f.package ? { package: f.package } : {}) })),
    expired: verdict.expired.map((e) => ({ id: e.id, until: e.until, reason: e.reason }))
  }
}
