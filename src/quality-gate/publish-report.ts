/** Publishes the gate's report: the JSON report file, the step outputs, the job summary and the pull request comment. */
import * as core from '@actions/core'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { RunContext } from '../lib/github/event.js'
import { appendSummary } from '../lib/summary/write.js'
import { commentOnPullRequest } from './pull-request-comment.js'
import type { QualityGateInputs } from './inputs.js'
import { renderReport, type GateReport } from './summary.js'

export async function publishReport(report: GateReport, inputs: QualityGateInputs, context: RunContext): Promise<void> {
  const reportFile = writeReportFile(context, report)
  setOutputs(report, reportFile)
  await appendSummary(renderReport(report))
  await commentOnPullRequest(inputs, context, report)
}

function writeReportFile(context: RunContext, report: GateReport): string {
  const dir = path.join(context.runnerTemp, 'pipeline-actions')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'quality-gate-report.json')
  const data = {
    passed: report.verdict.passed,
    gates: report.verdict.gates,
    checks: report.checks.map(({ output: _output, ...rest }) => rest),
    coverage: report.coverage ?? null,
    audit: report.audit ?? null,
    notes: report.notes,
    commit: context.sha,
    run: { id: context.runId, attempt: context.runAttempt, event: context.eventName }
  }
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`)
  return file
}

function setOutputs(report: GateReport, reportFile: string): void {
  core.setOutput('passed', String(report.verdict.passed))
  core.setOutput('failed-checks', JSON.stringify(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'not-started' && c.status !== 'cancelled').map((c) => c.name)))
  const coverage: Record<string, unknown> = { ...(report.coverage?.totals ?? {}) }
  if (report.coverage?.patch) coverage.patch = report.coverage.patch.metric
  core.setOutput('coverage', JSON.stringify(coverage))
  core.setOutput('vulnerabilities', JSON.stringify(report.audit && !report.audit.error ? report.audit.counts : {}))
  core.setOutput('report-file', reportFile)
}
