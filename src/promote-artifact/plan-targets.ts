/**
 * The plan phase: authenticates to every target, reads where each target tag points, plans what each needs, and
 * reads the digest's referrers when they are to be copied or required (failing when a required one is missing).
 * Reads only.
 */
import * as core from '../lib/action/runner.js'
import { UserError } from '../lib/action/errors.js'
import { logText } from '../lib/action/log-text.js'
import { mapLimit } from '../lib/oci/parallel.js'
import { formatReference } from '../lib/oci/reference.js'
import { pullScope } from '../lib/oci/transport.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import { planPromotion, type Plan } from './plan.js'
import { attachedOf, discoverReferrers, type SourceReferrers } from './referrers.js'
import { describeAttached, missingReferrers } from './required-referrers.js'
import type { VerifiedSource } from './verify-source.js'

/** Everything read before the first write. */
export interface Promotion extends VerifiedSource {
  plan: Plan
  /** The referrers to copy (copy-referrers). */
  referrers?: SourceReferrers
  /** require-referrers, met: what was required and what is attached. */
  required?: { required: string[]; attached: string[] }
}

export async function planTargets(inputs: PromoteArtifactInputs, clients: Clients, verified: VerifiedSource): Promise<Promotion> {
  const { source } = inputs
  const { manifest } = verified
  const states = await mapLimit(inputs.targets, 4, async (target) => {
    const { registry, repository, tag } = target.reference
    const client = clients.target(registry)
    const mountScope = registry === source.registry && repository !== source.repository ? [pullScope(source.repository)] : []
    await client.checkAccess(repository, true, mountScope)
    const current = await client.headManifest(repository, tag)
    return { target, current: current?.digest }
  })
  const plan = planPromotion(source, manifest.digest, states, inputs.allowOverwrite)
  const needsReferrers = (inputs.copyReferrers && plan.targets.some((t) => t.transfer !== 'tag' && t.action !== 'refused')) || inputs.requireReferrers.length > 0
  const referrers = needsReferrers ? await discoverReferrers(clients.source, source.repository, manifest.digest) : undefined
  const required = referrers && inputs.requireReferrers.length > 0 ? checkRequired(inputs, manifest.digest, referrers) : undefined
  for (const t of plan.targets) core.info(`${t.target.name}: ${t.action}${t.action === 'create' || t.action === 'move' ? ` (${t.transfer})` : ''}`)
  return { ...verified, plan, ...(referrers && inputs.copyReferrers && { referrers }), ...(required && { required }) }
}

/** require-referrers: what is attached when all is there; a UserError naming what is missing otherwise. */
function checkRequired(inputs: PromoteArtifactInputs, digest: string, referrers: SourceReferrers): { required: string[]; attached: string[] } {
  const found = attachedOf(referrers)
  const attached = describeAttached(found)
  const missing = missingReferrers(inputs.requireReferrers, found)
  if (missing.length > 0) {
    throw new UserError(
      `${formatReference(inputs.source)} (${digest}) lacks what require-referrers asks for: ${missing.join(', ')}. Attached: ${attached.length > 0 ? attached.join('; ') : 'nothing'}. Nothing was written; attach them (e.g. cosign sign, cosign attest, actions/attest-build-provenance) before promoting.`
    )
  }
  logText(`require-referrers met (${inputs.requireReferrers.join(', ')}): ${attached.join('; ')}`)
  return { required: inputs.requireReferrers, attached }
}
