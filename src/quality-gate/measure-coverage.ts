/** Measures coverage: reads and merges the reports, then patch coverage and the baseline when the inputs ask. */
import * as core from '@actions/core'
import { matchFiles } from '../lib/files/match.js'
import { repositoryRoot } from '../lib/git/repository.js'
import { onDefaultBranch, type RunContext } from '../lib/github/event.js'
import path from 'node:path'
import { coverageTotals, mergeReports, parseUnifiedDiff, patchCoverage, readCoverageFile } from './coverage/index.js'
import type { CoverageMeasurement } from './gates.js'
import type { QualityGateInputs } from './inputs.js'
import { diffBase, diffFromBase } from './patch-base.js'
import { baselineDir, loadBaseline } from './baseline.js'

/** Reads and merges the coverage reports, then the patch coverage and the baseline when the inputs ask for them. */
export async function measureCoverage(inputs: QualityGateInputs, context: RunContext): Promise<CoverageMeasurement | undefined> {
  if (inputs['coverage-files'].length === 0) return undefined
  const cwd = inputs['working-directory']
  const files = await matchFiles(inputs['coverage-files'], cwd, { input: 'coverage-files', roots: inputs.roots })
  if (files.length === 0) {
    core.warning(`No coverage report matched ${inputs['coverage-files'].join(', ')} in ${cwd}`)
    return { missingReason: `no coverage report matched ${inputs['coverage-files'].map((p) => `'${p}'`).join(', ')} (did the test check write one?)` }
  }
  const repository = await repositoryRoot(cwd)
  const root = repository ?? cwd
  const reports = []
  for (const file of files) {
    const report = await readCoverageFile(file, root)
    core.info(`Read ${path.relative(cwd, file)} (${report.sources.map((s) => s.format).join(', ')}, ${report.files.size} files)`)
    reports.push(report)
  }
  const merged = mergeReports(reports)
  const measurement: CoverageMeasurement = { totals: coverageTotals(merged) }

  if (inputs.thresholds.patch !== undefined) {
    const base = diffBase(context)
    if ('unavailable' in base) {
      measurement.patchUnavailable = base.unavailable
    } else {
      const diff = repository ? await diffFromBase(base, repository) : { unavailable: `${cwd} is not inside a git repository` }
      if ('unavailable' in diff) measurement.patchUnavailable = diff.unavailable
      else {
        const result = patchCoverage(merged, parseUnifiedDiff(diff.diff))
        measurement.patch = { metric: result.metric, uncovered: result.uncovered }
        if (result.notice) measurement.patchUnavailable = result.notice
      }
    }
  }

  if (inputs.thresholds.maxDrop !== undefined && !onDefaultBranch(context)) {
    const loaded = await loadBaseline(baselineDir(context.runnerTemp), `${context.repository.owner}/${context.repository.repo}`, path.relative(context.workspace, cwd) || '.')
    if (loaded.baseline) measurement.baseline = { totals: loaded.baseline.totals, sha: loaded.baseline.sha }
    else measurement.baselineUnavailable = loaded.reason ?? 'no baseline'
  } else if (inputs.thresholds.maxDrop !== undefined) {
    measurement.baselineUnavailable = 'this run is on the default branch: it sets the baseline rather than being compared with it'
  }
  return measurement
}
