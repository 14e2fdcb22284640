/** The coverage engine of the quality gate: pure code, no @actions/* imports. */
export type { CoverageFormat, CoverageReport, CoverageTotals, FileCoverage, Metric } from './types.js'
export { detectFormat } from './detect.js'
export { readCoverageFile } from './read.js'
export { mergeReports } from './merge.js'
export { coverageTotals, fileTotals } from './totals.js'
export { parseUnifiedDiff } from './diff.js'
export { patchCoverage, hitsAt, type PatchCoverage } from './patch.js'
export { metric } from './metric.js'
