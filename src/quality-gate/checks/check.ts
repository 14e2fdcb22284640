/** A check and its result: what the checks input becomes, and what running it gives. */

/** A check the gate runs: a named command as an argument vector. */
export interface Check {
  name: string
  argv: string[]
  /** The line as the user wrote it, for the log and the summary. */
  command: string
}

export type CheckStatus = 'passed' | 'failed' | 'timed-out' | 'not-started' | 'skipped' | 'cancelled'

export interface CheckResult {
  name: string
  command: string
  status: CheckStatus
  exitCode?: number
  durationMs: number
  /** Why it failed, in a sentence (exit code, timeout, program not found). */
  reason?: string
  output: string
}
