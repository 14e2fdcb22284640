/** Merges coverage reports file by file, never counting an item twice nor averaging a percentage. */
import { compareKeys } from './file-coverage.js'
import { PackedFileCoverage } from './packed-file.js'
import { ITEM_STRIDE, LINE_STRIDE, type CoverageReport, type CoverageTotals, type FileCoverage, type Metric } from './types.js'

/**
 * Merges reports file by file (a monorepo's packages, or several test suites over the same code). For a file in
 * several reports, hits of the same line add up and a branch or function (same line, same position) is one item,
 * covered if any report covered it: nothing is counted twice and no percentage is ever averaged.
 * A file known only by totals (istanbul coverage-summary.json) gives way to line-level data for the same file;
 * between two totals-only entries each metric keeps the one with more covered (the union is not knowable).
 * Likewise, Cobertura, JaCoCo and Clover say how many branches of a line ran, not which: two reports that each ran
 * one of a line's two branches merge to 1 of 2, a lower bound rather than a guess. lcov and coverage-final.json
 * name every branch, so they merge exactly.
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

/** Two reports' data for one file: hits add up. */
export function mergeFiles(a: FileCoverage, b: FileCoverage): FileCoverage {
  return combineFiles(a, b, (x, y) => x + y)
}

/** One report naming a file twice (separate records or classes): the same run seen twice, so the highest count. */
export function relistedFile(a: FileCoverage, b: FileCoverage): FileCoverage {
  return combineFiles(a, b, Math.max)
}

function combineFiles(a: FileCoverage, b: FileCoverage, combine: (x: number, y: number) => number): FileCoverage {
  if (a.summary !== undefined && b.summary !== undefined) {
    return new PackedFileCoverage(a.path, [], [], [], mergeSummaries(a.summary, b.summary))
  }
  if (a.summary !== undefined) return b
  if (b.summary !== undefined) return a
  return new PackedFileCoverage(
    a.path,
    mergeSorted(a.lines, b.lines, LINE_STRIDE, 1, combine),
    mergeSorted(a.branches, b.branches, ITEM_STRIDE, 2, combine),
    mergeSorted(a.functions, b.functions, ITEM_STRIDE, 2, combine)
  )
}

function mergeSummaries(a: CoverageTotals, b: CoverageTotals): CoverageTotals {
  const larger = (x: Metric, y: Metric): Metric => (y.covered > x.covered ? y : x)
  return {
    lines: larger(a.lines, b.lines),
    branches: larger(a.branches, b.branches),
    functions: larger(a.functions, b.functions)
  }
}

/** Merges two key-sorted entry arrays; entries with equal keys combine their hits (the last number). */
function mergeSorted(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  stride: number,
  keyLength: number,
  combine: (x: number, y: number) => number
): ArrayLike<number> {
  if (b.length === 0) return a
  if (a.length === 0) return b
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const order = i >= a.length ? 1 : j >= b.length ? -1 : compareKeys(a, i, b, j, keyLength)
    if (order <= 0) {
      for (let k = 0; k < stride; k++) out.push(a[i + k]!)
      if (order === 0) {
        out[out.length - 1] = combine(out[out.length - 1]!, b[j + stride - 1]!)
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
