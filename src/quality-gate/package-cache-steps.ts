/**
 * The package-cache steps: restore before the checks (keeping what post needs in the step state), save in post. The
 * cache client (@actions/cache, with the Azure storage SDK) is loaded only by a run that uses the cache.
 */
import * as core from '../lib/action/runner.js'
import type { restoreCache } from '../lib/cache/actions-cache.js'
import type { QualityGateInputs, RunnerEnv } from './inputs.js'
import { planPackageCache, type PackageManager } from './package-cache.js'

const STATE = { key: 'package-cache-key', paths: 'package-cache-paths', hit: 'package-cache-hit' }

/** Restores the cache the inputs ask for; returns the note for the report. */
export async function restorePackageCache(inputs: QualityGateInputs, env: RunnerEnv): Promise<string[]> {
  const plan = await planPackageCache(inputs.cache as PackageManager, inputs['working-directory'], env)
  if ('problem' in plan) {
    core.warning(`Package cache skipped: ${plan.problem}`)
    return [`package cache skipped: ${plan.problem}`]
  }
  const { restoreCache } = await import('../lib/cache/actions-cache.js')
  const outcome = await restoreCache(plan.paths, plan.key, plan.restoreKeys)
  core.saveState(STATE.key, plan.key)
  core.saveState(STATE.paths, JSON.stringify(plan.paths))
  core.saveState(STATE.hit, outcome.status)
  const said = describeRestore(outcome, plan.key)
  core.info(said)
  return [said]
}

/** What main restored and post must save: undefined when there is nothing to save (no cache, or an exact hit). */
export function pendingPackageCache(): { key: string; paths: string[] } | undefined {
  const key = core.getState(STATE.key)
  const paths = core.getState(STATE.paths)
  if (!key || !paths || core.getState(STATE.hit) === 'exact') return undefined
  return { key, paths: JSON.parse(paths) as string[] }
}

/** Saves the package-manager cache after the job (main did not restore that exact key). */
export async function savePackageCache(pending: { key: string; paths: string[] }): Promise<void> {
  const { saveCache } = await import('../lib/cache/actions-cache.js')
  const outcome = await saveCache(pending.paths, pending.key)
  if (outcome.status === 'saved') core.info(`Saved the package cache as ${pending.key}`)
  else core.warning(`The package cache was not saved: ${outcome.reason}`)
}

function describeRestore(outcome: Awaited<ReturnType<typeof restoreCache>>, key: string): string {
  switch (outcome.status) {
    case 'exact':
      return `package cache restored (${key})`
    case 'partial':
      return `package cache partly restored from ${outcome.key}; a new entry is saved after the job`
    case 'miss':
      return `no package cache for ${key} yet; it is saved after the job`
    case 'unavailable':
      return `package cache unavailable: ${outcome.reason}`
  }
}
