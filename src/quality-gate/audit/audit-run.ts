/** Whether an audit command's run left a usable report, whatever its exit code. */
import { readAuditOutput } from './audit-output.js'

/**
 * Why an audit command's result cannot be used, or undefined when it can. The exit code alone never decides: npm,
 * pnpm and yarn berry exit 1 when they find vulnerabilities, yarn classic exits with a severity bit mask, and all
 * of them also exit non-zero when the registry cannot be reached. What decides is whether stdout holds a report.
 */
export function auditFailureReason(exitCode: number, stdout: string): string | undefined {
  const read = readAuditOutput(stdout, 'audit')
  if ('problem' in read) return `${read.problem} (exit code ${exitCode})`
  // An empty stdout is what a clean `yarn npm audit --json` prints, with exit code 0; anything else crashed.
  if (read.format === 'empty' && exitCode !== 0) return `the command printed nothing and exited with ${exitCode}`
  return undefined
}

export function auditRunFailed(exitCode: number, stdout: string): boolean {
  return auditFailureReason(exitCode, stdout) !== undefined
}
