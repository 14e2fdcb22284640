/**
 * syft, which build-push runs for `sbom`, as `.ci/install-components` builds it (pinned, through the Go module
 * proxy): the directory to put on a bundle's PATH, as anchore/sbom-action/download-syft puts it on a runner's.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

export const SYFT_DIR = path.join(process.env.PIPELINE_ACTIONS_CACHE ?? '/var/cache/pipeline-actions', 'bin')

/** Whether syft is built; under CI its absence fails the test instead of skipping it. */
export function haveSyft(): boolean {
  if (existsSync(path.join(SYFT_DIR, 'syft'))) return true
  if (process.env.CI === 'true') throw new Error(`missing test component: syft at ${SYFT_DIR}/syft (bash .ci/install-components builds it)`)
  return false
}
