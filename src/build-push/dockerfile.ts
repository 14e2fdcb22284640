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

/**
 * The Dockerfile with every label in one final `LABEL` instruction, or undefined when that is not safe (a
 * `--target` stage, or an `# escape=` directive). buildah turns each `--label` flag into a step of its own, and with
 * `--layers` each step is committed and pushed to the cache: one instruction is one step.
 */
export function withLabelInstruction(dockerfile: string, labels: [string, string][], target: string | undefined): string | undefined {
  if (target !== undefined || labels.length === 0 || /^\s*#\s*escape\s*=/im.test(dockerfile.split(/\r?\n/).slice(0, 5).join('\n'))) return undefined
  const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/\r?\n/g, ' ')}"`
  const instruction = `LABEL ${labels.map(([key, value]) => `${quote(key)}=${quote(value)}`).join(' ')}`
  return `${dockerfile.replace(/\s*$/, '')}\n${instruction}\n`
}
