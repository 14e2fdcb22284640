/** A Metric from covered and total counts (percent null when there is nothing to cover). */
import type { Metric } from './types.js'

export function metric(covered: number, total: number): Metric {
  return { covered, total, percent: total === 0 ? null : (covered / total) * 100 }
}
