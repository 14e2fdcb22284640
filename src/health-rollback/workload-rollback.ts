/**
 * Carrying out a rollback decision on a StatefulSet or DaemonSet: `kubectl rollout undo --to-revision=<known good>`
 * (the revision's template as a strategic merge patch, lib/kube/controller-revisions), then waiting until the
 * restored revision's pods are Ready. A StatefulSet's pods of the rejected revision that never became Ready are
 * deleted once the controller has observed the restored template (kubectl's docs: the controller waits for them
 * forever otherwise); each deletion is in the timeline and the job summary. Or the user's rollback-command.
 */
import { errorMessage } from '../lib/action/errors.js'
import { kubeErrorMessage, UndoRefused } from '../lib/kube/index.js'
import { patchWorkload, workloadRolloutUndo, type WorkloadRevision } from '../lib/kube/controller-revisions.js'
import { REJECTED_TEMPLATE_ANNOTATION, type RollbackDecision } from './rollback-decision.js'
import { runRollbackCommand, type RollbackContext, type RollbackOutcome } from './rollback.js'
import { waitForWorkload, type WorkloadTarget } from './workload-target.js'
import { judgeWorkloadRestore, judgeWorkloadRollout, stuckPods, templateRevision, type WorkloadSnapshot } from './workload-verdict.js'

export async function carryOutOnWorkload(decision: Extract<RollbackDecision, { action: 'undo' | 'command' }>, target: WorkloadTarget, ctx: RollbackContext): Promise<RollbackOutcome> {
  try {
    return decision.action === 'undo' ? await undoWorkload(target, decision.toRevision, decision.images, ctx) : await commandOnWorkload(decision.argv, target, ctx)
  } catch (error) {
    return { ok: false, message: errorMessage(error), requested: false }
  }
}

export async function undoWorkload(target: WorkloadTarget, toRevision: number, images: string[], ctx: RollbackContext): Promise<RollbackOutcome> {
  const { timeline } = ctx
  let requestedAt: number | undefined
  try {
    const rejected = templateRevision(await target.snapshot())
    requestedAt = ctx.clock.now()
    timeline.add({ kind: 'rollback', step: 'request', message: `rollout undo ${target.ref} --to-revision=${toRevision} (${images.join(', ')})` })
    const undo = await workloadRolloutUndo(target.client, target.kind, target.namespace, target.name, { toRevision })
    if (undo.plan.action === 'skip') timeline.add({ kind: 'note', level: 'info', message: undo.plan.message })
    const expect = { generation: undo.workload.metadata?.generation ?? 0, images }
    const deleted = new Set<string>()
    const waited = await waitForWorkload(target, {
      timeoutMs: ctx.timeoutMs,
      pollMs: ctx.pollMs,
      clock: ctx.clock,
      log: ctx.log,
      judge: (snapshot) => judgeWorkloadRestore(snapshot, expect, ctx.maxRestarts),
      onVerdict: async (verdict, snapshot) => {
        if (timeline.rollout('rollback', verdict.state, verdict.message)) ctx.log(`rollback: ${verdict.message}`)
        if (rejected && verdict.state === 'waiting') await deleteStuckPods(target, snapshot, rejected, expect, deleted, ctx)
      }
    })
    if (waited.verdict.state === 'complete') {
      const restoredAt = ctx.clock.now()
      timeline.add({ kind: 'rollback', step: 'restored', message: waited.verdict.message })
      if (rejected) await markRejected(target, rejected, ctx)
      return { ok: true, message: waited.verdict.message, requestedAt, restoredAt }
    }
    timeline.add({ kind: 'rollback', step: 'failed', message: waited.verdict.message })
    return { ok: false, message: `the rollback to revision ${toRevision} did not finish: ${waited.verdict.message}`, requested: true, requestedAt }
  } catch (error) {
    const message = error instanceof UndoRefused ? error.message : kubeErrorMessage(error)
    timeline.add({ kind: 'rollback', step: 'failed', message })
    return { ok: false, message: `the rollback to revision ${toRevision} failed: ${message}`, requested: requestedAt !== undefined, ...(requestedAt !== undefined ? { requestedAt } : {}) }
  }
}

async function deleteStuckPods(target: WorkloadTarget, snapshot: WorkloadSnapshot, rejected: WorkloadRevision, expect: { generation: number }, deleted: Set<string>, ctx: RollbackContext): Promise<void> {
  for (const pod of stuckPods(snapshot, rejected, expect)) {
    const uid = pod.metadata?.uid ?? pod.metadata?.name ?? ''
    if (deleted.has(uid)) continue
    deleted.add(uid)
    await target.deletePod(pod)
    ctx.timeline.add({
      kind: 'rollback',
      step: 'delete-pod',
      message: `deleted pod ${pod.metadata?.name ?? ''} of the rejected revision ${rejected.revision}: it never became Ready, and a StatefulSet waits for such a pod even after its template is rolled back (kubectl docs, "Forced rollback"); the controller recreates it from the restored template`
    })
  }
}

/** Metadata only (no rollout): the ControllerRevision rolled back from, so a later run never restores it. A failure is a warning. */
async function markRejected(target: WorkloadTarget, rejected: WorkloadRevision, ctx: RollbackContext): Promise<void> {
  try {
    await patchWorkload(target.client, target.kind, target.namespace, target.name, { metadata: { annotations: { [REJECTED_TEMPLATE_ANNOTATION]: rejected.name } } })
  } catch (error) {
    ctx.timeline.add({ kind: 'note', level: 'warning', message: `could not record the rejected version on the ${target.kind}: ${kubeErrorMessage(error)}` })
  }
}

/** The rollback-command, then a wait for the workload's rollout to finish as kubectl reads it. */
async function commandOnWorkload(argv: string[], target: WorkloadTarget, ctx: RollbackContext): Promise<RollbackOutcome> {
  const ran = await runRollbackCommand(argv, undefined, ctx)
  if (!ran.ok) return ran
  const waited = await waitForWorkload(target, {
    timeoutMs: ctx.timeoutMs,
    pollMs: ctx.pollMs,
    clock: ctx.clock,
    log: ctx.log,
    judge: (snapshot) => judgeWorkloadRollout(snapshot, ctx.maxRestarts),
    onVerdict: (verdict) => {
      ctx.timeline.rollout('rollback', verdict.state, verdict.message)
    }
  })
  if (waited.verdict.state !== 'complete') return { ok: false, message: `after the rollback-command: ${waited.verdict.message}`, requested: true, requestedAt: ran.requestedAt }
  return ran
}
