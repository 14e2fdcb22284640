import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { UserError, errorMessage } from '../lib/action/errors.js'
import { readRunContext, onDefaultBranch, pullRequestNumber, type RunContext } from '../lib/github/event.js'
import { upsertStickyComment, findStickyComment } from '../lib/github/issue-comment.js'
import { appendSummary } from '../lib/summary/write.js'
import { restoreCache, saveCache } from '../lib/cache/actions-cache.js'
import { extractProblems } from './checks/problems.js'
import { runChecks } from './checks/run-checks.js'
import type { CheckResult } from './checks/check.js'
import { readInputs, type QualityGateInputs } from './inputs.js'
import { judge, type Verdict } from './gates.js'
import { measureCoverage } from './measure-coverage.js'
import { measureAudit } from './measure-audit.js'
import { renderReport, type GateReport } from './summary.js'
import { planPackageCache } from './package-cache.js'
import { baselineDir, saveBaseline } from './baseline.js'

const MAX_PROBLEM_ANNOTATIONS = 9

export async function main(): Promise<void> {
  const context = readRunContext()
  const inputs = readInputs(context.workspace)
  const notes: string[] = []

  if (inputs.cache !== 'none') notes.push(...(await restorePackageCache(inputs)))

  const checks = inputs.checks.length > 0 ? await runChecks(inputs.checks, {
    parallel: inputs.parallel,
    failFast: inputs['fail-fast'],
    timeoutMs: inputs['check-timeout'],
    cwd: inputs['working-directory']
  }) : []
  annotateProblems(checks, context.workspace)

  const coverage = await core.group('Coverage', () => measureCoverage(inputs, context))
  const audit = await core.group('Dependency audit', () => measureAudit(inputs))
  const verdict = judge({ checks, coverage, thresholds: inputs.thresholds, audit })
  if (verdict.gates.length === 0) {
    throw new UserError(`Nothing was judged: no check ran, no coverage minimum is set, and audit '${inputs.audit}' found no lockfile in ${inputs['working-directory']}. Give 'checks', a coverage minimum, or 'audit-reports'.`)
  }

  if (coverage?.totals && onDefaultBranch(context) && inputs.thresholds.maxDrop !== undefined) {
    if (checks.every((c) => c.status === 'passed')) {
      notes.push(await saveBaseline(baselineDir(context.runnerTemp), `${context.repository.owner}/${context.repository.repo}`, path.relative(context.workspace, inputs['working-directory']) || '.', { sha: context.sha, savedAt: new Date().toISOString(), totals: coverage.totals }, context.runId, context.runAttempt))
    } else {
      notes.push('coverage baseline not saved: a check failed on the default branch')
    }
  }

  const report: GateReport = { verdict, checks, notes, ...(coverage ? { coverage } : {}), ...(audit ? { audit } : {}) }
  const reportFile = writeReportFile(context, report)
  setOutputs(verdict, report, reportFile)
  await appendSummary(renderReport(report))
  await commentOnPullRequest(inputs, context, report)

  if (!verdict.passed) {
    throw new UserError(`Quality gate failed: ${verdict.failed.map((g) => `${g.name} (${g.reason})`).join('; ')}`)
  }
  core.info(`Quality gate passed: ${verdict.gates.length} gates`)
}

/** Saves the package-manager cache after the job, only when main did not restore that exact key. */
export async function post(): Promise<void> {
  const key = core.getState('package-cache-key')
  const paths = core.getState('package-cache-paths')
  if (!key || !paths || core.getState('package-cache-hit') === 'exact') return
  const outcome = await saveCache(JSON.parse(paths) as string[], key)
  if (outcome.status === 'saved') core.info(`Saved the package cache as ${key}`)
  else core.warning(`The package cache was not saved: ${outcome.reason}`)
}

async function restorePackageCache(inputs: QualityGateInputs): Promise<string[]> {
  const plan = await planPackageCache(inputs.cache as 'npm' | 'yarn' | 'pnpm', inputs['working-directory'], process.env)
  if ('problem' in plan) {
    core.warning(`Package cache skipped: ${plan.problem}`)
    return [`package cache skipped: ${plan.problem}`]
  }
  const outcome = await restoreCache(plan.paths, plan.key, plan.restoreKeys)
  core.saveState('package-cache-key', plan.key)
  core.saveState('package-cache-paths', JSON.stringify(plan.paths))
  core.saveState('package-cache-hit', outcome.status)
  const said = describeRestore(outcome, plan.key)
  core.info(said)
  return [said]
}

function describeRestore(outcome: Awaited<ReturnType<typeof restoreCache>>, key: string): string {
  switch (outcome.status) {
    case 'exact':
      return `package cache restored (${key})`
    case 'partial':
      return `package cache partly restored from ${outcome.key}; a new entry is saved after the job`
    case 'miss':
      return `no package cache for ${key} yet; it is saved after the job`
    case 'unavailable':
      return `package cache unavailable: ${outcome.reason}`
  }
}

function annotateProblems(checks: CheckResult[], workspace: string): void {
  let emitted = 0
  for (const check of checks) {
    if (check.status === 'passed' || check.output === '') continue
    for (const problem of extractProblems(check.output, workspace)) {
      if (emitted >= MAX_PROBLEM_ANNOTATIONS) return
      const properties = { title: `${check.name}: ${problem.tool}`, file: problem.file, startLine: problem.line, ...(problem.column ? { startColumn: problem.column } : {}) }
      if (problem.severity === 'error') core.error(problem.message, properties)
      else core.warning(problem.message, properties)
      emitted++
    }
  }
}

function writeReportFile(context: RunContext, report: GateReport): string {
  const dir = path.join(context.runnerTemp, 'pipeline-actions')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'quality-gate-report.json')
  const data = {
    passed: report.verdict.passed,
    gates: report.verdict.gates,
    checks: report.checks.map(({ output: _output, ...rest }) => rest),
    coverage: report.coverage ?? null,
    audit: report.audit ?? null,
    notes: report.notes,
    commit: context.sha,
    run: { id: context.runId, attempt: context.runAttempt, event: context.eventName }
  }
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`)
  return file
}

function setOutputs(verdict: Verdict, report: GateReport, reportFile: string): void {
  core.setOutput('passed', String(verdict.passed))
  core.setOutput('failed-checks', JSON.stringify(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'not-started' && c.status !== 'cancelled').map((c) => c.name)))
  const coverage: Record<string, unknown> = { ...(report.coverage?.totals ?? {}) }
  if (report.coverage?.patch) coverage.patch = report.coverage.patch.metric
  core.setOutput('coverage', JSON.stringify(coverage))
  core.setOutput('vulnerabilities', JSON.stringify(report.audit && !report.audit.error ? report.audit.counts : {}))
  core.setOutput('report-file', reportFile)
}

async function commentOnPullRequest(inputs: QualityGateInputs, context: RunContext, report: GateReport): Promise<void> {
  if (inputs.comment === 'never') return
  const issueNumber = pullRequestNumber(context)
  if (issueNumber === undefined) {
    core.info(`No pull request comment: a ${context.eventName} run has no pull request`)
    return
  }
  const octokit = getOctokit(inputs['github-token'], { baseUrl: context.apiUrl })
  const target = {
    owner: context.repository.owner,
    repo: context.repository.repo,
    issueNumber,
    marker: `<!-- pipeline-actions/quality-gate ${context.workflow}/${context.job}${inputs['working-directory'] === context.workspace ? '' : ` ${path.relative(context.workspace, inputs['working-directory'])}`} -->`
  }
  try {
    // on-failure: say nothing while all is well, but once a comment exists keep it truthful when the gate recovers.
    if (inputs.comment === 'on-failure' && report.verdict.passed && !(await findStickyComment(octokit, target))) return
    const result = await upsertStickyComment(octokit, { ...target, body: renderReport(report) })
    core.info(`Pull request comment ${result.action}: ${result.url}`)
  } catch (error) {
    core.warning(`Could not comment on pull request #${issueNumber}: ${errorMessage(error)} (the token needs pull-requests: write)`)
  }
}
