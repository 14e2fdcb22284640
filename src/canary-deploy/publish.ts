/** The report phase: the step outputs, the JSON report file and the job summary, all from the run's report. */
import { writeFileSync } from 'node:fs'
import * as core from '@actions/core'
import { appendSummary } from '../lib/summary/write.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { Report } from './report.js'
import { renderSummary } from './summary.js'

export async function publish(report: Report, inputs: CanaryDeployInputs): Promise<void> {
  core.setOutput('result', report.result)
  core.setOutput('weight', String(report.weight))
  core.setOutput('effective-weight', String(report.effectiveWeight ?? report.weight))
  core.setOutput('aborted-reason', report.abortedReason ?? '')
  core.setOutput('analysis', JSON.stringify(report.measurements))
  writeFileSync(inputs.reportFile, JSON.stringify(report, null, 2))
  core.setOutput('report-file', inputs.reportFile)
  await appendSummary(renderSummary(report))
}
