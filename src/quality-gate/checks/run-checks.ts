/** Runs the checks in sequence or in parallel, one log group each, with fail-fast and check-timeout. */
import * as core from '@actions/core'
import { runCommand, type CommandResult } from '../../lib/exec/command.js'
import { stepEnvironment } from '../../lib/exec/environment.js'
import { formatDuration } from '../../lib/duration.js'
import type { Check, CheckResult } from './check.js'

export interface RunChecksOptions {
  parallel: boolean
  failFast: boolean
  timeoutMs: number
  cwd: string
}

/**
 * Runs the checks one after another (output streamed live, one log group per check) or all at once (output captured
 * per check and printed as a group when the check ends). With fail-fast, the first failure stops the rest: in
 * sequence the later checks do not start; in parallel the running ones are stopped. A check (often a pull request's
 * code) sees the step's environment without the action's inputs and tokens (stepEnvironment).
 */
export async function runChecks(checks: Check[], options: RunChecksOptions): Promise<CheckResult[]> {
  return options.parallel ? runParallel(checks, options) : runSequential(checks, options)
}

async function runSequential(checks: Check[], options: RunChecksOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const check of checks) {
    if (options.failFast && results.some((r) => r.status !== 'passed')) {
      results.push(notRun(check, 'not-started', 'an earlier check failed and fail-fast is on'))
      continue
    }
    core.startGroup(`${check.name}: ${check.command}`)
    const result = toResult(check, await runCommand(check.argv, { cwd: options.cwd, baseEnv: stepEnvironment(), timeoutMs: options.timeoutMs }), options.timeoutMs)
    core.info(`${statusLine(result)}`)
    core.endGroup()
    results.push(result)
  }
  return results
}

async function runParallel(checks: Check[], options: RunChecksOptions): Promise<CheckResult[]> {
  const stop = new AbortController()
  core.info(`Running ${checks.length} checks in parallel: ${checks.map((c) => c.name).join(', ')}`)
  return Promise.all(
    checks.map(async (check) => {
      const run = await runCommand(check.argv, { cwd: options.cwd, baseEnv: stepEnvironment(), timeoutMs: options.timeoutMs, echo: false, signal: stop.signal })
      const result = run.cancelled
        ? { ...toResult(check, run, options.timeoutMs), status: 'cancelled' as const, reason: 'stopped because another check failed and fail-fast is on' }
        : toResult(check, run, options.timeoutMs)
      core.startGroup(`${check.name}: ${check.command}`)
      process.stdout.write(run.output.endsWith('\n') || run.output === '' ? run.output : `${run.output}\n`)
      core.info(statusLine(result))
      core.endGroup()
      if (options.failFast && result.status !== 'passed' && result.status !== 'cancelled') stop.abort()
      return result
    })
  )
}

function toResult(check: Check, run: CommandResult, timeoutMs: number): CheckResult {
  const base = { name: check.name, command: check.command, durationMs: run.durationMs, output: run.output, exitCode: run.exitCode }
  if (run.startError) return { ...base, status: 'failed', reason: `could not start '${check.argv[0]}': ${run.startError}` }
  if (run.timedOut) return { ...base, status: 'timed-out', reason: `stopped after the check-timeout of ${formatDuration(timeoutMs)}` }
  if (run.exitCode !== 0) return { ...base, status: 'failed', reason: run.signal ? `ended by ${run.signal}` : `exit code ${run.exitCode}` }
  return { ...base, status: 'passed' }
}

function notRun(check: Check, status: 'not-started', reason: string): CheckResult {
  return { name: check.name, command: check.command, status, reason, durationMs: 0, output: '' }
}

function statusLine(result: CheckResult): string {
  const verdict = result.status === 'passed' ? 'passed' : `${result.status} (${result.reason})`
  return `${result.name} ${verdict} in ${formatDuration(result.durationMs)}`
}
