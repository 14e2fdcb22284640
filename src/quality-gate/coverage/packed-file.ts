/** Compact storage of each file's coverage numbers in shared slabs, so a report of many files stays small. */
import type { CoverageTotals, FileCoverage } from './types.js'

const SLAB_WORDS = 1 << 20 // 4 MB

/**
 * Space for the numbers of many files: slabs of 4 MB that files take consecutive runs of. A typed array per file
 * would cost a few hundred bytes of object and backing-store bookkeeping each, as much as its numbers; a slab
 * costs that once, and its contents are never scanned by the garbage collector.
 */
class Slabs {
  private slab = new Uint32Array(SLAB_WORDS)
  private used = 0

  take(length: number): { slab: Uint32Array; offset: number } {
    if (length > SLAB_WORDS / 4) return { slab: new Uint32Array(length), offset: 0 }
    if (this.used + length > this.slab.length) {
      this.slab = new Uint32Array(SLAB_WORDS)
      this.used = 0
    }
    const offset = this.used
    this.used += length
    return { slab: this.slab, offset }
  }
}

const slabs = new Slabs()

/**
 * A FileCoverage whose numbers (lines, then branches, then functions) are one run of a shared slab, or its own
 * Float64Array in the rare file with a hit count beyond 32 bits.
 */
export class PackedFileCoverage implements FileCoverage {
  private readonly data: Uint32Array | Float64Array
  private readonly start: number
  private readonly linesEnd: number
  private readonly branchesEnd: number
  private readonly end: number

  constructor(
    readonly path: string,
    lines: ArrayLike<number>,
    branches: ArrayLike<number>,
    functions: ArrayLike<number>,
    readonly summary?: CoverageTotals
  ) {
    const length = lines.length + branches.length + functions.length
    const { slab, offset } = slabs.take(length)
    if (copyUint32(lines, slab, offset) && copyUint32(branches, slab, offset + lines.length) && copyUint32(functions, slab, offset + lines.length + branches.length)) {
      this.data = slab
      this.start = offset
    } else {
      this.data = new Float64Array(length)
      this.start = 0
      this.data.set(lines, 0)
      this.data.set(branches, lines.length)
      this.data.set(functions, lines.length + branches.length)
    }
    this.linesEnd = this.start + lines.length
    this.branchesEnd = this.linesEnd + branches.length
    this.end = this.start + length
  }

  get lines(): ArrayLike<number> {
    return this.data.subarray(this.start, this.linesEnd)
  }

  get branches(): ArrayLike<number> {
    return this.data.subarray(this.linesEnd, this.branchesEnd)
  }

  get functions(): ArrayLike<number> {
    return this.data.subarray(this.branchesEnd, this.end)
  }
}

/** Copies into the slab; false when a value does not fit 32 bits (the slab run is then left unused). */
function copyUint32(values: ArrayLike<number>, slab: Uint32Array, offset: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!
    if (value >>> 0 !== value) return false // not an integer in [0, 2^32)
    slab[offset + i] = value
  }
  return true
}
