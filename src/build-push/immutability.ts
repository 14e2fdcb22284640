/**
 * Immutable tags: a full semver version, once pushed, names one image forever. Checked twice: before the build
 * (a tag held by an image of another commit fails at once) and before tagging (the digest must match). Pure.
 */

export interface ExistingTag {
  /** The full reference, `registry/repository:tag`. */
  tag: string
  digest: string
  revision: string | undefined
}

export interface Conflict {
  tag: string
  digest: string
  why: string
}

/** Before the build: a protected tag that exists for another commit can never be satisfied by this run. */
export function preflightConflicts(existing: ExistingTag[], commit: string, reusedDigest: string | undefined): Conflict[] {
  return existing.flatMap((e) => {
    if (reusedDigest !== undefined) {
      return e.digest === reusedDigest ? [] : [{ tag: e.tag, digest: e.digest, why: `it already points at ${e.digest}, not at the image of this commit (${reusedDigest})` }]
    }
    if (e.revision === commit) return []
    return [{ tag: e.tag, digest: e.digest, why: `it already points at ${e.digest}, built from ${e.revision ? `commit ${e.revision.slice(0, 12)}` : 'an unknown commit'}` }]
  })
}

/** After the build: the protected tags that exist at another digest than the one just pushed. */
export function digestConflicts(existing: ExistingTag[], digest: string): Conflict[] {
  return existing.filter((e) => e.digest !== digest).map((e) => ({ tag: e.tag, digest: e.digest, why: `it already points at ${e.digest}; this build produced ${digest}` }))
}

export function conflictMessage(conflicts: Conflict[]): string {
  const lines = conflicts.map((c) => `- ${c.tag}: ${c.why}`)
  return [
    `Refusing to move ${conflicts.length === 1 ? 'a protected version tag' : `${conflicts.length} protected version tags`} (input 'immutable-tags' is true):`,
    ...lines,
    'Release a new version instead, or set immutable-tags: false to allow moving it.'
  ].join('\n')
}
