/**
 * Pure decisions: what each target needs, given where its tag points now. A tag already at the digest is left alone;
 * a tag at another digest moves only when `allow-overwrite` matches it; anything else stops the whole promotion
 * before a single write.
 */
import picomatch from 'picomatch'
import type { Target } from './targets.js'

/** How the digest reaches a target: a manifest PUT (same repository), blob mounts (same registry), or a copy. */
export type Transfer = 'tag' | 'mount' | 'copy'

export type TargetAction = 'unchanged' | 'create' | 'move' | 'refused'

export interface TargetPlan {
  target: Target
  action: TargetAction
  transfer: Transfer
  /** The digest the tag pointed at before, when it existed. */
  previous?: string
}

export interface Plan {
  digest: string
  targets: TargetPlan[]
  refused: TargetPlan[]
  /** Targets to write (create or move). */
  writes: TargetPlan[]
}

export function transferFor(source: { registry: string; repository: string }, target: { registry: string; repository: string }): Transfer {
  if (source.registry !== target.registry) return 'copy'
  return source.repository === target.repository ? 'tag' : 'mount'
}

export function tagMayMove(tag: string, allowOverwrite: string[]): boolean {
  return allowOverwrite.some((pattern) => picomatch.isMatch(tag, pattern, { dot: true }))
}

const CLOSER: Record<string, string> = { '[': ']', '{': '}', '(': ')' }

/**
 * Why an allow-overwrite entry can match no tag, if it cannot: a character no tag has outside the glob syntax
 * (`* ? [...] {a,b} !(...)`), or a bracket, brace or parenthesis left open or closing nothing.
 */
export function tagPatternProblem(pattern: string): string | undefined {
  const foreign = [...pattern].find((c) => !/[A-Za-z0-9_.*?[\]{}(),!^|+@-]/.test(c))
  if (foreign !== undefined) return `'${foreign}' is neither in a tag nor glob syntax`
  const open: string[] = []
  for (const c of pattern) {
    if (CLOSER[c] !== undefined) open.push(c)
    else if (Object.values(CLOSER).includes(c) && (open.length === 0 || CLOSER[open.pop()!] !== c)) return `'${c}' closes nothing`
  }
  if (open.length > 0) return `'${open.at(-1)}' is never closed`
  return undefined
}

export function planPromotion(
  source: { registry: string; repository: string },
  digest: string,
  targets: { target: Target; current: string | undefined }[],
  allowOverwrite: string[]
): Plan {
  const planned = targets.map(({ target, current }): TargetPlan => {
    const transfer = transferFor(source, target.reference)
    const previous = current === undefined ? {} : { previous: current }
    if (current === undefined) return { target, action: 'create', transfer }
    if (current === digest) return { target, action: 'unchanged', transfer, ...previous }
    const action = tagMayMove(target.reference.tag, allowOverwrite) ? 'move' : 'refused'
    return { target, action, transfer, ...previous }
  })
  return {
    digest,
    targets: planned,
    refused: planned.filter((p) => p.action === 'refused'),
    writes: planned.filter((p) => p.action === 'create' || p.action === 'move')
  }
}

/** Why the promotion stops when a target tag holds another digest and may not move. */
export function refusalMessage(plan: Plan): string {
  const lines = plan.refused.map((t) => `- ${t.target.name} is at ${t.previous}`)
  return [
    `Refusing to move ${plan.refused.length === 1 ? 'a tag that holds' : `${plan.refused.length} tags that hold`} another digest (release tags are immutable); nothing was written:`,
    ...lines,
    `Add the tag or a pattern to allow-overwrite (e.g. 'stable', 'prod-*') for tags that may move.`
  ].join('\n')
}

/**
 * Why a promotion stopped part-way, and where each target it meant to write stands. Distribution has no way to
 * delete a tag, so the tags written before the failure stay: they point at the verified digest, and are named here
 * as in the summary, with those that were not promoted.
 */
export function stoppedMessage(plan: Plan, reason: string, written: readonly string[]): string {
  const notPromoted = plan.writes.map((t) => t.target.name).filter((name) => !written.includes(name))
  return [
    reason,
    written.length > 0 ? `Written before the failure, at ${plan.digest}: ${written.join(', ')}.` : 'No target tag was written.',
    notPromoted.length > 0 ? `Not promoted: ${notPromoted.join(', ')}.` : undefined
  ]
    .filter((line) => line !== undefined)
    .join('\n')
}
