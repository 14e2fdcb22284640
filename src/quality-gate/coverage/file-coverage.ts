/** Builds one file's FileCoverage from a parser's entries, in any order: sorted, repeats collapsed. */
import { PackedFileCoverage } from './packed-file.js'
import { ITEM_STRIDE, LINE_STRIDE, type CoverageTotals, type FileCoverage } from './types.js'

/**
 * Collects the entries of one file of a report, in any order, and builds the sorted FileCoverage. A repeated line
 * or branch keeps its highest count: the report describes one run, so a repetition is the same item again.
 * One builder is reused for every file of a report, so parsing leaves no per-file scratch arrays behind.
 */
export class FileCoverageBuilder {
  path = ''
  private readonly lineEntries: number[] = [] // line, hits
  private readonly branchEntries: number[] = [] // line, group, index, hits
  private readonly functionEntries: number[] = [] // line, order, hits
  private summary: CoverageTotals | undefined
  private readonly branchScratch: number[] = []
  private readonly functionScratch: number[] = []

  reset(path: string): this {
    this.path = path
    this.lineEntries.length = 0
    this.branchEntries.length = 0
    this.functionEntries.length = 0
    this.summary = undefined
    return this
  }

  line(line: number, hits: number): void {
    this.lineEntries.push(line, hits)
  }

  /** group and index order the branches of one line the way the tool lists them (lcov block and branch). */
  branch(line: number, group: number, index: number, hits: number): void {
    this.branchEntries.push(line, group, index, hits)
  }

  function(line: number, hits: number): void {
    this.functionEntries.push(line, this.functionEntries.length, hits)
  }

  totalsOnly(summary: CoverageTotals): void {
    this.summary = summary
  }

  build(): FileCoverage {
    return new PackedFileCoverage(
      this.path,
      combineSorted(this.lineEntries, LINE_STRIDE, 1),
      positioned(combineSorted(this.branchEntries, 4, 3), 4, this.branchScratch),
      positioned(combineSorted(this.functionEntries, 3, 2), ITEM_STRIDE, this.functionScratch),
      this.summary
    )
  }
}

/**
 * Sorts entries of `stride` numbers by their first `keyLength` numbers; equal keys keep the highest count (last).
 * Returns a new array of exactly the needed length.
 */
function combineSorted(entries: number[], stride: number, keyLength: number): number[] {
  if (isStrictlyAscending(entries, stride, keyLength)) return entries
  const count = entries.length / stride
  const order = Array.from({ length: count }, (_, i) => i)
  order.sort((a, b) => compareKeys(entries, a * stride, entries, b * stride, keyLength))
  const out: number[] = []
  let previous = -1
  for (const index of order) {
    const at = index * stride
    if (previous >= 0 && compareKeys(out, previous, entries, at, keyLength) === 0) {
      const hitsAt = previous + stride - 1
      out[hitsAt] = Math.max(out[hitsAt]!, entries[at + stride - 1]!)
      continue
    }
    previous = out.length
    for (let k = 0; k < stride; k++) out.push(entries[at + k]!)
  }
  return out
}

function isStrictlyAscending(entries: number[], stride: number, keyLength: number): boolean {
  for (let at = stride; at < entries.length; at += stride) {
    if (compareKeys(entries, at - stride, entries, at, keyLength) >= 0) return false
  }
  return true
}

export function compareKeys(a: ArrayLike<number>, aAt: number, b: ArrayLike<number>, bAt: number, keyLength: number): number {
  for (let k = 0; k < keyLength; k++) {
    const difference = a[aAt + k]! - b[bAt + k]!
    if (difference !== 0) return difference
  }
  return 0
}

/**
 * Sorted [line, ...ordering keys, hits] entries of `stride` numbers -> [line, position on the line, hits], written
 * into `out` (a scratch array the caller reuses).
 */
function positioned(sorted: number[], stride: number, out: number[]): number[] {
  out.length = 0
  let line = -1
  let position = 0
  for (let at = 0; at < sorted.length; at += stride) {
    position = sorted[at] === line ? position + 1 : 0
    line = sorted[at]!
    out.push(line, position, sorted[at + stride - 1]!)
  }
  return out
}
