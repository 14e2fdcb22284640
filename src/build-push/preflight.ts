/**
 * The registry reads before a build: is this commit's image already there (reuse-existing), which protected version
 * tags exist (immutable-tags), and which tag the builder pushes to.
 */
import * as core from '@actions/core'
import { UserError } from '../lib/action/errors.js'
import { logText } from '../lib/action/log-text.js'
import type { RegistryClient } from '../lib/oci/client.js'
import { formatReference, type ImageReference } from '../lib/oci/reference.js'
import { conflictMessage, preflightConflicts, type ExistingTag } from './immutability.js'
import type { BuildPushInputs } from './inputs.js'
import type { BuildPlan } from './plan.js'
import { readStoredImage, type ClientFor, type StoredImage } from './registry.js'
import type { Tag } from './tags.js'

export interface Preflight {
  /** The image of this commit already in the registry, reused instead of a build (reuse-existing). */
  reused?: StoredImage
  /** The protected version tags that exist already (immutable-tags). */
  existingProtected: ExistingTag[]
}

/** Before a push: the reads go out together, and a protected tag this run would move fails the run before the build. */
export async function registryPreflight(inputs: BuildPushInputs, clientFor: ClientFor, plan: BuildPlan): Promise<Preflight> {
  const primary = inputs.images[0]!
  const [reused, existingProtected] = await Promise.all([
    inputs.reuseExisting ? findReusable(clientFor(primary.registry), primary, plan.tags.tags, plan.commit, inputs.platforms) : undefined,
    inputs.immutableTags ? readProtected(inputs, clientFor, plan.tags.tags) : []
  ])
  const conflicts = preflightConflicts(existingProtected, plan.commit, reused?.manifest.digest)
  if (conflicts.length > 0) throw new UserError(conflictMessage(conflicts))
  return { ...(reused && { reused }), existingProtected }
}

/** The image of this commit, when its commit tag exists and carries this commit as its revision label. */
export async function findReusable(client: RegistryClient, image: ImageReference, tags: Tag[], commit: string, platforms: string[]): Promise<StoredImage | undefined> {
  const commitTag = tags.find((t) => t.commitTag)
  if (!commitTag) {
    core.info("reuse-existing: no 'sha' or 'sha-long' tag rule, so there is no commit tag to look for; building")
    return undefined
  }
  const stored = await readStoredImage(client, image.repository, commitTag.name)
  if (!stored) return undefined
  const wanted = [...platforms].sort().join(',')
  if (stored.revision === commit && (wanted === '' || wanted === [...stored.platforms].sort().join(','))) return stored
  if (stored.revision === commit) {
    core.info(`${formatReference({ ...image, tag: commitTag.name })} holds this commit for ${stored.platforms.join(', ')}, not for ${platforms.join(', ')}; building`)
    return undefined
  }
  logText(`${formatReference({ ...image, tag: commitTag.name })} exists but was built from ${stored.revision ?? 'an unknown commit'}, not ${commit}; building`)
  return undefined
}

export async function readProtected(config: BuildPushInputs, clientFor: ClientFor, tags: Tag[]): Promise<ExistingTag[]> {
  const found: ExistingTag[] = []
  for (const image of config.images) {
    for (const tag of tags.filter((t) => t.protected)) {
      const stored = await readStoredImage(clientFor(image.registry), image.repository, tag.name)
      if (stored) found.push({ tag: formatReference({ ...image, tag: tag.name }), digest: stored.manifest.digest, revision: stored.revision })
    }
  }
  return found
}

/** The builder pushes one tag; a protected one only when it does not exist yet (the digest is unknown before). */
export function choosePushTag(tags: Tag[], existingProtected: ExistingTag[]): Tag {
  const tag = tags.find((t) => t.commitTag) ?? tags.find((t) => !t.protected) ?? tags.find((t) => !existingProtected.some((e) => e.tag.endsWith(`:${t.name}`)))
  if (!tag) throw new UserError("Every tag of this run is a protected version that already exists: add a 'sha' rule to input 'tags' so the build has a tag to push to.")
  return tag
}
