/**
 * Whether and how to roll back. Pure. Guardrails (hivemoot/hivemoot-bot#135 and the Deployment docs):
 * at most one rollback per run; never without a known-good revision recorded before the checks (so a rollback
 * can never "roll back" to the bad version); revisionHistoryLimit 0 leaves nothing to roll back to; a paused
 * Deployment is resumed first, because `rollout undo` refuses a paused one.
 */
import type * as k8s from '@kubernetes/client-node'
import { planUndo, POD_TEMPLATE_HASH_LABEL, revisionOf, UndoRefused } from '../lib/kube/index.js'

export interface KnownGood {
  revision: number
  images: string[]
  /** The revision and images that were current when the baseline was taken (the version under test). */
  fromRevision?: number
  fromImages: string[]
}

/**
 * Set on the Deployment after a rollback: the pod-template-hash of the version it was rolled back from. A later run
 * (a re-run of the job, a check without a new deploy) never takes that ReplicaSet as known-good, so it cannot "roll
 * back" to the version that was just rejected. The template hash, not the image: versions may differ only in their
 * arguments or environment. An explicit to-revision is the user's decision and is not second-guessed.
 */
export const REJECTED_TEMPLATE_ANNOTATION = 'health-rollback.pipeline-actions.dev/rejected-template'

/** The pod-template-hash that identifies a ReplicaSet's template (label of the ReplicaSet and of its template). */
export const templateHash = (rs: k8s.V1ReplicaSet | undefined): string | undefined =>
  rs?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? rs?.spec?.template?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL]

export type Baseline = { ok: true; knownGood: KnownGood } | { ok: false; why: string; fromRevision?: number; fromImages: string[] }

/** The revision a rollback would restore, read once the controller has observed the new template. */
export function recordBaseline(deployment: k8s.V1Deployment, replicaSets: k8s.V1ReplicaSet[], toRevision?: number): Baseline {
  const fromImages = (deployment.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '')
  const fromRevision = revisionOf(deployment)
  const from = { ...(fromRevision !== undefined ? { fromRevision } : {}), fromImages }
  const name = deployment.metadata?.name ?? ''
  if (deployment.spec?.revisionHistoryLimit === 0) {
    return { ok: false, why: `deployment "${name}" has revisionHistoryLimit 0, so Kubernetes keeps no old ReplicaSet to roll back to`, ...from }
  }
  // Planned as if not paused: pausing is handled by resuming first, not a reason to have no baseline.
  const unpaused: k8s.V1Deployment = { ...deployment, spec: { ...deployment.spec!, paused: false } }
  try {
    const plan = planUndo(unpaused, replicaSets, toRevision ?? 0)
    if (plan.action === 'skip') return { ok: false, why: `revision ${plan.toRevision} has the same pod template as the current one: ${plan.message}`, ...from }
    const rejected = deployment.metadata?.annotations?.[REJECTED_TEMPLATE_ANNOTATION]
    if (toRevision === undefined && rejected !== undefined && rejected === templateHash(plan.target)) {
      return { ok: false, why: `the previous revision ${plan.toRevision} (${plan.toImages.join(', ')}) is the version an earlier health-rollback rolled back from, not a known-good one (set to-revision to choose one)`, ...from }
    }
    return { ok: true, knownGood: { revision: plan.toRevision, images: plan.toImages, ...from } }
  } catch (error) {
    if (error instanceof UndoRefused) {
      const why = error.refusal === 'no-history' ? `deployment "${name}" has no earlier revision to roll back to (first rollout, or its history was pruned)` : error.message
      return { ok: false, why, ...from }
    }
    throw error
  }
}

export interface RollbackFacts {
  unhealthy: boolean
  enabled: boolean
  alreadyRolledBack: boolean
  command?: string[]
  /** Absent for a target that is not Kubernetes. */
  baseline?: Baseline
  paused: boolean
  /** The failure is not the new version's fault (e.g. the Deployment runs another image than expected). */
  foreignChange?: string
}

export type RollbackDecision =
  | { action: 'none'; why: string }
  | { action: 'refuse'; why: string }
  | { action: 'command'; argv: string[] }
  | { action: 'undo'; toRevision: number; images: string[]; resumeFirst: boolean }

export function decideRollback(facts: RollbackFacts): RollbackDecision {
  if (!facts.unhealthy) return { action: 'none', why: 'the version is healthy' }
  if (!facts.enabled) return { action: 'none', why: "rollback is off (input 'rollback: false')" }
  if (facts.alreadyRolledBack) return { action: 'refuse', why: 'a rollback already ran in this run (at most one per run)' }
  if (facts.foreignChange) return { action: 'refuse', why: facts.foreignChange }
  if (facts.command) return { action: 'command', argv: facts.command }
  if (!facts.baseline) return { action: 'refuse', why: 'no Deployment and no rollback-command' }
  if (!facts.baseline.ok) return { action: 'refuse', why: facts.baseline.why }
  return { action: 'undo', toRevision: facts.baseline.knownGood.revision, images: facts.baseline.knownGood.images, resumeFirst: facts.paused }
}
