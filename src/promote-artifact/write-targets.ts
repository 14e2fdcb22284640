/**
 * The write phase: nothing for a refused plan or a dry run; otherwise the content first (children, blobs,
 * referrers) into every other repository, then with `sign: key` the digest signed in every target repository, then
 * the tags (new ones first, moves last; moves put back if a later write fails), then every tag read back. A failure part-way is returned with the tags written (each at the digest: a tag
 * cannot be deleted, so they stay), for the report to name.
 */
import * as core from '../lib/action/runner.js'
import { errorMessage, UserError } from '../lib/action/errors.js'
import { mapLimit } from '../lib/oci/parallel.js'
import { copyTree, createCopyScope } from '../lib/oci/tree.js'
import type { SignatureRecord } from '../lib/signing/sign-in-repositories.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import type { Promotion } from './plan-targets.js'
import { refusalMessage, type Plan, type TargetPlan } from './plan.js'
import { copyReferrers } from './referrers.js'

export type WriteOutcome =
  | { kind: 'refused'; message: string }
  | { kind: 'dry-run' }
  | { kind: 'written'; promoted: string[]; warnings: string[]; signatures: SignatureRecord[] }
  | { kind: 'stopped'; error: unknown; written: string[] }

export async function writeTargets(promotion: Promotion, inputs: PromoteArtifactInputs, clients: Clients): Promise<WriteOutcome> {
  if (promotion.plan.refused.length > 0) return { kind: 'refused', message: refusalMessage(promotion.plan) }
  if (inputs.dryRun) return { kind: 'dry-run' }
  const written: string[] = []
  try {
    const warnings = await copyContent(promotion, inputs, clients)
    // Signed before any tag moves: a tag never names a digest that lacks the signature a policy may require.
    const signatures = await signTargets(promotion, inputs, clients)
    await writeTags(promotion, clients, written)
    await readBack(promotion.plan, clients)
    return { kind: 'written', promoted: [...written], warnings, signatures }
  } catch (error) {
    // A tag that reads back as another digest is not counted as promoted: every name in `written` is at the digest.
    const elsewhere = error instanceof ReadBackError ? error.targets : []
    return { kind: 'stopped', error, written: written.filter((name) => !elsewhere.includes(name)) }
  }
}

/** Content goes to every other repository first: a target repository then never shows a tag whose content is missing. */
async function copyContent({ plan, tree, manifest, referrers }: Promotion, inputs: PromoteArtifactInputs, clients: Clients): Promise<string[]> {
  const warnings: string[] = []
  const contentRepos = new Map<string, { registry: string; repository: string }>()
  for (const t of plan.targets) {
    if (t.transfer === 'tag' || t.action === 'refused') continue
    if (t.action === 'unchanged' && !referrers) continue
    contentRepos.set(`${t.target.reference.registry}/${t.target.reference.repository}`, t.target.reference)
  }
  for (const [name, { registry, repository }] of contentRepos) {
    const target = clients.target(registry)
    core.info(`copying ${manifest.digest} into ${name}`)
    // Without referrers or a signature (whose subject it is) the top manifest is written once, under its tags, in writeTags.
    const scope = createCopyScope(clients.source.registry === target.registry)
    await copyTree(tree, clients.source, inputs.source.repository, target, repository, { skipTopManifest: !referrers && inputs.signing.mode === 'none', scope })
    if (referrers) warnings.push(...(await copyReferrers(referrers, manifest.digest, clients.source, inputs.source.repository, target, repository, scope)))
  }
  return warnings
}

/** `sign`: the digest signed in every target repository (already there by digest); with a key, unless signed by it already. */
async function signTargets({ plan, manifest }: Promotion, inputs: PromoteArtifactInputs, clients: Clients): Promise<SignatureRecord[]> {
  if (inputs.signing.mode === 'none') return []
  const repositories = new Map<string, { registry: string; repository: string }>()
  for (const t of plan.targets) if (t.action !== 'refused') repositories.set(`${t.target.reference.registry}/${t.target.reference.repository}`, t.target.reference)
  const targets = [...repositories.values()].map(({ registry, repository }) => ({ registry, repository, client: clients.target(registry) }))
  const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }
  const { signInRepositories } = await import('../lib/signing/sign-in-repositories.js')
  return signInRepositories(inputs.signing, targets, subject, inputs.insecureRegistries, (line) => core.info(line))
}

/** New tags first, moves last: a failure part-way then leaves moved tags few, and those are put back. */
async function writeTags({ plan, manifest }: Promotion, clients: Clients, written: string[]): Promise<void> {
  const ordered = [...plan.writes.filter((t) => t.action === 'create'), ...plan.writes.filter((t) => t.action === 'move')]
  const moved: TargetPlan[] = []
  for (const t of ordered) {
    const { registry, repository, tag } = t.target.reference
    try {
      await clients.target(registry).putManifest(repository, tag, manifest)
    } catch (error) {
      const restored = await restoreMoved(moved, clients)
      for (const name of restored.done) written.splice(written.indexOf(name), 1)
      throw new UserError([errorMessage(error), ...restored.notes].join('\n'))
    }
    written.push(t.target.name)
    if (t.action === 'move') moved.push(t)
    core.info(`${t.action === 'move' ? 'moved' : 'tagged'} ${t.target.name} -> ${manifest.digest}`)
  }
}

/** Puts tags this run moved back on their previous digest (the undo of a move). */
async function restoreMoved(moved: TargetPlan[], clients: Clients): Promise<{ done: string[]; notes: string[] }> {
  const done: string[] = []
  const notes: string[] = []
  for (const t of moved) {
    const { registry, repository, tag } = t.target.reference
    try {
      const client = clients.target(registry)
      const previous = await client.getManifest(repository, t.previous!)
      if (!previous) throw new Error(`${t.previous} is gone`)
      await client.putManifest(repository, tag, previous)
      done.push(t.target.name)
      notes.push(`Restored ${t.target.name} to its previous digest ${t.previous}.`)
    } catch (error) {
      notes.push(`Could not restore ${t.target.name} to ${t.previous}: ${errorMessage(error)}`)
    }
  }
  return { done, notes }
}

/** Target tags that read back as something other than the digest (another writer moved them meanwhile). */
class ReadBackError extends UserError {
  constructor(
    readonly targets: string[],
    lines: string[],
    digest: string
  ) {
    super(`Read-back verification failed, expected ${digest}:\n${lines.map((w) => `- ${w}`).join('\n')}`)
  }
}

/** Every target tag, read back from its registry, must name the digest. */
async function readBack(plan: Plan, clients: Clients): Promise<void> {
  const wrong: { name: string; line: string }[] = []
  await mapLimit(plan.targets, 4, async (t) => {
    const { registry, repository, tag } = t.target.reference
    const current = await clients.target(registry).headManifest(repository, tag)
    if (current?.digest !== plan.digest) wrong.push({ name: t.target.name, line: `${t.target.name} reads back as ${current?.digest ?? 'missing'}` })
  })
  if (wrong.length > 0) throw new ReadBackError(wrong.map((w) => w.name), wrong.map((w) => w.line), plan.digest)
}
