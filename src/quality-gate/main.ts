/** quality-gate's orchestrator: read the inputs, run the checks, measure coverage and the audit, judge, report. */
import * as core from '@actions/core'
import { UserError } from '../lib/action/errors.js'
import { runnerInputs } from '../lib/action/inputs.js'
import { readRunContext } from '../lib/github/event.js'
import { recordBaseline } from './baseline.js'
import { judge } from './gates.js'
import { checkInputFiles, readInputs, type QualityGateInputs } from './inputs.js'
import { measureAudit } from './measure-audit.js'
import { measureChecks } from './measure-checks.js'
import { measureCoverage } from './measure-coverage.js'
import { pendingPackageCache, restorePackageCache, savePackageCache } from './package-cache-steps.js'
import { publishReport } from './publish-report.js'
import type { GateReport } from './summary.js'

/** The main step; the entry (index.ts) passes the inputs it has already validated (checkInputFiles included). */
export async function main(validated?: QualityGateInputs): Promise<void> {
  const env = process.env
  const context = readRunContext(env)
  const inputs = validated ?? readInputs(runnerInputs, env)
  if (!validated) await checkInputFiles(inputs)

  const notes = inputs.cache === 'none' ? [] : await core.group('Package cache', () => restorePackageCache(inputs, env))
  // Each check's output is a log group of its own (groups do not nest), so the checks have no group around them.
  const checks = await measureChecks(inputs, context.workspace)
  const coverage = await core.group('Coverage', () => measureCoverage(inputs, context))
  const audit = await core.group('Dependency audit', () => measureAudit(inputs))

  const verdict = judge({ checks, coverage, thresholds: inputs.thresholds, audit })
  if (verdict.gates.length === 0) {
    throw new UserError(`Nothing was judged: no check ran, no coverage minimum is set, and audit '${inputs.audit}' found no lockfile in ${inputs['working-directory']}. Give 'checks', a coverage minimum, or 'audit-reports'.`)
  }

  await core.group('Report', async () => {
    const baselineNote = await recordBaseline(inputs, context, checks, coverage)
    if (baselineNote) notes.push(baselineNote)
    const report: GateReport = { verdict, checks, notes, ...(coverage ? { coverage } : {}), ...(audit ? { audit } : {}) }
    await publishReport(report, inputs, context)
  })
  if (!verdict.passed) {
    throw new UserError(`Quality gate failed: ${verdict.failed.map((g) => `${g.name} (${g.reason})`).join('; ')}`)
  }
  core.info(`Quality gate passed: ${verdict.gates.length} gates`)
}

/** Saves the package cache after the job, when main restored anything but that exact key. */
export async function post(): Promise<void> {
  const pending = pendingPackageCache()
  if (pending) await core.group('Package cache', () => savePackageCache(pending))
}
