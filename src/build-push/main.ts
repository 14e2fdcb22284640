/**
 * build-push's orchestrator: inputs -> plan (builder, tags, labels) -> registry preflight (reuse check, immutability)
 * -> build and push the first reference, reading the digest back -> every other tag by manifest PUT -> the digest
 * signed (sign: key) and its provenance attested (provenance: min|max) -> outputs and summary (on a failure too: what was pushed and what not); post removes the run's
 * directory.
 */
import * as core from '@actions/core'
import { errorMessage } from '../lib/action/errors.js'
import { runnerInputs } from '../lib/action/inputs.js'
import { readRunContext } from '../lib/github/event.js'
import { attestPushed } from './attest.js'
import { attestSbom } from './sbom.js'
import { writeRunCredentials } from './auth-file.js'
import { planBuildCache } from './build-cache.js'
import { buildImage, reuseImage } from './build.js'
import { credentialBuildArgWarning } from './build-secrets.js'
import { readInputs, type BuildPushInputs } from './inputs.js'
import { mergeImage } from './merge.js'
import { planBuild } from './plan.js'
import { registryPreflight, type Preflight } from './preflight.js'
import { createClients } from './registry.js'
import { publishFailure, publishReport, startReport, warn } from './report.js'
import { signPushed } from './signing.js'
import { tagImage } from './tag-image.js'
import { createWorkdir, removeWorkdir } from './workdir.js'

/** The main step; the entry (index.ts) passes the inputs it has already validated. */
export async function main(inputs: BuildPushInputs = readInputs(runnerInputs, process.env)): Promise<void> {
  const startedOn = new Date()
  const env = process.env
  const context = readRunContext(env)
  const clientFor = createClients(inputs)

  const plan = await core.group('Plan', () => planBuild(inputs, context, clientFor))
  const report = startReport(inputs, plan)
  const argWarning = credentialBuildArgWarning(inputs.buildArgs.map((arg) => arg.name))
  if (argWarning) warn(report, argWarning)
  try {
    const workdir = createWorkdir(context.runnerTemp)
    const credentialsDir = writeRunCredentials(inputs, workdir, env)
    const merging = inputs.mergeDigests.length > 0
    // Registry reads that do not depend on each other go out together; the cache probe is only awaited if a build runs.
    const cache = merging ? undefined : planBuildCache(inputs, context, plan.builder.name)
    // push-by-digest pushes no tag: nothing to reuse by its commit tag, no protected tag to move.
    const preflight: Preflight = inputs.push && !inputs.pushByDigest ? await core.group('Registry preflight', () => registryPreflight(inputs, clientFor, plan)) : { existingProtected: [] }
    // The builders put their own output in log groups (groups do not nest), so the build has no group around it.
    const image = preflight.reused
      ? reuseImage(inputs, plan, preflight.reused, report)
      : cache === undefined
        ? await core.group('Merge', () => mergeImage(inputs, plan, preflight.existingProtected, clientFor, report))
        : await buildImage(inputs, plan, { workdir, credentialsDir, cache, existingProtected: preflight.existingProtected }, clientFor, report)
    if (image && !inputs.pushByDigest) await core.group('Tags', () => tagImage(inputs, plan, image, clientFor, report))
    if (image && inputs.push && inputs.signing.mode !== 'none') report.signatures = await core.group('Sign', () => signPushed(inputs.signing, inputs.images, image.manifest, clientFor, inputs.insecureRegistries))
    if (image && inputs.push && inputs.provenance.mode !== 'none') {
      const build = { builder: plan.builder.name, file: inputs.file, context: inputs.context, ...(inputs.target !== undefined && { target: inputs.target }), platforms: inputs.platforms, buildArgNames: inputs.buildArgs.map((a) => a.name), reused: preflight.reused !== undefined }
      report.attestations = await core.group('Provenance', () => attestPushed(inputs.provenance, inputs.signing, inputs.images, image.manifest, build, startedOn, clientFor, inputs.insecureRegistries))
    }
    if (image && inputs.push && inputs.sbom !== 'none') {
      report.sboms = await core.group('SBOM', () => attestSbom(inputs.sbom, inputs.signing, inputs.images, image.manifest, clientFor, inputs.insecureRegistries, credentialsDir, workdir))
    }
    await core.group('Outputs', () => publishReport(report, inputs, plan))
  } catch (error) {
    await publishFailure(report, errorMessage(error), inputs, plan)
    throw error
  }
}

/** Removes the run's builder storage and auth file. */
export async function post(): Promise<void> {
  await removeWorkdir()
}
