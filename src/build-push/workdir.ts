/** The run's own directory under RUNNER_TEMP (builder storage, auth file), removed by the post step. */
import * as core from '../lib/action/runner.js'
import { mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'

const STATE = 'workdir'

export function createWorkdir(runnerTemp: string): string {
  const dir = mkdtempSync(path.join(runnerTemp, 'build-push-'))
  core.saveState(STATE, dir)
  return dir
}

export async function removeWorkdir(): Promise<void> {
  const dir = core.getState(STATE)
  if (!dir) return
  rmSync(dir, { recursive: true, force: true })
  core.info(`removed ${dir} (builder storage and credentials)`)
}
