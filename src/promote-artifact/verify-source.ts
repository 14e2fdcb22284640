/**
 * The verify phase: resolves the source, checks it is the tested digest (`expected-digest`), and loads everything
 * the digest references. Reads only.
 */
import * as core from '../lib/action/runner.js'
import { UserError } from '../lib/action/errors.js'
import type { Manifest } from '../lib/oci/client.js'
import { formatReference } from '../lib/oci/reference.js'
import { loadTree, type ManifestTree } from '../lib/oci/tree.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'

export interface VerifiedSource {
  manifest: Manifest
  tree: ManifestTree
  /** verify: signature, the signatures that verified (and those that did not). */
  signature?: { verified: { where: string; format: string }[]; rejected: { where: string; why?: string }[] }
  /** verify: sbom, the SBOM attestations that verified with the key. */
  sbom?: { verified: { where: string; format: 'spdx' | 'cyclonedx' }[] }
  /** verify: provenance, the attestations that verified and named the expected source. */
  provenance?: { verified: { where: string; repository: string; commit?: string }[]; expected: { repository: string; commit?: string } }
}

export class DigestMismatchError extends UserError {
  override name = 'DigestMismatchError'
}

export async function verifySource(inputs: PromoteArtifactInputs, clients: Clients): Promise<VerifiedSource> {
  const { source } = inputs
  const sourceName = formatReference(source)
  const manifest = await clients.source.getManifest(source.repository, source.digest ?? source.tag ?? 'latest')
  if (!manifest) throw new UserError(`The source ${sourceName} does not exist on ${source.registry}; nothing was written.`)
  core.info(`source ${sourceName} is ${manifest.digest} (${manifest.mediaType})`)
  if (inputs.expectedDigest !== undefined && manifest.digest !== inputs.expectedDigest) {
    throw new DigestMismatchError(
      `The source ${sourceName} resolves to ${manifest.digest}, not to the tested expected-digest ${inputs.expectedDigest}: the tag moved after the tests ran. Nothing was written; promote ${source.registry}/${source.repository}@${inputs.expectedDigest} to ship what was tested.`
    )
  }
  if (inputs.expectedDigest === undefined && source.digest === undefined) {
    core.warning(`No expected-digest: promoting whatever ${sourceName} points at now (${manifest.digest}). Pass build-push's digest output to be sure it is the tested image.`)
  }
  return { manifest, tree: await loadTree(clients.source, source.repository, manifest) }
}
