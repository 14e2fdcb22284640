/** Turns the `targets` lines into references: a bare tag means the source repository. */
import { formatReference, isTag, parseReference, type ImageReference } from '../lib/oci/reference.js'

export interface Target {
  /** As the user wrote it. */
  given: string
  reference: ImageReference & { tag: string }
  /** Fully qualified `registry/repository:tag`. */
  name: string
}

export function resolveTargets(source: ImageReference, lines: string[]): { targets: Target[]; problems: { line: string; why: string }[] } {
  const targets: Target[] = []
  const problems: { line: string; why: string }[] = []
  const seen = new Set<string>()
  for (const given of lines) {
    let reference: ImageReference
    if (!/[/:@]/.test(given)) {
      if (!isTag(given)) {
        problems.push({ line: given, why: 'a tag (letters, digits, _ . -; at most 128; not starting with . or -) or a full reference' })
        continue
      }
      reference = { registry: source.registry, repository: source.repository, tag: given }
    } else {
      try {
        reference = parseReference(given)
      } catch (error) {
        problems.push({ line: given, why: `a tag or a full reference 'registry/repository:tag' (${(error as Error).message})` })
        continue
      }
      if (reference.digest !== undefined) {
        problems.push({ line: given, why: 'a reference with a tag and no digest (the digest promoted is the source digest)' })
        continue
      }
      if (reference.tag === undefined) {
        problems.push({ line: given, why: "a reference with a tag, such as 'registry/repository:v1.2.3'" })
        continue
      }
    }
    const target = { registry: reference.registry, repository: reference.repository, tag: reference.tag! }
    const name = formatReference(target)
    if (seen.has(name)) continue
    seen.add(name)
    targets.push({ given, reference: target, name })
  }
  return { targets, problems }
}
