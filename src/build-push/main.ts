/**
 * build-push: inputs -> tags and labels -> reuse check and immutability preflight (registry reads only) -> build and
 * push the first reference -> read the digest back from the registry -> every other tag by manifest PUT ->
 * outputs and summary.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { errorMessage, InputError, InputErrors, UserError } from '../lib/action/errors.js'
import { readRunContext, type RunContext } from '../lib/github/event.js'
import type { Manifest } from '../lib/oci/client.js'
import { formatReference, isLoopback } from '../lib/oci/reference.js'
import { appendSummary } from '../lib/summary/write.js'
import { writeAuthFile } from './auth-file.js'
import type { BuildSpec, CachePlan } from './build-spec.js'
import { buildahBuild } from './builders/buildah.js'
import { buildxBuild } from './builders/buildx.js'
import { fitToDriver, inspectBuildxBuilder } from './builders/buildx-driver.js'
import { chooseBuilder, type BuilderName } from './builders/detect.js'
import type { CacheResult } from './cache-result.js'
import { buildCommit } from './commit.js'
import { commitTime } from './commit-time.js'
import { baseImageRegistries } from './dockerfile.js'
import { conflictMessage, digestConflicts, preflightConflicts, type ExistingTag } from './immutability.js'
import { readInputs, type BuildPushConfig } from './inputs.js'
import { imageLabels } from './labels.js'
import { choosePushTag, findReusable, readProtected } from './preflight.js'
import { copyImage, createClients, readStoredImage, tagManifest, type StoredImage } from './registry.js'
import { renderSummary, type BuildReport } from './summary.js'
import { branchOf, computeTags, refVersion, sanitizeTag } from './tags.js'
import { createWorkdir } from './workdir.js'

export async function main(): Promise<void> {
  const context = readRunContext()
  const config = readInputs(context.workspace)
  const commit = buildCommit(context)
  const builder = await chooseBuilder(config.builder)
  if (builder.name === 'buildah' && config.cache === 'gha') {
    throw new InputErrors([new InputError('cache', 'gha', `'registry' or 'none': the builder is buildah (${builder.why}), and the gha cache is a BuildKit feature`)])
  }
  const buildxBuilder = builder.name === 'buildx' ? await inspectBuildxBuilder() : undefined
  if (buildxBuilder) builder.why += `; builder '${buildxBuilder.name}' (${buildxBuilder.driver} driver)`
  const { refusal } = fitToDriver(buildxBuilder, { kind: 'none' }, config.platforms)
  if (refusal) throw new InputErrors([new InputError(refusal.input, refusal.value, refusal.accepted)])
  const clientFor = createClients(config)
  const primary = config.images[0]!
  const primaryClient = clientFor(primary.registry)
  const warnings: string[] = []
  const warn = (message: string): void => {
    core.warning(message)
    warnings.push(message)
  }

  const existingTags = config.push && config.rules.some((r) => r.kind === 'latest' || r.kind === 'semver') && refVersion(context.ref) ? await primaryClient.listTags(primary.repository) : []
  const tagResult = computeTags({ context, rules: config.rules, existingTags })
  for (const skip of tagResult.skipped) core.info(`tag rule '${skip.rule}' gives no tag: ${skip.why}`)
  if (tagResult.tags.length === 0) {
    throw new UserError(`No tag rule applies to this run (${tagResult.skipped.map((s) => `${s.rule}: ${s.why}`).join('; ')}). Add one that does to input 'tags', such as 'sha' or 'raw:<value>'.`)
  }
  const created = await commitTime(context, commit, context.workspace)
  if (created.source === 'clock') core.info(`the commit time of ${commit || 'this run'} is unknown (no push event, no git history): the image is stamped with the current time`)
  const labels = imageLabels({ context, commit, created: created.iso, version: tagResult.version, extra: config.labels })
  const references = config.images.flatMap((image) => tagResult.tags.map((tag) => formatReference({ ...image, tag: tag.name })))

  const report: BuildReport = {
    images: config.images.map((i) => `${i.registry}/${i.repository}`),
    references: [],
    version: tagResult.version,
    builder: builder.name,
    builderWhy: builder.why,
    reused: false,
    pushed: false,
    cache: { mode: config.cache, status: 'off', cachedSteps: 0, cacheableSteps: 0 },
    labels,
    skippedRules: tagResult.skipped,
    warnings
  }
  try {
    const workdir = createWorkdir(context.runnerTemp)
    const credentialsDir = config.credentials ? path.dirname(writeAuthFile(path.join(workdir, 'auth'), registriesInPlay(config), config.credentials)) : undefined
    if (config.credentials) core.info('registry credentials written to this run\'s auth file (removed in the post step)')

    // Registry reads that do not depend on each other go out together; the cache probe is only awaited if a build runs.
    const cachePlan = planCache(config, context, builder.name)
    let reused: StoredImage | undefined
    let existingProtected: ExistingTag[] = []
    if (config.push) {
      ;[reused, existingProtected] = await Promise.all([
        config.reuseExisting ? findReusable(primaryClient, primary, tagResult.tags, commit, config.platforms) : undefined,
        config.immutableTags ? readProtected(config, clientFor, tagResult.tags) : []
      ])
      const conflicts = preflightConflicts(existingProtected, commit, reused?.manifest.digest)
      if (conflicts.length > 0) throw new UserError(conflictMessage(conflicts))
    }

    let manifest: Manifest | undefined
    let size: number | undefined
    if (reused) {
      core.info(`reusing ${formatReference(primary)}@${reused.manifest.digest}: it was built from ${commit}; no build runs`)
      report.reused = true
      manifest = reused.manifest
      size = reused.size
    } else {
      const pushTag = config.push ? choosePushTag(tagResult.tags, existingProtected) : undefined
      const destination = pushTag && formatReference({ ...primary, tag: pushTag.name })
      const planned = await cachePlan
      const fitted = fitToDriver(buildxBuilder, planned.cache, config.platforms)
      const cache = fitted.cache
      const cacheWarning = [planned.cacheWarning, fitted.warning].filter(Boolean).join(' ') || undefined
      if (cacheWarning) warn(cacheWarning)
      const spec: BuildSpec = {
        context: config.context,
        file: config.file,
        ...(config.target !== undefined && { target: config.target }),
        buildArgs: config.buildArgs,
        labels,
        platforms: config.platforms,
        timestamp: Math.floor(Date.parse(created.iso) / 1000),
        cache,
        insecure: budInsecure(config, cache),
        ...(credentialsDir && { authFile: path.join(credentialsDir, 'config.json') })
      }
      const outcome = await build(builder.name, spec, workdir, destination, { config, credentialsDir, cacheWarning })
      report.cache = outcome.cache
      report.buildSeconds = outcome.buildMs / 1000
      if (outcome.pushMs !== undefined) report.pushSeconds = outcome.pushMs / 1000
      if (outcome.cache.warning && outcome.cache.warning !== cacheWarning) warn(`build cache: ${outcome.cache.warning}`)
      if (destination && pushTag) {
        const stored = await readStoredImage(primaryClient, primary.repository, pushTag.name)
        if (!stored) throw new UserError(`${destination} is missing from the registry right after the push`)
        if (outcome.pushedDigest && outcome.pushedDigest !== stored.manifest.digest) {
          warn(`the builder reported ${outcome.pushedDigest}, but ${destination} holds ${stored.manifest.digest} (pushed to by someone else meanwhile?); using the registry's`)
        }
        manifest = stored.manifest
        size = stored.size
        report.references.push({ reference: destination, outcome: 'pushed' })
        const late = digestConflicts(existingProtected, manifest.digest)
        if (late.length > 0) throw new UserError(conflictMessage(late))
      }
    }

    if (manifest) {
      report.digest = manifest.digest
      report.size = size
      for (const image of config.images) {
        const client = clientFor(image.registry)
        if (image !== primary) await copyImage(primaryClient, primary, manifest, client, image)
        for (const tag of tagResult.tags) {
          const reference = formatReference({ ...image, tag: tag.name })
          if (report.references.some((r) => r.reference === reference)) continue
          report.references.push({ reference, outcome: await tagManifest(client, image.repository, tag.name, manifest) })
        }
      }
      report.pushed = true
    }

    const digest = manifest?.digest ?? ''
    core.setOutput('digest', digest)
    core.setOutput('image-ref', digest ? `${primary.registry}/${primary.repository}@${digest}` : '')
    core.setOutput('tags', JSON.stringify(references))
    core.setOutput('version', tagResult.version)
    core.setOutput('metadata', JSON.stringify(metadata(report, references, builder.name)))
    await appendSummary(renderSummary(report))
  } catch (error) {
    report.failure = errorMessage(error)
    await appendSummary(renderSummary(report))
    throw error
  }
}

function metadata(report: BuildReport, references: string[], builder: BuilderName): Record<string, unknown> {
  return {
    digest: report.digest ?? null,
    references: report.pushed ? references : [],
    pushed: report.references,
    version: report.version,
    labels: report.labels,
    builder: report.reused ? null : builder,
    cache: report.reused ? null : report.cache,
    reused: report.reused,
    buildSeconds: report.buildSeconds ?? null,
    pushSeconds: report.pushSeconds ?? null,
    size: report.size ?? null,
    warnings: report.warnings
  }
}

function isInsecure(config: BuildPushConfig, registry: string): boolean {
  return isLoopback(registry) || config.insecureRegistries.includes(registry)
}

/** Registries the build itself touches (base images, cache) allow plain http only when every one of them may. */
function budInsecure(config: BuildPushConfig, cache: CachePlan): boolean {
  const registries = baseImageRegistries(readFileSync(config.file, 'utf8'))
  if (cache.kind === 'registry') registries.push(config.cacheRepository.registry)
  return registries.length > 0 && registries.every((registry) => isInsecure(config, registry))
}

function registriesInPlay(config: BuildPushConfig): string[] {
  return [...config.images.map((i) => i.registry), config.cacheRepository.registry]
}

async function planCache(config: BuildPushConfig, context: RunContext, builder: BuilderName): Promise<{ cache: CachePlan; cacheWarning?: string }> {
  if (config.cache === 'none') return { cache: { kind: 'none' } }
  if (config.cache === 'gha') {
    const name = sanitizeTag(branchOf(context) ?? context.event.pull_request?.head?.ref ?? 'default')
    const fallback = typeof context.event.repository?.default_branch === 'string' ? sanitizeTag(context.event.repository.default_branch) : undefined
    return { cache: { kind: 'gha', scope: name, ...(fallback && fallback !== name && { fallbackScopes: [fallback] }) } }
  }
  if (builder === 'buildah' && config.platforms.length > 1) {
    return { cache: { kind: 'none' }, cacheWarning: `buildah builds several platforms without its layer cache (it does not tell platforms apart in cached layers), so the registry cache is not used for ${config.platforms.join(', ')}` }
  }
  const repository = config.cacheRepository
  // A cache that does not answer quickly is not worth waiting for: the build goes on without it.
  const probe = createClients(config, { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 })(repository.registry)
  try {
    await probe.checkAccess(repository.repository, true)
  } catch (error) {
    return { cache: { kind: 'none' }, cacheWarning: `the registry cache ${repository.registry}/${repository.repository} is unavailable (${errorMessage(error)}); building without it` }
  }
  return { cache: { kind: 'registry', repository: `${repository.registry}/${repository.repository}` } }
}

interface Outcome {
  buildMs: number
  pushMs?: number
  cache: CacheResult
  pushedDigest?: string
}

async function build(name: BuilderName, spec: BuildSpec, workdir: string, destination: string | undefined, extra: { config: BuildPushConfig; credentialsDir: string | undefined; cacheWarning: string | undefined }): Promise<Outcome> {
  const { config } = extra
  if (name === 'buildah') {
    return buildahBuild(spec, workdir, destination, {
      pushInsecure: isInsecure(config, config.images[0]!.registry),
      requestedCache: config.cache,
      ...(extra.cacheWarning && { cacheWarning: extra.cacheWarning })
    })
  }
  return buildxBuild(spec, workdir, destination, extra.credentialsDir, config.cache, extra.cacheWarning)
}
