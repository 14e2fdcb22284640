/**
 * The promotion procedure. `prepare` only reads: it resolves the source, checks it against the tested digest,
 * loads everything the digest references, authenticates to every target and reads where each target tag points.
 * `execute` writes content first (children, blobs, referrers), then the tags, then reads every tag back.
 */
import * as core from '@actions/core'
import { errorMessage, UserError } from '../lib/action/errors.js'
import type { Manifest } from '../lib/oci/client.js'
import { mapLimit } from '../lib/oci/parallel.js'
import { formatReference } from '../lib/oci/reference.js'
import { pullScope } from '../lib/oci/transport.js'
import { copyTree, loadTree, type ManifestTree } from '../lib/oci/tree.js'
import type { Clients } from './clients.js'
import type { PromoteConfig } from './inputs.js'
import { planPromotion, type Plan, type TargetPlan } from './plan.js'
import { attachedOf, copyReferrers, discoverReferrers, type SourceReferrers } from './referrers.js'
import { describeAttached, missingReferrers } from './required-referrers.js'

export interface Prepared {
  manifest: Manifest
  tree: ManifestTree
  plan: Plan
  referrers?: SourceReferrers
  /** require-referrers, met: what was required and what is attached. */
  required?: { required: string[]; attached: string[] }
}

export class DigestMismatchError extends UserError {
  override name = 'DigestMismatchError'
}

export async function prepare(config: PromoteConfig, clients: Clients): Promise<Prepared> {
  const { source } = config
  const sourceName = formatReference(source)
  const reference = source.digest ?? source.tag ?? 'latest'
  const manifest = await clients.source.getManifest(source.repository, reference)
  if (!manifest) throw new UserError(`The source ${sourceName} does not exist on ${source.registry}; nothing was written.`)
  core.info(`source ${sourceName} is ${manifest.digest} (${manifest.mediaType})`)
  if (config.expectedDigest !== undefined && manifest.digest !== config.expectedDigest) {
    throw new DigestMismatchError(
      `The source ${sourceName} resolves to ${manifest.digest}, not to the tested expected-digest ${config.expectedDigest}: the tag moved after the tests ran. Nothing was written; promote ${source.registry}/${source.repository}@${config.expectedDigest} to ship what was tested.`
    )
  }
  if (config.expectedDigest === undefined && source.digest === undefined) {
    core.warning(`No expected-digest: promoting whatever ${sourceName} points at now (${manifest.digest}). Pass build-push's digest output to be sure it is the tested image.`)
  }
  const tree = await loadTree(clients.source, source.repository, manifest)

  const states = await mapLimit(config.targets, 4, async (target) => {
    const { registry, repository, tag } = target.reference
    const client = clients.target(registry)
    const mountScope = registry === source.registry && repository !== source.repository ? [pullScope(source.repository)] : []
    await client.checkAccess(repository, true, mountScope)
    const current = await client.headManifest(repository, tag)
    return { target, current: current?.digest }
  })
  const plan = planPromotion(source, manifest.digest, states, config.allowOverwrite)
  const needsReferrers = (config.copyReferrers && plan.targets.some((t) => t.transfer !== 'tag' && t.action !== 'refused')) || config.requireReferrers.length > 0
  const referrers = needsReferrers ? await discoverReferrers(clients.source, source.repository, manifest.digest) : undefined
  if (referrers && config.requireReferrers.length > 0) {
    const attached = attachedOf(referrers)
    const missing = missingReferrers(config.requireReferrers, attached)
    const found = describeAttached(attached)
    if (missing.length > 0) {
      throw new UserError(
        `${sourceName} (${manifest.digest}) lacks what require-referrers asks for: ${missing.join(', ')}. Attached: ${found.length > 0 ? found.join('; ') : 'nothing'}. Nothing was written; attach them (e.g. cosign sign, cosign attest, actions/attest-build-provenance) before promoting.`
      )
    }
    core.info(`require-referrers met (${config.requireReferrers.join(', ')}): ${found.join('; ')}`)
  }
  const required = referrers && config.requireReferrers.length > 0 ? { required: config.requireReferrers, attached: describeAttached(attachedOf(referrers)) } : undefined
  return { manifest, tree, plan, ...(referrers && config.copyReferrers && { referrers }), ...(required && { required }) }
}

export function refusalMessage(plan: Plan): string {
  const lines = plan.refused.map((t) => `- ${t.target.name} is at ${t.previous}`)
  return [
    `Refusing to move ${plan.refused.length === 1 ? 'a tag that holds' : `${plan.refused.length} tags that hold`} another digest (release tags are immutable); nothing was written:`,
    ...lines,
    `Add the tag or a pattern to allow-overwrite (e.g. 'stable', 'prod-*') for tags that may move.`
  ].join('\n')
}

export interface Executed {
  promoted: string[]
  warnings: string[]
}

/** `written` collects each tag as it is written, so a failure part-way can report what was. */
export async function execute(prepared: Prepared, config: PromoteConfig, clients: Clients, written: string[] = []): Promise<Executed> {
  const { plan, tree, manifest, referrers } = prepared
  const { source } = config
  const warnings: string[] = []
  // Content goes to every other repository first: a target repository then never shows a tag whose content is missing.
  const contentRepos = new Map<string, { registry: string; repository: string }>()
  for (const t of plan.targets) {
    if (t.transfer === 'tag' || t.action === 'refused') continue
    if (t.action === 'unchanged' && !referrers) continue
    contentRepos.set(`${t.target.reference.registry}/${t.target.reference.repository}`, t.target.reference)
  }
  for (const [name, { registry, repository }] of contentRepos) {
    const target = clients.target(registry)
    core.info(`copying ${manifest.digest} into ${name}`)
    await copyTree(tree, clients.source, source.repository, target, repository)
    if (referrers) warnings.push(...(await copyReferrers(referrers, manifest.digest, clients.source, source.repository, target, repository)))
  }
  // New tags first, moves last: a failure part-way then leaves moved tags few, and those are put back.
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
  await verify(plan, clients)
  return { promoted: [...written], warnings }
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

async function verify(plan: Plan, clients: Clients): Promise<void> {
  const wrong: string[] = []
  await mapLimit(plan.targets, 4, async (t) => {
    const { registry, repository, tag } = t.target.reference
    const current = await clients.target(registry).headManifest(repository, tag)
    if (current?.digest !== plan.digest) wrong.push(`${t.target.name} reads back as ${current?.digest ?? 'missing'}`)
  })
  if (wrong.length > 0) throw new UserError(`Read-back verification failed, expected ${plan.digest}:\n${wrong.map((w) => `- ${w}`).join('\n')}`)
}
