/** Runs the checks the inputs name and annotates the problems their output points at (file and line). */
import * as core from '@actions/core'
import { extractProblems } from './checks/problems.js'
import { runChecks } from './checks/run-checks.js'
import type { CheckResult } from './checks/check.js'
import type { QualityGateInputs } from './inputs.js'

/** GitHub keeps at most 10 error annotations per step: one is left for the gate's failure message. */
const MAX_PROBLEM_ANNOTATIONS = 9

export async function measureChecks(inputs: QualityGateInputs, workspace: string): Promise<CheckResult[]> {
  if (inputs.checks.length === 0) return []
  const checks = await runChecks(inputs.checks, {
    parallel: inputs.parallel,
    failFast: inputs['fail-fast'],
    timeoutMs: inputs['check-timeout'],
    cwd: inputs['working-directory']
  })
  annotateProblems(checks, workspace)
  return checks
}

function annotateProblems(checks: CheckResult[], workspace: string): void {
  let emitted = 0
  for (const check of checks) {
    if (check.status === 'passed' || check.output === '') continue
    for (const problem of extractProblems(check.output, workspace)) {
      if (emitted >= MAX_PROBLEM_ANNOTATIONS) return
      const properties = { title: `${check.name}: ${problem.tool}`, file: problem.file, startLine: problem.line, ...(problem.column ? { startColumn: problem.column } : {}) }
      if (problem.severity === 'error') core.error(problem.message, properties)
      else core.warning(problem.message, properties)
      emitted++
    }
  }
}
