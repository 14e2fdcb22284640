/** The coverage data model: formats, metrics, totals, one file's coverage as flat runs of numbers, a report. */

export type CoverageFormat = 'lcov' | 'cobertura' | 'istanbul-summary' | 'istanbul-final' | 'clover' | 'jacoco'

/** percent is null when nothing was measured (total 0), so a caller never divides by zero or shows a fake 100%. */
export interface Metric {
  covered: number
  total: number
  percent: number | null
}

export interface CoverageTotals {
  lines: Metric
  branches: Metric
  functions: Metric
}

/**
 * One source file's coverage, as flat runs of numbers (a report of 100,000 files must stay small in memory):
 * - lines: [line, hits, line, hits, ...], ascending by line, each line once;
 * - branches and functions: [line, position, hits, ...], ascending by line then position. An item is identified by
 *   its line and its position among the items of that line (ordered as the producing tool lists them), which is
 *   what lets two reports of the same file be merged without counting an item twice.
 * A file from an istanbul coverage-summary.json has only `summary` (totals) and empty runs.
 */
export interface FileCoverage {
  readonly path: string
  readonly lines: ArrayLike<number>
  readonly branches: ArrayLike<number>
  readonly functions: ArrayLike<number>
  readonly summary?: CoverageTotals
}

export interface CoverageReport {
  /** Keyed by repository-relative POSIX path (or the path as given when the file is outside the repository). */
  files: Map<string, FileCoverage>
  sources: { path: string; format: CoverageFormat }[]
}

export const LINE_STRIDE = 2
export const ITEM_STRIDE = 3
