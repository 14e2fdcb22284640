/** Shared printing for benchmarks: a table of figures, ratios against a baseline, and a target verdict. */

export interface Row {
  case: string
  value: number
  unit: string
  baseline?: number
  target?: { max?: number; min?: number; of: 'value' | 'ratio'; text: string }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Prints the rows; returns false when a row misses its target. */
export function report(title: string, rows: Row[]): boolean {
  let met = true
  console.log(`\n${title}`)
  console.log(['case', 'value', 'baseline', 'ratio', 'target', 'met'].join('\t'))
  for (const row of rows) {
    const ratio = row.baseline ? row.value / row.baseline : undefined
    const judged = row.target?.of === 'ratio' ? ratio : row.value
    const ok = !row.target || judged === undefined || ((row.target.max === undefined || judged <= row.target.max) && (row.target.min === undefined || judged >= row.target.min))
    met &&= ok
    console.log([row.case, `${row.value.toFixed(row.unit === 'MB' ? 1 : 0)} ${row.unit}`, row.baseline === undefined ? '' : `${row.baseline.toFixed(0)} ${row.unit}`, ratio === undefined ? '' : `${ratio.toFixed(3)}x`, row.target?.text ?? '', row.target ? (ok ? 'yes' : 'NO') : ''].join('\t'))
  }
  return met
}
