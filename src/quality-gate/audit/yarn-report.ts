/** Findings from yarn's audit output: yarn classic's JSON lines and yarn berry's `yarn npm audit --json`. */
import { ghsaIn, identify, unique, type Finding } from './finding.js'
import { findingFromAdvisory, isObject } from './npm-report.js'
import { severityFromWord } from './severity.js'

type Json = Record<string, unknown>

/**
 * yarn classic prints every message as `{"type": …, "data": …}`: `auditAdvisory` once per advisory and path, a
 * closing `auditSummary`, and `info`/`warning`/`error` lines around them.
 */
export function isYarnClassicLine(line: Json): boolean {
  return typeof line.type === 'string' && 'data' in line
}

/** yarn berry (`yarn npm audit --json`): `{"value":"<package>","children":{"ID":…,"Issue":…,"Severity":…}}`. */
export function isYarnBerryLine(line: Json): boolean {
  return typeof line.value === 'string' && isObject(line.children) && ('ID' in line.children || 'Issue' in line.children)
}

export function findingsFromYarnClassic(lines: Json[], source: string): Finding[] {
  return lines.flatMap((line) => {
    if (line.type !== 'auditAdvisory' || !isObject(line.data) || !isObject(line.data.advisory)) return []
    return [findingFromAdvisory(line.data.advisory, source)]
  })
}

export function findingsFromYarnBerry(lines: Json[], source: string): Finding[] {
  return lines.flatMap((line) => {
    if (!isYarnBerryLine(line)) return []
    const child = line.children as Json
    const url = typeof child.URL === 'string' ? child.URL : undefined
    const npmId = child.ID === undefined ? undefined : String(child.ID)
    const ghsa = ghsaIn(url)
    const versions = Array.isArray(child['Tree Versions']) ? unique(child['Tree Versions'].map(String)) : []
    return [
      {
        ...identify([ghsa, npmId, url], `${String(line.value)}:advisory`),
        severity: severityFromWord(child.Severity),
        title: typeof child.Issue === 'string' ? child.Issue : 'Untitled advisory',
        package: String(line.value),
        version: versions.length ? versions.join(', ') : undefined,
        url,
        source
      }
    ]
  })
}

/** yarn classic's own count, from its closing `auditSummary` line. */
export function yarnClassicSummary(lines: Json[]): Json | undefined {
  const summary = lines.find((line) => line.type === 'auditSummary')
  return summary && isObject(summary.data) ? summary.data : undefined
}
