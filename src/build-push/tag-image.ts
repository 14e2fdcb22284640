/** Points every tag of every image repository at the image: blobs copied or mounted across, then manifest PUTs. */
import { formatReference } from '../lib/oci/reference.js'
import type { Image } from './build.js'
import type { BuildPushInputs } from './inputs.js'
import type { BuildPlan } from './plan.js'
import { copyImage, tagManifest, type ClientFor } from './registry.js'
import type { BuildReport } from './summary.js'

export async function tagImage(inputs: BuildPushInputs, plan: BuildPlan, image: Image, clientFor: ClientFor, report: BuildReport): Promise<void> {
  report.digest = image.manifest.digest
  report.size = image.size
  const primary = inputs.images[0]!
  const primaryClient = clientFor(primary.registry)
  for (const target of inputs.images) {
    const client = clientFor(target.registry)
    if (target !== primary) await copyImage(primaryClient, primary, image.manifest, client, target)
    for (const tag of plan.tags.tags) {
      const reference = formatReference({ ...target, tag: tag.name })
      if (report.references.some((r) => r.reference === reference)) continue
      // On a failure (after the client's retries) the run stops: the report lists what was pushed and what not.
      report.failedReference = reference
      report.references.push({ reference, outcome: await tagManifest(client, target.repository, tag.name, image.manifest) })
      delete report.failedReference
    }
  }
  report.pushed = true
}
