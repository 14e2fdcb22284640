/** The coverage baseline of the default branch, kept in the Actions cache for max-coverage-drop: load and save. */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { restoreCache, saveCache } from '../lib/cache/actions-cache.js'
import { onDefaultBranch, type RunContext } from '../lib/github/event.js'
import type { CheckResult } from './checks/check.js'
import type { CoverageMeasurement, CoverageMetric, Metric } from './gates.js'
import type { QualityGateInputs } from './inputs.js'

/** The default branch's coverage, kept in the Actions cache (caches saved on the default branch are readable from every branch). */
export interface Baseline {
  sha: string
  savedAt: string
  totals: Record<CoverageMetric, Metric>
}

const FILE = 'coverage-baseline.json'

/**
 * Where the baseline is written before saving and restored to. The cache service matches entries by path as well as
 * key, so this must be the same path in every job: RUNNER_TEMP is (/home/runner/work/_temp on hosted runners).
 */
export function baselineDir(runnerTemp: string): string {
  return path.join(runnerTemp, 'pipeline-actions-coverage-baseline')
}

/** One baseline per repository and project directory (monorepos gate each package on its own). */
function keyPrefix(repository: string, projectDirectory: string): string {
  const scope = createHash('sha256').update(`${repository}:${projectDirectory}`).digest('hex').slice(0, 12)
  return `pipeline-actions-coverage-v1-${scope}-`
}

export async function loadBaseline(dir: string, repository: string, projectDirectory: string): Promise<{ baseline?: Baseline; reason?: string }> {
  mkdirSync(dir, { recursive: true })
  const prefix = keyPrefix(repository, projectDirectory)
  const outcome = await restoreCache([dir], `${prefix}latest`, [prefix])
  if (outcome.status === 'unavailable') return { reason: outcome.reason }
  const file = path.join(dir, FILE)
  if (outcome.status === 'miss' || !existsSync(file)) return { reason: 'no coverage baseline has been saved from the default branch yet' }
  try {
    return { baseline: JSON.parse(readFileSync(file, 'utf8')) as Baseline }
  } catch {
    return { reason: 'the saved coverage baseline could not be read' }
  }
}

export async function saveBaseline(dir: string, repository: string, projectDirectory: string, baseline: Baseline, runId: string, attempt: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, FILE), JSON.stringify(baseline, null, 2))
  // Cache keys are immutable, so each run saves its own; restoring by prefix picks the newest.
  const outcome = await saveCache([dir], `${keyPrefix(repository, projectDirectory)}${baseline.sha}-${runId}-${attempt}`)
  return outcome.status === 'saved' ? `coverage baseline saved for ${baseline.sha.slice(0, 7)}` : `coverage baseline not saved: ${outcome.reason}`
}

/**
 * After a run on the default branch that judges max-coverage-drop: its totals become the baseline when every check
 * passed. Returns the note for the report, or undefined when the run sets no baseline.
 */
export async function recordBaseline(inputs: QualityGateInputs, context: RunContext, checks: CheckResult[], coverage: CoverageMeasurement | undefined): Promise<string | undefined> {
  if (!coverage?.totals || !onDefaultBranch(context) || inputs.thresholds.maxDrop === undefined) return undefined
  if (!checks.every((c) => c.status === 'passed')) return 'coverage baseline not saved: a check failed on the default branch'
  const projectDirectory = path.relative(context.workspace, inputs['working-directory']) || '.'
  const baseline = { sha: context.sha, savedAt: new Date().toISOString(), totals: coverage.totals }
  return saveBaseline(baselineDir(context.runnerTemp), `${context.repository.owner}/${context.repository.repo}`, projectDirectory, baseline, context.runId, context.runAttempt)
}
