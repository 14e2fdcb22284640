/** Which build cache this run uses (registry, gha or none), after a quick probe that the registry cache answers. */
import { errorMessage } from '../lib/action/errors.js'
import type { RunContext } from '../lib/github/event.js'
import type { CachePlan } from './build-spec.js'
import type { BuilderName } from './builders/detect.js'
import type { BuildPushInputs } from './inputs.js'
import { createClients } from './registry.js'
import { branchOf, sanitizeTag } from './tags.js'

export interface BuildCache {
  cache: CachePlan
  /** Why the cache the inputs ask for is not used, for the log and the summary. */
  cacheWarning?: string
}

export async function planBuildCache(inputs: BuildPushInputs, context: RunContext, builder: BuilderName): Promise<BuildCache> {
  if (inputs.cache === 'none') return { cache: { kind: 'none' } }
  if (inputs.cache === 'gha') {
    const name = sanitizeTag(branchOf(context) ?? context.event.pull_request?.head?.ref ?? 'default')
    const fallback = typeof context.event.repository?.default_branch === 'string' ? sanitizeTag(context.event.repository.default_branch) : undefined
    return { cache: { kind: 'gha', scope: name, ...(fallback && fallback !== name && { fallbackScopes: [fallback] }) } }
  }
  if (builder === 'buildah' && inputs.platforms.length > 1) {
    return { cache: { kind: 'none' }, cacheWarning: `buildah builds several platforms without its layer cache (it does not tell platforms apart in cached layers), so the registry cache is not used for ${inputs.platforms.join(', ')}` }
  }
  const repository = inputs.cacheRepository
  // A cache that does not answer quickly is not worth waiting for: the build goes on without it.
  const probe = createClients(inputs, { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 })(repository.registry)
  try {
    await probe.checkAccess(repository.repository, true)
  } catch (error) {
    return { cache: { kind: 'none' }, cacheWarning: `the registry cache ${repository.registry}/${repository.repository} is unavailable (${errorMessage(error)}); building without it` }
  }
  return { cache: { kind: 'registry', repository: `${repository.registry}/${repository.repository}` } }
}
