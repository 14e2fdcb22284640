/**
 * How a run concludes, as the fields of its result: the version under test, the version restored, and the sentences
 * the step reports (its reason and, unless healthy, the message it fails with). Pure.
 */
import type { ChecksResult } from './checks.js'
import type { Baseline, RollbackDecision } from './rollback-decision.js'
import type { RollbackOutcome } from './rollback.js'
import type { RunResult } from './result.js'

export type Conclusion = Omit<RunResult, 'target' | 'startedAt' | 'finishedAt' | 'events'>

/** A version of the target: its revision (a Deployment's) and its images; both unknown for other targets. */
export interface Version {
  revision?: number
  images: string[]
}

/** The version under test, as the baseline recorded it. */
export function versionUnderTest(baseline: Baseline | undefined): Version {
  if (!baseline) return { images: [] }
  const { fromRevision, fromImages } = baseline.ok ? baseline.knownGood : baseline
  return { ...(fromRevision !== undefined ? { revision: fromRevision } : {}), images: fromImages }
}

const fromFields = (from: Version) => ({ ...(from.revision !== undefined ? { fromRevision: from.revision } : {}), fromImages: from.images })
const toFields = (to: Version) => ({ ...(to.revision !== undefined ? { toRevision: to.revision } : {}), toImages: to.images })

/** The version under test in a sentence; `label` names the target when nothing else is known. */
function describe(from: Version, label: string): string {
  if (from.revision !== undefined) return `revision ${from.revision} (${from.images.join(', ')})`
  return from.images.length > 0 ? from.images.join(', ') : label
}

export function healthyConclusion(from: Version, checks: ChecksResult | undefined, deployment: boolean): Conclusion {
  const how = checks ? `${checks.rounds} round${checks.rounds === 1 ? '' : 's'} of checks passed` : 'the rollout finished'
  return { healthy: true, rolledBack: false, reason: `healthy: ${deployment ? 'the rollout finished and ' : ''}${how}`, ...fromFields(from), toImages: [] }
}

/** The workload could not be read, or (a StatefulSet's or DaemonSet's OnDelete strategy) has no rollout to judge. */
export function cannotReadConclusion(deployment: string, namespace: string, message: string, kind = 'Deployment'): Conclusion {
  const what = `${kind.toLowerCase()} "${deployment}"`
  return {
    healthy: false,
    rolledBack: false,
    reason: `cannot read ${what}: ${message}`,
    fromImages: [],
    toImages: [],
    failure: `health-rollback could not read ${what} in namespace "${namespace}": ${message}`
  }
}

/** Unhealthy, and no rollback: it is off, or refused (`why`). */
export function notRolledBackConclusion(from: Version, label: string, unhealthy: string, why: string): Conclusion {
  return { healthy: false, rolledBack: false, reason: unhealthy, ...fromFields(from), toImages: [], failure: `${describe(from, label)} is unhealthy because ${unhealthy}; not rolled back: ${why}` }
}

/** Unhealthy, and a rollback was attempted: restored, or not (the outcome says why). */
export function rollbackConclusion(
  from: Version,
  label: string,
  unhealthy: string,
  decision: Extract<RollbackDecision, { action: 'undo' | 'command' }>,
  outcome: RollbackOutcome
): Conclusion {
  const to: Version = decision.action === 'undo' ? { revision: decision.toRevision, images: decision.images } : { images: [] }
  const versions = { ...fromFields(from), ...toFields(to) }
  if (!outcome.ok) return { healthy: false, rolledBack: false, reason: unhealthy, ...versions, failure: `${describe(from, label)} is unhealthy because ${unhealthy}; ${outcome.message}` }
  const toText = decision.action === 'undo' ? `revision ${decision.toRevision} (${decision.images.join(', ')})` : 'the previous version (rollback-command)'
  return { healthy: false, rolledBack: true, reason: unhealthy, ...versions, failure: `rolled back from ${describe(from, label)} to ${toText} because ${unhealthy}` }
}
