/** Produces the image: reuses this commit's image, or builds and pushes it with the chosen builder and reads back what the push left. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { UserError } from '../lib/action/errors.js'
import type { Manifest } from '../lib/oci/client.js'
import { pushLayout, readLayoutManifest } from '../lib/oci/layout.js'
import { formatReference, isLoopback } from '../lib/oci/reference.js'
import type { BuildCache } from './build-cache.js'
import { planSecretMounts, type SecretMount } from './build-secrets.js'
import type { BuildSpec, CachePlan } from './build-spec.js'
import { buildahBuild } from './builders/buildah.js'
import { buildxBuild } from './builders/buildx.js'
import { fitToDriver } from './builders/buildx-driver.js'
import type { CacheResult } from './cache-result.js'
import { baseImageRegistries } from './dockerfile.js'
import { conflictMessage, digestConflicts, type ExistingTag } from './immutability.js'
import type { BuildPushInputs } from './inputs.js'
import type { BuildPlan } from './plan.js'
import { choosePushTag } from './preflight.js'
import { readStoredImage, type ClientFor, type StoredImage } from './registry.js'
import { warn } from './report.js'
import type { BuildReport } from './summary.js'

/** The image every tag will point at. */
export interface Image {
  manifest: Manifest
  size: number
}

/** What the build needs besides the plan: the run's directory, the auth file's, the cache decision (being probed). */
export interface BuildSetup {
  workdir: string
  credentialsDir: string | undefined
  cache: Promise<BuildCache>
  existingProtected: ExistingTag[]
}

export function reuseImage(inputs: BuildPushInputs, plan: BuildPlan, reused: StoredImage, report: BuildReport): Image {
  core.info(`reusing ${formatReference(inputs.images[0]!)}@${reused.manifest.digest}: it was built from ${plan.commit}; no build runs`)
  report.reused = true
  // What the registry holds is the first build's image: its labels, not the ones this run would have set.
  report.labels = reused.labels
  return { manifest: reused.manifest, size: reused.size }
}

/** Builds; with push, one tag is pushed (by buildx, or buildah's export through the OCI client) and the image is what the registry holds there. */
export async function buildImage(inputs: BuildPushInputs, plan: BuildPlan, setup: BuildSetup, clientFor: ClientFor, report: BuildReport): Promise<Image | undefined> {
  const primary = inputs.images[0]!
  const pushTag = inputs.push && !inputs.pushByDigest ? choosePushTag(plan.tags.tags, setup.existingProtected) : undefined
  const destination = inputs.pushByDigest ? formatReference(primary) : pushTag && formatReference({ ...primary, tag: pushTag.name })
  const planned = await setup.cache
  const fitted = fitToDriver(plan.buildxBuilder, planned.cache, inputs.platforms)
  const cacheWarning = [planned.cacheWarning, fitted.warning].filter(Boolean).join(' ') || undefined
  if (cacheWarning) warn(report, cacheWarning)
  // Secret values reach buildx through its environment, buildah through files 0600 that live only as long as the build.
  const secrets = planSecretMounts(inputs.secrets, plan.builder.name === 'buildah' ? 'file' : 'env', path.join(setup.workdir, 'secrets'))
  const spec = buildSpec(inputs, plan, fitted.cache, setup.credentialsDir, secrets.mounts)
  const outcome = await withSecretFiles(secrets.files, () => runBuilder(spec, destination, { inputs, plan, setup, cacheWarning, secretEnv: secrets.env }))
  report.cache = outcome.cache
  report.buildSeconds = outcome.buildMs / 1000
  if (outcome.cache.warning && outcome.cache.warning !== cacheWarning) warn(report, `build cache: ${outcome.cache.warning}`)
  if (inputs.pushByDigest) return readPushedByDigest(inputs, outcome, clientFor, report)
  if (!destination || !pushTag) return undefined
  if (outcome.layout) {
    // buildah's image goes up through the OCI client, which retries each request (buildah's push does not retry a 5xx).
    const pushStarted = performance.now()
    report.failedReference = destination
    const pushed = await core.group(`Push ${destination}`, () => pushLayout(clientFor(primary.registry), outcome.layout!, primary.repository, pushTag.name))
    delete report.failedReference
    report.pushSeconds = ((outcome.exportMs ?? 0) + performance.now() - pushStarted) / 1000
    outcome.pushedDigest = pushed.digest
  }

  const stored = await readStoredImage(clientFor(primary.registry), primary.repository, pushTag.name)
  if (!stored) throw new UserError(`${destination} is missing from the registry right after the push`)
  if (outcome.pushedDigest && outcome.pushedDigest !== stored.manifest.digest) {
    warn(report, `the builder reported ${outcome.pushedDigest}, but ${destination} holds ${stored.manifest.digest} (pushed to by someone else meanwhile?); using the registry's`)
  }
  report.references.push({ reference: destination, outcome: 'pushed' })
  const late = digestConflicts(setup.existingProtected, stored.manifest.digest)
  if (late.length > 0) throw new UserError(conflictMessage(late))
  return { manifest: stored.manifest, size: stored.size }
}

/** Writes the secret files (0600, in a 0700 directory), runs `build`, and removes them whatever happens. */
async function withSecretFiles<T>(files: { path: string; value: string }[], build: () => Promise<T>): Promise<T> {
  const dirs = [...new Set(files.map((file) => path.dirname(file.path)))]
  try {
    for (const dir of dirs) mkdirSync(dir, { recursive: true, mode: 0o700 })
    for (const file of files) writeFileSync(file.path, file.value, { mode: 0o600 })
    return await build()
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

/** push-by-digest: buildah's layout goes up under its digest (buildx pushed it itself); no tag. */
async function readPushedByDigest(inputs: BuildPushInputs, outcome: Outcome, clientFor: ClientFor, report: BuildReport): Promise<Image> {
  const primary = inputs.images[0]!
  const client = clientFor(primary.registry)
  if (outcome.layout) {
    const pushStarted = performance.now()
    const digest = readLayoutManifest(outcome.layout).digest
    outcome.pushedDigest = (await core.group(`Push ${formatReference(primary)}@${digest}`, () => pushLayout(client, outcome.layout!, primary.repository, digest))).digest
    report.pushSeconds = ((outcome.exportMs ?? 0) + performance.now() - pushStarted) / 1000
  }
  const stored = outcome.pushedDigest && (await readStoredImage(client, primary.repository, outcome.pushedDigest))
  if (!stored) throw new UserError(`${formatReference(primary)}@${outcome.pushedDigest ?? '?'} is missing from the registry right after the push`)
  report.digest = stored.manifest.digest
  report.size = stored.size
  report.byDigest = true
  report.pushed = true
  core.info(`pushed ${formatReference(primary)}@${stored.manifest.digest} by digest (no tag): pass it to the merge job's merge-digests`)
  return { manifest: stored.manifest, size: stored.size }
}

function buildSpec(inputs: BuildPushInputs, plan: BuildPlan, cache: CachePlan, credentialsDir: string | undefined, secrets: SecretMount[]): BuildSpec {
  return {
    context: inputs.context,
    file: inputs.file,
    ...(inputs.target !== undefined && { target: inputs.target }),
    buildArgs: inputs.buildArgs,
    secrets,
    ssh: inputs.ssh,
    labels: plan.labels,
    platforms: inputs.platforms,
    timestamp: Math.floor(Date.parse(plan.created) / 1000),
    cache,
    insecure: budInsecure(inputs, cache),
    ...(credentialsDir && { authFile: path.join(credentialsDir, 'config.json') })
  }
}

function isInsecure(inputs: BuildPushInputs, registry: string): boolean {
  return isLoopback(registry) || inputs.insecureRegistries.includes(registry)
}

/** Registries the build itself touches (base images, cache) allow plain http only when every one of them may. */
function budInsecure(inputs: BuildPushInputs, cache: CachePlan): boolean {
  const registries = baseImageRegistries(readFileSync(inputs.file, 'utf8'))
  if (cache.kind === 'registry') registries.push(inputs.cacheRepository.registry)
  return registries.length > 0 && registries.every((registry) => isInsecure(inputs, registry))
}

interface Outcome {
  buildMs: number
  cache: CacheResult
  /** buildah: the OCI layout to push from (buildx pushes within the build), and the export's time. */
  layout?: string
  exportMs?: number
  /** The digest this run pushed (the registry's answer is read back separately). */
  pushedDigest?: string
}

async function runBuilder(spec: BuildSpec, destination: string | undefined, run: { inputs: BuildPushInputs; plan: BuildPlan; setup: BuildSetup; cacheWarning: string | undefined; secretEnv: Record<string, string> }): Promise<Outcome> {
  const { inputs, setup, cacheWarning } = run
  if (run.plan.builder.name === 'buildah') {
    return buildahBuild(spec, setup.workdir, destination ? path.join(setup.workdir, 'layout') : undefined, {
      requestedCache: inputs.cache,
      ...(cacheWarning && { cacheWarning })
    })
  }
  return buildxBuild(spec, setup.workdir, destination, setup.credentialsDir, inputs.cache, cacheWarning, run.secretEnv, inputs.pushByDigest)
}
