/** What the build cache did, read from the builder's log, for the summary and the metadata output. Pure. */
import type { CacheMode } from './inputs.js'

export interface CacheResult {
  mode: CacheMode
  /** hit: every cacheable step came from the cache; partial: some did; miss: none; off: no cache was used. */
  status: 'hit' | 'partial' | 'miss' | 'off' | 'unavailable'
  /** Steps taken from the cache, and steps that could have been. */
  cachedSteps: number
  cacheableSteps: number
  /** Set when the cache could not be read or written: the build went on without it. */
  warning?: string
}

/** buildah with `--layers`: every step that commits a layer prints either `--> Using cache <id>` or runs afresh. */
export function buildahCacheResult(mode: CacheMode, output: string, warning?: string): CacheResult {
  if (mode === 'none') return { mode, status: 'off', cachedSteps: 0, cacheableSteps: 0 }
  const cached = (output.match(/^--> Using cache /gm) ?? []).length
  const pushed = (output.match(/^--> Pushing cache /gm) ?? []).length
  const committed = cached + pushed
  const status = warning ? 'unavailable' : committed === 0 ? 'miss' : cached === committed ? 'hit' : cached === 0 ? 'miss' : 'partial'
  return { mode, status, cachedSteps: cached, cacheableSteps: committed, ...(warning && { warning }) }
}

/** BuildKit's plain progress marks steps served from the cache with `CACHED`. A read-only cache (the builder cannot
 * export one) still reports what it served; its warning says why it was not written. */
export function buildxCacheResult(mode: CacheMode, output: string, warning?: string, readOnly = false): CacheResult {
  if (mode === 'none') return { mode, status: 'off', cachedSteps: 0, cacheableSteps: 0 }
  const steps = new Set([...output.matchAll(/^#(\d+) \[[^\]]*\] (?:RUN|COPY|ADD)/gm)].map((m) => m[1]))
  const cached = new Set([...output.matchAll(/^#(\d+) CACHED/gm)].map((m) => m[1]).filter((id) => steps.has(id)))
  const exportFailed = /error: failed to (?:export|import|solve).*cache|failed to (?:export|import) cache/i.test(output)
  const warn = warning ?? (exportFailed ? 'the builder could not read or write the cache (ignored)' : undefined)
  const status = warn && !(readOnly && !exportFailed) ? 'unavailable' : steps.size === 0 ? 'miss' : cached.size === steps.size ? 'hit' : cached.size === 0 ? 'miss' : 'partial'
  return { mode, status, cachedSteps: cached.size, cacheableSteps: steps.size, ...(warn && { warning: warn }) }
}

/** The build failed because of the cache (buildah 1.28 fails the build when it cannot push a cache layer). */
export function isBuildahCacheFailure(output: string): boolean {
  return /^Error: .*(?:pushing cache|pulling cache|cache (?:from|to))/im.test(output)
}
