/** What a Dockerfile pulls: the registries of its `FROM` images (to know which need plain http). Pure. */
import { parseReference } from '../lib/oci/reference.js'

/** Registries named by `FROM` lines, skipping `scratch`, earlier stage names and references built from ARGs. */
export function baseImageRegistries(dockerfile: string): string[] {
  const stages = new Set<string>()
  const registries = new Set<string>()
  // Line continuations join into one instruction.
  const text = dockerfile.replace(/\\\r?\n/g, ' ')
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*FROM\s+(.*)$/i.exec(line)
    if (!match) continue
    const words = match[1]!.trim().split(/\s+/).filter((w) => !w.startsWith('--'))
    const image = words[0]
    if (!image) continue
    if (words[1]?.toLowerCase() === 'as' && words[2]) stages.add(words[2].toLowerCase())
    if (image === 'scratch' || stages.has(image.toLowerCase()) || image.includes('$')) continue
    try {
      registries.add(parseReference(image.toLowerCase()).registry)
    } catch {
      // The builder reports a bad base image better than we could.
    }
  }
  return [...registries]
}
