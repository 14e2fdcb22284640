import { ITEM_STRIDE, LINE_STRIDE, type CoverageTotals, type FileCoverage } from './types.js'

/**
 * Collects one file's entries while a report is parsed, in any order and possibly repeated (a file listed twice in
 * one report, several <class> elements of one source file), and builds the sorted FileCoverage. Within one report
 * a repeated entry keeps its highest count: the report describes one run, so a repetition is the same item again.
 */
export class FileCoverageBuilder {
  private readonly lineEntries: number[] = [] // line, hits
  private readonly branchEntries: number[] = [] // line, group, index, hits
  private readonly functionEntries: number[] = [] // line, order, hits
  private functionsByName: Map<string, number> | undefined
  private summary: CoverageTotals | undefined

  constructor(readonly path: string) {}

  line(line: number, hits: number): void {
    this.lineEntries.push(line, hits)
  }

  /** group and index order the branches of one line the way the tool lists them (lcov block and branch). */
  branch(line: number, group: number, index: number, hits: number): void {
    this.branchEntries.push(line, group, index, hits)
  }

  /** A function named twice in one report (a file listed twice) is one function. */
  function(line: number, hits: number, name?: string): void {
    if (name !== undefined) {
      this.functionsByName ??= new Map()
      const at = this.functionsByName.get(name)
      if (at !== undefined) {
        this.functionEntries[at + 2] = Math.max(this.functionEntries[at + 2]!, hits)
        return
      }
      this.functionsByName.set(name, this.functionEntries.length)
    }
    this.functionEntries.push(line, this.functionEntries.length, hits)
  }

  totalsOnly(summary: CoverageTotals): void {
    this.summary = summary
  }

  build(): FileCoverage {
    const file: FileCoverage = {
      path: this.path,
      lines: combineSorted(this.lineEntries, LINE_STRIDE, 1),
      branches: positioned(combineSorted(this.branchEntries, 4, 3), 4),
      functions: positioned(combineSorted(this.functionEntries, 3, 2), ITEM_STRIDE)
    }
    return this.summary === undefined ? file : { ...file, summary: this.summary }
  }
}

/** Sorts entries of `stride` numbers by their first `keyLength` numbers; equal keys keep the highest count (last). */
function combineSorted(entries: number[], stride: number, keyLength: number): number[] {
  const count = entries.length / stride
  if (isStrictlyAscending(entries, stride, keyLength)) return entries
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

export function compareKeys(a: readonly number[], aAt: number, b: readonly number[], bAt: number, keyLength: number): number {
  for (let k = 0; k < keyLength; k++) {
    const difference = a[aAt + k]! - b[bAt + k]!
    if (difference !== 0) return difference
  }
  return 0
}

/** Sorted [line, ...ordering keys, hits] entries of `stride` numbers -> [line, position on the line, hits]. */
function positioned(sorted: number[], stride: number): number[] {
  const out: number[] = []
  let line = -1
  let position = 0
  for (let at = 0; at < sorted.length; at += stride) {
    position = sorted[at] === line ? position + 1 : 0
    line = sorted[at]!
    out.push(line, position, sorted[at + stride - 1]!)
  }
  return out
}
