/** The build plan: which builder builds, and the image's tags and labels; refuses up front what cannot run. */
import * as core from '@actions/core'
import { InputError, InputErrors, UserError } from '../lib/action/errors.js'
import type { RunContext } from '../lib/github/event.js'
import { formatReference } from '../lib/oci/reference.js'
import { fitToDriver, inspectBuildxBuilder, type BuildxBuilder } from './builders/buildx-driver.js'
import { chooseBuilder, type BuilderName } from './builders/detect.js'
import { commitTime } from './commit-time.js'
import { buildCommit } from './commit.js'
import type { BuildPushInputs } from './inputs.js'
import { imageLabels } from './labels.js'
import type { ClientFor } from './registry.js'
import { computeTags, refVersion, type TagResult } from './tags.js'

export interface BuildPlan {
  /** The commit the image is built from (the pull request's head on pull requests). */
  commit: string
  builder: { name: BuilderName; why: string }
  /** The selected buildx builder, when buildx builds and one answers. */
  buildxBuilder: BuildxBuilder | undefined
  tags: TagResult
  /** The commit time (ISO): the created label and the image timestamps. */
  created: string
  labels: Record<string, string>
  /** Every `image:tag` reference of the run. */
  references: string[]
}

export async function planBuild(inputs: BuildPushInputs, context: RunContext, clientFor: ClientFor): Promise<BuildPlan> {
  const commit = buildCommit(context)
  // A merge builds nothing: no builder is looked for (its runner needs neither Docker nor buildah).
  const merging = inputs.mergeDigests.length > 0
  const builder = merging ? { name: inputs.builder === 'buildah' ? ('buildah' as const) : ('buildx' as const), why: 'none needed: merge-digests joins images already pushed' } : await chooseBuilder(inputs.builder)
  if (builder.name === 'buildah' && inputs.cache === 'gha') {
    throw new InputErrors([new InputError('cache', 'gha', `'registry' or 'none': the builder is buildah (${builder.why}), and the gha cache is a BuildKit feature`)])
  }
  const buildxBuilder = builder.name === 'buildx' && !merging ? await inspectBuildxBuilder() : undefined
  if (buildxBuilder) builder.why += `; builder '${buildxBuilder.name}' (${buildxBuilder.driver} driver)`
  const { refusal } = fitToDriver(buildxBuilder, { kind: 'none' }, inputs.platforms)
  if (refusal) throw new InputErrors([new InputError(refusal.input, refusal.value, refusal.accepted)])

  const tags = await planTags(inputs, context, clientFor)
  const created = await commitTime(context, commit, context.workspace)
  if (created.source === 'clock') core.info(`the commit time of ${commit || 'this run'} is unknown (no push event, no git history): the image is stamped with the current time`)
  const labels = imageLabels({ context, commit, created: created.iso, version: tags.version, extra: inputs.labels })
  const references = inputs.images.flatMap((image) => tags.tags.map((tag) => formatReference({ ...image, tag: tag.name })))
  return { commit, builder, buildxBuilder, tags, created: created.iso, labels, references }
}

/** The tags of this run; on a release with `latest` or `semver` rules, the tags already pushed decide the floating ones. */
async function planTags(inputs: BuildPushInputs, context: RunContext, clientFor: ClientFor): Promise<TagResult> {
  const primary = inputs.images[0]!
  const readsExisting = inputs.push && inputs.rules.some((r) => r.kind === 'latest' || r.kind === 'semver') && refVersion(context.ref)
  const existingTags = readsExisting ? await clientFor(primary.registry).listTags(primary.repository) : []
  const result = computeTags({ context, rules: inputs.rules, existingTags })
  for (const skip of result.skipped) core.info(`tag rule '${skip.rule}' gives no tag: ${skip.why}`)
  if (result.tags.length === 0) {
    throw new UserError(`No tag rule applies to this run (${result.skipped.map((s) => `${s.rule}: ${s.why}`).join('; ')}). Add one that does to input 'tags', such as 'sha' or 'raw:<value>'.`)
  }
  return result
}
