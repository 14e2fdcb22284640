/** Line, branch and function totals of a coverage report or of one file. */
import { metric } from './metric.js'
import { ITEM_STRIDE, LINE_STRIDE, type CoverageReport, type CoverageTotals, type FileCoverage } from './types.js'

/** Line, branch and function coverage, each counted on its own over all files (never blended into one number). */
export function coverageTotals(report: CoverageReport): CoverageTotals {
  const sums = { lines: [0, 0], branches: [0, 0], functions: [0, 0] }
  for (const file of report.files.values()) {
    const totals = file.summary
    if (totals !== undefined) {
      add(sums.lines, totals.lines.covered, totals.lines.total)
      add(sums.branches, totals.branches.covered, totals.branches.total)
      add(sums.functions, totals.functions.covered, totals.functions.total)
      continue
    }
    add(sums.lines, coveredCount(file.lines, LINE_STRIDE), file.lines.length / LINE_STRIDE)
    add(sums.branches, coveredCount(file.branches, ITEM_STRIDE), file.branches.length / ITEM_STRIDE)
    add(sums.functions, coveredCount(file.functions, ITEM_STRIDE), file.functions.length / ITEM_STRIDE)
  }
  return {
    lines: metric(sums.lines[0]!, sums.lines[1]!),
    branches: metric(sums.branches[0]!, sums.branches[1]!),
    functions: metric(sums.functions[0]!, sums.functions[1]!)
  }
}

/** The same totals for one file. */
export function fileTotals(file: FileCoverage): CoverageTotals {
  return coverageTotals({ files: new Map([[file.path, file]]), sources: [] })
}

function coveredCount(entries: ArrayLike<number>, stride: number): number {
  let covered = 0
  for (let at = stride - 1; at < entries.length; at += stride) if (entries[at]! > 0) covered++
  return covered
}

function add(sum: number[], covered: number, total: number): void {
  sum[0]! += covered
  sum[1]! += total
}
