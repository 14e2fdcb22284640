/** Patch coverage: how many of the lines a change touched ran. Pure. */
import { metric } from './metric.js'
import { LINE_STRIDE, type CoverageReport, type FileCoverage, type Metric } from './types.js'

export interface PatchCoverage {
  /** Changed lines that are instrumented, and how many of them ran. percent is null when no changed line is. */
  metric: Metric
  uncovered: { path: string; lines: number[] }[]
  /** Changed files whose coverage came only from an istanbul coverage-summary.json (no line data). */
  summaryOnly: string[]
  /** A sentence the caller can show when summaryOnly is not empty. */
  notice: string | undefined
}

/**
 * Coverage of the changed lines: a changed line counts when the report instruments it (comments, blank lines and
 * files without coverage data are not code). A report path that is only the tail of the changed path (JaCoCo's
 * com/example/Foo.java when the source root was not found) matches when it is the only such tail.
 */
export function patchCoverage(report: CoverageReport, changed: Map<string, Set<number>>): PatchCoverage {
  const byTail = tailIndex(report)
  let covered = 0
  let total = 0
  const uncovered: { path: string; lines: number[] }[] = []
  const summaryOnly: string[] = []
  for (const path of [...changed.keys()].sort()) {
    const file = report.files.get(path) ?? findByTail(byTail, path)
    if (file === undefined) continue
    if (file.summary !== undefined) {
      summaryOnly.push(path)
      continue
    }
    const missed: number[] = []
    for (const line of [...changed.get(path)!].sort((a, b) => a - b)) {
      const hits = hitsAt(file, line)
      if (hits === undefined) continue
      total++
      if (hits > 0) covered++
      else missed.push(line)
    }
    if (missed.length > 0) uncovered.push({ path, lines: missed })
  }
  return { metric: metric(covered, total), uncovered, summaryOnly, notice: summaryNotice(summaryOnly) }
}

/** Hits of one line, or undefined when the line is not instrumented (binary search over the sorted lines). */
export function hitsAt(file: FileCoverage, line: number): number | undefined {
  const lines = file.lines
  let low = 0
  let high = lines.length / LINE_STRIDE - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const value = lines[middle * LINE_STRIDE]!
    if (value === line) return lines[middle * LINE_STRIDE + 1]
    if (value < line) low = middle + 1
    else high = middle - 1
  }
  return undefined
}

function summaryNotice(paths: string[]): string | undefined {
  if (paths.length === 0) return undefined
  const shown = paths.length > 5 ? `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more` : paths.join(', ')
  return (
    `Patch coverage leaves out ${paths.length} changed file(s) whose coverage comes only from an istanbul ` +
    `coverage-summary.json, which has totals but no line data: ${shown}. ` +
    'Add an lcov, coverage-final.json or XML report to measure their changed lines.'
  )
}

/** Report paths that are not repository paths (no source root found), by file name. */
function tailIndex(report: CoverageReport): Map<string, FileCoverage[]> {
  const index = new Map<string, FileCoverage[]>()
  for (const [path, file] of report.files) {
    const name = path.slice(path.lastIndexOf('/') + 1)
    const list = index.get(name)
    if (list === undefined) index.set(name, [file])
    else list.push(file)
  }
  return index
}

function findByTail(index: Map<string, FileCoverage[]>, path: string): FileCoverage | undefined {
  const candidates = (index.get(path.slice(path.lastIndexOf('/') + 1)) ?? []).filter(
    (file) => !file.path.startsWith('/') && path.endsWith(`/${file.path}`)
  )
  return candidates.length === 1 ? candidates[0] : undefined
}
