/** Judges the audit findings against fail-on-severity and the allowlist, after merging duplicates. Pure. */
import type { AllowEntry } from './allowlist.js'
import { isExpired } from './allowlist.js'
import { namesOf, unique, type Finding } from './finding.js'
import { atLeast, maxSeverity, SEVERITIES, severityRank, type Severity } from './severity.js'

export interface AuditVerdict {
  /** Every finding (after merging duplicates) by severity, allowed ones included, so the whole picture shows. */
  counts: Record<Severity, number>
  /** Findings at or above the threshold that no live allowlist entry covers: each fails the gate. */
  blocking: Finding[]
  allowed: { finding: Finding; entry: AllowEntry }[]
  /** Entries past their date: they allow nothing, and each fails the gate until renewed or removed. */
  expired: AllowEntry[]
  /** Live entries that matched no finding (worth removing; they do not fail the gate). */
  unusedEntries: AllowEntry[]
  passed: boolean
}

export interface AuditOptions {
  failOn: Severity
  allowlist: AllowEntry[]
  /** YYYY-MM-DD, in UTC unless the caller decides otherwise. */
  today: string
}

export function judgeAudit(findings: Finding[], options: AuditOptions): AuditVerdict {
  const merged = mergeDuplicates(findings).sort(bySeverityThenId)
  const expired = options.allowlist.filter((entry) => isExpired(entry, options.today))
  const live = options.allowlist.filter((entry) => !isExpired(entry, options.today))
  const used = new Set<AllowEntry>()
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  const blocking: Finding[] = []
  const allowed: AuditVerdict['allowed'] = []
  for (const finding of merged) {
    if (finding.severity !== 'info') counts[finding.severity] += 1
    const entry = live.find((candidate) => matches(candidate, finding))
    if (entry) {
      used.add(entry)
      allowed.push({ finding, entry })
    } else if (atLeast(finding.severity, options.failOn)) {
      blocking.push(finding)
    }
  }
  const unusedEntries = live.filter((entry) => !used.has(entry))
  return { counts, blocking, allowed, expired, unusedEntries, passed: blocking.length === 0 && expired.length === 0 }
}

/** An entry names a finding by its id or any alias (GHSA, CVE, npm advisory id or URL, SARIF rule id), any case. */
export function matches(entry: AllowEntry, finding: Finding): boolean {
  const wanted = entry.id.toLowerCase()
  return namesOf(finding).some((name) => name.toLowerCase() === wanted)
}

/**
 * One finding per advisory per package: the same advisory reported by several tools, or for several installed
 * copies of the package (npm splits one GHSA into one record per vulnerable range), counts once. Two findings are
 * the same when they share a name (id or alias) and the package; findings without a package (code scanning) are
 * the same only at the same file and line. npm >= 7 reports name no CVEs, so a scanner that reports by CVE (Trivy)
 * merges with them only where it names the GHSA; npm 6, pnpm and yarn classic reports carry the CVEs.
 */
export function mergeDuplicates(findings: Finding[]): Finding[] {
  const merged: Finding[] = []
  for (const finding of findings) {
    const twin = merged.find((candidate) => sameIssue(candidate, finding))
    if (twin) Object.assign(twin, combine(twin, finding))
    else merged.push({ ...finding, aliases: [...finding.aliases] })
  }
  return merged
}

function sameIssue(a: Finding, b: Finding): boolean {
  if ((a.package ?? '').toLowerCase() !== (b.package ?? '').toLowerCase()) return false
  if (a.package === undefined && (a.file !== b.file || a.line !== b.line)) return false
  const names = new Set(namesOf(a).map((name) => name.toLowerCase()))
  return namesOf(b).some((name) => names.has(name.toLowerCase()))
}

function combine(a: Finding, b: Finding): Finding {
  // Prefer a GHSA id as the display id, since that is what every tool and GitHub's UI can look up.
  const id = /^GHSA-/i.test(a.id) || !/^GHSA-/i.test(b.id) ? a.id : b.id
  const version = unique([...(a.version?.split(', ') ?? []), ...(b.version?.split(', ') ?? [])]).join(', ')
  return {
    ...a,
    id,
    aliases: unique([a.id, b.id, ...a.aliases, ...b.aliases]).filter((name) => name !== id),
    severity: maxSeverity(a.severity, b.severity),
    version: version === '' ? undefined : version,
    url: a.url ?? b.url,
    source: unique([...a.source.split(', '), b.source]).join(', '),
    file: a.file ?? b.file,
    line: a.line ?? b.line
  }
}

function bySeverityThenId(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || (a.package ?? '').localeCompare(b.package ?? '') || a.id.localeCompare(b.id)
}
