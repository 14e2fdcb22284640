/** The sentences the audit verdict is told in: a finding, an expired allowlist entry, why the gate failed. */
import type { AllowEntry } from './allowlist.js'
import type { Finding } from './finding.js'
import type { Severity } from './severity.js'
import type { AuditVerdict } from './verdict.js'

/** `critical GHSA-xvch-5gv4-984h in minimist 1.2.0: Prototype Pollution in minimist` / `high no-eval at a.js:6: …` */
export function describeFinding(finding: Finding): string {
  const where = finding.package
    ? ` in ${finding.package}${finding.version ? ` ${finding.version}` : ''}`
    : finding.file
      ? ` at ${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}`
      : ''
  return `${finding.severity} ${finding.id}${where}: ${finding.title} (${finding.source})`
}

export function describeExpiredEntry(entry: AllowEntry): string {
  return `Allowlist entry '${entry.id}' (line ${entry.line}) expired after ${entry.until} ("${entry.reason}"): fix the finding, or renew the entry with a new date and reason, or remove it.`
}

/** Why the gate failed, one line per cause, in the order a user should act: expired entries, then findings. */
export function failureReasons(verdict: AuditVerdict, failOn: Severity): string[] {
  const reasons = verdict.expired.map(describeExpiredEntry)
  if (verdict.blocking.length) {
    const n = verdict.blocking.length
    reasons.push(`${n} finding${n === 1 ? '' : 's'} at or above '${failOn}' not on the allowlist:`)
    reasons.push(...verdict.blocking.map((finding) => `  ${describeFinding(finding)}`))
  }
  return reasons
}
