import * as core from '@actions/core'
import * as glob from '@actions/glob'
import { runCommand } from '../lib/exec/command.js'
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
  const patterns = inputs['coverage-files'].map((p) => (path.isAbsolute(p) || p.startsWith('!') ? p : path.join(cwd, p)))
  const globber = await glob.create(patterns.join('\n'), { matchDirectories: false })
  const files = (await globber.glob()).sort()
  if (files.length === 0) {
    core.warning(`No coverage report matched ${inputs['coverage-files'].join(', ')} in ${cwd}`)
    return { missingReason: `no coverage report matched ${inputs['coverage-files'].map((p) => `'${p}'`).join(', ')} (did the test check write one?)` }
  }
  const root = await repositoryRoot(cwd)
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
      const diff = await diffFromBase(base, cwd)
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

async function repositoryRoot(cwd: string): Promise<string> {
  const top = await runCommand(['git', 'rev-parse', '--show-toplevel'], { cwd, echo: false })
  return top.exitCode === 0 ? top.stdout.trim() : cwd
}
