/** The Actions cache, where a failure to restore or save is an outcome, never a failed step. */
import * as cache from '@actions/cache'
import { errorMessage } from '../action/errors.js'

export type RestoreOutcome =
  | { status: 'exact' | 'partial'; key: string }
  | { status: 'miss' }
  | { status: 'unavailable'; reason: string }

/**
 * The Actions cache, where a failure is an outcome rather than an exception: a cache can make a job faster, never
 * make it fail.
 */
export async function restoreCache(paths: string[], key: string, restoreKeys: string[] = []): Promise<RestoreOutcome> {
  if (!cache.isFeatureAvailable()) return { status: 'unavailable', reason: 'the Actions cache service is not available to this job' }
  try {
    const hit = await cache.restoreCache(paths, key, restoreKeys)
    if (hit === undefined) return { status: 'miss' }
    return { status: hit === key ? 'exact' : 'partial', key: hit }
  } catch (error) {
    return { status: 'unavailable', reason: `the cache could not be restored: ${errorMessage(error)}` }
  }
}

export type SaveOutcome = { status: 'saved'; key: string } | { status: 'not-saved'; reason: string }

export async function saveCache(paths: string[], key: string): Promise<SaveOutcome> {
  if (!cache.isFeatureAvailable()) return { status: 'not-saved', reason: 'the Actions cache service is not available to this job' }
  try {
    const id = await cache.saveCache(paths, key)
    return id === -1 ? { status: 'not-saved', reason: `the cache service did not accept key ${key}` } : { status: 'saved', key }
  } catch (error) {
    // ReserveCacheError: another job saved the same key first, which is as good as saving it.
    return { status: 'not-saved', reason: errorMessage(error) }
  }
}
