/**
 * One health-rollback run: wait for the rollout (failing fast on terminal pod states), record the known-good
 * revision, run the health checks, decide, roll back at most once, verify the restored version. Returns the result;
 * the caller renders outputs, the summary and the report.
 */
import { errorMessage } from '../lib/action/errors.js'
import { KubeClient, kubeErrorMessage, loadKubeconfig, resolveNamespace, type ContainerProblem, type LoadedKubeconfig } from '../lib/kube/index.js'
import { createMetricsClient } from '../lib/metrics/index.js'
import { runChecks, type ChecksResult } from './checks.js'
import type { Clock } from './clock.js'
import { DeploymentTarget, waitFor } from './cluster.js'
import type { Config } from './config.js'
import { decideRollback, recordBaseline, type Baseline } from './rollback-decision.js'
import { runRollbackCommand, undoToRevision, type RollbackOutcome } from './rollback.js'
import type { RunResult } from './result.js'
import { currentPods, describeProblem, judgeDeployRollout } from './rollout-verdict.js'
import { containerProblems, isTerminalProblem } from '../lib/kube/index.js'
import { Timeline } from './timeline.js'

const MAX_REPORTED_PODS = 5

export interface RunDeps {
  clock: Clock
  log: (message: string) => void
  /** How often the cluster is read when no watch event arrives (default 2 s). */
  pollMs?: number
  /** Kubernetes client settings (tests shorten the retry back-off). */
  kube?: ConstructorParameters<typeof KubeClient>[1]
  onKubeconfig?: (loaded: LoadedKubeconfig) => void
  onStatus?: (state: 'in_progress', description: string) => Promise<void>
}

/** Timing marks for the benchmark and the report. */
export interface RunMarks {
  firstFailureAt?: number
  decidedAt?: number
  rollbackRequestedAt?: number
  restoredAt?: number
}

export async function runHealthRollback(config: Config, deps: RunDeps): Promise<RunResult & { marks: RunMarks }> {
  const { clock, log } = deps
  const timeline = new Timeline(() => clock.now())
  const pollMs = deps.pollMs ?? 2000
  const marks: RunMarks = {}
  const label = config.deployment ? `deployment/${config.deployment}` : config.healthUrls[0] ?? 'target'
  const finish = (fields: Omit<RunResult, 'target' | 'startedAt' | 'finishedAt' | 'events'>): RunResult & { marks: RunMarks } => ({
    target: target ? `${target.namespace}/${config.deployment}` : label,
    startedAt: timeline.start,
    finishedAt: clock.now(),
    events: timeline.events,
    marks,
    ...fields
  })

  let target: DeploymentTarget | undefined
  if (config.deployment) {
    const loaded = loadKubeconfig({ content: config.kubeconfig, context: config.context })
    deps.onKubeconfig?.(loaded)
    const client = new KubeClient(loaded.kc, { log, ...deps.kube })
    target = new DeploymentTarget(client, resolveNamespace(loaded, config.namespace), config.deployment)
  }
  await deps.onStatus?.('in_progress', `checking ${label}`)

  // 1. The rollout, and the known-good revision once the controller has observed the new template.
  let baseline: Baseline | undefined
  let unhealthy: { reason: string; firstFailureAt: number } | undefined
  let foreignChange: string | undefined
  let paused = false
  const reportedPods = new Set<string>()
  const reportPods = async (problems: ContainerProblem[]) => {
    for (const p of problems.filter((x) => isTerminalProblem(x, config.maxRestarts) || x.reason === 'CrashLoopBackOff')) {
      const key = `${p.pod}/${p.container}/${p.reason}`
      // A few pods tell the story; reading every log of a 100-replica crash loop would only delay the rollback.
      if (reportedPods.has(key) || !target || reportedPods.size >= MAX_REPORTED_PODS) continue
      reportedPods.add(key)
      const logs = await target.lastLogLines(p, config.logLines)
      timeline.add({ kind: 'pod', pod: p.pod, container: p.container, reason: p.reason, restarts: p.restartCount, ...(p.message ? { message: p.message } : {}), logs })
    }
  }
  if (target) {
    try {
      const waited = await waitFor(target, {
        timeoutMs: config.rolloutTimeoutMs,
        pollMs,
        clock,
        log,
        judge: (snapshot) => judgeDeployRollout(snapshot, config.maxRestarts),
        onVerdict: (verdict, snapshot) => {
          if (timeline.rollout('deploy', verdict.state, verdict.message)) log(`rollout: ${verdict.message}`)
          const d = snapshot.deployment
          if (!baseline && (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)) baseline = recordBaseline(d, snapshot.replicaSets, config.toRevision)
        }
      })
      baseline ??= recordBaseline(waited.snapshot.deployment, waited.snapshot.replicaSets, config.toRevision)
      paused = waited.snapshot.deployment.spec?.paused === true
      const problems = 'problems' in waited.verdict ? waited.verdict.problems : []
      await reportPods(problems)
      const running = baseline.ok ? baseline.knownGood.fromImages : baseline.fromImages
      // Checked whatever the verdict: a rollout that is not ours (failing or not) is never rolled back by us.
      if (config.expectedImage && !running.includes(config.expectedImage)) {
        foreignChange = `the Deployment runs ${running.join(', ')}, not the expected ${config.expectedImage}: another rollout may have replaced it, so it is not rolled back`
        unhealthy = { reason: foreignChange, firstFailureAt: clock.now() }
      } else if (waited.verdict.state === 'failed') {
        marks.firstFailureAt = clock.now()
        unhealthy = { reason: `the rollout failed: ${waited.verdict.message}`, firstFailureAt: clock.now() }
      } else if (waited.verdict.state === 'timeout') {
        unhealthy = { reason: `the rollout did not finish within ${Math.round(config.rolloutTimeoutMs / 1000)} s: ${waited.verdict.message}`, firstFailureAt: clock.now() }
      }
    } catch (error) {
      const message = kubeErrorMessage(error)
      timeline.add({ kind: 'note', level: 'warning', message: `cannot read the Deployment: ${message}` })
      return finish({ healthy: false, rolledBack: false, reason: `cannot read deployment "${config.deployment}": ${message}`, fromImages: [], toImages: [], failure: `health-rollback could not read deployment "${config.deployment}" in namespace "${target.namespace}": ${message}` })
    }
    if (baseline && !baseline.ok) timeline.add({ kind: 'note', level: 'warning', message: `no rollback possible: ${baseline.why}` })
    else if (baseline?.ok) timeline.add({ kind: 'note', level: 'info', message: `known-good revision recorded: ${baseline.knownGood.revision} (${baseline.knownGood.images.join(', ')})` })
  }

  // 2. Health checks on a finished rollout.
  let checks: ChecksResult | undefined
  if (!unhealthy && (config.healthUrls.length > 0 || config.metrics.length > 0)) {
    checks = await runChecks(
      {
        urls: config.healthUrls,
        expectations: config.expectations,
        headers: config.probeHeaders,
        timeoutMs: config.probeTimeoutMs,
        metrics: config.metrics,
        ...(config.metricsSource ? { metricsClient: createMetricsClient(config.metricsSource, config.probeTimeoutMs) } : {}),
        noData: config.noData,
        rounds: config.probes,
        intervalMs: config.probeIntervalMs,
        failureThreshold: config.failureThreshold
      },
      {
        clock,
        timeline,
        log,
        ...(target
          ? {
              podFailure: async () => {
                const snapshot = await target.snapshot().catch(() => undefined)
                if (!snapshot) return undefined
                const problems = containerProblems(currentPods(snapshot))
                const bad = problems.find((p) => isTerminalProblem(p, config.maxRestarts))
                if (!bad) return undefined
                await reportPods(problems)
                return describeProblem(bad)
              }
            }
          : {})
      }
    )
    if (!checks.healthy) {
      marks.firstFailureAt = checks.firstFailureAt
      unhealthy = { reason: checks.reason, firstFailureAt: checks.firstFailureAt }
    } else if (checks.ignoredMetrics.length > 0) {
      timeline.add({ kind: 'note', level: 'warning', message: `no data for ${checks.ignoredMetrics.join(', ')} in any round (no-data: ignore): judged on the other checks only` })
    }
  }
  marks.decidedAt = clock.now()

  const from = baseline ? (baseline.ok ? { revision: baseline.knownGood.fromRevision, images: baseline.knownGood.fromImages } : { revision: baseline.fromRevision, images: baseline.fromImages }) : { revision: undefined, images: [] }
  const fromFields = { ...(from.revision !== undefined ? { fromRevision: from.revision } : {}), fromImages: from.images }
  if (!unhealthy) {
    const how = checks ? `${checks.rounds} round${checks.rounds === 1 ? '' : 's'} of checks passed` : 'the rollout finished'
    return finish({ healthy: true, rolledBack: false, reason: `healthy: ${target ? 'the rollout finished and ' : ''}${how}`, ...fromFields, toImages: [] })
  }

  // 3. Decide and roll back (once).
  const decision = decideRollback({
    unhealthy: true,
    enabled: config.rollback,
    alreadyRolledBack: false,
    ...(config.rollbackCommand ? { command: config.rollbackCommand } : {}),
    ...(baseline ? { baseline } : {}),
    paused,
    ...(foreignChange ? { foreignChange } : {})
  })
  const fromText = from.revision !== undefined ? `revision ${from.revision} (${from.images.join(', ')})` : from.images.length > 0 ? from.images.join(', ') : label
  if (decision.action === 'none' || decision.action === 'refuse') {
    if (decision.action === 'refuse') timeline.add({ kind: 'rollback', step: 'refused', message: decision.why })
    const failure = `${fromText} is unhealthy because ${unhealthy.reason}; not rolled back: ${decision.why}`
    return finish({ healthy: false, rolledBack: false, reason: unhealthy.reason, ...fromFields, toImages: [], failure })
  }
  const ctx = { clock, timeline, timeoutMs: config.rolloutTimeoutMs, pollMs, maxRestarts: config.maxRestarts, log }
  let outcome: RollbackOutcome
  try {
    outcome = decision.action === 'undo' ? await undoToRevision(target!, decision.toRevision, decision.images, ctx) : await runRollbackCommand(decision.argv, target, ctx)
  } catch (error) {
    outcome = { ok: false, message: errorMessage(error), requested: false }
  }
  if (outcome.requestedAt !== undefined) marks.rollbackRequestedAt = outcome.requestedAt
  const to = decision.action === 'undo' ? { revision: decision.toRevision, images: decision.images } : { revision: undefined, images: [] as string[] }
  const toText = decision.action === 'undo' ? `revision ${to.revision} (${to.images.join(', ')})` : 'the previous version (rollback-command)'
  const toFields = { ...(to.revision !== undefined ? { toRevision: to.revision } : {}), toImages: to.images }
  if (!outcome.ok) {
    return finish({ healthy: false, rolledBack: false, reason: unhealthy.reason, ...fromFields, ...toFields, failure: `${fromText} is unhealthy because ${unhealthy.reason}; ${outcome.message}` })
  }
  marks.restoredAt = outcome.restoredAt
  return finish({ healthy: false, rolledBack: true, reason: unhealthy.reason, ...fromFields, ...toFields, failure: `rolled back from ${fromText} to ${toText} because ${unhealthy.reason}` })
}
