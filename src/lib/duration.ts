/** Durations as users write them in workflow inputs: `500ms`, `30s`, `5m`, `1h30m`, `1h 30m 10s`; a bare number is seconds. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y

export const DURATION_FORMS = "a duration such as '500ms', '30s', '5m', '1h30m' (units ms, s, m, h, d; a bare number is seconds)"

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().replace(/\s+/g, '')
  if (compact === '') return undefined
  if (/^\d+(\.\d+)?$/.test(compact)) return Math.round(Number(compact) * 1000)
  let total = 0
  let index = 0
  const seen = new Set<string>()
  while (index < compact.length) {
    PART.lastIndex = index
    const match = PART.exec(compact)
    if (!match) return undefined
    const unit = match[2]!
    if (seen.has(unit)) return undefined
    seen.add(unit)
    total += Number(match[1]) * UNIT_MS[unit]!
    index = PART.lastIndex
  }
  return Math.round(total)
}

/** A short human form: `1h 2m 3s`, `4.2s`, `850ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0).replace(/\.0$/, '')}s`
  const parts: string[] = []
  let rest = Math.round(ms / 1000)
  for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0) parts.push(`${count}${unit}`)
  }
  return parts.join(' ')
}
