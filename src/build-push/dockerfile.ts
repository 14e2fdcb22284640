/** What a Dockerfile holds that build-push checks: the registries of its `FROM` images, its stage names. Pure. */
import { parseReference } from '../lib/oci/reference.js'

interface From {
  image: string
  /** The stage name as written (`FROM image AS name`). */
  stage?: string
}

/** The `FROM` instructions in order, line continuations joined (with the `# escape=` directive's character). */
function fromInstructions(dockerfile: string): From[] {
  const escape = /^\s*#\s*escape\s*=\s*(\S)/im.exec(dockerfile.split(/\r?\n/).slice(0, 5).join('\n'))?.[1] ?? '\\'
  // Comment lines (the directives among them) go first, as the builder drops them, even inside a continuation.
  const code = dockerfile.split(/\r?\n/).filter((line) => !/^\s*#/.test(line)).join('\n')
  const text = code.split(`${escape}\n`).join(' ')
  const froms: From[] = []
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*FROM\s+(.*)$/i.exec(line)
    if (!match) continue
    const words = match[1]!.trim().split(/\s+/).filter((w) => !w.startsWith('--'))
    const image = words[0]
    if (!image) continue
    froms.push({ image, ...(words[1]?.toLowerCase() === 'as' && words[2] && { stage: words[2] }) })
  }
  return froms
}

/** The stage names (`FROM ... AS name`), in order, as written; `--target` matches them case-insensitively. */
export function dockerfileStages(dockerfile: string): string[] {
  return fromInstructions(dockerfile).flatMap((from) => (from.stage ? [from.stage] : []))
}

/** Registries named by `FROM` lines, skipping `scratch`, earlier stage names and references built from ARGs. */
export function baseImageRegistries(dockerfile: string): string[] {
  const stages = new Set<string>()
  const registries = new Set<string>()
  for (const { image, stage } of fromInstructions(dockerfile)) {
    if (stage) stages.add(stage.toLowerCase())
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
