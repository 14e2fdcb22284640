/** Runs one action bundle through the test harness (exactly as the runner would) and records it as a stage. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runAction, type RunOptions, type RunResult } from '../local/harness.js'
import type { StageReport, StageResult } from './report.js'

export interface StageLog {
  (line: string): void
}

export const bundleExists = (action: string): boolean => existsSync(path.join(ROOT, 'dist', action, 'index.js'))

/** Turns a run into the stage's result and detail line, from its outputs; `expected` false fails the demo. */
export type Judge = (run: RunResult) => { result: StageResult; detail: string; expected: boolean }

export interface StageRun {
  report: StageReport
  run: RunResult
}

/**
 * `judge` turns the run into a result and a detail line from its outputs; a run the demo did not expect is
 * printed in full (its log and summary) so the failure is visible.
 */
export async function runStage(
  name: string,
  action: string,
  options: RunOptions,
  judge: Judge,
  log: StageLog,
  verbose = false
): Promise<StageRun> {
  log(`▶ ${name}`)
  const started = Date.now()
  // Nothing leaves 127.0.0.1: a stage that tried the GitHub API would fail here rather than reach github.com.
  const run = await runAction(action, { timeoutMs: 300_000, ...options, env: { GITHUB_API_URL: 'http://127.0.0.1:9', ...options.env } })
  const durationMs = Date.now() - started
  const { result, detail, expected } = judge(run)
  if (verbose || !expected) {
    log(withoutMasks(run.stdout + run.stderr))
    if (run.post && run.post.exitCode !== 0) log(withoutMasks(run.post.stdout + run.post.stderr))
  }
  log(`  ${expected ? '✔' : '✘'} ${result} in ${(durationMs / 1000).toFixed(1)} s: ${detail}`)
  if (!expected) throw new StageFailed(name, `${name}: ${result} (${detail}); exit code ${run.exitCode}`, { name, action, result, durationMs, detail, outputs: run.outputs, exitCode: run.exitCode })
  return { report: { name, action, result, durationMs, detail, outputs: run.outputs, exitCode: run.exitCode }, run }
}

export class StageFailed extends Error {
  constructor(
    readonly stage: string,
    message: string,
    readonly report: StageReport
  ) {
    super(message)
  }
}

/** The runner hides `::add-mask::` commands (and would mask their values); so does the demo's log. */
const withoutMasks = (text: string): string => text.replace(/^::add-mask::.*\n?/gm, '')
