/** The run's report: started from the plan, filled in as the run goes, published as the outputs and the job summary. */
import * as core from '@actions/core'
import { appendSummary } from '../lib/summary/write.js'
import type { BuildPushInputs } from './inputs.js'
import type { BuildPlan } from './plan.js'
import { notPushed, renderSummary, type BuildReport } from './summary.js'

export function startReport(inputs: BuildPushInputs, plan: BuildPlan): BuildReport {
  return {
    images: inputs.images.map((i) => `${i.registry}/${i.repository}`),
    planned: inputs.push && !inputs.pushByDigest ? plan.references : [],
    references: [],
    version: plan.tags.version,
    builder: plan.builder.name,
    builderWhy: plan.builder.why,
    reused: false,
    pushed: false,
    cache: { mode: inputs.cache, status: 'off', cachedSteps: 0, cacheableSteps: 0 },
    labels: plan.labels,
    skippedRules: plan.tags.skipped,
    warnings: []
  }
}

/** A warning in the log that the summary repeats. */
export function warn(report: BuildReport, message: string): void {
  core.warning(message)
  report.warnings.push(message)
}

export async function publishReport(report: BuildReport, inputs: BuildPushInputs, plan: BuildPlan): Promise<void> {
  // push-by-digest pushes no tag.
  setOutputs(report, inputs, plan, inputs.pushByDigest ? [] : plan.references)
  await appendSummary(renderSummary(report))
}

/**
 * A run that failed still leaves its outputs and summary, with what it did before the failure: the references
 * pushed (the `tags` output) and those not pushed.
 */
export async function publishFailure(report: BuildReport, failure: string, inputs: BuildPushInputs, plan: BuildPlan): Promise<void> {
  report.failure = failure
  setOutputs(report, inputs, plan, report.references.map((r) => r.reference))
  await appendSummary(renderSummary(report))
}

function setOutputs(report: BuildReport, inputs: BuildPushInputs, plan: BuildPlan, tagged: string[]): void {
  const primary = inputs.images[0]!
  const digest = report.digest ?? ''
  core.setOutput('digest', digest)
  core.setOutput('image-ref', digest ? `${primary.registry}/${primary.repository}@${digest}` : '')
  // Newline lists, as docker/metadata-action gives them and promote-artifact's `targets`, docker and kubectl take them.
  core.setOutput('tags', tagged.join('\n'))
  core.setOutput('labels', Object.entries(report.labels).map(([key, value]) => `${key}=${value}`).join('\n'))
  core.setOutput('version', plan.tags.version)
  core.setOutput('metadata', JSON.stringify(metadata(report, plan, tagged)))
}

function metadata(report: BuildReport, plan: BuildPlan, tagged: string[]): Record<string, unknown> {
  return {
    digest: report.digest ?? null,
    references: report.pushed && !report.byDigest ? plan.references : [],
    tags: tagged,
    pushed: report.references,
    notPushed: notPushed(report),
    failure: report.failure ?? null,
    version: report.version,
    labels: report.labels,
    builder: report.reused ? null : plan.builder.name,
    cache: report.reused ? null : report.cache,
    reused: report.reused,
    buildSeconds: report.buildSeconds ?? null,
    pushSeconds: report.pushSeconds ?? null,
    size: report.size ?? null,
    signatures: report.signatures ?? [],
    attestations: report.attestations ?? [],
    sboms: report.sboms ?? [],
    warnings: report.warnings
  }
}
