/**
 * Carrying out a rollback decision: `kubectl rollout undo --to-revision=<known good>` (after resuming a paused
 * Deployment, which undo refuses), then waiting until the previous images run again and no pod of the replaced
 * version serves any more; or the user's rollback-command for targets that are not Kubernetes.
 *
 * The restore is done (restoredAt, the `restored` step of the timeline) when the last pod of the replaced version
 * has stopped serving: its containers stopped, or it is gone. A terminating pod keeps answering through its preStop
 * hook and until it exits on SIGTERM, long after the Deployment's status counts the restored pods; the time from
 * the rollback request to that moment is the restore time the timeline states. Transient API failures are retried by the client; the undo
 * patch names its target revision, so resending it cannot roll forward or roll back twice.
 */
import { errorMessage } from '../lib/action/errors.js'
import { formatDuration } from '../lib/duration.js'
import { runCommand } from '../lib/exec/command.js'
import { findNewReplicaSet, kubeErrorMessage, ownedReplicaSets, rolloutUndo, UndoRefused } from '../lib/kube/index.js'
import type { Clock } from './clock.js'
import { REJECTED_TEMPLATE_ANNOTATION, templateHash, type RollbackDecision } from './rollback-decision.js'
import { waitFor, type DeploymentTarget } from './cluster.js'
import { judgeDeployRollout, judgeReplacedStopped, judgeRestore } from './rollout-verdict.js'
import type { Timeline } from './timeline.js'

export interface RollbackContext {
  clock: Clock
  timeline: Timeline
  timeoutMs: number
  pollMs: number
  maxRestarts: number
  log: (message: string) => void
  /** Set for the rollback-command: KUBECONFIG pointing at the action's kubeconfig, so the command reaches the same cluster. */
  commandEnv?: Record<string, string>
}

export type RollbackOutcome = { ok: true; message: string; requestedAt: number; restoredAt: number } | { ok: false; message: string; requested: boolean; requestedAt?: number }

/** Carries out an undo or a rollback-command; an error the steps did not foresee is a failed, unrequested rollback. */
export async function carryOut(decision: Extract<RollbackDecision, { action: 'undo' | 'command' }>, target: DeploymentTarget | undefined, ctx: RollbackContext): Promise<RollbackOutcome> {
  try {
    return decision.action === 'undo' ? await undoToRevision(target!, decision.toRevision, decision.images, ctx) : await runRollbackCommand(decision.argv, target, ctx)
  } catch (error) {
    return { ok: false, message: errorMessage(error), requested: false }
  }
}

export async function undoToRevision(target: DeploymentTarget, toRevision: number, images: string[], ctx: RollbackContext): Promise<RollbackOutcome> {
  const { timeline } = ctx
  let requestedAt: number | undefined
  try {
    const before = await target.snapshot()
    const current = before.deployment
    const rejectedHash = templateHash(findNewReplicaSet(current, ownedReplicaSets(current, before.replicaSets)))
    if (current.spec?.paused) {
      await target.client.setDeploymentPaused(target.namespace, target.name, false)
      timeline.add({ kind: 'rollback', step: 'resume', message: `deployment "${target.name}" was paused; resumed it first, because rollout undo refuses a paused Deployment` })
    }
    requestedAt = ctx.clock.now()
    timeline.add({ kind: 'rollback', step: 'request', message: `rollout undo deployment/${target.name} --to-revision=${toRevision} (${images.join(', ')})` })
    const undo = await rolloutUndo(target.client, target.namespace, target.name, { toRevision })
    if (undo.plan.action === 'skip') timeline.add({ kind: 'note', level: 'info', message: undo.plan.message })
    const generation = undo.deployment.metadata?.generation ?? 0
    const waited = await waitFor(target, {
      timeoutMs: ctx.timeoutMs,
      pollMs: ctx.pollMs,
      clock: ctx.clock,
      log: ctx.log,
      judge: (snapshot) => judgeRestore(snapshot, { generation, images }, ctx.maxRestarts),
      onVerdict: (verdict) => {
        if (timeline.rollout('rollback', verdict.state, verdict.message)) ctx.log(`rollback: ${verdict.message}`)
      }
    })
    if (waited.verdict.state === 'complete') {
      const restoredAt = await untilReplacedStopped(target, requestedAt, waited.verdict.message, ctx)
      if (rejectedHash) await markRejected(target, rejectedHash, ctx)
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

/**
 * Waits (for what is left of rollout-timeout since the request) until no pod of the replaced version serves, then
 * records the `restored` step with the restore time; returns when that was. Pods still serving when the time is up do
 * not fail the rollback (the restored version runs): a warning says so, and the restore time is a lower bound.
 */
async function untilReplacedStopped(target: DeploymentTarget, requestedAt: number, restoredMessage: string, ctx: RollbackContext): Promise<number> {
  const { timeline } = ctx
  const waited = await waitFor(target, {
    timeoutMs: Math.max(0, requestedAt + ctx.timeoutMs - ctx.clock.now()),
    pollMs: ctx.pollMs,
    clock: ctx.clock,
    log: ctx.log,
    judge: judgeReplacedStopped,
    onVerdict: (verdict) => {
      if (verdict.state === 'waiting' && timeline.rollout('rollback', verdict.state, verdict.message)) ctx.log(`rollback: ${verdict.message}`)
    }
  })
  const restoredAt = ctx.clock.now()
  const took = formatDuration(restoredAt - requestedAt)
  if (waited.verdict.state === 'complete') {
    timeline.add({ kind: 'rollback', step: 'restored', message: `${restoredMessage}; the last pod of the replaced version stopped serving ${took} after the rollback request` })
  } else {
    timeline.add({ kind: 'note', level: 'warning', message: `the restored version runs, but ${waited.verdict.message} at the end of rollout-timeout: the restore took more than ${took}` })
    timeline.add({ kind: 'rollback', step: 'restored', message: `${restoredMessage}; pods of the replaced version were still serving ${took} after the rollback request` })
  }
  return restoredAt
}

/**
 * Metadata only, so no rollout; but the API server still bumps metadata.generation (it does on any annotation
 * change of a Deployment) and the controller copies the annotation onto the current ReplicaSet. A failure here is a
 * warning; the rollback itself has succeeded.
 */
async function markRejected(target: DeploymentTarget, templateHash: string, ctx: RollbackContext): Promise<void> {
  try {
    await target.client.patchDeployment(target.namespace, target.name, { metadata: { annotations: { [REJECTED_TEMPLATE_ANNOTATION]: templateHash } } }, 'merge')
  } catch (error) {
    ctx.timeline.add({ kind: 'note', level: 'warning', message: `could not record the rejected version on the Deployment: ${kubeErrorMessage(error)}` })
  }
}

export async function runRollbackCommand(argv: string[], target: DeploymentTarget | undefined, ctx: RollbackContext): Promise<RollbackOutcome> {
  const requestedAt = ctx.clock.now()
  ctx.timeline.add({ kind: 'rollback', step: 'command', message: `running ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}` })
  const result = await runCommand(argv, { timeoutMs: ctx.timeoutMs, ...(ctx.commandEnv ? { env: ctx.commandEnv } : {}) })
  if (result.exitCode !== 0 || result.startError) {
    const why = result.startError ?? (result.timedOut ? `timed out after ${ctx.timeoutMs} ms` : `exit code ${result.exitCode}`)
    const tail = result.output.trim().split('\n').slice(-5).join('\n')
    ctx.timeline.add({ kind: 'rollback', step: 'failed', message: `rollback-command failed (${why})${tail ? `: ${tail}` : ''}` })
    return { ok: false, message: `the rollback-command failed (${why})`, requested: true, requestedAt }
  }
  if (target) {
    try {
      const waited = await waitFor(target, {
        timeoutMs: ctx.timeoutMs,
        pollMs: ctx.pollMs,
        clock: ctx.clock,
        log: ctx.log,
        judge: (snapshot) => judgeDeployRollout(snapshot, ctx.maxRestarts),
        onVerdict: (verdict) => ctx.timeline.rollout('rollback', verdict.state, verdict.message)
      })
      if (waited.verdict.state !== 'complete') return { ok: false, message: `after the rollback-command: ${waited.verdict.message}`, requested: true, requestedAt }
      const restoredAt = await untilReplacedStopped(target, requestedAt, 'rollback-command succeeded', ctx)
      return { ok: true, message: 'rollback-command succeeded', requestedAt, restoredAt }
    } catch (error) {
      return { ok: false, message: `after the rollback-command: ${errorMessage(error)}`, requested: true, requestedAt }
    }
  }
  const restoredAt = ctx.clock.now()
  ctx.timeline.add({ kind: 'rollback', step: 'restored', message: 'rollback-command succeeded' })
  return { ok: true, message: 'rollback-command succeeded', requestedAt, restoredAt }
}
