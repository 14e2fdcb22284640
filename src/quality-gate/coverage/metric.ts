import type { Metric } from './types.js'

export function metric(covered: number, total: number): Metric {
  return { covered, total, percent: total === 0 ? null : (covered / total) * 100 }
}
