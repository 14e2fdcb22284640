import { compareKeys } from './file-coverage.js'
import { ITEM_STRIDE, LINE_STRIDE, type CoverageReport, type CoverageTotals, type FileCoverage, type Metric } from './types.js'

/**
 * Merges reports file by file (a monorepo's packages, or several test suites over the same code). For a file in
 * several reports, hits of the same line add up and a branch or function (same line, same position) is one item,
 * covered if any report covered it: nothing is counted twice and no percentage is ever averaged.
 * A file known only by totals (istanbul coverage-summary.json) gives way to line-level data for the same file;
 * between two totals-only entries each metric keeps the one with more covered (the union is not knowable).
 */
export function mergeReports(reports: readonly CoverageReport[]): CoverageReport {
  const files = new Map<string, FileCoverage>()
  for (const report of reports) {
    for (const [path, file] of report.files) {
      const existing = files.get(path)
      files.set(path, existing === undefined ? file : mergeFiles(existing, file))
    }
  }
  return { files, sources: reports.flatMap((report) => report.sources) }
}

export function mergeFiles(a: FileCoverage, b: FileCoverage): FileCoverage {
  if (a.summary !== undefined && b.summary !== undefined) {
    return { ...a, summary: mergeSummaries(a.summary, b.summary) }
  }
  if (a.summary !== undefined) return b
  if (b.summary !== undefined) return a
  return {
    path: a.path,
    lines: mergeSorted(a.lines, b.lines, LINE_STRIDE, 1),
    branches: mergeSorted(a.branches, b.branches, ITEM_STRIDE, 2),
    functions: mergeSorted(a.functions, b.functions, ITEM_STRIDE, 2)
  }
}

function mergeSummaries(a: CoverageTotals, b: CoverageTotals): CoverageTotals {
  const larger = (x: Metric, y: Metric): Metric => (y.covered > x.covered ? y : x)
  return {
    lines: larger(a.lines, b.lines),
    branches: larger(a.branches, b.branches),
    functions: larger(a.functions, b.functions)
  }
}

/** Merges two key-sorted entry arrays; entries with equal keys add their hits (the last number). */
function mergeSorted(a: readonly number[], b: readonly number[], stride: number, keyLength: number): number[] {
  if (b.length === 0) return [...a]
  if (a.length === 0) return [...b]
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const order = i >= a.length ? 1 : j >= b.length ? -1 : compareKeys(a, i, b, j, keyLength)
    if (order <= 0) {
      for (let k = 0; k < stride; k++) out.push(a[i + k]!)
      if (order === 0) {
        out[out.length - 1] = out[out.length - 1]! + b[j + stride - 1]!
        j += stride
      }
      i += stride
    } else {
      for (let k = 0; k < stride; k++) out.push(b[j + k]!)
      j += stride
    }
  }
  return out
}
