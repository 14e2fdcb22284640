/** The audit severities (info, low to critical), their order, and how the tools' words and CVSS scores map to them. */

export const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]
export type FindingSeverity = Severity | 'info'

const RANK: Record<FindingSeverity, number> = { info: 0, low: 1, moderate: 2, high: 3, critical: 4 }

export function severityRank(severity: FindingSeverity): number {
  return RANK[severity]
}

export function atLeast(severity: FindingSeverity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold]
}

export function maxSeverity(a: FindingSeverity, b: FindingSeverity): FindingSeverity {
  return RANK[a] >= RANK[b] ? a : b
}

export function isSeverity(text: string): text is Severity {
  return (SEVERITIES as readonly string[]).includes(text)
}

/** Reads the words the tools use: npm's `moderate`, GitHub's and Trivy's `medium`, any case; unknown words -> info. */
export function severityFromWord(word: unknown): FindingSeverity {
  const text = typeof word === 'string' ? word.trim().toLowerCase() : ''
  if (text === 'medium') return 'moderate'
  return isSeverity(text) ? text : 'info'
}

/** CVSS base score bands, as GitHub code scanning reads `security-severity`: 0 is None. */
export function severityFromCvss(score: number): FindingSeverity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'moderate'
  if (score > 0) return 'low'
  return 'info'
}
