/**
 * The kubeconfig file the main step writes for input content (0600 under RUNNER_TEMP) and the post step removes. Kept
 * apart from config.ts so the post step removes it without loading the Kubernetes client.
 */
import { existsSync, rmSync } from 'node:fs'
import * as core from '../action/runner.js'

/** State key under which the main step leaves the written file for the post step. */
export const KUBECONFIG_FILE_STATE = 'kubeconfig-file'

/** Removes the file written for input content (the post step calls it with the saved state). */
export function removeKubeconfigFile(file: string | undefined = core.getState(KUBECONFIG_FILE_STATE)): boolean {
  if (!file || !existsSync(file)) return false
  rmSync(file, { force: true })
  return true
}
