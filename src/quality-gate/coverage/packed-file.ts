import type { CoverageTotals, FileCoverage } from './types.js'

const UINT32_MAX = 0xffffffff

/**
 * A FileCoverage whose numbers live in one typed array: a few hundred bytes per file instead of three arrays of
 * boxed slots, and nothing for the garbage collector to scan. Uint32 unless a hit count does not fit.
 */
export class PackedFileCoverage implements FileCoverage {
  private readonly data: Uint32Array | Float64Array
  private readonly linesEnd: number
  private readonly branchesEnd: number

  constructor(
    readonly path: string,
    lines: ArrayLike<number>,
    branches: ArrayLike<number>,
    functions: ArrayLike<number>,
    readonly summary?: CoverageTotals
  ) {
    const length = lines.length + branches.length + functions.length
    this.data = fitsUint32(lines) && fitsUint32(branches) && fitsUint32(functions) ? new Uint32Array(length) : new Float64Array(length)
    this.data.set(lines, 0)
    this.data.set(branches, lines.length)
    this.data.set(functions, lines.length + branches.length)
    this.linesEnd = lines.length
    this.branchesEnd = lines.length + branches.length
    if (summary === undefined) delete (this as { summary?: CoverageTotals }).summary
  }

  get lines(): ArrayLike<number> {
    return this.data.subarray(0, this.linesEnd)
  }

  get branches(): ArrayLike<number> {
    return this.data.subarray(this.linesEnd, this.branchesEnd)
  }

  get functions(): ArrayLike<number> {
    return this.data.subarray(this.branchesEnd)
  }
}

function fitsUint32(values: ArrayLike<number>): boolean {
  if (values instanceof Uint32Array) return true
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!
    if (value > UINT32_MAX || !Number.isInteger(value)) return false
  }
  return true
}
