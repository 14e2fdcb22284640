/**
 * health-rollback: read the inputs -> wait for the rollout -> run the health checks -> roll an unhealthy version back
 * (at most once) -> report (outputs, report file, summary, GitHub Deployment status). `main` runs it as the action;
 * `healthRollback` is the same run with its dependencies passed in (tests and the benchmark call it in-process).
 */
import * as core from '@actions/core'
import { errorMessage } from '../lib/action/errors.js'
import { logText } from '../lib/action/log-text.js'
import { removeKubeconfigFile, saveKubeconfigForCleanup } from '../lib/kube/index.js'
import { checkHealth, hasChecks } from './check-health.js'
import type { ChecksResult } from './checks.js'
import { realClock } from './clock.js'
import { cannotReadConclusion, healthyConclusion, versionUnderTest } from './conclusion.js'
import { finish, startRun, type HealthRollbackDeps, type HealthRollbackResult } from './context.js'
import { GithubDeploymentStatus } from './github-deployment.js'
import { readInputs, type HealthRollbackInputs } from './inputs.js'
import { report } from './report.js'
import { rollBackOnce } from './roll-back-once.js'
import { watchRollout } from './watch-rollout.js'
import { watchWorkloadRollout } from './workload-rollout.js'

/** The main step; the entry (index.ts) passes the inputs it has already validated. */
export async function main(inputs: HealthRollbackInputs = readInputs()): Promise<void> {
  const github = inputs.github ? new GithubDeploymentStatus(inputs.github.token, { ...inputs.github, warn: (m) => core.warning(m) }) : undefined
  const result = await healthRollback(inputs, {
    clock: realClock,
    log: logText,
    group: core.group,
    onKubeconfig: saveKubeconfigForCleanup,
    ...(github ? { onStatus: (state, description) => github.set(state, description) } : {})
  }).catch(async (error: unknown) => {
    // A run that could not finish leaves no Deployment status "in progress" forever.
    if (github?.id !== undefined) await github.set('error', errorMessage(error))
    throw error
  })
  await core.group('Report', () => report(inputs, result, github))
}

/** The post step: the kubeconfig written from the input must not outlive the job step. */
export async function post(): Promise<void> {
  if (removeKubeconfigFile()) core.info('removed the kubeconfig written for this action')
}

export async function healthRollback(inputs: HealthRollbackInputs, deps: HealthRollbackDeps): Promise<HealthRollbackResult> {
  const group = deps.group ?? ((_name, phase) => phase())
  const ctx = startRun(inputs, deps)
  await deps.onStatus?.('in_progress', `checking ${ctx.label}`)
  const { target, workload } = ctx
  const rollout = workload ? await group('Rollout', () => watchWorkloadRollout(ctx, workload)) : target ? await group('Rollout', () => watchRollout(ctx, target)) : undefined
  const namespace = target?.namespace ?? workload?.namespace
  if (namespace !== undefined && rollout?.readable === false) return finish(ctx, cannotReadConclusion(inputs.deployment, namespace, rollout.message, inputs.kind))
  const facts = rollout?.readable ? rollout : undefined
  let unhealthy = facts?.unhealthy
  let checks: ChecksResult | undefined
  if (!unhealthy && hasChecks(inputs)) {
    checks = await group('Health checks', () => checkHealth(ctx))
    if (!checks.healthy) unhealthy = checks.reason
  }
  ctx.marks.decidedAt = ctx.clock.now()
  if (!unhealthy) return finish(ctx, healthyConclusion(versionUnderTest(facts?.baseline), checks, namespace !== undefined))
  const reason = unhealthy
  return finish(ctx, await group('Rollback', () => rollBackOnce(ctx, facts, reason)))
}
