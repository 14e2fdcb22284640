/** Findings from npm's audit JSON: npm >= 7's `vulnerabilities` and the `advisories` map of npm 6 and pnpm. */
import { ghsaIn, identify, unique, type Finding } from './finding.js'
import { severityFromWord } from './severity.js'

type Json = Record<string, unknown>

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [])

/** npm >= 7 (`auditReportVersion: 2`): one entry per vulnerable package, its `via` holding advisories or names. */
export function isNpmV7Report(report: Json): boolean {
  return report.auditReportVersion === 2 || (isObject(report.vulnerabilities) && !('advisories' in report))
}

/** npm 6, pnpm (all versions) and yarn classic's advisory objects: `advisories` keyed by advisory id. */
export function isAdvisoryMapReport(report: Json): boolean {
  return isObject(report.advisories)
}

/**
 * One finding per advisory object in a package's `via`. A `via` entry that is a string only says the package is
 * vulnerable because a dependency is (npm's `effects`): the advisory is reported on that dependency, not again here.
 */
export function findingsFromNpmV7(report: Json, source: string): Finding[] {
  const findings: Finding[] = []
  const vulnerabilities = isObject(report.vulnerabilities) ? report.vulnerabilities : {}
  for (const [name, entry] of Object.entries(vulnerabilities)) {
    if (!isObject(entry) || !Array.isArray(entry.via)) continue
    for (const via of entry.via) {
      if (!isObject(via)) continue
      const url = text(via.url)
      const npmId = text(via.source)
      const ghsa = ghsaIn(url)
      findings.push({
        ...identify([ghsa, npmId, url], `${name}:${text(via.title) ?? 'advisory'}`),
        severity: severityFromWord(via.severity),
        title: text(via.title) ?? 'Untitled advisory',
        package: text(via.name) ?? name,
        url,
        source
      })
    }
  }
  return findings
}

/** An npm-6 style advisory (npm 6, pnpm, yarn classic's `auditAdvisory.data.advisory`). */
export function findingFromAdvisory(advisory: Json, source: string): Finding {
  const url = text(advisory.url)
  const npmId = text(advisory.id)
  const ghsa = text(advisory.github_advisory_id) ?? ghsaIn(url)
  const versions = Array.isArray(advisory.findings)
    ? unique(advisory.findings.map((f) => (isObject(f) ? text(f.version) : undefined)))
    : []
  return {
    ...identify([ghsa, npmId, url, ...strings(advisory.cves)], 'unknown-advisory'),
    severity: severityFromWord(advisory.severity),
    title: text(advisory.title) ?? 'Untitled advisory',
    package: text(advisory.module_name),
    version: versions.length ? versions.join(', ') : undefined,
    url,
    source
  }
}

export function findingsFromAdvisoryMap(report: Json, source: string): Finding[] {
  const advisories = isObject(report.advisories) ? Object.values(report.advisories) : []
  return advisories.filter(isObject).map((advisory) => findingFromAdvisory(advisory, source))
}
